"""Small charts built in code for the judge's tests (v1 beats: BPM 150 -> 0.1 s a beat)."""

from alienstage_game.charts import Song, parse_song

# #GAP 1 s; line 0: C4 1-2 s, golden D4 2-3 s, freestyle 3-4 s; line 1: rap 4.4-5.4 s,
# G4 5.4-6.4 s
MIXED = """#TITLE:Judge Test
#ARTIST:alienstage tests
#BPM:150
#GAP:1000
: 0 10 0 la
* 10 10 2 lo
F 20 10 4 free
- 32
R 34 10 0 rap
: 44 10 7 li
E
"""

# P1 sings 0.5-2.5 s and 4.5-5.5 s, P2 2.7-4.3 s and 4.5-5.5 s (the last line together).
DUET = """#TITLE:Duet Test
#ARTIST:alienstage tests
#BPM:150
#GAP:500
P1
: 0 10 0 one
: 10 10 2 two
- 22
: 40 10 4 five
P2
: 22 10 7 three
: 32 6 5 four
- 40
: 40 10 0 five
E
"""


def song(text: str = MIXED) -> Song:
    return parse_song(text.encode(), "test.txt")
