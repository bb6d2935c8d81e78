"""The synthesized sound effects: every name renders, deterministically, short and at a
sane level, and the committed files in assets/sounds/ are what the code renders."""

from __future__ import annotations

import numpy as np
import pytest

from alienstage_game.audio.sfx import (RATE, SOUND_NAMES, SOUNDS_DIR, momentary_loudness, render_sound,
                                       sound_path)
from alienstage_game.audio.synth import decode_ogg, peak_dbfs
from alienstage_game.cli import main

EXPECTED = {"count-tick", "count-go", "rating-perfect", "rating-great", "rating-good", "rating-poor",
            "vote-swing", "elimination", "crowd-cheer", "crowd-murmur", "menu-move", "menu-select", "menu-back",
            "drum-roll", "verdict-hit", "score-count", "light-flicker", "crowd-roar", "winner-flare",
            "champion-fanfare"}
# The verdict's and the crowd's effects are moments of the show, not blips: they may last.
LONG = ("crowd", "elimination", "drum-roll", "verdict-hit", "score-count", "light-flicker", "winner-flare",
        "champion-fanfare")


def test_the_contract_names_are_all_there():
    assert set(SOUND_NAMES) == EXPECTED
    assert sound_path("menu-move") == SOUNDS_DIR / "menu-move.ogg"
    with pytest.raises(KeyError, match="no sound effect 'boing'"):
        sound_path("boing")


@pytest.mark.parametrize("name", SOUND_NAMES)
def test_each_effect_is_short_stereo_levelled_and_deterministic(name):
    sound = render_sound(name)
    assert sound.dtype == np.float32 and sound.ndim == 2 and sound.shape[1] == 2
    seconds = sound.shape[0] / RATE
    assert 0.05 <= seconds <= (3.5 if name.startswith(LONG) else 1.0)
    assert peak_dbfs(sound) <= -1.5
    assert -30.0 <= momentary_loudness(sound, RATE) <= -14.0  # never louder than the music
    assert sound[0].max() == 0 and abs(sound[-1]).max() < 1e-3  # faded: no click at either end
    np.testing.assert_array_equal(sound, render_sound(name))


def test_menu_sounds_are_quieter_than_the_big_moments():
    loudness = {name: momentary_loudness(render_sound(name), RATE) for name in SOUND_NAMES}
    assert loudness["menu-move"] < loudness["crowd-cheer"]
    assert loudness["menu-move"] < loudness["rating-perfect"]
    assert loudness["rating-poor"] < loudness["rating-perfect"]


def test_ratings_rise_in_pitch_from_poor_to_perfect():
    def centroid(name: str) -> float:
        mono = render_sound(name).mean(axis=1)
        spectrum = np.abs(np.fft.rfft(mono))
        freqs = np.fft.rfftfreq(mono.size, 1 / RATE)
        return float((spectrum * freqs).sum() / spectrum.sum())

    order = ["rating-poor", "rating-good", "rating-great", "rating-perfect"]
    centroids = [centroid(n) for n in order]
    assert centroids == sorted(centroids), dict(zip(order, centroids))


def test_committed_sounds_match_the_code(capsys):
    status = main(["assets", "--check", "sounds"])
    assert status == 0, capsys.readouterr().err
    for name in SOUND_NAMES:
        decoded, rate = decode_ogg(sound_path(name))
        assert rate == RATE and peak_dbfs(decoded) <= -1.0
