"""Practice over the instrumental with the original vocal as the guide; #START..#END; and a
chart whose audio is missing still practises, a cappella."""

from __future__ import annotations

import numpy as np
import pytest

from alienstage_game.charts import load_song
from alienstage_game.charts.section import sung_part
from alienstage_game.practice.session import PracticeSession, PracticeSetup
from alienstage_game.show.rehearsal import Rehearsal, RehearsalPhase, guide_source
from show.media_library import SR, write_media_library


@pytest.fixture(scope="module")
def songs(tmp_path_factory):
    return write_media_library(tmp_path_factory.mktemp("media"))


def strength(signal: np.ndarray, hz: float, rate: int) -> float:
    mono = signal.mean(axis=1) if signal.ndim == 2 else signal
    spectrum = np.abs(np.fft.rfft(mono[: rate * 2]))
    freqs = np.fft.rfftfreq(len(mono[: rate * 2]), 1 / rate)
    return float(spectrum[np.argmin(np.abs(freqs - hz))])


def prepared(song, guide: bool) -> Rehearsal:
    rehearsal = Rehearsal(PracticeSession(song, PracticeSetup(voice_id="P1", guide=guide)), play_audio=False,
                          record=False)
    assert rehearsal.wait_ready(60), rehearsal.error
    return rehearsal


def test_practice_plays_the_instrumental_and_the_guide_is_the_original_vocal(songs):
    song = load_song(songs["karaoke"])
    assert guide_source(song) == "vocals"
    rehearsal = prepared(song, guide=True)
    assert rehearsal.guide_kind == "vocals"
    rate = rehearsal._rate
    backing = rehearsal._backing
    assert strength(backing, 330.0, rate) > 10 * strength(backing, 220.0, rate)  # the instrumental
    with_guide = rehearsal._mix()
    assert strength(with_guide, 440.0, rate) > 10 * strength(backing, 440.0, rate)  # the vocal joins
    rehearsal.guide = False
    assert strength(rehearsal._mix(), 440.0, rate) < strength(with_guide, 440.0, rate) / 10
    rehearsal.close()


def test_without_a_vocal_track_the_guide_is_the_original_song(songs, tmp_path):
    folder = songs["karaoke"].parent
    text = songs["karaoke"].read_text(encoding="utf-8").replace("#VOCALS:karaoke [voc].wav\n", "")
    chart = folder / "karaoke-no-vocals.txt"
    chart.write_text(text, encoding="utf-8")
    song = load_song(chart)
    assert guide_source(song) == "original"
    rehearsal = prepared(song, guide=True)
    rate = rehearsal._rate
    mix = rehearsal._mix()
    assert strength(mix, 220.0, rate) > 10 * strength(mix, 330.0, rate)  # the original, not the instrumental
    rehearsal.close()


def test_practice_keeps_to_start_and_end_and_goes_on_without_audio(songs):
    session = PracticeSession(sung_part(load_song(songs["startend"])), PracticeSetup(voice_id="P1"))
    assert session.first_note_s() == pytest.approx(5.0)
    assert [line.lyrics for line in session.song.voices[0].lines] == ["five six", "seven eight", "nine ten"]
    rehearsal = prepared(load_song(songs["silent"]), guide=False)
    assert rehearsal.phase is RehearsalPhase.READY
    assert "no backing track" in rehearsal.notice and not rehearsal._backing.any()
    rehearsal.close()
    assert SR == 8000
