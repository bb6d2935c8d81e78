"""How much of a stranger's chart the game will read: bounds that no real chart comes near.

The largest community charts are about 100 KB with a few thousand notes; a file far past
these limits is a broken or hostile one, listed with the reason instead of read.
"""

MAX_CHART_BYTES = 4 * 1024 * 1024
# A beat or a pitch beyond these cannot belong to a song (a million beats at 300 BPM is
# over 13 hours); the reader refuses them instead of doing arithmetic on 300-digit numbers.
MAX_BEAT = 10_000_000
MAX_PITCH = 1_000
# Numbers in a chart are short; longer digit runs are refused before Python converts them.
MAX_NUMBER_CHARS = 40
# Tempo, in beats per minute of UltraStar quarter-beats: slower or faster is not a song.
MIN_BPM = 1e-3
MAX_BPM = 1e6
# Song time in seconds a chart may reach (GAP, START, END, notes): a day.
MAX_SONG_S = 24 * 3600.0
