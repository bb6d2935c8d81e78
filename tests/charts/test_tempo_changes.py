"""Legacy ``B beat bpm`` lines: the song is re-timed to one tempo, not left to drift."""

import pytest

from alienstage_game.charts import dump_song, parse_song


def legacy_ms(beat, gap, tempo):
    """When a beat sounds under a legacy tempo map [(from_beat, bpm), ...] (15000/BPM ms)."""
    ms, previous_beat, previous_bpm = gap, 0, tempo[0][1]
    for at, bpm in tempo[1:]:
        if beat <= at:
            break
        ms += (at - previous_beat) * 15000 / previous_bpm
        previous_beat, previous_bpm = at, bpm
    return ms + (beat - previous_beat) * 15000 / previous_bpm


CHART = """#TITLE:Drift
#ARTIST:Test
#BPM:200
#GAP:1000
: 0 4 0 one
: 8 4 2 two
- 14
B 16 400
: 16 4 4 three
: 24 8 5 four
- 34
B 40 300
: 40 3 7 five
: 44 4 9 six
E
"""


def test_notes_keep_their_real_times_through_tempo_changes():
    song = parse_song(CHART.encode())
    tempo = [(0, 200.0), (16, 400.0), (40, 300.0)]
    message = [w for w in song.warnings if "tempo changes" in w.message]
    assert len(message) == 1 and message[0].line == 8
    assert "lines 8, 12" in message[0].message
    worst = float(message[0].message.rsplit("at most ", 1)[1].split(" ms")[0]) + 0.05  # shown to 0.1 ms
    assert worst < 5.0
    clock = song.clock
    originals = [(0, 4), (8, 4), (16, 4), (24, 8), (40, 3), (44, 4)]
    notes = song.voices[0].notes
    for (beat, length), note in zip(originals, notes):
        assert clock.beat_to_ms(note.beat) == pytest.approx(legacy_ms(beat, 1000, tempo), abs=worst + 1e-6)
        assert clock.beat_to_ms(note.end_beat) == pytest.approx(legacy_ms(beat + length, 1000, tempo), abs=worst + 1e-6)
    # written back as a plain 1.1.0 chart: one tempo, no B lines, the same times
    again = parse_song(dump_song(song).encode())
    assert not any(line.startswith("B") for line in dump_song(song).splitlines())
    assert [n.beat for n in again.voices[0].notes] == [n.beat for n in notes] and again.bpm == song.bpm


def test_relative_charts_and_bad_tempo_lines():
    relative = CHART.replace("#GAP:1000\n", "#GAP:1000\n#RELATIVE:yes\n")
    relative = relative.replace("- 14\nB 16 400\n: 16 4 4 three\n: 24 8 5 four",
                                "- 14 16\nB 0 400\n: 0 4 4 three\n: 8 8 5 four")
    relative = relative.replace("- 34\nB 40 300\n: 40 3 7 five\n: 44 4 9 six",
                                "- 18 24\nB 0 300\n: 0 3 7 five\n: 4 4 9 six")
    assert [n.beat for n in parse_song(relative.encode()).voices[0].notes] == \
        [n.beat for n in parse_song(CHART.encode()).voices[0].notes]
    broken = parse_song(CHART.replace("B 40 300", "B forty").replace("B 16 400", "B 16 0").encode())
    reasons = [(w.line, w.message) for w in broken.warnings]
    assert (8, "tempo change to BPM 0 is not positive; ignored") in reasons
    assert any(line == 12 and "expected B BEAT BPM" in m for line, m in reasons)
    assert broken.bpm == 200
