"""Pass the mic: turn schedules by line, verse and duet voice; routing one mic to players."""

from __future__ import annotations

import math

import pytest

from alienstage_game.charts import parse_song
from alienstage_game.match.contestants import contestant
from alienstage_game.match.passmic import MicSplitter, TurnUnit, schedule_turns
from alienstage_game.match.rivals import perform
from alienstage_game.pitch.frame import PitchFrame
from alienstage_game.scoring import Difficulty, judge_frames

HEAD = "#TITLE:Turns\n#ARTIST:alienstage tests\n#BPM:120\n#GAP:0\n"  # one beat = 125 ms


def line_text(start: int, notes: int = 3, pitch: int = 0) -> list[str]:
    return [f": {start + 2 * i} 2 {pitch + i} la " for i in range(notes)]


def solo_chart(starts: list[int]):
    """One line of three 2-beat notes (0.75 s) at each start beat."""
    rows = []
    for i, start in enumerate(starts):
        if i:
            rows.append(f"- {start - 1}")
        rows.extend(line_text(start))
    return parse_song((HEAD + "\n".join(rows) + "\nE\n").encode())


# Three verses of two lines: 0.25 s rests inside a verse, 3 s between verses.
VERSES = [0, 8, 40, 48, 80, 88]


def test_by_line_turns_alternate_every_line() -> None:
    song = solo_chart(VERSES)
    sched = schedule_turns(song, players=2, unit=TurnUnit.LINE)
    assert [t.players for t in sched.turns] == [(0,), (1,)] * 3
    assert sched.lines_of(0) == [("P1", 0), ("P1", 2), ("P1", 4)]
    assert sched.lines_of(1) == [("P1", 1), ("P1", 3), ("P1", 5)]


def test_by_verse_turns_follow_long_rests() -> None:
    song = solo_chart(VERSES)
    sched = schedule_turns(song, players=2)  # AUTO on a solo chart = VERSE
    assert sched.unit is TurnUnit.VERSE
    assert [t.players for t in sched.turns] == [(0,), (1,), (0,)]
    assert [[p.line_index for p in t.parts] for t in sched.turns] == [[0, 1], [2, 3], [4, 5]]
    three = schedule_turns(song, players=3, unit=TurnUnit.VERSE)
    assert [t.players for t in three.turns] == [(0,), (1,), (2,)]


def test_verse_falls_back_to_pairs_of_lines_without_long_rests() -> None:
    song = solo_chart([0, 8, 16, 24, 32, 40])
    sched = schedule_turns(song, players=2, unit=TurnUnit.VERSE)
    assert [[p.line_index for p in t.parts] for t in sched.turns] == [[0, 1], [2, 3], [4, 5]]


def test_windows_tile_the_song_and_warnings_come_before_each_change() -> None:
    song = solo_chart(VERSES)
    sched = schedule_turns(song, players=2, unit=TurnUnit.LINE, warning_s=2.0)
    turns = sched.turns
    assert turns[0].window_start_s == 0.0 and math.isinf(turns[-1].window_end_s)
    for a, b in zip(turns, turns[1:]):
        assert a.window_end_s == b.window_start_s == pytest.approx((a.end_s + b.start_s) / 2)
        assert b.warn_s == pytest.approx(max(a.end_s, b.start_s - 2.0))
        assert a.window_start_s <= a.start_s < a.end_s <= a.window_end_s
    assert turns[0].warn_s is None
    # verse 1 ends at 1.75 s, verse 2 starts at 5.0 s: warning from 3.0 s
    verse = schedule_turns(song, players=2, unit=TurnUnit.VERSE)
    assert verse.turns[1].warn_s == pytest.approx(3.0)
    assert verse.handover_at(2.9) is None
    assert verse.handover_at(3.0) is verse.turns[1]
    assert verse.handover_at(4.99) is verse.turns[1]
    assert verse.handover_at(5.0) is None
    assert verse.players_at(0.0) == (0,) and verse.players_at(4.0) == (1,) and verse.players_at(99.0) == (0,)


