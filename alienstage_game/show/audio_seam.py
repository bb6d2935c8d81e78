"""The seam to the audio package (contract-audio.md): the backing track's playback clock
and the players' microphones. Kept in one module so the show builds and tests without
an audio device: every opener falls back instead of raising.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)


class BackingClock:
    """The show's SongClock over the audio package's Playback: the backing opens on
    ``start`` and song time comes from the DAC position. Without an output device the
    audio package hands back its monotonic stand-in (``stand_in`` then says so)."""

    def __init__(self, audio_path: Path) -> None:
        self.audio_path = audio_path
        self.playback = None
        self.audio_clock = None  # the audio package's SongClock, once started
        self.reason = ""
        self.played = False  # the backing really played (kept after close, for reports)
        self._seek_to: float | None = None

    @property
    def stand_in(self) -> bool:
        return not self.played

    def start(self) -> None:
        if self.audio_clock is None:
            try:
                from ..audio.playback import open_playback_or_clock

                self.playback, self.audio_clock = open_playback_or_clock(self.audio_path)
                self.reason = getattr(self.audio_clock, "reason", "")
            except Exception as exc:  # a device that fails in a way the audio package missed
                from .clock import MonotonicClock

                log.warning("backing track cannot play: %s", exc)
                self.playback, self.audio_clock = None, _NowClock(MonotonicClock())
                self.reason = f"no sound output: {exc}"
                self.audio_clock.resume()
            self.played = self.playback is not None
        else:
            self.audio_clock.resume()

    def time(self) -> float:
        return self.audio_clock.now() if self.audio_clock is not None else (self._seek_to or 0.0)

    def pause(self) -> None:
        if self.audio_clock is not None:
            self.audio_clock.pause()

    def resume(self) -> None:
        if self.audio_clock is not None:
            self.audio_clock.resume()

    def seek(self, seconds: float) -> None:
        if self.audio_clock is not None:
            self.audio_clock.seek(seconds)
        else:
            self._seek_to = seconds

    def close(self) -> None:
        if self.playback is not None:
            self.playback.close()
            self.playback = None
        elif self.audio_clock is not None:
            self.audio_clock.pause()

    @property
    def paused(self) -> bool:
        return self.audio_clock is None or bool(self.audio_clock.paused)


class _NowClock:
    """The show's MonotonicClock seen through the audio package's ``now()`` interface."""

    def __init__(self, clock) -> None:
        self.clock = clock

    def now(self) -> float:
        return self.clock.time()

    def pause(self) -> None:
        self.clock.pause()

    def resume(self) -> None:
        self.clock.resume()

    def seek(self, seconds: float) -> None:
        self.clock.seek(seconds)

    @property
    def paused(self) -> bool:
        return self.clock.paused


def backing_clock(audio_path: Path) -> BackingClock | None:
    """A clock that plays ``audio_path`` (None when the audio package is not installed)."""
    try:
        import alienstage_game.audio.playback  # noqa: F401  (sounddevice itself loads lazily)
    except ImportError:
        return None
    return BackingClock(audio_path)


class MicHub:
    """One Capture for every microphone seat (two players may share one stereo device),
    opened when the song clock runs; blocks are sorted out per player."""

    def __init__(self, players: list[int], clock) -> None:
        self.players = players  # settings player index per capture slot
        self.clock = clock
        self.capture = None
        self.failed = False
        self.queues: dict[int, list] = {p: [] for p in players}

    def _open(self) -> None:
        audio_clock = getattr(self.clock, "audio_clock", None)
        if audio_clock is None or not hasattr(audio_clock, "song_time_at"):  # no audio clock: no capture
            self.failed = True
            return
        try:
            from .. import settings as settings_mod
            from ..audio.capture import Capture
            from ..audio.devices import player_mapping

            mapping = player_mapping(settings_mod.load(), players=max(self.players) + 1)
            self.capture = Capture.open([mapping[p] for p in self.players], audio_clock)
        except Exception as exc:  # PortAudio missing or broken: the seats show "mic lost"
            log.warning("microphones unavailable: %s", exc)
            self.failed = True

    def read(self, player: int, until: float) -> list[tuple[np.ndarray, float]]:
        if self.capture is None and not self.failed:
            self._open()
        if self.capture is not None:
            for block in self.capture.blocks():
                self.queues[self.players[block.player]].append((block.samples, block.song_time))
        out, self.queues[player] = self.queues[player], []
        return out

    def lost(self, player: int) -> bool:
        if self.failed:
            return True
        return self.capture is not None and self.capture.lost(self.players.index(player))

    def close(self) -> None:
        if self.capture is not None:
            self.capture.close()
            self.capture = None


class MicSource:
    """One player's view of the hub, as the BlockSource a TrackedPerformer reads."""

    sr = 48000

    def __init__(self, hub: MicHub, player: int) -> None:
        self.hub, self.player = hub, player
        try:
            from ..audio.capture import SAMPLE_RATE

            self.sr = int(SAMPLE_RATE)
        except ImportError:
            pass

    @property
    def lost(self) -> bool:
        return self.hub.lost(self.player)

    def read(self, until: float) -> list[tuple[np.ndarray, float]]:
        return self.hub.read(self.player, until)

    def restart(self) -> None:
        self.hub.queues[self.player] = []

    def close(self) -> None:
        self.hub.close()
