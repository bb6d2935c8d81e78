"""Watching a season match between two CPU rivals: the real stage, sped up (4x, no
backing track at that speed), with Enter / A to skip to the judge's decision at once."""

from __future__ import annotations

from typing import Callable

from ...show import ShowPhase
from ..input import Action
from .stage import StageScene

WATCH_SPEED = 4.0


class WatchedMatch(StageScene):
    """A StageScene whose Enter / A, while the song plays, stops watching: the stage leaves
    and ``on_skip`` decides the match through the judge (the season board's summary card)."""

    def __init__(self, setup, on_finish, on_skip: Callable[[], None], **options) -> None:
        super().__init__(setup, on_finish=on_finish, **options)
        self.on_skip = on_skip

    def handle(self, action: Action) -> None:
        session = self.session
        if (action is Action.CONFIRM and self.verdict is None and session is not None
                and session.phase in (ShowPhase.COUNT_IN, ShowPhase.SINGING)):
            session.abort()
            self.music.stop()
            self.app.pop()
            self.on_skip()
            return
        super().handle(action)


def watch_scene(setup, on_finish, on_skip: Callable[[], None]) -> WatchedMatch:
    from .stage_link import STAGE_OPTIONS

    return WatchedMatch(setup, on_finish, on_skip, **{"speed": WATCH_SPEED, **STAGE_OPTIONS})