def duet_chart():
    """P1 alone, P2 alone, then both together on the same beats."""
    p1 = line_text(0) + ["- 10"] + line_text(40)
    p2 = line_text(16, pitch=4) + ["- 26"] + line_text(40, pitch=4)
    text = HEAD + "#P1:Ana\n#P2:Bo\nP1\n" + "\n".join(p1) + "\nP2\n" + "\n".join(p2) + "\nE\n"
    return parse_song(text.encode())


def test_duet_turns_follow_the_voices_and_shared_lines_go_to_both() -> None:
    song = duet_chart()
    assert song.is_duet
    sched = schedule_turns(song, players=2)
    assert sched.unit is TurnUnit.VOICE
    assert [t.players for t in sched.turns] == [(0,), (1,), (0, 1)]
    assert sched.voice_of(0) == "P1" and sched.voice_of(1) == "P2"
    assert sched.lines_of(0) == [("P1", 0), ("P1", 1)]
    assert sched.lines_of(1) == [("P2", 0), ("P2", 1)]
    frame = PitchFrame.sung(5.2, 300.0, 0.9, -20.0)  # inside the shared line
    routed = MicSplitter(sched).feed(frame)
    assert routed == {0: frame, 1: frame}
    with pytest.raises(ValueError):
        schedule_turns(song, players=3)


def test_player_song_keeps_only_that_players_lines() -> None:
    song = solo_chart(VERSES)
    sched = schedule_turns(song, players=2, unit=TurnUnit.VERSE)
    mine = sched.player_song(song, 1)
    assert [line.start_beat for line in mine.voice("P1").lines] == [40, 48]
    assert len(song.voice("P1").lines) == 6  # the original chart is untouched


def test_splitter_routes_each_frame_to_the_singer_of_the_moment() -> None:
    song = solo_chart(VERSES)
    sched = schedule_turns(song, players=2, unit=TurnUnit.LINE)
    frames = [PitchFrame.sung(k / 100, 262.0, 0.9, -20.0) for k in range(1300)]
    routed = MicSplitter(sched).route(frames)
    for player in (0, 1):
        assert [f.time for f in routed[player]] == [f.time for f in frames]  # an unbroken stream
        for f in routed[player]:
            assert f.voiced == (player in sched.players_at(f.time))
            if not f.voiced:
                assert f.f0_hz == 0.0 and f.level_db <= -100


def test_each_player_is_scored_on_their_own_lines_only() -> None:
    """Player 0 sings their verses like a diva and player 1 mumbles nothing: through one
    mic, player 0 gets a near-full score on their lines and player 1 gets zero."""
    song = solo_chart(VERSES)
    sched = schedule_turns(song, players=2, unit=TurnUnit.VERSE)
    mine = [i for _, i in sched.lines_of(0)]
    from alienstage_game.match.rivals import RivalPerformance

    mic = RivalPerformance(song, contestant("vela-nox").skill, seed=1, lines=mine).frames
    routed = MicSplitter(sched).route(mic)
    good = judge_frames(sched.player_song(song, 0), routed[0], difficulty=Difficulty.EASY)
    silent = judge_frames(sched.player_song(song, 1), routed[1], difficulty=Difficulty.EASY)
    assert good.points > 9000
    assert silent.points == 0
    # the whole mic stream against the whole chart: only about half the song was sung
    whole = judge_frames(song, mic, difficulty=Difficulty.EASY)
    assert whole.points < 0.75 * good.points


def test_by_line_duel_of_two_rivals_through_one_mic() -> None:
    song = solo_chart(VERSES)
    sched = schedule_turns(song, players=2, unit=TurnUnit.LINE)
    strong = perform(song, contestant("vela-nox").skill, seed=3)
    weak = perform(song, contestant("pip-orrel").skill, seed=3)
    # the mic hears whoever holds it
    mic = [s if 0 in sched.players_at(s.time) else w for s, w in zip(strong, weak)]
    routed = MicSplitter(sched).route(mic)
    p0 = judge_frames(sched.player_song(song, 0), routed[0], difficulty=Difficulty.MEDIUM).points
    p1 = judge_frames(sched.player_song(song, 1), routed[1], difficulty=Difficulty.MEDIUM).points
    assert p0 > p1
