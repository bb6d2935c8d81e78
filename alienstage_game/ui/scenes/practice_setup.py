"""The practice room's door: choose voice, difficulty, tempo, key, loop, guide and clicks.

Beside the choices, the chart's practice history: recent passes and the weakest line,
which one key turns into the loop.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pygame

from ...charts import Song
from ...practice.chart import MAX_TRANSPOSE, LoopRange
from ...practice.session import PracticeSetup
from ...scoring import Difficulty
from .. import theme, widgets
from ..app import Scene
from ..input import Action
from ..sky import AlienSky

TEMPOS = tuple(t / 100 for t in range(50, 101, 5))
GUIDE_WORDS = {"vocals": "the original vocal", "original": "the original song"}


class PracticeSetupScene(Scene):
    def __init__(self, song: Song, setup: PracticeSetup | None = None, *, chart_key: str | None = None) -> None:
        from ...charts.section import sung_part
        from ...show.rehearsal import guide_source

        self.song = sung_part(song)  # #START..#END, as a duel sings it
        self.guide_kind = guide_source(song)
        if setup is None:  # the settings' difficulty by default, as the duels use it
            from .flow import difficulty

            setup = PracticeSetup(voice_id=song.voices[0].id, difficulty=difficulty())
        self.setup = setup
        self.chart_key = chart_key or _chart_key(song)
        self.sky = AlienSky()
        self.seconds = 0.0
        self.row = 0
        self.history: list = []
        self.weakest = None
        self.guide_sings = False  # the guide voice sings into the game instead of a microphone

    # -- the rows ------------------------------------------------------------------------------
    def rows(self) -> list[tuple[str, str]]:
        s = self.setup
        lines = len(self.song.voice(s.voice_id).lines)
        loop = "whole song" if s.loop is None else (
            f"line {s.loop.first}" if s.loop.first == s.loop.last else f"lines {s.loop.first}-{s.loop.last}")
        rows = [("Voice", f"{s.voice_id}" + (f" ({self.song.voice(s.voice_id).name})" if self.song.voice(s.voice_id).name else "")),
                ("Difficulty", s.difficulty.label),
                ("Tempo", f"{round(s.tempo * 100)}%"),
                ("Key", "as written" if s.transpose == 0 else f"{s.transpose:+d} semitones"),
                ("Loop from", "off" if s.loop is None else f"line {s.loop.first} of {lines}"),
                ("Loop to", loop),
                ("Guide melody", ("on: " + GUIDE_WORDS[self.guide_kind] if s.guide else "off")
                 if self.guide_kind != "melody" else "on" if s.guide else "off"),
                ("Metronome", "on" if s.metronome else "off"),
                ("Singer", "the guide voice (demo)" if self.guide_sings else "you, on microphone 1"),
                ("Start", "")]
        return rows

    def _change(self, step: int) -> None:
        s = self.setup
        label = self.rows()[self.row][0]
        lines = len(self.song.voice(s.voice_id).lines)
        if label == "Voice":
            ids = [v.id for v in self.song.voices]
            voice = ids[(ids.index(s.voice_id) + step) % len(ids)]
            self.setup = replace(s, voice_id=voice, loop=None)
        elif label == "Difficulty":
            order = list(Difficulty)
            self.setup = replace(s, difficulty=order[(order.index(s.difficulty) + step) % len(order)])
        elif label == "Tempo":
            index = min(range(len(TEMPOS)), key=lambda i: abs(TEMPOS[i] - s.tempo))
            self.setup = replace(s, tempo=TEMPOS[max(0, min(len(TEMPOS) - 1, index + step))])
        elif label == "Key":
            self.setup = replace(s, transpose=max(-MAX_TRANSPOSE, min(MAX_TRANSPOSE, s.transpose + step)))
        elif label == "Loop from":
            first = (0 if s.loop is None else s.loop.first) + step
            if first < 1 or first > lines:
                self.setup = replace(s, loop=None)
            else:
                last = max(first, s.loop.last if s.loop else first)
                self.setup = replace(s, loop=LoopRange(first, min(last, lines)))
        elif label == "Loop to" and s.loop is not None:
            last = max(s.loop.first, min(lines, s.loop.last + step))
            self.setup = replace(s, loop=LoopRange(s.loop.first, last))
        elif label == "Guide melody":
            self.setup = replace(s, guide=not s.guide)
        elif label == "Metronome":
            self.setup = replace(s, metronome=not s.metronome)
        elif label == "Singer":
            self.guide_sings = not self.guide_sings

    # -- scene ---------------------------------------------------------------------------------
    def on_enter(self) -> None:
        self._load_history()

    def _load_history(self) -> None:
        from ...match.records import Records
        from ...practice.history import PracticeHistory

        try:
            with Records.open() as records:
                history = PracticeHistory(records)
                self.history = history.passes(self.chart_key, self.setup.voice_id, limit=8)
                self.weakest = history.weakest_line(self.chart_key, self.setup.voice_id)
        except Exception:  # noqa: BLE001 -- no history is no reason to stop practising
            self.history, self.weakest = [], None

    def handle(self, action: Action) -> None:
        count = len(self.rows())
        if action is Action.UP:
            self.row = (self.row - 1) % count
        elif action is Action.DOWN:
            self.row = (self.row + 1) % count
        elif action in (Action.LEFT, Action.RIGHT):
            self._change(-1 if action is Action.LEFT else 1)
            if self.rows()[self.row][0] == "Voice":
                self._load_history()
        elif action is Action.NEXT_SORT and self.weakest is not None:
            line = self.weakest.line + 1
            self.setup = replace(self.setup, loop=LoopRange(line, line))
        elif action is Action.CONFIRM:
            if self.rows()[self.row][0] in ("Guide melody", "Metronome", "Singer"):
                self._change(1)
            else:
                self.start()
        elif action is Action.BACK:
            self.app.pop()

    def start(self, **room_options) -> None:
        from ...practice.session import PracticeSession
        from ...show.rehearsal import SingerInput
        from .practice import PracticeScene

        singer = SingerInput.GUIDE if self.guide_sings else SingerInput.MICROPHONE
        session = PracticeSession(self.song, self.setup)
        self.app.push(PracticeScene(session, singer, chart_key=self.chart_key, **room_options))

    def update(self, seconds: float) -> None:
        self.seconds += seconds

    def draw(self, canvas: pygame.Surface) -> None:
        self.sky.draw(canvas, self.seconds)
        widgets.heading(canvas, "Practice", f"{self.song.title} - {self.song.artist}")
        box = pygame.Rect(48, 124, 640, 540)
        widgets.panel(canvas, box)
        for index, (label, value) in enumerate(self.rows()):
            y = box.y + 24 + index * 51
            chosen = index == self.row
            colour = theme.ACCENT if chosen else theme.STARLIGHT
            if label == "Start":
                widgets.button(canvas, pygame.Rect(box.x + 30, y - 6, box.w - 60, 46), "Start practising", chosen)
                continue
            theme.draw_text(canvas, label, (box.x + 30, y), size=28, colour=colour, bold=chosen)
            shown = f"<  {value}  >" if chosen else value
            theme.draw_text(canvas, shown, (box.right - 30, y), size=28, colour=colour, anchor="topright")
        self._draw_history(canvas, pygame.Rect(716, 124, 516, 540))
        widgets.footer(canvas, "Up/Down choose   Left/Right change   Enter start   Tab/Y loop the weakest line   Esc back")

    def _draw_history(self, canvas: pygame.Surface, box: pygame.Rect) -> None:
        widgets.panel(canvas, box)
        theme.draw_text(canvas, "Your progress", (box.x + 24, box.y + 20), size=30, bold=True, colour=theme.GOLD)
        if not self.history:
            widgets.paragraph(canvas, "No passes yet on this voice. Every pass you sing is kept here, "
                              "line by line, so you can see it improve over days.",
                              (box.x + 24, box.y + 70), box.w - 48, size=24)
            return
        chart = pygame.Rect(box.x + 24, box.y + 70, box.w - 48, 200)
        pygame.draw.rect(canvas, theme.NIGHT, chart, border_radius=6)
        step = min(72.0, chart.w / max(1, len(self.history)))
        for i, row in enumerate(self.history):
            h = int((chart.h - 30) * row.mean_ratio)
            bar = pygame.Rect(int(chart.x + i * step + 6), chart.bottom - 24 - h, int(step - 12), h)
            pygame.draw.rect(canvas, theme.ACCENT if i == len(self.history) - 1 else theme.PANEL_EDGE, bar,
                             border_radius=4)
            theme.draw_text(canvas, row.practised_at[5:10], (bar.centerx, chart.bottom - 20), size=16,
                            colour=theme.MUTED, anchor="midtop")
        last = self.history[-1]
        theme.draw_text(canvas, f"Latest pass: {last.total:,} points, {last.mean_ratio:.0%} of the notes",
                        (box.x + 24, chart.bottom + 20), size=24)
        if self.weakest is not None:
            theme.draw_text(canvas, f"Practise line {self.weakest.line + 1} next", (box.x + 24, chart.bottom + 60),
                            size=28, bold=True, colour=theme.GOLD)
            theme.draw_text(canvas, f"latest {self.weakest.latest:.0%}, best {self.weakest.best:.0%}, "
                            f"{self.weakest.attempts} {'try' if self.weakest.attempts == 1 else 'tries'}", (box.x + 24, chart.bottom + 98), size=22,
                            colour=theme.MUTED)


def _chart_key(song: Song) -> str:
    from ...match.records import chart_key_for

    return chart_key_for(song)[0] if song.path is not None else song.title


def open_setup(app, path: Path) -> None:
    """From the song browser: the practice door for this chart (a broken chart is reported)."""
    from ...charts import load_song

    app.push(PracticeSetupScene(load_song(path)))
