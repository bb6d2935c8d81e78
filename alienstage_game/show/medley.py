"""A medley on stage: the show session over a ``MedleyPlan``'s one chart, its backing
the songs' sections played back to back (each song's audio from its section, faded into
the next), so the judge, the vote bar and the verdict run across all of them.

The sections are cut from the songs' files and mixed into one track off the game loop,
when the output opens: a seek, a pause or a restart is then a seek in that one track,
on the one clock.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Sequence

import numpy as np

from ..charts import Song, load_song
from ..match.medley import MedleyPlan, plan_medley
from .backing import Backing
from .outcome import DuelOutcome
from .session import ShowSession, backing_track
from .setup import DuelSetup

RATE = 44100  # the medley track's rate when no section has audio to take it from
FIRST_FADE_S = 0.3


def medley_plan(charts: Sequence[Path | Song], *, hear_original: bool = False) -> MedleyPlan:
    """The medley of these charts (paths or loaded songs), each playing its instrumental
    unless ``hear_original`` (MedleyError when it cannot be sung; ChartError for a chart
    that no longer reads)."""
    songs = [c if isinstance(c, Song) else load_song(c) for c in charts]
    return plan_medley([(song, backing_track(song, original=hear_original)) for song in songs])


def render_medley(plan: MedleyPlan, read=None) -> tuple[np.ndarray, int]:
    """The medley's backing as one stereo track: each part's audio from ``play_from_s``
    to ``play_to_s`` placed at ``offset_s``, fading in and out over the crossfade. A part
    without audio (or whose file will not read) is silence, and the rest still plays."""
    from ..audio.audiofile import read_audio

    read = read or read_audio
    tracks: list[np.ndarray | None] = []
    rate: int | None = None
    for part in plan.parts:
        data = None
        if part.audio is not None:
            try:
                data, own = read(part.audio)
            except OSError:
                data = None
            else:
                if rate is None:
                    rate = own
                elif own != rate:
                    import soxr

                    data = soxr.resample(data, own, rate, quality="HQ").astype(np.float32, copy=False)
        tracks.append(data)
    rate = rate or RATE
    total = int(np.ceil(plan.duration_s * rate)) + 1
    out = np.zeros((total, 2), np.float32)
    fade = max(1, int(plan.crossfade_s * rate))
    for index, (part, data) in enumerate(zip(plan.parts, tracks)):
        if data is None:
            continue
        data = data if data.ndim == 2 else data[:, None]
        stereo = data[:, :2] if data.shape[1] >= 2 else np.repeat(data[:, :1], 2, axis=1)
        a, b = int(round(part.play_from_s * rate)), int(round(part.play_to_s * rate))
        piece = np.zeros((b - a, 2), np.float32)
        got = stereo[a:b]
        piece[:len(got)] = got
        fade_in = int(FIRST_FADE_S * rate) if index == 0 else fade
        if part.play_from_s > 0 or index > 0:
            n = min(fade_in, len(piece))
            piece[:n] *= np.linspace(0.0, 1.0, n, dtype=np.float32)[:, None]
        n = min(fade, len(piece))
        piece[len(piece) - n:] *= np.linspace(1.0, 0.0, n, dtype=np.float32)[:, None]
        at = int(round(part.offset_s * rate))
        span = out[at:at + len(piece)]
        span += piece[:len(span)]
    np.clip(out, -1.0, 1.0, out=out)
    return out, rate


class MedleyBacking(Backing):
    """The backing of a medley: the plan's sections, mixed when the output opens."""

    def __init__(self, plan: MedleyPlan, **options) -> None:
        super().__init__(None, **options)
        self.plan = plan
        self.rendering = False

    def _has_track(self) -> bool:
        return any(p.audio is not None for p in self.plan.parts)

    def _track(self):
        self.rendering = True
        try:
            return render_medley(self.plan)
        finally:
            self.rendering = False
            if self._started_at is not None:  # the output's wait begins once the track is made
                self._started_at = time.monotonic()

    def check(self) -> None:
        if not self.rendering:
            super().check()


class MedleySession(ShowSession):
    """One duel over the medley: the plan's chart, the plan's backing, one verdict."""

    def __init__(self, setup: DuelSetup, plan: MedleyPlan, **options) -> None:
        self.plan = plan
        super().__init__(setup, song=plan.song, **options)
        self.title = plan.title

    def _span(self, chart: Song) -> tuple[float, float | None]:
        return 0.0, self.plan.duration_s

    def _sung(self, chart: Song) -> Song:
        return chart

    def _make_backing(self, chart: Song, **options) -> Backing:
        return MedleyBacking(self.plan, **options)

    @property
    def beat_s(self) -> float:
        """The beat of the song playing now (the hall pulses to each song in turn)."""
        try:
            return self.plan.parts[self.plan.part_at(self.time)].beat_s
        except ValueError:
            return 0.5

    @beat_s.setter
    def beat_s(self, value: float) -> None:  # the session's own beat is the 5 ms grid's: unused
        pass

    @property
    def part(self) -> int:
        return self.plan.part_at(self.time)


def part_scores(plan: MedleyPlan, outcome: DuelOutcome) -> list[tuple[str, tuple[int, int]]]:
    """Each song of the medley with the points both seats earned on its lines."""
    totals = [[0.0, 0.0] for _ in plan.parts]
    if outcome.verdict is not None:
        for seat, card in enumerate(outcome.verdict.cards):
            parts_of = plan.line_parts(seat)
            for line in card.lines:
                if line.index < len(parts_of):
                    totals[parts_of[line.index]][seat] += line.score
    return [(part.title, (int(round(a)), int(round(b)))) for part, (a, b) in zip(plan.parts, totals)]

