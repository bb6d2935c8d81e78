"""The waveform strip under the roll and the sung pitch curve drawn over the notes."""

from __future__ import annotations

import numpy as np
import pygame

from ...charts import BeatClock
from .. import theme
from . import style
from .analysis import AudioPicture
from .roll import RollView
from .tasks import Task


def _column_seconds(view: RollView, clock: BeatClock, rect: pygame.Rect) -> np.ndarray:
    xs = np.arange(rect.x, rect.right, dtype=float)
    beats = view.left_beat + (xs - view.rect.x) / view.px_per_beat
    return (clock.gap_ms + beats * clock.ms_per_beat) / 1000.0


def draw_wave(canvas: pygame.Surface, rect: pygame.Rect, view: RollView, clock: BeatClock | None,
              picture: AudioPicture | None, task: Task | None, cursor_beat: float | None,
              play_beat: float | None, idle_text: str = "no audio file for this chart (#AUDIO)") -> None:
    """The strip shares the roll's horizontal mapping, so a note sits over its sound."""
    pygame.draw.rect(canvas, (10, 7, 26), rect)
    pygame.draw.line(canvas, theme.PANEL_EDGE, rect.topleft, rect.topright)
    mid = rect.centery
    if picture is not None and clock is not None:
        seconds = _column_seconds(view, clock, rect)
        # Every pixel column spans many 10 ms bins when zoomed out: take the peak of the span.
        step = view.px_per_beat and clock.ms_per_beat / 1000.0 / view.px_per_beat
        bins = max(1, int(step * 100))
        peaks = picture.envelope_at(seconds)
        if bins > 1:
            peaks = np.maximum.reduce([picture.envelope_at(seconds + k * step / bins) for k in range(min(bins, 12))])
        heights = (np.sqrt(peaks) * (rect.h / 2 - 3)).astype(int)
        for offset, h in enumerate(heights):
            if h > 0:
                x = rect.x + offset
                pygame.draw.line(canvas, style.WAVE, (x, mid - h), (x, mid + h))
        pygame.draw.line(canvas, style.WAVE_EDGE, (rect.x, mid), (rect.right, mid))
        # seconds ruler along the strip
        first, last = int(max(0, seconds[0])), int(seconds[-1]) + 1
        every = 1 if view.px_per_beat * 1000 / clock.ms_per_beat >= 40 else 5
        for second in range(first - first % every, last + 1, every):
            x = view.rect.x + round((clock.ms_to_beat(second * 1000) - view.left_beat) * view.px_per_beat)
            if rect.x <= x < rect.right:
                pygame.draw.line(canvas, theme.PANEL_EDGE, (x, rect.bottom - 6), (x, rect.bottom))
                minutes, secs = divmod(second, 60)
                theme.draw_text(canvas, f"{minutes}:{secs:02d}", (x + 3, rect.bottom - 17), size=18, colour=theme.MUTED)
    elif task is not None and not task.done:
        theme.draw_text(canvas, "reading the audio…", (rect.x + 12, rect.y + 8), size=20, colour=theme.MUTED)
    else:
        theme.draw_text(canvas, idle_text, (rect.x + 12, rect.y + 8), size=20, colour=theme.MUTED)
    for beat, colour in ((cursor_beat, style.CURSOR), (play_beat, style.PLAYHEAD)):
        if beat is not None:
            x = view.x_of(beat)
            if rect.x <= x <= rect.right:
                pygame.draw.line(canvas, colour, (x, rect.y), (x, rect.bottom), 2)
    if task is not None and not task.done:
        bar = pygame.Rect(rect.right - 260, rect.y + 8, 240, 10)
        pygame.draw.rect(canvas, (12, 8, 30), bar.inflate(16, 12).union(pygame.Rect(bar.x - 8, bar.y, 10, 30)),
                         border_radius=6)
        pygame.draw.rect(canvas, theme.PANEL, bar, border_radius=5)
        fill = bar.copy()
        fill.w = max(4, int(bar.w * task.progress))
        pygame.draw.rect(canvas, theme.ACCENT, fill, border_radius=5)
        theme.draw_text(canvas, f"pitch curve {round(task.progress * 100)} %", (bar.x, bar.bottom + 4), size=18,
                        colour=theme.MUTED)


def draw_pitch_curve(canvas: pygame.Surface, view: RollView, clock: BeatClock | None,
                     picture: AudioPicture | None, octave_fold: int | None = None) -> None:
    """The heard pitch as a glowing trace over the rows (gaps where nothing is sung).

    ``octave_fold``: fold the curve by octaves towards this pitch (charts are often sung an
    octave away from where the author placed the notes)."""
    if picture is None or clock is None or picture.times.size == 0:
        return
    t0 = clock.beat_to_seconds(view.left_beat)
    t1 = clock.beat_to_seconds(view.beat_at(view.rect.right))
    lo, hi = np.searchsorted(picture.times, [t0, t1])
    if hi <= lo:
        return
    times, midi = picture.times[lo:hi], picture.midi[lo:hi] - 60.0
    if octave_fold is not None:
        midi = midi - 12.0 * np.round((midi - octave_fold) / 12.0)
    xs = view.rect.x + (np.array([clock.seconds_to_beat(t) for t in times]) - view.left_beat) * view.px_per_beat
    ys = np.array([view.pitch_y(p) if np.isfinite(p) else np.nan for p in midi])
    clip = canvas.get_clip()
    canvas.set_clip(view.rect)
    points: list[tuple[float, float]] = []
    for x, y in zip(xs, ys):
        if np.isfinite(y):
            points.append((x, y))
            continue
        _stroke(canvas, points)
        points = []
    _stroke(canvas, points)
    canvas.set_clip(clip)


def _stroke(canvas: pygame.Surface, points: list[tuple[float, float]]) -> None:
    if len(points) >= 2:
        pygame.draw.lines(canvas, style.dim(style.PITCH_CURVE, 0.45), False, [(x, y + 1) for x, y in points], 3)
        pygame.draw.lines(canvas, style.PITCH_CURVE, False, points, 1)
    elif points:
        pygame.draw.circle(canvas, style.PITCH_CURVE, points[0], 1)
