"""Playback from the cursor: the backing track, the guide melody and a metronome mixed
into one track, played through the audio package's Playback (a DAC clock), or only
timed by a monotonic clock when there is no output device (the editor says so).

The mix is built in a background thread (the guide render costs ~1 s for a long song);
the play head follows ``song_s``, read from the audio clock every frame.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import numpy as np

from ...charts import Song
from ...charts.media import audio_file
from .tasks import Task

MIX_SR = 44100
GUIDE_GAIN = 1.4
CLICK_GAIN = 0.35


def _open(track: np.ndarray, sr: int) -> tuple[Any, Any]:
    from ...audio.playback import open_playback_or_clock

    return open_playback_or_clock(track, sr, lead_in_s=0.15)


# (track, sr) -> (Playback | None, SongClock); tests put a fake clock here.
OPENER: Callable[[np.ndarray, int], tuple[Any, Any]] = _open


def click_track(song: Song, start_s: float, seconds: float, sr: int) -> np.ndarray:
    """A tick on every quarter (4 chart beats), a brighter one on every bar (16 beats)."""
    out = np.zeros(int(seconds * sr) + 1, np.float32)
    clock = song.clock
    first = int(np.ceil(clock.seconds_to_beat(start_s) / 4.0)) * 4
    t = np.arange(int(0.03 * sr)) / sr
    envelope = np.exp(-t * 140.0)
    ticks = {hz: (np.sin(2 * np.pi * hz * t) * envelope * CLICK_GAIN).astype(np.float32) for hz in (1500, 2200)}
    beat = first
    while True:
        at = int((clock.beat_to_seconds(beat) - start_s) * sr)
        if at >= out.size:
            break
        if at >= 0:
            tick = ticks[2200 if beat % 16 == 0 else 1500]
            end = min(out.size, at + tick.size)
            out[at:end] += tick[: end - at]
        beat += 4
    return out


class EditorPlayer:
    """One playback at a time; ``start`` prepares it in the background, ``poll`` opens it."""

    def __init__(self) -> None:
        self._backing: tuple[Path, np.ndarray, int] | None = None
        self.task: Task[np.ndarray] | None = None
        self.playback: Any = None
        self.clock: Any = None
        self.offset_s = 0.0
        self.end_s = 0.0
        self.error: str | None = None
        self.keep_going = False

    # -- state -----------------------------------------------------------------------------
    @property
    def preparing(self) -> bool:
        return self.task is not None

    @property
    def playing(self) -> bool:
        return self.clock is not None

    @property
    def song_s(self) -> float | None:
        """Song seconds now (negative during the short lead-in), None when stopped."""
        return None if self.clock is None else self.offset_s + float(self.clock.now())

    @property
    def silent_reason(self) -> str | None:
        """Why nothing is heard, when a monotonic clock stands in for the output."""
        if self.clock is not None and self.playback is None:
            return getattr(self.clock, "reason", None) or "no sound output"
        return None

    # -- control ---------------------------------------------------------------------------
    def start(self, song: Song, voice_id: str, from_s: float, *, guide: bool, metronome: bool,
              keep_going: bool = False) -> None:
        """``keep_going``: the clock runs on past the track's end (tap mode over silence)."""
        self.stop()
        self.error = None
        self.keep_going = keep_going
        audio = audio_file(song)  # inside the song folder only
        from_s = max(0.0, from_s)
        self.offset_s = from_s

        def build(progress: Callable[[float], None]) -> np.ndarray:
            backing = self._load_backing(audio)
            sr = MIX_SR if backing is None else backing[1]
            if backing is not None:
                track = backing[0][int(from_s * sr):].copy()
            else:
                track = np.zeros((0, 2), np.float32)
            progress(0.3)
            extra: list[np.ndarray] = []
            if guide:
                from ...audio.synth.voice import render_voice

                try:
                    extra.append(render_voice(song, voice_id, sr=sr, start_s=from_s).signal * GUIDE_GAIN)
                except (ValueError, KeyError, IndexError):
                    pass  # a voice with no notes sings nothing
            progress(0.8)
            length = max([track.shape[0]] + [e.size for e in extra] + [int(2 * sr)])
            if metronome:
                extra.append(click_track(song, from_s, length / sr, sr))
            mix = np.zeros((length, 2), np.float32)
            mix[: track.shape[0]] += track[:, :2] if track.shape[1] >= 2 else np.repeat(track, 2, axis=1)
            for signal in extra:
                mix[: signal.size] += signal[:length, None]
            self.end_s = from_s + length / sr
            return np.clip(mix, -1.0, 1.0)

        self.task = Task("playback", build)

    def _load_backing(self, audio: Path | None) -> tuple[np.ndarray, int] | None:
        if audio is None or not audio.is_file():
            return None
        if self._backing is None or self._backing[0] != audio:
            from ...audio.audiofile import read_audio

            samples, sr = read_audio(audio)
            self._backing = (audio, samples, sr)
        return self._backing[1], self._backing[2]

    def poll(self) -> None:
        """Open the prepared track (call every frame); stop at its end."""
        if self.task is not None and self.task.done:
            task, self.task = self.task, None
            if task.error is not None or task.result is None:
                self.error = task.error or "nothing to play"
                return
            sr = self._backing[2] if self._backing is not None else MIX_SR
            self.playback, self.clock = OPENER(task.result, sr)
        if self.clock is not None and not self.keep_going and self.song_s is not None and self.song_s > self.end_s + 0.2:
            self.stop()

    def wait_ready(self, timeout: float = 10.0) -> None:
        """Block until the mix is built and opened (tests, headless runs)."""
        if self.task is not None:
            self.task.wait(timeout)
        self.poll()

    def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task = None
        if self.playback is not None:
            try:
                self.playback.close(wait_s=0.0)  # the editor never waits for a device
            except Exception:  # noqa: BLE001 -- a dying stream must not take the editor with it
                pass
        self.playback = None
        self.clock = None
