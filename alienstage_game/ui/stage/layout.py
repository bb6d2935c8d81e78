"""Where everything sits on the 1280x720 canvas: one shared lane (battle) or two (duet)."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

SIDE = 170  # the contestants' strips, left and right of the lanes
TOP = 112  # below the scores and the vote bar


@dataclass(frozen=True)
class StageLayout:
    lanes: tuple[pygame.Rect, ...]  # one per lane, top to bottom
    lyrics_top: int
    audience_top: int
    figures: tuple[tuple[int, int], tuple[int, int]]  # where each contestant stands (centre x, feet y)
    vote_bar: pygame.Rect

    @classmethod
    def for_stage(cls, shared_lane: bool, size: tuple[int, int] = (1280, 720)) -> "StageLayout":
        width, height = size
        lane_w = width - 2 * SIDE
        if shared_lane:
            lanes = (pygame.Rect(SIDE, TOP + 8, lane_w, 330),)
        else:
            lanes = (pygame.Rect(SIDE, TOP + 4, lane_w, 166), pygame.Rect(SIDE, TOP + 182, lane_w, 166))
        return cls(
            lanes=lanes,
            lyrics_top=TOP + 358,
            audience_top=height - 118,
            figures=((SIDE // 2, TOP + 330), (width - SIDE // 2, TOP + 330)),
            vote_bar=pygame.Rect(width // 2 - 250, 58, 500, 18),
        )
