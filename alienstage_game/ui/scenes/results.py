"""Results, after the verdict has played on the stage (ui/stage/verdict.py): the two
contestants as the stage left them (the winner under their light, the loser a silhouette
in the dark), why the loser lost, every line's rating, the highscores, and pitch-trail
pictures saved on request. Records the disk refused are said so, with a key to try again."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pygame

from .. import theme, widgets
from ..app import Scene
from ..input import Action
from ..sky import AlienSky
from ..stage.aliens import stage_figure
from . import pitch_picture, records_link, verdict_words
from .saving import PendingSaves, draw_notice

# The ceremony (count-up, lights out) plays on the stage now; the results open revealed.
LIGHTS_OUT_S = 0.0
# A player mashing the button to skip the verdict must not leave the results unseen:
# confirm, back and clicks count only this long after the results appear.
SETTLE_S = 0.4
RATINGS = ("awful", "poor", "ok", "good", "great", "perfect")  # worst to best, as the judge rates lines
RATING_COLOURS = {name: getattr(theme, "RATING_COLOURS", {}).get(name, theme.MUTED) for name in RATINGS}
SEAT_X = (330, 950)


class ResultsScene(Scene):
    def __init__(self, outcome: Any, on_continue: Callable[[], None] | None = None,
                 continue_label: str = "Continue", saves: PendingSaves | None = None,
                 choices: list[tuple[str, Callable[[], None]]] | None = None,
                 on_back: Callable[[], None] | None = None) -> None:
        """``choices`` (label, action) replace the single Continue (after a duel: rematch,
        next song, new contestants, title); ``on_back`` is Esc / B (one screen back)."""
        self.outcome = outcome
        self.on_continue = on_continue
        self.choices = dict(choices or [])
        self.on_back = on_back
        self.sky = AlienSky(seed=37)
        self.seconds = 0.0
        self.t = 0.0
        self.names = tuple(seat.name for seat in outcome.seats)
        self.menu = widgets.MenuList([*(self.choices or [continue_label]), "Save pitch pictures"])
        self.saved_to: list[Path] = []
        self.save_error: str | None = None
        self.headline, self.reasons = self._words()
        self.saves = saves if saves is not None else PendingSaves()
        self._read_highscores()

    def _read_highscores(self) -> None:
        key, _ = records_link.chart_key(self.outcome.song)
        self.highscores = records_link.top_scores(key, self.outcome.setup.difficulty, limit=5)

    def retry_saves(self) -> bool:
        """Try the records the disk refused again (the player pressed the retry key)."""
        if self.saves.failed and self.saves.retry():
            self._read_highscores()
        return not self.saves.failed

    def _words(self) -> tuple[str, list[str]]:
        outcome = self.outcome
        lost = tuple(seat.mic_lost_s for seat in outcome.seats)
        if outcome.aborted:
            return "The duel was stopped before the end: no verdict.", []
        verdict = outcome.verdict
        if verdict is not None and hasattr(verdict, "cards"):
            return verdict_words.headline(verdict, self.names), verdict_words.reasons(verdict, self.names, lost)
        loser = outcome.loser_name
        return (f"{outcome.winner_name} wins. {loser} is voted off.", [outcome.reason])

    @property
    def revealed(self) -> bool:
        return True  # the verdict was revealed on the stage

    # -- input ------------------------------------------------------------------------------------
    def handle(self, action: Action) -> None:
        if self.t < SETTLE_S and action in (Action.CONFIRM, Action.BACK, Action.PAUSE):
            return
        if self.menu.steer(action):
            return
        if action is Action.NEXT_SORT:
            self.retry_saves()
        elif action is Action.SECONDARY:
            self.save_pictures()
        elif action is Action.CONFIRM:
            self.choose(self.menu.current)
        elif action is Action.BACK:
            (self.on_back or self.leave)()

    def on_event(self, event: pygame.event.Event) -> None:
        if self.t >= SETTLE_S and self.menu.pointer(event, self.app.to_canvas) is not None:
            self.choose(self.menu.current)

    def choose(self, label: str) -> None:
        if label == "Save pitch pictures":
            self.save_pictures()
        elif label in self.choices:
            self.choices[label]()
        else:
            self.leave()

    def leave(self) -> None:
        if self.on_continue is not None:
            self.on_continue()
        else:
            self.app.pop()

    def save_pictures(self) -> list[Path]:
        """One PNG per player: the chart with their pitch trail over it."""
        self.saved_to, self.save_error = [], None
        try:
            for seat in self.outcome.seats:
                surface = pitch_picture.render(self.outcome.song, seat.voice_id, seat.trail, seat.colour,
                                               seat.name, self.outcome.title)
                self.saved_to.append(pitch_picture.save(surface, seat.name, self.outcome.title))
        except (OSError, pygame.error, ValueError) as exc:
            self.save_error = f"Could not save the pictures: {exc}"
        return self.saved_to

    def update(self, seconds: float) -> None:
        self.seconds += seconds
        self.t += seconds

    # -- drawing -----------------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        self.sky.draw(canvas, self.seconds)
        dim = pygame.Surface(canvas.get_size(), pygame.SRCALPHA)
        dim.fill((0, 0, 0, 110))
        canvas.blit(dim, (0, 0))
        widgets.heading(canvas, "Results", f"{self.outcome.title} · {self.outcome.setup.difficulty.label}")
        self._draw_stage(canvas)
        if self.saves.failed:  # in the footer's place: the score is not kept until this goes
            if self.revealed:
                self._draw_why(canvas, pygame.Rect(40, 372, 780, 300))
                self._draw_side(canvas, pygame.Rect(840, 372, 400, 300))
            draw_notice(canvas, self.saves.notice("Scores not saved"), 698)
        elif self.revealed:
            self._draw_why(canvas, pygame.Rect(40, 372, 780, 300))
            self._draw_side(canvas, pygame.Rect(840, 372, 400, 300))
            if self.saved_to:  # say where the pictures went, in full, where there is room
                names = ", ".join(p.name for p in self.saved_to)
                text = theme.fit_text(f"Saved in {self.saved_to[0].parent}: {names}", 22, 1240)
                theme.draw_text(canvas, text, (640, 698), size=22, colour=theme.ACCENT, anchor="center")
            elif self.save_error:
                theme.draw_text(canvas, theme.fit_text(self.save_error, 22, 1240), (640, 698), size=22,
                                colour=theme.WARNING, anchor="center")
            else:
                widgets.footer(canvas, "Up/Down choose   Enter / A confirm   X / F2 save pitch pictures   Esc / B back")
        else:
            widgets.footer(canvas, "Enter / A: skip")

    def _light(self, seat: int) -> float:
        """A seat's spotlight as the verdict left it: the loser's is out, the rest lit."""
        outcome = self.outcome
        return 0.0 if not outcome.aborted and seat == outcome.loser else 1.0

    def _draw_stage(self, canvas: pygame.Surface) -> None:
        floor_y = 282
        outcome = self.outcome
        floor = pygame.Surface((1040, 60), pygame.SRCALPHA)
        pygame.draw.ellipse(floor, (30, 20, 60, 235), floor.get_rect())
        canvas.blit(floor, (120, floor_y - 20))
        for seat, result in enumerate(outcome.seats):
            x = SEAT_X[seat]
            lit = self._light(seat) > 0.05
            stage_figure(canvas, (x, floor_y + 6), result.colour, lit=lit, width=130, beam_top=92)
            colour = result.colour if lit else theme.MUTED
            theme.draw_text(canvas, theme.fit_text(result.name, 36, 360), (x, floor_y + 32), size=36, bold=True,
                            colour=colour, anchor="center")
            theme.draw_text(canvas, f"{result.score:,}", (x + (190 if seat else -190), 190), size=64, bold=True,
                            colour=theme.STARLIGHT if lit else theme.MUTED, anchor="center")
            if seat == outcome.winner:
                theme.draw_text(canvas, "stays on stage", (x + (190 if seat else -190), 240), size=26,
                                colour=theme.GOLD, anchor="center")
            elif seat == outcome.loser:
                theme.draw_text(canvas, "voted off", (x + (190 if seat else -190), 240), size=26,
                                colour=theme.WARNING, anchor="center")
        theme.draw_text(canvas, theme.fit_text(self.headline, 30, 1240), (640, 352), size=30, bold=True,
                        colour=theme.STARLIGHT, anchor="center")

    def _draw_why(self, canvas: pygame.Surface, rect: pygame.Rect) -> None:
        widgets.panel(canvas, rect)
        x, width = rect.x + 20, rect.width - 40
        loser = self.outcome.loser_name
        theme.draw_text(canvas, f"Why {loser} lost" if loser else "The verdict", (x, rect.y + 14), size=32,
                        bold=True, colour=theme.GOLD)
        y = rect.y + 52
        for sentence in self.reasons[:6]:
            y = widgets.paragraph(canvas, sentence, (x, y), width, size=23, spacing=3, max_lines=2)
        y = max(y + 6, rect.bottom - 78)
        self._draw_legend(canvas, (rect.right - 20, y - 26))
        for seat, result in enumerate(self.outcome.seats):
            self._draw_ratings(canvas, result, (x, y + seat * 34), width)

    @staticmethod
    def _draw_legend(canvas: pygame.Surface, topright: tuple[int, int]) -> None:
        """Which colour is which line rating, worst to best, right-aligned."""
        x, y = topright
        for name in reversed(list(RATING_COLOURS)):
            label = theme.draw_text(canvas, name, (x, y), size=18, colour=theme.MUTED, anchor="topright")
            box = pygame.Rect(label.x - 16, y + 2, 12, 12)
            pygame.draw.rect(canvas, RATING_COLOURS[name], box, border_radius=3)
            x = box.x - 12

    @staticmethod
    def _draw_ratings(canvas: pygame.Surface, result, pos: tuple[int, int], width: int) -> None:
        x, y = pos
        theme.draw_text(canvas, theme.fit_text(result.name, 22, 120), (x, y + 12), size=22, colour=result.colour,
                        anchor="midleft")
        ratings = list(result.line_ratings)
        if not ratings:
            return
        cell = min(34, (width - 140) // len(ratings))
        for index, rating in enumerate(ratings):
            box = pygame.Rect(x + 140 + index * cell, y, cell - 3, 24)
            pygame.draw.rect(canvas, RATING_COLOURS.get(str(getattr(rating, "value", rating)), theme.MUTED), box,
                             border_radius=4)

    def _draw_side(self, canvas: pygame.Surface, rect: pygame.Rect) -> None:
        widgets.panel(canvas, rect)
        x = rect.x + 20
        theme.draw_text(canvas, "Highscores", (x, rect.y + 14), size=30, bold=True, colour=theme.GOLD)
        if not self.highscores:
            theme.draw_text(canvas, "No human scores on this song yet.", (x, rect.y + 54), size=22, colour=theme.MUTED)
        roomy = len(self.menu.items) <= 2  # a longer menu (after a duel) leaves room for three scores
        for index, entry in enumerate(self.highscores[:5 if roomy else 3]):
            y = rect.y + 52 + index * 26
            theme.draw_text(canvas, f"{entry.rank}. {theme.fit_text(entry.player, 22, 220)}", (x, y), size=22)
            theme.draw_text(canvas, f"{round(entry.score):,}", (rect.right - 20, y), size=22, colour=theme.ACCENT,
                            anchor="topright")
        if roomy:
            self.menu.draw(canvas, (rect.centerx, rect.bottom - 100), spacing=42, size=30)
        else:
            spacing = 29
            self.menu.draw(canvas, (rect.centerx, rect.bottom - 44 - (len(self.menu.items) - 1) * spacing),
                           spacing=spacing, size=24)
        if self.saved_to:
            theme.draw_text(canvas, f"{len(self.saved_to)} pictures saved ✓", (rect.centerx, rect.bottom - 22), size=20,
                            colour=theme.ACCENT, anchor="center")
