"""The app loop: one window, a stack of scenes, a 16:9 logical canvas scaled to fit.

Scenes draw on a 1280x720 canvas; the loop scales it into the window with letterboxing, so
1280x720 and 1920x1080 (or any resizable window) look the same.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pygame

from . import theme
from .input import Action, Controls


class Scene:
    """One screen. The app calls ``handle`` for actions, ``on_event`` for raw events
    (text typing), ``update`` with elapsed seconds and ``draw`` on the logical canvas."""

    app: "App"

    def on_enter(self) -> None:
        pass

    def on_leave(self) -> None:
        """Called when the scene is popped, replaced or covered by another (stop previews)."""

    def handle(self, action: Action) -> None:
        pass

    def on_event(self, event: pygame.event.Event) -> None:
        pass

    def update(self, seconds: float) -> None:
        pass

    def draw(self, canvas: pygame.Surface) -> None:
        raise NotImplementedError


class MenuScene(Scene):
    """A screen that is one menu (``self.menu``, a ``widgets.MenuList``): Up/Down move,
    Enter / A / Start or a click chooses (``choose(index)``), Esc / B goes one back."""

    menu: Any

    def handle(self, action: Action) -> None:
        if self.menu.steer(action):
            return
        if action is Action.BACK:
            self.app.pop()
        elif action in (Action.CONFIRM, Action.PAUSE):
            self.choose(self.menu.selected)

    def on_event(self, event: pygame.event.Event) -> None:
        index = self.menu.pointer(event, self.app.to_canvas)
        if index is not None:
            self.choose(index)

    def choose(self, index: int) -> None:
        raise NotImplementedError


@dataclass
class FrameStats:
    frame_ms: list[float] = field(default_factory=list)

    @property
    def frames(self) -> int:
        return len(self.frame_ms)


class App:
    FPS = 60

    def __init__(self, window_size: tuple[int, int] = theme.LOGICAL_SIZE, fullscreen: bool = False) -> None:
        pygame.init()
        pygame.display.set_caption("alienstage")
        self.fullscreen = fullscreen
        self.window_size = window_size
        self.window = self._open_window()
        self.canvas = pygame.Surface(theme.LOGICAL_SIZE)
        self.controls = Controls()
        self.scenes: list[Scene] = []
        self.clock = pygame.time.Clock()
        self.seconds = 0.0
        self.running = True
        # A short crossfade between scenes: the last frame of the old scene fades out over
        # the new one. The switch itself is immediate, so input never waits for the fade.
        self._fade_from: pygame.Surface | None = None
        self._fade_left = 0.0
        self.effects_volume = 0.7  # the settings scene and the title keep this in step with settings
        self._sounds = None
        pygame.key.start_text_input()

    def _open_window(self) -> pygame.Surface:
        flags = pygame.FULLSCREEN if self.fullscreen else pygame.RESIZABLE
        return pygame.display.set_mode((0, 0) if self.fullscreen else self.window_size, flags)

    # -- the scene stack ---------------------------------------------------------------------
    @property
    def scene(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    FADE_SECONDS = 0.25

    def _begin_fade(self) -> None:
        if self.scenes:
            self._fade_from = self.canvas.copy()
            self._fade_left = self.FADE_SECONDS

    def push(self, scene: Scene) -> None:
        self._begin_fade()
        if self.scene is not None:
            self.scene.on_leave()
        scene.app = self
        self.scenes.append(scene)
        scene.on_enter()

    def pop(self) -> None:
        self._begin_fade()
        if self.scenes:
            self.scenes.pop().on_leave()
        if not self.scenes:
            self.running = False
        elif self.scene is not None:
            self.scene.on_enter()

    def replace(self, scene: Scene) -> None:
        """Swap the top scene for ``scene`` (one step of a flow, no way back to it)."""
        self._begin_fade()
        if self.scenes:
            self.scenes.pop().on_leave()
        scene.app = self
        self.scenes.append(scene)
        scene.on_enter()

    def pop_to(self, scene_type: type) -> None:
        """Pop until the top scene is a ``scene_type`` (back to the title from a flow)."""
        while len(self.scenes) > 1 and not isinstance(self.scene, scene_type):
            self.pop()

    _ACTION_SOUNDS = {Action.UP: "menu-move", Action.DOWN: "menu-move", Action.LEFT: "menu-move",
                      Action.RIGHT: "menu-move", Action.CONFIRM: "menu-select", Action.BACK: "menu-back"}

    def _menu_sound(self, action: Action) -> None:
        """Menus click and chime (contract-sfx.md); a scene with ``menu_sounds = False`` is silent."""
        name = self._ACTION_SOUNDS.get(action)
        if name is None or not getattr(self.scene, "menu_sounds", True) or self.effects_volume <= 0:
            return
        if self._sounds is None:
            try:
                from .stage.sound import StageSounds

                self._sounds = StageSounds()
            except ImportError:
                self._sounds = False
        if self._sounds:
            self._sounds.play(name, 0.5 * self.effects_volume)

    def to_canvas(self, pos: tuple[int, int]) -> tuple[int, int]:
        """A window pixel (mouse) as a point on the 1280x720 canvas, undoing the letterbox."""
        window = pygame.display.get_surface()
        width, height = window.get_size() if window is not None else theme.LOGICAL_SIZE
        scale = min(width / theme.LOGICAL_SIZE[0], height / theme.LOGICAL_SIZE[1]) or 1.0
        left = (width - theme.LOGICAL_SIZE[0] * scale) / 2
        top = (height - theme.LOGICAL_SIZE[1] * scale) / 2
        return int((pos[0] - left) / scale), int((pos[1] - top) / scale)

    def quit(self) -> None:
        self.running = False

    def set_fullscreen(self, on: bool) -> None:
        if on != self.fullscreen:
            self.fullscreen = on
            self.window = self._open_window()

    # -- the loop ----------------------------------------------------------------------------
    def _dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type == pygame.VIDEORESIZE and not self.fullscreen:
            self.window_size = (event.w, event.h)
        for action in self.controls.actions(event):
            if action is Action.FULLSCREEN:
                self.set_fullscreen(not self.fullscreen)
            elif self.scene is not None:
                self._menu_sound(action)
                self.scene.handle(action)
        if self.scene is not None:
            self.scene.on_event(event)

    def _present(self) -> None:
        window = pygame.display.get_surface()
        width, height = window.get_size()
        scale = min(width / theme.LOGICAL_SIZE[0], height / theme.LOGICAL_SIZE[1])
        target = (round(theme.LOGICAL_SIZE[0] * scale), round(theme.LOGICAL_SIZE[1] * scale))
        window.fill((0, 0, 0))
        if target == theme.LOGICAL_SIZE:
            window.blit(self.canvas, (0, 0))
        else:
            scaled = pygame.transform.smoothscale(self.canvas, target)
            window.blit(scaled, ((width - target[0]) // 2, (height - target[1]) // 2))
        pygame.display.flip()

    def step(self, seconds: float) -> None:
        """One frame: events, update, draw, present."""
        for event in pygame.event.get():
            self._dispatch(event)
        if self.scene is None:
            return
        self.seconds += seconds
        self.scene.update(seconds)
        if self.scene is not None:
            self.scene.draw(self.canvas)
            self._draw_fade(seconds)
            self._present()

    def _draw_fade(self, seconds: float) -> None:
        if self._fade_from is None:
            return
        self._fade_left -= seconds
        if self._fade_left <= 0:
            self._fade_from = None
            return
        self._fade_from.set_alpha(int(255 * self._fade_left / self.FADE_SECONDS))
        self.canvas.blit(self._fade_from, (0, 0))

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.canvas, str(path))

    def run(self, max_seconds: float | None = None, screenshot_dir: Path | None = None,
            screenshot_every: float = 2.0) -> FrameStats:
        stats = FrameStats()
        started = time.perf_counter()
        next_shot = 0.0
        dt = 0.0
        while self.running and self.scenes:
            frame_start = time.perf_counter()
            self.step(dt)
            stats.frame_ms.append((time.perf_counter() - frame_start) * 1000.0)
            elapsed = time.perf_counter() - started
            if screenshot_dir is not None and elapsed >= next_shot:
                self.screenshot(screenshot_dir / f"frame-{len(stats.frame_ms):05d}.png")
                next_shot += screenshot_every
            if max_seconds is not None and elapsed >= max_seconds:
                break
            dt = self.clock.tick(self.FPS) / 1000.0
        return stats

    def close(self) -> None:
        # A clean quit: every scene still on the stack stops what it plays or captures.
        while self.scenes:
            self.scenes.pop().on_leave()
        theme.font.cache_clear()  # fonts die with pygame.quit(); a later App must not reuse them
        pygame.quit()


def display_available() -> bool:
    """Whether a real window can open: false on a Linux machine with no X11 or Wayland."""
    if os.environ.get("SDL_VIDEODRIVER") == "dummy":
        return True
    if os.name == "posix" and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return os.uname().sysname == "Darwin"
    return True
