"""The practice backing: slower without dropping pitch, transposed, cached."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile

from alienstage_game.practice.backing import cache_path, prepare_backing

SR = 22050


def _pitch(samples: np.ndarray) -> float:
    """Dominant frequency by FFT peak (with parabolic refinement)."""
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(samples.size)))
    k = int(np.argmax(spectrum))
    a, b, c = np.log(spectrum[k - 1 : k + 2])
    return (k + 0.5 * (a - c) / (a - 2 * b + c)) * SR / samples.size


@pytest.fixture
def tone_file(tmp_path):
    t = np.arange(SR * 2) / SR
    left = 0.3 * np.sin(2 * np.pi * 440.0 * t)
    right = 0.3 * np.sin(2 * np.pi * 330.0 * t)
    path = tmp_path / "backing.ogg"
    soundfile.write(path, np.stack([left, right], axis=1), SR)
    return path


@pytest.mark.parametrize("tempo, semitones", [(0.8, 0), (1.0, 3), (0.5, -6), (0.8, 3)])
def test_stretch_keeps_length_and_pitch_where_asked(tone_file, tempo, semitones):
    prepared = prepare_backing(tone_file, tempo, semitones)
    data, rate = soundfile.read(prepared.path, always_2d=True)
    assert rate == SR and data.shape[1] == 2
    assert data.shape[0] == pytest.approx(2 * SR / tempo, rel=0.01)
    middle = data[data.shape[0] // 4 : 3 * data.shape[0] // 4]
    ratio = 2 ** (semitones / 12)
    assert _pitch(middle[:, 0]) == pytest.approx(440.0 * ratio, rel=0.005)  # well under a semitone
    assert _pitch(middle[:, 1]) == pytest.approx(330.0 * ratio, rel=0.005)


def test_second_preparation_comes_from_the_cache_and_reports_progress(tone_file):
    seen = []
    first = prepare_backing(tone_file, 0.8, 0, progress=lambda f, what: seen.append(f))
    assert not first.cached and seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    second = prepare_backing(tone_file, 0.8, 0)
    assert second.cached and second.path == first.path == cache_path(tone_file, 0.8, 0)


def test_a_changed_source_is_prepared_again(tone_file):
    first = prepare_backing(tone_file, 0.8, 0)
    data, _ = soundfile.read(tone_file)
    soundfile.write(tone_file, data[: SR], SR)  # the song's backing was replaced
    second = prepare_backing(tone_file, 0.8, 0)
    assert not second.cached and second.path != first.path
    assert second.seconds == pytest.approx(1 / 0.8, rel=0.01)


def test_missing_backing_names_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing.ogg: backing track not found"):
        prepare_backing(tmp_path / "nothing.ogg", 0.8)
