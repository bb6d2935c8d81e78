"""The medley plan: sections back to back on one timeline, one chart for the duel."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from alienstage_game.charts import load_song  # noqa: E402
from alienstage_game.match.duel import duel_frames  # noqa: E402
from alienstage_game.match.medley import CROSSFADE_S, LEAD_S, MedleyError, plan_medley  # noqa: E402
from alienstage_game.scoring.autoplay import silent_frames, sung_frames  # noqa: E402
from show.media_library import write_media_library  # noqa: E402


@pytest.fixture(scope="module")
def songs(tmp_path_factory):
    return {name: load_song(path) for name, path in write_media_library(tmp_path_factory.mktemp("media")).items()}


def test_three_sections_follow_each_other_with_a_crossfade(songs):
    plan = plan_medley([(songs[n], None) for n in ("karaoke", "v2marked", "chorus")])
    first, second, third = plan.parts
    assert first.offset_s == 0.0 and first.play_from_s == pytest.approx(3.0 - LEAD_S)
    assert second.offset_s == pytest.approx(first.end_s - CROSSFADE_S)
    assert third.offset_s == pytest.approx(second.end_s - CROSSFADE_S)
    assert plan.title == "Medley: karaoke · v2marked · chorus"
    chart = plan.song
    words = [line.lyrics for line in chart.voices[0].lines]
    assert words == ["three four", "five six", "seven eight", "five six", "seven eight",
                     "shine on", "little comet", "burn so bright", "over me", "and away"]
    assert plan.line_parts() == [0, 0, 0, 1, 1, 2, 2, 2, 2, 2]
    # Each note sits where its song's audio plays it on the medley's timeline (5 ms grid).
    clock = chart.clock
    for part, song in zip(plan.parts, (songs["karaoke"], songs["v2marked"], songs["chorus"])):
        section_notes = [n for v in song.voices[:1] for n in v.notes
                         if part.section.start_ms <= song.clock.beat_to_ms(n.beat) <= part.section.end_ms]
        medley_notes = [n for line, p in zip(chart.voices[0].lines, plan.line_parts()) if p == plan.parts.index(part)
                        for n in line.notes]
        for ours, theirs in zip(medley_notes, section_notes):
            assert clock.beat_to_seconds(ours.beat) == pytest.approx(
                part.medley_time(song.clock.beat_to_seconds(theirs.beat)), abs=0.003)


def test_one_verdict_across_the_medley(songs):
    plan = plan_medley([(songs[n], None) for n in ("marked", "v2marked", "chorus")])
    good = sung_frames(plan.song, "P1")
    verdict = duel_frames(plan.song, good, silent_frames(plan.duration_s), crosstalk=False)
    assert verdict.winner == 0
    assert len(verdict.cards[0].lines) == len(plan.song.voices[0].lines) == 9


def test_too_few_or_too_many_songs_are_refused(songs):
    with pytest.raises(MedleyError):
        plan_medley([(songs["marked"], None)])
    with pytest.raises(MedleyError):
        plan_medley([(songs["marked"], None)] * 6)


def test_a_duet_in_the_medley_makes_a_two_voice_chart_and_solo_parts_go_to_both(songs, tmp_path):
    from alienstage_game.charts import parse_song

    duet = parse_song(b"#TITLE:Twins\n#ARTIST:t\n#BPM:120\n#GAP:1000\n#MEDLEYSTARTBEAT:0\n#MEDLEYENDBEAT:30\n"
                      b"P1\n: 0 4 0 moon\n- 8\n: 16 4 2 rise\nP2\n: 0 4 -5 sun\n- 8\n: 16 4 -3 set\nE\n")
    plan = plan_medley([(songs["marked"], None), (duet, None)])
    p1, p2 = plan.song.voices
    assert plan.song.is_duet and (p1.id, p2.id) == ("P1", "P2")
    assert [line.lyrics for line in p1.lines] == ["five six", "seven eight", "moon", "rise"]
    assert [line.lyrics for line in p2.lines] == ["five six", "seven eight", "sun", "set"]
    assert plan.line_parts(1) == [0, 0, 1, 1]
