"""The streaming practice backing: pitch and length right, no seams where chunks join,
bounded work per chunk, and a preparation that fails leaves nothing half-written."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile

from alienstage_game.practice.backing import cache_path, prepare_backing, retune
from alienstage_game.practice.vocoder import HOP, SampleWindow, StretchPlan

SR = 22050
SMALL_CHUNK = 7  # output frames per chunk: a join every ~0.16 s


def _tone(freq: float = 440.0, seconds: float = 2.0, amplitude: float = 0.3) -> np.ndarray:
    t = np.arange(int(SR * seconds)) / SR
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def _f0(samples: np.ndarray) -> float:
    """Dominant frequency by FFT peak with parabolic refinement (Hann window, zero-padded)."""
    size = 8 * samples.size
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(samples.size), size))
    k = int(np.argmax(spectrum))
    a, b, c = np.log(spectrum[k - 1 : k + 2])
    return (k + 0.5 * (a - c) / (a - 2 * b + c)) * SR / size


def _cents(freq: float, reference: float) -> float:
    return 1200.0 * np.log2(freq / reference)


def _middle(samples: np.ndarray) -> np.ndarray:
    return samples[len(samples) // 4 : 3 * len(samples) // 4]


@pytest.mark.parametrize("tempo", [0.5, 0.8, 1.25])
def test_a_stretched_tone_keeps_its_pitch_and_lasts_original_over_tempo(tempo):
    out = retune(_tone(), SR, tempo, 0, chunk_frames=SMALL_CHUNK)
    assert len(out) == round(2 * SR / tempo)
    assert abs(_cents(_f0(_middle(out)), 440.0)) < 2


def test_two_semitones_down_moves_440_hz_to_392_hz():
    out = retune(_tone(), SR, 0.8, -2, chunk_frames=SMALL_CHUNK)
    assert len(out) == pytest.approx(2 * SR / 0.8, abs=1)
    assert abs(_cents(_f0(_middle(out)), 440.0 * 2 ** (-2 / 12))) < 3  # 391.995 Hz
    assert _f0(_middle(out)) == pytest.approx(392.0, abs=0.7)


@pytest.mark.parametrize("tempo, semitones", [(0.8, 0), (0.8, -2), (0.5, 3)])
def test_chunk_joins_are_seamless(tempo, semitones):
    tone = _tone()
    chunked = retune(tone, SR, tempo, semitones, chunk_frames=SMALL_CHUNK)
    whole = retune(tone, SR, tempo, semitones, chunk_frames=100_000)  # one chunk
    assert np.max(np.abs(chunked - whole)) < 1e-5  # the same sums, only cut differently
    # A steady sine's envelope stays smooth across every join, and no sample jumps
    # further than the sine itself can move (a click is a jump).
    middle = chunked[SR // 2 : -SR // 2]
    envelope = np.sqrt(np.convolve(middle**2, np.ones(128) / 128, "valid"))
    assert envelope.min() > 0.9 * envelope.max()  # the vocoder's own slow beat is a few %
    freq = 440.0 * 2 ** (semitones / 12)
    assert np.max(np.abs(np.diff(middle))) <= 1.05 * 2 * np.pi * freq / SR * envelope.max() * np.sqrt(2)


def test_stereo_channels_stay_apart_and_a_mono_array_stays_mono():
    stereo = np.stack([_tone(440.0), _tone(330.0)], axis=1)
    out = retune(stereo, SR, 0.8, 0, chunk_frames=SMALL_CHUNK)
    assert out.shape == (round(2 * SR / 0.8), 2)
    assert _f0(_middle(out[:, 0])) == pytest.approx(440.0, rel=0.002)
    assert _f0(_middle(out[:, 1])) == pytest.approx(330.0, rel=0.002)
    assert retune(_tone(), SR, 0.8, 0).ndim == 1


def test_a_loud_backing_is_scaled_under_full_scale_not_clipped():
    out = retune(_tone(amplitude=0.999), SR, 0.7, 2, chunk_frames=SMALL_CHUNK)
    assert np.max(np.abs(out)) <= 0.999 + 1e-6


def test_each_chunk_reads_only_its_own_stretch_of_the_song():
    plan = StretchPlan(SR * 60, 0.8)
    spans = [plan.input_span(k0, min(k0 + SMALL_CHUNK, plan.frames_out))
             for k0 in range(0, plan.frames_out, SMALL_CHUNK)]
    assert max(stop - start for start, stop in spans) <= (SMALL_CHUNK + 2) * HOP + 2048
    assert all(a[0] <= b[0] for a, b in zip(spans, spans[1:]))  # the window only moves on


def test_the_sample_window_fills_outside_the_recording_with_silence_and_forgets_the_past():
    data = np.arange(20, dtype=np.float32).reshape(10, 2)
    position = [0]

    def read_more(count):
        block = data[position[0] : position[0] + count]
        position[0] += len(block)
        return block

    window = SampleWindow(read_more, 2)
    assert window(-2, 3)[:, 0].tolist() == [0, 0, 0, 2, 4]
    assert window(1, 4)[:, 0].tolist() == [2, 4, 6]
    assert window(8, 12)[:, 0].tolist() == [16, 18, 0, 0]  # 4..7 skipped, never kept
    assert window.offset == 8 and len(window.buffer) == 2


@pytest.fixture
def stereo_file(tmp_path):
    path = tmp_path / "backing.ogg"
    soundfile.write(path, np.stack([_tone(440.0), _tone(330.0)], axis=1), SR)
    return path


def test_the_file_matches_the_in_memory_render_and_progress_advances_per_chunk(stereo_file):
    seen = []
    prepared = prepare_backing(stereo_file, 0.8, -2, progress=lambda f, what: seen.append((f, what)),
                               chunk_frames=SMALL_CHUNK)
    data, rate = soundfile.read(prepared.path, dtype="float32", always_2d=True)
    source, _ = soundfile.read(stereo_file, dtype="float32", always_2d=True)
    expected = retune(source, SR, 0.8, -2, chunk_frames=SMALL_CHUNK)
    assert rate == SR and data.shape == expected.shape
    assert np.max(np.abs(data - expected)) < 2 / 32768  # 16-bit rounding
    assert prepared.seconds == pytest.approx(2 / 0.8, abs=2 / SR)
    fractions = [f for f, _ in seen]
    stretching = [f for f, what in seen if what.startswith("stretching")]
    plan = StretchPlan(len(source), 0.8 / 2 ** (-2 / 12))
    assert len(stretching) == -(-plan.frames_out // SMALL_CHUNK)  # one report per chunk
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert all(a < b for a, b in zip(fractions, fractions[1:]))
    assert prepare_backing(stereo_file, 0.8, -2).cached


def test_a_preparation_that_fails_midway_leaves_no_cache_file_and_no_temp_file(stereo_file):
    def give_up(fraction, what):
        if what == "saving":
            raise RuntimeError("the singer left")

    with pytest.raises(RuntimeError):
        prepare_backing(stereo_file, 0.8, 0, progress=give_up, chunk_frames=SMALL_CHUNK)
    target = cache_path(stereo_file, 0.8, 0)
    assert not target.exists() and not list(target.parent.iterdir())
    assert not prepare_backing(stereo_file, 0.8, 0).cached  # and the next try does the work


def test_a_full_disk_while_saving_is_a_storage_error_and_leaves_nothing(stereo_file, monkeypatch):
    import errno

    from alienstage_game.storage import StorageError

    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(soundfile.SoundFile, "write", full)
    with pytest.raises(StorageError, match="the disk is full"):
        prepare_backing(stereo_file, 0.8, 0, chunk_frames=SMALL_CHUNK)
    target = cache_path(stereo_file, 0.8, 0)
    assert not target.exists() and not list(target.parent.iterdir())
