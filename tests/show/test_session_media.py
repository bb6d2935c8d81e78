"""A duel plays the instrumental (or, when asked, the original) and sings #START..#END."""

from __future__ import annotations

import pytest

from alienstage_game.show import LineRated, ManualClock, SeatSource, SeatSpec, ShowPhase, ShowSession
from alienstage_game.show.session import backing_track
from alienstage_game.show.setup import DuelSetup
from show.media_library import write_media_library

STEP = 1 / 30


@pytest.fixture(scope="module")
def songs(tmp_path_factory):
    return write_media_library(tmp_path_factory.mktemp("media"))


def setup_for(chart, **options) -> DuelSetup:
    seats = (SeatSpec("Ada", (90, 170, 255), SeatSource.cpu(None, seed=1, skill_cents=8.0)),
             SeatSpec("Bex", (235, 70, 140), SeatSource.cpu(None, seed=2, skill_cents=90.0)))
    return DuelSetup(seats=seats, chart=chart, **options)


def test_the_duel_plays_the_instrumental_unless_the_original_is_asked_for(songs):
    from alienstage_game.charts import load_song

    song = load_song(songs["karaoke"])
    assert backing_track(song).name == "karaoke [instr].wav"
    assert backing_track(song, original=True).name == "karaoke.wav"
    assert backing_track(load_song(songs["marked"])).name == "marked.wav"  # no instrumental: the song
    session = ShowSession(setup_for(songs["karaoke"]), play_audio=False)
    assert session.backing.audio_path.name == "karaoke [instr].wav"
    session.close()
    session = ShowSession(setup_for(songs["karaoke"], hear_original=True), play_audio=False)
    assert session.backing.audio_path.name == "karaoke.wav"
    session.close()


def test_the_song_starts_at_start_and_the_verdict_counts_only_the_notes_before_end(songs):
    clock = ManualClock()
    session = ShowSession(setup_for(songs["startend"]), clock=clock)
    assert session.time == pytest.approx(4.5)  # the clock stands at #START
    assert session.end_s == pytest.approx(11.0)
    session.start()
    events = []
    while session.phase is not ShowPhase.OVER and clock.time() < 30:
        clock.advance(STEP)
        events += session.tick()
    assert clock.time() == pytest.approx(11.0, abs=STEP * 1.5)  # over at #END, not 2 s after the last note
    rated = sorted({e.line_index for e in events if isinstance(e, LineRated)})
    assert rated == [0, 1, 2]  # three lines: 5 s, 7 s, 9 s
    outcome = session.outcome
    assert len(outcome.verdict.cards[0].lines) == 3 and outcome.winner == 0
    assert [line.lyrics for line in outcome.song.voices[0].lines] == ["five six", "seven eight", "nine ten"]
    # Restart goes back to #START.
    session2 = ShowSession(setup_for(songs["startend"]), clock=ManualClock())
    session2.start()
    session2.restart()
    assert session2.time == pytest.approx(4.5)
    session2.close()


def test_a_real_backing_opens_the_instrumental_at_start(songs, monkeypatch):
    """The output opens the instrumental file, from #START (a stand-in output records it)."""
    from alienstage_game.audio import playback as playback_mod

    opened = {}

    def fake_open(track, sr=None, **kwargs):
        opened.update(track=track, start_s=kwargs.get("start_s"))
        from alienstage_game.audio.clock import MonotonicClock

        return None, MonotonicClock(reason="test")

    monkeypatch.setattr(playback_mod, "open_playback_or_clock", fake_open)
    from alienstage_game.charts import load_song

    chart = songs["karaoke"]
    text = chart.read_text(encoding="utf-8").replace("#GAP:1000", "#GAP:1000\n#START:2.5")
    chart2 = chart.with_name("karaoke-start.txt")
    chart2.write_text(text, encoding="utf-8")
    assert load_song(chart2).start_ms == 2500
    session = ShowSession(setup_for(chart2))
    session.start()
    for _ in range(200):
        if session.backing.opened:
            break
        import time

        time.sleep(0.01)
    assert opened["track"].name == "karaoke [instr].wav" and opened["start_s"] == pytest.approx(2.5)
    assert session.time == pytest.approx(2.5 - playback_mod.LEAD_IN_S, abs=0.3)
    session.close()
