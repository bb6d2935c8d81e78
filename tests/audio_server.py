"""Helpers for tests that need a real audio server (PulseAudio with a null sink).

`.ci/run` starts PulseAudio with a 2-channel null sink called ``stage`` and makes its
``stage.monitor`` the default source, so whatever is played into the default sink comes
back on the default input: the game hears what it played, on a machine with no sound
card. sounddevice reaches PulseAudio through PortAudio's ALSA host API and the ``pulse``
ALSA device (Debian: libasound2-plugins).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass

import numpy as np

PULSE_DEVICE = "pulse"
SAMPLE_RATE = 48_000
CI_FAIL_REASON = "CI must run audio tests: PulseAudio not reachable"


@dataclass(frozen=True)
class ServerStatus:
    """Whether the audio-server tests can run here, and if not, why."""

    reachable: bool
    reason: str


def running_in_ci() -> bool:
    """True when env CI says so (GitHub, GitLab and `.ci/run` all set CI=true)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@functools.cache
def server_status() -> ServerStatus:
    """Probe once per test run: `pactl info` answers, the default source is the default
    sink's monitor (a loopback), and PortAudio sees the pulse device."""
    pactl = shutil.which("pactl")
    if pactl is None:
        return ServerStatus(False, "pactl not found (install pulseaudio-utils)")
    try:
        info = subprocess.run(
            [pactl, "info"], capture_output=True, text=True, timeout=10, check=False,
            env={**os.environ, "LC_ALL": "C"},  # the field names below are English
        )
    except subprocess.TimeoutExpired:
        return ServerStatus(False, "`pactl info` timed out")
    if info.returncode != 0:
        detail = (info.stderr or info.stdout).strip().splitlines()
        why = detail[-1] if detail else f"exit {info.returncode}"
        return ServerStatus(False, f"`pactl info` failed: {why}")
    fields = dict(
        line.split(":", 1) for line in info.stdout.splitlines() if ":" in line
    )
    sink = fields.get("Default Sink", "").strip()
    source = fields.get("Default Source", "").strip()
    if source != f"{sink}.monitor":
        # A real desktop records its microphone, not what it plays: no loopback here.
        return ServerStatus(
            False,
            f"default source {source!r} is not the monitor of default sink {sink!r} "
            "(set up a null-sink loopback as .ci/run does)",
        )
    try:
        import sounddevice as sd
    except OSError as exc:  # the wheel does not bundle PortAudio on Linux
        return ServerStatus(False, f"PortAudio missing (install libportaudio2): {exc}")
    names = [str(dev["name"]) for dev in sd.query_devices()]
    if PULSE_DEVICE not in names:
        return ServerStatus(
            False,
            "PulseAudio runs but PortAudio has no 'pulse' device "
            f"(install libasound2-plugins); devices: {names}",
        )
    return ServerStatus(True, "PulseAudio reachable through PortAudio device 'pulse'")


