"""Driving the real app headless in scene tests: real key events, mouse clicks, frames."""

from __future__ import annotations

from pathlib import Path

import pygame

from alienstage_game.ui.app import App

SHOTS = Path("/tmp/alienstage-shots/menus")
FRAME = 1 / 60


def press(app: App, key: int, frames: int = 2, text: str = "") -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=text, scancode=0))
    for _ in range(frames):
        app.step(FRAME)


def press_all(app: App, *keys: int) -> None:
    for key in keys:
        press(app, key)


def type_text(app: App, text: str) -> None:
    for char in text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
    app.step(FRAME)


def pad_button(app: App, button: int, frames: int = 2) -> None:
    pygame.event.post(pygame.event.Event(pygame.JOYBUTTONDOWN, button=button, joy=0, instance_id=0))
    for _ in range(frames):
        app.step(FRAME)


def pad_hat(app: App, value: tuple[int, int], frames: int = 2) -> None:
    pygame.event.post(pygame.event.Event(pygame.JOYHATMOTION, value=value, hat=0, joy=0, instance_id=0))
    for _ in range(frames):
        app.step(FRAME)


def click(app: App, pos: tuple[int, int], frames: int = 2) -> None:
    """A left click at a canvas point (the test window is 1280x720, so window = canvas)."""
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    app.step(FRAME)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    for _ in range(frames):
        app.step(FRAME)


def drag(app: App, start: tuple[int, int], end: tuple[int, int]) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1))
    app.step(FRAME)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=end, rel=(end[0] - start[0], 0), buttons=(1, 0, 0)))
    app.step(FRAME)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=end, button=1))
    app.step(FRAME)


def settle(app: App, seconds: float = 0.4) -> None:
    """Let transitions (the crossfade) finish before a screenshot."""
    for _ in range(int(seconds / FRAME)):
        app.step(FRAME)


def shot(app: App, name: str) -> Path:
    settle(app)
    path = SHOTS / f"{name}.png"
    app.screenshot(path)
    return path


def wait_for(app: App, condition, frames: int = 900, sleep_ms: int = 5) -> None:
    for _ in range(frames):
        if condition():
            app.step(FRAME)
            return
        app.step(FRAME)
        pygame.time.wait(sleep_ms)
    raise AssertionError("condition not reached")


def play_song(app: App, clock, until: float, frame: float = 1 / 30, limit_frames: int = 2000) -> None:
    """Move a stage's hand-moved song clock and the app together, frame by frame, up to
    song time ``until`` (or until the app has no scene left)."""
    for _ in range(limit_frames):
        if clock.time() >= until or not app.scenes:
            return
        clock.advance(frame)
        app.step(frame)
