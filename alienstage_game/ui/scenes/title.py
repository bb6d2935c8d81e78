"""The title screen: the show's name under the alien sky, the mode select, and attract mode
(after a while with no input, a demo duel plays until someone touches a key)."""

from __future__ import annotations

import pygame

from ... import settings as settings_io
from .. import theme, widgets
from ..app import Scene
from ..input import Action
from ..sky import AlienSky
from .saving import draw_notice

ATTRACT_AFTER_S = 30.0

# (label, one-line description shown under the menu)
MODES: tuple[tuple[str, str], ...] = (
    ("Duet battle", "Two contestants, one song, one verdict."),
    ("Season", "Up to eight contestants. One champion."),
    ("Pass the mic", "One microphone, turns by line or verse."),
    ("Medley", "Two to five songs' choruses, one duel, one verdict."),
    ("Practice", "Slow down, loop and learn a song."),
    ("Editor", "Write and time your own charts."),
    ("Song library", "Browse, search and preview every song."),
    ("Settings", "Audio, latency, difficulty, volumes, display."),
    ("Quit", "Leave the stage."),
)


def start_attract(app) -> bool:
    """Attract mode's hook: push the stage helper's CPU-vs-CPU demo duel.

    Returns False (and the title simply stays) when the stage module is not in this build.
    """
    try:
        from .stage import attract_scene
    except ImportError:
        return False
    from ...show.demo_pick import fresh_seed

    app.push(attract_scene(seed=fresh_seed()))  # a different song and pair each time
    return True


class TitleScene(Scene):
    ITEMS = tuple(label for label, _ in MODES)

    def __init__(self) -> None:
        self.sky = AlienSky()
        self.menu = widgets.MenuList(list(self.ITEMS))
        self.seconds = 0.0
        self.idle = 0.0
        self._applied_fullscreen = False
        self.notice: str | None = None  # a settings file set aside, a save that failed: said once
        self.reigning = None  # the last season's champion, on a throne at the side

    @property
    def selected(self) -> int:
        return self.menu.selected

    def on_enter(self) -> None:
        self.idle = 0.0
        from . import prefs

        _, saved = prefs.load()
        from .records_link import reigning_champion

        self.reigning = reigning_champion()
        self.notice = settings_io.take_notice() or self.notice
        self.app.effects_volume = saved.volume_effects
        if not self._applied_fullscreen:  # the saved choice, once per start
            self._applied_fullscreen = True
            if saved.fullscreen:
                self.app.set_fullscreen(True)

    def handle(self, action: Action) -> None:
        self.idle = 0.0
        self.notice = None  # read: the player has moved on
        if self.menu.steer(action):
            return
        if action is Action.BACK:
            self.ask_to_quit()
        elif action in (Action.CONFIRM, Action.PAUSE):
            self.choose(self.menu.current)

    def ask_to_quit(self) -> None:
        """Esc / B on the title asks first (a stray press must not end the evening)."""
        from .confirm import ConfirmScene

        self.app.push(ConfirmScene("Leave the stage?", "The game closes; seasons and scores are saved.",
                                   yes="Quit", no="Stay", on_yes=self.app.quit, under=self))

    def on_event(self, event: pygame.event.Event) -> None:
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            self.idle = 0.0
        if self.menu.pointer(event, self.app.to_canvas) is not None:
            self.choose(self.menu.current)

    def choose(self, label: str) -> None:
        from . import flow

        if label == "Quit":
            self.app.quit()
        else:
            flow.open_mode(self.app, label)

    def update(self, seconds: float) -> None:
        self.seconds += seconds
        self.idle += seconds
        if self.idle >= ATTRACT_AFTER_S:
            self.idle = 0.0
            start_attract(self.app)

    def draw(self, canvas: pygame.Surface) -> None:
        self.sky.draw(canvas, self.seconds)
        width, _ = canvas.get_size()
        glow = widgets.pulse(self.seconds, 0.6)
        theme.draw_text(canvas, "ALIENSTAGE", (width // 2 + 3, 126 + 4), size=120, colour=theme.NEBULA,
                        bold=True, anchor="center")
        theme.draw_text(canvas, "ALIENSTAGE", (width // 2, 126), size=120, colour=theme.STARLIGHT,
                        bold=True, anchor="center")
        accent = tuple(int(c * (0.75 + 0.25 * glow)) for c in theme.ACCENT)
        theme.draw_text(canvas, "a singing duel under strange stars", (width // 2, 196), size=36,
                        colour=accent, anchor="center")
        self._draw_audience(canvas)
        if self.reigning is not None:
            from .throne import draw_throne

            draw_throne(canvas, self.reigning, self.seconds)
        self.menu.draw(canvas, (width // 2, 262), spacing=43)
        description = MODES[self.menu.selected][1]
        theme.draw_text(canvas, description, (width // 2, 652), size=28, colour=theme.ACCENT, anchor="center")
        widgets.footer(canvas, "Arrows / D-pad move   Enter / A choose   Esc / B quit…   F11 fullscreen")
        if self.notice:
            draw_notice(canvas, self.notice, 236)

    def _draw_audience(self, canvas: pygame.Surface) -> None:
        """Two crowds at the sides, waiting for a show; the middle stays clear for the hints."""
        width, height = canvas.get_size()
        right = range(990, width, 60) if self.reigning is None else range(960, width, 110)  # the throne's side
        widgets.audience(canvas, self.seconds, [*range(30, 330, 60), *right], height - 40)
