"""How strict the judge is: one setting, shared by scoring, records and the menus."""

from __future__ import annotations

from enum import Enum


class Difficulty(str, Enum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"

    @property
    def label(self) -> str:
        return self.value.capitalize()
