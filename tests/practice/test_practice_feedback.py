"""Note feedback: sharp/flat in cents (octave-folded), early/late in ms."""

from __future__ import annotations

import pytest

from alienstage_game.charts import parse_song
from alienstage_game.pitch.frame import PitchFrame, midi_to_hz
from alienstage_game.practice.feedback import folded_cents, line_feedback, note_feedback

# 120 BPM (v1): a beat is 125 ms. Notes at 1.0-1.5 s, 1.5-2.0 s, then 3.0-3.5 s.
CHART = b"""#TITLE:Feedback
#ARTIST:alienstage studio
#BPM:120
#GAP:1000
: 0 4 0 one
: 4 4 2  two
- 12
: 16 4 4 three
F 20 4 9  free
"""


def frames(plan):
    """plan: list of (start_s, end_s, midi) sung spans; 100 frames a second from 0 to 4 s."""
    out = []
    for i in range(400):
        t = i / 100
        span = next((p for p in plan if p[0] <= t < p[1]), None)
        if span:
            out.append(PitchFrame.sung(t, midi_to_hz(span[2]), 0.9, -20.0))
        else:
            out.append(PitchFrame.unvoiced(t, 0.1, -70.0))
    return out


def test_folding_picks_the_nearest_octave():
    assert folded_cents(60.4, 60) == pytest.approx(40)
    assert folded_cents(48.0, 60) == pytest.approx(0)
    assert folded_cents(71.7, 60) == pytest.approx(-30)


def test_sharp_octave_down_and_late_notes_are_described():
    song = parse_song(CHART)
    sung = frames([(0.97, 1.5, 60.4), (1.5, 2.0, 62 - 12), (3.1, 3.5, 63.7)])
    fb = note_feedback(song, "P1", sung)
    assert [f.note.text.strip() for f in fb] == ["one", "two", "three"]  # freestyle skipped
    one, two, three = fb
    assert one.cents == pytest.approx(40, abs=0.5) and one.pitch_words == "40 cents sharp"
    assert one.timing_words == "on time"
    assert two.cents == pytest.approx(0, abs=0.5) and two.pitch_words == "on pitch"
    assert two.timing_words == "on time"  # legato: the change of pitch is the start
    assert three.cents == pytest.approx(-30, abs=0.5)
    assert three.onset_ms == pytest.approx(100, abs=11) and three.timing_words.endswith("ms late")
    assert three.words.startswith("30 cents flat, ")


def test_unsung_notes_say_so_and_lines_summarise():
    song = parse_song(CHART)
    fb = note_feedback(song, "P1", frames([(0.90, 1.5, 60.0)]))
    assert fb[0].timing_words == "100 ms early"
    assert fb[1].pitch_words == "not sung" and fb[1].sung_fraction == 0
    lines = line_feedback(fb)
    assert [line.line for line in lines] == [0, 1]
    assert lines[0].sung_fraction == pytest.approx(0.5)
    assert lines[1].mean_abs_cents is None and lines[1].sung_fraction == 0
