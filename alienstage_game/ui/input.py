"""Keyboard and gamepad events turned into the few actions the menus understand."""

from __future__ import annotations

from enum import Enum, auto

import pygame


class Action(Enum):
    UP = auto()
    DOWN = auto()
    LEFT = auto()
    RIGHT = auto()
    PAGE_UP = auto()
    PAGE_DOWN = auto()
    CONFIRM = auto()
    BACK = auto()
    NEXT_SORT = auto()
    FULLSCREEN = auto()
    PAUSE = auto()      # P / Pause key / Start: pause the song, or open a menu
    SECONDARY = auto()  # X on a pad, F2 on a keyboard: a scene's second choice (preview, save)


_KEYS = {
    pygame.K_UP: Action.UP, pygame.K_DOWN: Action.DOWN,
    pygame.K_LEFT: Action.LEFT, pygame.K_RIGHT: Action.RIGHT,
    pygame.K_PAGEUP: Action.PAGE_UP, pygame.K_PAGEDOWN: Action.PAGE_DOWN,
    pygame.K_RETURN: Action.CONFIRM, pygame.K_KP_ENTER: Action.CONFIRM,
    pygame.K_ESCAPE: Action.BACK, pygame.K_TAB: Action.NEXT_SORT,
    pygame.K_F11: Action.FULLSCREEN,
    pygame.K_PAUSE: Action.PAUSE, pygame.K_p: Action.PAUSE, pygame.K_F2: Action.SECONDARY,
}
# SDL's common layout for Xbox-style pads: 0 = A (south), 1 = B (east), 2 = X, 3 = Y,
# 4/5 = shoulders, 6 = back/select, 7 = start.
_BUTTONS = {0: Action.CONFIRM, 1: Action.BACK, 2: Action.SECONDARY, 3: Action.NEXT_SORT,
            4: Action.PAGE_UP, 5: Action.PAGE_DOWN, 6: Action.BACK, 7: Action.PAUSE}
_HAT = {(0, 1): Action.UP, (0, -1): Action.DOWN, (-1, 0): Action.LEFT, (1, 0): Action.RIGHT}
_DEADZONE = 0.6


class Controls:
    """Maps events to actions; keeps gamepads open and turns stick pushes into single steps."""

    def __init__(self) -> None:
        self._pads: dict[int, pygame.joystick.JoystickType] = {}
        self._stick_held: dict[tuple[int, int], int] = {}

    def actions(self, event: pygame.event.Event) -> list[Action]:
        if event.type == pygame.KEYDOWN:
            action = _KEYS.get(event.key)
            return [action] if action else []
        if event.type == pygame.JOYDEVICEADDED:
            pad = pygame.joystick.Joystick(event.device_index)
            self._pads[pad.get_instance_id()] = pad
        elif event.type == pygame.JOYDEVICEREMOVED:
            self._pads.pop(event.instance_id, None)
        elif event.type == pygame.JOYBUTTONDOWN:
            action = _BUTTONS.get(event.button)
            return [action] if action else []
        elif event.type == pygame.JOYHATMOTION:
            action = _HAT.get(tuple(event.value))
            return [action] if action else []
        elif event.type == pygame.JOYAXISMOTION and event.axis in (0, 1):
            return self._stick(event.instance_id, event.axis, event.value)
        return []

    def _stick(self, pad: int, axis: int, value: float) -> list[Action]:
        """A stick acts once when pushed past the dead zone, again only after it returns."""
        direction = 0 if abs(value) < _DEADZONE else (1 if value > 0 else -1)
        key = (pad, axis)
        if direction == self._stick_held.get(key, 0):
            return []
        self._stick_held[key] = direction
        if direction == 0:
            return []
        if axis == 0:
            return [Action.RIGHT if direction > 0 else Action.LEFT]
        return [Action.DOWN if direction > 0 else Action.UP]
