"""What the show hears: the players' microphones (one audio Capture for every mic seat,
two players may share a stereo device), or a recording standing in for them (a file, the
guide voice) through the audio package's ArraySource. Either way the blocks come out by
song time, are sorted per player and go to each seat's own pitch tracker.

A live capture opens as soon as the show is built, before the count-in, so the mics
flow by the first note (a fresh stream on PulseAudio may take a second or two); it
hands on nothing until the song clock runs, and nothing heard while it stands still.
Opening never raises: the audio package reports a missing device as a lost mic, and
the song goes on.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Sequence

import numpy as np

from ..audio.capture import SAMPLE_RATE, CaptureBlock
from ..audio.devices import PlayerInput
from ..audio.clock import SongClock

log = logging.getLogger(__name__)

Opener = Callable[[SongClock], Any]  # a clock -> a Capture (or anything with its interface)


class Microphones:
    """One capture, read once per frame by whichever seat asks first; ``rewind`` (a
    recording) starts it over on a restart, a live capture just forgets what it heard."""

    def __init__(self, opener: Opener, clock_of: Callable[[], SongClock | None], *, sr: int,
                 rewind: bool) -> None:
        self.opener = opener
        self.clock_of = clock_of
        self.sr = int(sr)
        self.rewind = rewind
        self.capture = None
        self.failed: str | None = None
        self.players: list[int] = []  # live: the settings player of each capture slot
        self._queues: dict[int, list[CaptureBlock]] = {}
        self._last_health: dict[int, object] = {}

    @classmethod
    def live(cls, players: Sequence[int], clock_of: Callable[[], SongClock | None],
             mapping: Sequence[PlayerInput] | None = None) -> "Microphones":
        """The microphones of these settings players (capture slot i = players[i]): from
        ``mapping`` when given, else as mapped in the settings; opened now."""

        def opener(clock: SongClock | None):
            from .. import settings as settings_mod
            from ..audio.capture import Capture
            from ..audio.latency import capture_offsets
            from ..audio.mapping import player_mapping

            cfg = settings_mod.load()
            chosen = list(mapping) if mapping is not None else player_mapping(cfg, players=max(players) + 1)
            inputs = [chosen[p] for p in players]
            return Capture.open(inputs, clock, offsets=capture_offsets(cfg, inputs))

        microphones = cls(opener, clock_of, sr=SAMPLE_RATE, rewind=False)
        microphones.players = list(players)
        microphones._open(early=True)
        return microphones

    @classmethod
    def recording(cls, signals: Sequence[np.ndarray], sr: int,
                  clock_of: Callable[[], SongClock | None]) -> "Microphones":
        """Mono signals (one per slot, sample 0 at song second 0) sung into the game."""
        from ..audio.sources import ArraySource

        return cls(lambda clock: ArraySource(list(signals), sr, clock), clock_of, sr=sr, rewind=True)

    def seat(self, slot: int) -> "Mic":
        return Mic(self, slot)

    def player(self, player: int) -> "Mic":
        """The slot of a live capture that holds this settings player's mic."""
        return Mic(self, self.players.index(player))

    def _open(self, early: bool = False) -> None:
        clock = self.clock_of()
        if self.capture is not None or self.failed is not None or (clock is None and not early):
            return
        try:
            self.capture = self.opener(clock)
        except Exception as exc:  # noqa: BLE001 -- settings or a device beyond the audio package's checks
            log.warning("microphones unavailable: %s", exc)
            self.failed = str(exc)

    def read(self, slot: int) -> list[CaptureBlock]:
        self._open()
        if self.capture is not None:
            if hasattr(self.capture, "clock"):
                self.capture.clock = self.clock_of()
            for block in self.capture.blocks():
                self._queues.setdefault(block.player, []).append(block)
        return self._queues.pop(slot, [])

    def health(self, slot: int):
        """The audio package's MicHealth of this slot (None for a recording), kept after close."""
        health = getattr(self.capture, "health", None)
        return health(slot) if health is not None else self._last_health.get(slot)

    @property
    def ready(self) -> bool:
        """Nothing to wait for before the song: the mics deliver (or cannot)."""
        if self.capture is None:
            return self.failed is not None or not self.players  # a recording opens with the clock
        return bool(getattr(self.capture, "settled", True))

    def lost(self, slot: int) -> bool:
        return self.failed is not None or (self.capture is not None and self.capture.lost(slot))

    def restart(self) -> None:
        self._queues.clear()
        if self.rewind:
            self.close()

    def close(self) -> None:
        if self.capture is not None:
            health = getattr(self.capture, "health", None)
            if health is not None:
                self._last_health = {slot: health(slot) for slot in range(len(self.players))}
            self.capture.close()
            self.capture = None


class Mic:
    """One slot of a Microphones: the block source of one seat's tracker."""

    def __init__(self, microphones: Microphones, slot: int) -> None:
        self.microphones, self.slot = microphones, slot
        self.sr = microphones.sr

    @property
    def lost(self) -> bool:
        return self.microphones.lost(self.slot)

    def read(self) -> list[CaptureBlock]:
        return self.microphones.read(self.slot)

    @property
    def health(self):
        return self.microphones.health(self.slot)

    @property
    def ready(self) -> bool:
        return self.microphones.ready

    def restart(self) -> None:
        self.microphones.restart()

    def close(self) -> None:
        self.microphones.close()
