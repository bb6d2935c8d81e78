"""A live show without a screen: the stage's own ShowSession played to its end from the
command line (``alienstage score --live``, ``duel --live``) and the live benchmark. The
chart's audio plays on the output chosen in the settings, the mics are captured and
judged exactly as on stage, and what each mic delivered is reported beside the verdict.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from ..audio.devices import PlayerInput
from ..scoring import Difficulty
from .outcome import DuelOutcome
from .performers import TrackedPerformer
from .session import ShowPhase, ShowSession
from .setup import DuelSetup, SeatSource, SeatSpec

TICK_S = 0.005  # the command line polls faster than a screen would (60 fps): see bench live
OVERTIME_S = 30.0  # a clock that never reaches the end (a stalled device) gives up this much later
COLOURS = ((90, 200, 255), (255, 110, 190))


def parse_mic(text: str) -> PlayerInput:
    """``DEVICE[:CHANNEL]`` (channel from 1) as a PlayerInput. Device names may hold
    colons themselves ("HDA Intel PCH: ALC3246 Analog (hw:0,0)"): only a number after
    the last one is a channel."""
    device, sep, tail = text.rpartition(":")
    if sep and tail.isdigit() and device:
        channel = int(tail)
        if not 1 <= channel <= 64:
            raise ValueError(f"{text}: channels count from 1 to 64, not {channel}")
        return PlayerInput(device, channel - 1)
    return PlayerInput(text, 0)


@dataclass(frozen=True)
class MicReport:
    """What one mic delivered during the song."""

    mic: str
    kept_s: float  # audio handed to the tracker
    expected_s: float  # song time from the start of the song to the last block heard
    gaps: int
    gap_s: float
    overflows: int
    lost_s: float  # song seconds the mic was lost
    first_block_s: float | None  # stream open -> first block
    latency_ms: tuple[float, float] | None  # median, p95 of heard -> judged
    path_ms: tuple[float, float] | None = None  # median, p95 of heard -> tracker (the audio path's own share)

    def to_json(self) -> dict:
        return {"mic": self.mic, "kept_s": round(self.kept_s, 3), "expected_s": round(self.expected_s, 3),
                "kept_share": round(self.kept_s / self.expected_s, 5) if self.expected_s > 0 else None,
                "gaps": self.gaps, "gap_s": round(self.gap_s, 3), "overflows": self.overflows,
                "lost_s": round(self.lost_s, 2),
                "first_block_s": None if self.first_block_s is None else round(self.first_block_s, 3),
                "latency_ms": None if self.latency_ms is None else
                {"median": round(self.latency_ms[0], 1), "p95": round(self.latency_ms[1], 1),
                 **({} if self.path_ms is None else
                    {"path_median": round(self.path_ms[0], 1), "path_p95": round(self.path_ms[1], 1)})}}


@dataclass(frozen=True)
class LiveResult:
    outcome: DuelOutcome
    mics: dict[int, MicReport]  # by seat
    clock: str  # what kept the song's time
    output_played: bool
    started_after_s: float  # from start() to the song's clock running
    loop_worst_ms: float  # the longest single tick: nothing may block the loop
    clock_leaps: int  # the song clock stepping more than a frame ahead of the wall
    offsets_ms: dict[int, float]
    ticks: tuple[tuple[float, float], ...] = ()  # (host, song time) at every tick while the song ran
    output_trace: tuple = ()  # the output's callbacks: (called, song, dac stamp, placed)
    sing_to_first_s: dict[int, float | None] | None = None  # song starts -> its first block reaches the tracker

    def live_json(self, seat: int | None = None) -> dict:
        seats = [seat] if seat is not None else sorted(self.mics)
        body: dict = {"clock": self.clock, "output_played": self.output_played,
                      "started_after_s": round(self.started_after_s, 3),
                      "loop_worst_ms": round(self.loop_worst_ms, 1), "clock_leaps": self.clock_leaps}
        if seat is not None:
            body.update(self.mics[seat].to_json(), offset_ms=round(self.offsets_ms.get(seat, 0.0), 1))
        else:
            body["mics"] = {f"p{s + 1}": {**self.mics[s].to_json(), "offset_ms": round(self.offsets_ms.get(s, 0.0), 1)}
                            for s in seats}
            body["kept_s"] = [round(self.mics[s].kept_s, 3) for s in seats]
            body["expected_s"] = [round(self.mics[s].expected_s, 3) for s in seats]
            body["gaps"] = [self.mics[s].gaps for s in seats]
        return body


def live_setup(chart: Path, mic_seats: Sequence[int], mics: Sequence[PlayerInput] | None,
               difficulty: Difficulty) -> DuelSetup:
    """A duel of ``chart`` whose ``mic_seats`` sing into settings players 0 and 1 (seat
    order); any other seat is a quiet CPU rival (``score --live`` judges one singer)."""
    seats = []
    for index in range(2):
        if index in mic_seats:
            player = list(mic_seats).index(index)
            seats.append(SeatSpec(f"P{index + 1}", COLOURS[index], SeatSource.mic(player)))
        else:
            seats.append(SeatSpec("CPU", COLOURS[index], SeatSource.cpu(skill_cents=40.0)))
    return DuelSetup(seats=tuple(seats), chart=chart, difficulty=difficulty,
                     mics=tuple(mics) if mics is not None else None)


def run_live(setup: DuelSetup, *, progress: Callable[[str], None] | None = None,
             tick_s: float = TICK_S) -> LiveResult:
    """Play the show to its end (about the song's length), ticking every ``tick_s``."""
    from .. import settings as settings_mod
    from ..audio.latency import input_offset_s
    from ..audio.mapping import player_mapping
    from ..pitch.warmup import warm_tracker

    warm_tracker()  # the tracker's first frame must not wait for a compile mid-song
    session = ShowSession(setup)
    asked = time.monotonic()
    session.start()
    standing = session.time  # where the song stands until its sound flows (the lead-in)
    started_at: float | None = None
    worst = 0.0
    leaps = 0
    last: tuple[float, float] | None = None
    ticks: list[tuple[float, float]] = []
    traced = None  # the output whose callbacks are kept for the bench
    told = -1
    deadline = asked + session.end_s + OVERTIME_S + 10.0
    try:
        while session.phase is not ShowPhase.OVER and time.monotonic() < deadline:
            a = time.monotonic()
            session.tick()
            worst = max(worst, time.monotonic() - a)
            at = time.monotonic()
            song = session.time
            if started_at is None and session.clock is not None and not session.waiting and song > standing:
                started_at = time.monotonic() - (song - standing)  # when it left the standing point
                traced = session.backing.playback
                if traced is not None:
                    traced.trace = []
            if started_at is not None:
                ticks.append((at, song))
            if last is not None and song - last[1] > (at - last[0]) + 0.02:
                leaps += 1  # ahead of the wall by more than a frame
            last = (at, song)
            if progress is not None and int(song) != told and song >= 0:
                told = int(song)
                progress(f"{song:5.1f} / {session.end_s:.1f} s")
            time.sleep(tick_s)
        if session.phase is not ShowPhase.OVER:
            session.abort()
    finally:
        session.close()
    cfg = settings_mod.load()
    mapping = list(setup.mics) if setup.mics is not None else player_mapping(cfg)
    reports, offsets, first = {}, {}, {}
    for index, seat in enumerate(session.seats):
        performer = seat.performer
        if not isinstance(performer, TrackedPerformer):
            continue
        heard = performer.heard
        health = getattr(performer.source, "health", None)
        lat = np.array(heard.latency_s) * 1000.0
        path = np.array(heard.path_s) * 1000.0
        start = standing if heard.first_s is None else min(standing, heard.first_s)
        mic = mapping[seat.spec.source.player]
        offsets[index] = input_offset_s(cfg, mic.device) * 1000.0
        first[index] = None if heard.first_at is None or started_at is None else heard.first_at - started_at
        reports[index] = MicReport(
            mic=mic.describe(), kept_s=heard.kept_s,
            expected_s=max(0.0, (heard.last_s if heard.last_s is not None else start) - start),
            gaps=health.gaps if health else 0, gap_s=health.gap_s if health else 0.0,
            overflows=health.overflows if health else 0, lost_s=seat.lost_s,
            first_block_s=health.first_block_s if health else None,
            latency_ms=(float(np.median(lat)), float(np.percentile(lat, 95))) if lat.size else None,
            path_ms=(float(np.median(path)), float(np.percentile(path, 95))) if path.size else None)
    assert session.outcome is not None
    trace = tuple(traced.trace or ()) if traced is not None else ()
    return LiveResult(session.outcome, reports, session.clock.source if session.clock else "none",
                      session.backing.played, (started_at or time.monotonic()) - asked, worst * 1000.0, leaps,
                      offsets, tuple(ticks), trace, first)
