"""Practice charts: tempo scales time, transpose shifts notes, loops cut lines."""

from __future__ import annotations

import re

import pytest

from alienstage_game.charts import parse_song
from alienstage_game.practice.chart import (LoopRange, PracticeError, loop_song, practice_song,
                                            quarter_seconds)

CHART = b"""#VERSION:1.1.0
#TITLE:Loop Test
#ARTIST:alienstage studio
#BPM:120
#GAP:1000
#PREVIEWSTART:2.5
: 0 4 0 one
: 4 4 2  two
- 10
: 12 4 4 three
: 16 4 5  four
- 22
* 24 8 7 five
"""


def song():
    return parse_song(CHART)


@pytest.mark.parametrize("tempo", [0.5, 0.8, 1.0])
def test_tempo_scales_every_note_time_by_the_inverse(tempo):
    original = song()
    slow = practice_song(original, tempo=tempo)
    for a, b in zip(original.voice("P1").notes, slow.voice("P1").notes):
        assert slow.note_start_ms(b) == pytest.approx(original.note_start_ms(a) / tempo)
        assert slow.note_end_ms(b) == pytest.approx(original.note_end_ms(a) / tempo)
    assert slow.preview_start_ms == pytest.approx(original.preview_start_ms / tempo)


def test_transpose_moves_notes_and_leaves_the_original_alone():
    original = song()
    high = practice_song(original, transpose=3)
    assert [n.pitch for n in high.voice("P1").notes] == [3, 5, 7, 8, 10]
    assert [n.pitch for n in original.voice("P1").notes] == [0, 2, 4, 5, 7]
    assert high.bpm == original.bpm


@pytest.mark.parametrize("tempo, transpose, words", [(0.3, 0, "tempo 0.3"), (1.2, 0, "tempo 1.2"),
                                                     (1.0, 7, "transpose +7"), (1.0, -9, "transpose -9")])
def test_out_of_range_settings_say_the_range(tempo, transpose, words):
    with pytest.raises(PracticeError, match=re.escape(words)):
        practice_song(song(), tempo=tempo, transpose=transpose)


def test_loop_keeps_exactly_the_chosen_lines():
    cut = loop_song(song(), "P1", LoopRange.parse("2-3"))
    assert [n.text.strip() for n in cut.voice("P1").notes] == ["three", "four", "five"]
    assert cut.clock == song().clock  # same timing: the pass plays that part of the song


@pytest.mark.parametrize("text, first, last", [("2-3", 2, 3), ("4", 4, 4), (" 1 - 2 ", 1, 2)])
def test_loop_parse(text, first, last):
    assert LoopRange.parse(text) == LoopRange(first, last)


@pytest.mark.parametrize("text", ["0-2", "3-1", "a-b", "1-2-3"])
def test_loop_parse_rejects_nonsense(text):
    with pytest.raises(PracticeError, match="FIRST-LAST"):
        LoopRange.parse(text)


def test_loop_past_the_end_names_the_line_count():
    with pytest.raises(PracticeError, match="only 3 lines"):
        loop_song(song(), "P1", LoopRange(2, 5))


def test_count_in_click_is_a_quarter_note():
    assert quarter_seconds(song()) == pytest.approx(0.5)  # 120 quarter notes a minute
