"""#START/#END, medley sections and the chorus: which part of a song is sung."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from alienstage_game.charts import load_song, parse_song  # noqa: E402
from alienstage_game.charts.section import (SectionSource, find_chorus, medley_section, play_span,  # noqa: E402
                                            song_section, sung_part)
from show.media_library import write_media_library  # noqa: E402


@pytest.fixture(scope="module")
def songs(tmp_path_factory):
    return {name: load_song(path) for name, path in write_media_library(tmp_path_factory.mktemp("media")).items()}


def lyrics(song):
    return [line.lyrics for line in song.voices[0].lines]


def test_start_and_end_keep_only_the_notes_inside(songs):
    song = songs["startend"]
    assert play_span(song) == (4.5, 11.0)
    assert lyrics(sung_part(song)) == ["five six", "seven eight", "nine ten"]
    assert lyrics(song)[0] == "one two"  # the chart itself is untouched
    assert sung_part(songs["marked"]) is songs["marked"]  # neither mark: the whole song


def test_a_note_across_a_bound_is_left_out_and_nonsense_bounds_are_ignored():
    text = "#TITLE:x\n#ARTIST:y\n#BPM:120\n#GAP:0\n: 0 8 0 a\n: 8 8 0 b\n- 20\n: 24 4 0 c\nE\n"
    song = parse_song(text.encode())
    # 0-1 s, 1-2 s, 3-3.5 s: a bound at 1.5 s cuts the second note off.
    assert [n.text for v in song_section(song, 1500, None).voices for n in v.notes] == ["c"]
    assert [n.text for v in song_section(song, None, 1500).voices for n in v.notes] == ["a"]
    assert play_span(parse_song(text.replace("#GAP:0", "#GAP:0\n#START:5\n#END:2000").encode())) == (5.0, None)
    assert play_span(parse_song(text.replace("#GAP:0", "#GAP:0\n#START:-3").encode())) == (None, None)
    missing = parse_song(text.replace("#GAP:0", "#GAP:0\n#END:500").encode())  # before every note: a typo
    assert sung_part(missing) is missing


def test_medley_sections_from_v1_beats_v2_milliseconds_or_the_chorus(songs):
    marked = medley_section(songs["marked"])
    assert (marked.start_ms, marked.end_ms, marked.source) == (5000.0, 8250.0, SectionSource.MARKED)
    v2 = medley_section(songs["v2marked"])
    assert (v2.start_ms, v2.end_ms) == (5000.0, 8600.0)
    assert lyrics(song_section(songs["v2marked"], v2.start_ms, v2.end_ms)) == ["five six", "seven eight"]
    chorus = medley_section(songs["chorus"])
    assert chorus.source is SectionSource.CHORUS
    assert lyrics(song_section(songs["chorus"], chorus.start_ms, chorus.end_ms)) == [
        "shine on", "little comet", "burn so bright", "over me", "and away"]
    middle = medley_section(songs["startend"])  # no marks, nothing repeats: a third of the way in
    assert middle.source is SectionSource.MIDDLE and middle.start_ms > 0


def test_the_chorus_ignores_case_punctuation_and_held_vowels():
    def line(beat, text):
        return f": {beat} 4 0 {text}\n- {beat + 6}\n"
    body = "".join(line(k * 8, t) for k, t in enumerate(
        ["verse one", "Oh, shine!", "on~ me", "verse two", "oh shine", "ON ME", "the end"]))
    song = parse_song(("#TITLE:x\n#ARTIST:y\n#BPM:15\n#GAP:0\n" + body + "E\n").encode())  # a beat is a second
    found = find_chorus(song)
    assert found is not None and (found.start_ms, found.end_ms) == (8000.0, 20000.0)
    assert find_chorus(parse_song(("#TITLE:x\n#ARTIST:y\n#BPM:15\n#GAP:0\n" + line(0, "alone") + "E\n").encode())) is None
