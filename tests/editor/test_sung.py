import numpy as np

from alienstage_game.editor.sung import sung_pitch, sung_pitches

TIMES = np.arange(0, 4, 0.01)


def curve(*parts):
    """(until_s, midi) pieces; midi None is unvoiced."""
    out = np.full(TIMES.size, np.nan)
    start = 0.0
    for until, midi in parts:
        out[(TIMES >= start) & (TIMES < until)] = np.nan if midi is None else midi
        start = until
    return out


def test_median_of_the_curve_as_chart_pitch_with_octave_folding():
    midi = curve((1.0, 64.3), (2.0, None), (3.0, 76.0))
    assert sung_pitch(TIMES, midi, 0.1, 0.9) == 4
    assert sung_pitch(TIMES, midi, 1.1, 1.9) is None  # nothing voiced
    assert sung_pitch(TIMES, midi, 2.1, 2.9) == 16
    assert sung_pitch(TIMES, midi, 2.1, 2.9, near=4) == 4  # the chart's octave, not the singer's
    assert sung_pitch(TIMES, midi, 2.1, 2.9, near=10, leap=9) == 16  # a sixth up is a leap
    assert sung_pitch(TIMES, midi, 2.1, 2.9, near=2, leap=9) == 4


def test_a_run_of_syllables_keeps_leaps_but_not_octave_slips():
    midi = curve((1.0, 60.0), (1.5, 67.0), (2.0, None), (2.5, 79.0), (3.0, 64.0))
    spans = [(0.1, 0.9), (1.05, 1.45), (1.55, 1.95), (2.05, 2.45), (2.55, 2.95)]
    # a fifth up stays a fifth; the breathed syllable keeps G; 79 is G5, an octave slip
    assert sung_pitches(TIMES, midi, spans, default=-3) == [0, 7, 7, 7, 4]
    assert sung_pitches(TIMES, curve((4.0, None)), spans[:2], default=-3) == [-3, -3]


def test_new_notes_continue_the_voice_register():
    from alienstage_game.charts import parse_song
    from alienstage_game.editor.tap import continuing_pitch

    song = parse_song(b"#TITLE:t\n#ARTIST:a\n#BPM:200\n#GAP:0\n: 0 2 -5 a\n: 4 2 7 b\n- 8\n: 10 2 3 c\nE\n")
    assert continuing_pitch(song, "P1", 5) == 7  # the last note at or before the cursor
    assert continuing_pitch(song, "P1", 99) == 3
    assert continuing_pitch(song, "P1", -10) == -5  # before every note: the first one
    assert continuing_pitch(song, "P2", 5) == 0  # a voice with no notes yet