def tone(freq_hz: float, seconds: float, amplitude: float = 0.3,
         rate: int = SAMPLE_RATE) -> np.ndarray:
    """A sine tone with 10 ms fades (no clicks to smear the spectrum), float32 mono."""
    t = np.arange(int(round(seconds * rate))) / rate
    wave = amplitude * np.sin(2 * np.pi * freq_hz * t)
    fade = min(len(wave) // 2, int(0.01 * rate))
    ramp = np.linspace(0.0, 1.0, fade)
    wave[:fade] *= ramp
    wave[len(wave) - fade:] *= ramp[::-1]
    return wave.astype(np.float32)


# Generous buffers: on a busy 2-core machine PortAudio's default ALSA latency (9-35 ms)
# underruns and the glitches smear the spectrum. These tests check the path, not its
# latency.
STREAM_LATENCY_S = 0.1
# Through the ALSA pulse plugin the first 100-400 ms of a fresh output stream can be
# dropped (more with bigger buffers), so the signal starts after this much silence.
LEAD_IN_S = 0.5


def play_and_record(signal: np.ndarray, in_channels: int, rate: int = SAMPLE_RATE,
                    latency_s: float = STREAM_LATENCY_S) -> np.ndarray:
    """Play `signal` (frames x channels, or mono) into the default sink through the
    pulse device while recording `in_channels` from the default source (the monitor).

    The signal is framed by LEAD_IN_S of silence and a silent tail longer than the
    round trip, so the recording holds all of it. Returns float32 frames x in_channels.
    """
    import sounddevice as sd

    body = signal if signal.ndim == 2 else signal[:, None]
    lead = np.zeros((int(LEAD_IN_S * rate), body.shape[1]), dtype=np.float32)
    tail = np.zeros((int((0.3 + 2 * latency_s) * rate), body.shape[1]), dtype=np.float32)
    out = np.ascontiguousarray(np.concatenate([lead, body, tail]), dtype=np.float32)
    recorded = sd.playrec(out, samplerate=rate, channels=in_channels, dtype="float32",
                          device=PULSE_DEVICE, latency=latency_s, blocking=True)
    return np.asarray(recorded, dtype=np.float32)


def sounding_seconds(recorded: np.ndarray, rate: int = SAMPLE_RATE,
                     threshold_dbfs: float = -40.0, block_s: float = 0.01) -> float:
    """How long the recording sounds: 10 ms blocks (any channel) above the threshold."""
    frames = recorded if recorded.ndim == 2 else recorded[:, None]
    size = int(block_s * rate)
    blocks = frames[: len(frames) // size * size].reshape(-1, size, frames.shape[1])
    rms = np.sqrt(np.mean(blocks.astype(np.float64) ** 2, axis=1)).max(axis=1)
    return float(np.count_nonzero(rms > 10 ** (threshold_dbfs / 20)) * block_s)


def steady_part(recorded: np.ndarray, seconds: float, rate: int = SAMPLE_RATE,
                settle_s: float = 0.1, threshold_dbfs: float = -40.0) -> np.ndarray:
    """The `seconds` of `recorded` starting `settle_s` after the signal first sounds on
    any channel: the part where a played tone is steady, wherever latency put it.

    Raises AssertionError when nothing sounds or the recording ends too early.
    """
    frames = recorded if recorded.ndim == 2 else recorded[:, None]
    loud = np.nonzero(np.max(np.abs(frames), axis=1) > 10 ** (threshold_dbfs / 20))[0]
    assert len(loud), f"nothing above {threshold_dbfs} dBFS was recorded"
    start = int(loud[0]) + int(settle_s * rate)
    stop = start + int(seconds * rate)
    assert stop <= len(frames), "the recording ends before the played signal does"
    return frames[start:stop]


def dominant_frequency(samples: np.ndarray, rate: int = SAMPLE_RATE) -> float:
    """Frequency (Hz) of the strongest spectral peak (zero-padded FFT: bins < 0.5 Hz
    for half a second of audio)."""
    windowed = samples * np.hanning(len(samples))
    n_fft = 1 << (4 * len(samples) - 1).bit_length()  # zero-pad: finer bins
    spectrum = np.abs(np.fft.rfft(windowed, n_fft))
    peak = int(np.argmax(spectrum[1:])) + 1
    return float(peak * rate / n_fft)


def band_level_db(samples: np.ndarray, freq_hz: float, rate: int = SAMPLE_RATE,
                  width_hz: float = 20.0) -> float:
    """Energy (dB, arbitrary reference) of `samples` within +-width_hz of freq_hz."""
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples)))) ** 2
    freqs = np.fft.rfftfreq(len(samples), 1 / rate)
    band = spectrum[np.abs(freqs - freq_hz) <= width_hz].sum()
    return float(10 * np.log10(band + 1e-20))


def level_dbfs(samples: np.ndarray) -> float:
    """RMS level in dBFS (full-scale sine = -3 dBFS)."""
    rms = np.sqrt(np.mean(samples.astype(np.float64) ** 2))
    return float(20 * np.log10(rms + 1e-12))

