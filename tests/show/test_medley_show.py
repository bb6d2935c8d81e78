"""The medley on the show's side: one track from the sections, one session, one verdict."""

from __future__ import annotations

import numpy as np
import pytest

from alienstage_game.show import LineRated, ManualClock, SeatSource, SeatSpec, ShowPhase, SongOver
from alienstage_game.show.medley import MedleyBacking, MedleySession, medley_plan, part_scores, render_medley
from alienstage_game.show.setup import DuelSetup
from show.media_library import SR, write_media_library


@pytest.fixture(scope="module")
def songs(tmp_path_factory):
    return write_media_library(tmp_path_factory.mktemp("media"))


def loudest_hz(signal: np.ndarray, rate: int) -> float:
    mono = signal.mean(axis=1)
    spectrum = np.abs(np.fft.rfft(mono * np.hanning(len(mono))))
    return float(np.fft.rfftfreq(len(mono), 1 / rate)[np.argmax(spectrum)])


def test_the_track_holds_each_section_at_its_place_with_fades(songs):
    plan = medley_plan([songs[n] for n in ("karaoke", "v2marked", "chorus")])
    assert [p.audio.name for p in plan.parts] == ["karaoke [instr].wav", "v2marked.wav", "chorus.wav"]
    track, rate = render_medley(plan)
    assert rate == SR and track.shape == (int(np.ceil(plan.duration_s * rate)) + 1, 2)
    for part, hz in zip(plan.parts, (330.0, 349.0, 392.0)):
        middle = (part.offset_s + part.end_s) / 2
        window = track[int((middle - 0.5) * rate):int((middle + 0.5) * rate)]
        assert loudest_hz(window, rate) == pytest.approx(hz, abs=2.0)
    # The last part fades out to nothing; the first starts at its section's lead-in, faded in.
    assert np.abs(track[-10:]).max() < 0.01 and np.abs(track[:10]).max() < 0.01
    original = medley_plan([songs[n] for n in ("karaoke", "marked")], hear_original=True)
    assert original.parts[0].audio.name == "karaoke.wav"


def test_a_part_without_audio_is_silence_and_the_rest_plays(songs):
    plan = medley_plan([songs[n] for n in ("silent", "marked")])
    assert plan.parts[0].audio is None
    track, rate = render_medley(plan)
    first, second = plan.parts
    assert np.abs(track[: int(first.end_s * rate) - int(plan.crossfade_s * rate)]).max() == 0.0
    middle = (second.offset_s + second.end_s) / 2
    assert loudest_hz(track[int((middle - 0.5) * rate):int((middle + 0.5) * rate)], rate) == pytest.approx(294, abs=2)


def test_one_session_runs_across_the_songs_to_one_verdict(songs):
    plan = medley_plan([songs[n] for n in ("karaoke", "v2marked", "chorus")])
    seats = (SeatSpec("Ada", (90, 170, 255), SeatSource.cpu(None, seed=1, skill_cents=8.0)),
             SeatSpec("Bex", (235, 70, 140), SeatSource.cpu(None, seed=2, skill_cents=90.0)))
    clock = ManualClock()
    session = MedleySession(DuelSetup(seats=seats, chart=songs["karaoke"], title=plan.title), plan, clock=clock)
    assert isinstance(session.backing, MedleyBacking) and session.title == plan.title
    session.start()
    events, beats = [], set()
    while session.phase is not ShowPhase.OVER and clock.time() < 60:
        clock.advance(1 / 30)
        events += session.tick()
        beats.add(round(session.beat_s, 3))
    assert clock.time() == pytest.approx(plan.duration_s, abs=0.05)
    assert beats == {0.5}  # each song's own beat (all three at 120 BPM), never the 5 ms grid
    assert sum(isinstance(e, SongOver) for e in events) == 1
    assert len({e.line_index for e in events if isinstance(e, LineRated) and e.seat == 0}) == 10
    outcome = session.outcome
    assert outcome.winner == 0 and outcome.title == plan.title
    scores = part_scores(plan, outcome)
    assert [t for t, _ in scores] == ["karaoke", "v2marked", "chorus"]
    assert all(a > b for _, (a, b) in scores)
    assert sum(a for _, (a, _b) in scores) == pytest.approx(outcome.seats[0].score, abs=3)
