"""Season: start a new one, resume one that is still running (saved after every match), or
look back at a finished one and its champion."""

from __future__ import annotations

from pathlib import Path

import pygame

from ...match.contestants import Contestant
from ...match.season import Season, SeasonStatus
from .. import theme, widgets
from ..app import MenuScene
from ..sky import AlienSky
from . import flow, records_link

MAX_LISTED = 6


def season_charts() -> list[str]:
    """The songs a season deals its matches from: the bundled levels."""
    from ...charts.level import load_level
    from ...paths import bundled_levels_dir

    out = []
    for folder in sorted(bundled_levels_dir().iterdir()):
        if (folder / "level.toml").is_file():
            try:
                load_level(folder, load_chart=False)
            except Exception:  # a broken level is listed by the library, never dealt here
                continue
            out.append(str(folder))
    return out


class SeasonStartScene(MenuScene):
    def __init__(self) -> None:
        self.sky = AlienSky(seed=41)
        self.seconds = 0.0
        self.rows: list[tuple[str, str | None]] = []
        self.menu = widgets.MenuList(["New season"])
        self.notice = records_link.notice()

    def on_enter(self) -> None:
        rows: list[tuple[str, str | None]] = [("New season", None)]
        for row in records_link.seasons(SeasonStatus.ACTIVE)[:MAX_LISTED]:
            rows.append((f"Resume: {row.name}", row.id))
        for row in records_link.seasons(SeasonStatus.FINISHED)[:3]:
            rows.append((f"Look back: {row.name} ({row.champion or '?'} won)", row.id))
        self.rows = rows
        # The default is Resume when a season is running (the newest), else New season.
        running = len(rows) > 1 and rows[1][0].startswith("Resume")
        self.menu = widgets.MenuList([label for label, _ in rows], 1 if running else 0)

    def choose(self, index: int) -> None:
        label, season_id = self.rows[index]
        if season_id is None:
            SeasonFlow(self.app).begin()
            return
        season = records_link.load_season(season_id)
        if season is None:
            self.notice = "That season could not be read back; it was saved by another version."
            return
        from .season_board import SeasonBoardScene

        self.app.push(SeasonBoardScene(season))

    def update(self, seconds: float) -> None:
        self.seconds += seconds

    def draw(self, canvas: pygame.Surface) -> None:
        self.sky.draw(canvas, self.seconds)
        widgets.heading(canvas, "Season", "Two to eight contestants, a knockout bracket, one champion")
        area = pygame.Rect(200, 140, 880, 80 + 52 * len(self.rows))
        widgets.panel(canvas, area)
        self.menu.draw(canvas, (640, 190), spacing=52)
        if len(self.rows) == 1:
            theme.draw_text(canvas, "No season saved yet: every match is saved as it ends.", (640, area.bottom + 30),
                            size=26, colour=theme.MUTED, anchor="center")
        if self.notice:
            theme.draw_text(canvas, theme.fit_text(self.notice, 22, 1180), (640, area.bottom + 70), size=22,
                            colour=theme.WARNING, anchor="center")
        widgets.footer(canvas, "Up/Down choose   Enter / A open   Esc / B back")


class SeasonFlow:
    """New season: contestants -> (mic setup when a human has no mic) -> the board."""

    def __init__(self, app, charts: list[str] | None = None, seed: int | None = None) -> None:
        self.app = app
        self.charts = charts
        self.seed = seed
        self.field: list[Contestant] = []
        self.defender: Contestant | None = None  # the reigning champion, when they defend the title

    def begin(self) -> None:
        from .contestants import ContestantsScene

        self.app.push(ContestantsScene(4, min_seats=2, max_seats=8, on_done=self.field_chosen, title="New season",
                                       subtitle="Two to eight contestants; empty seats get CPU rivals"))

    def field_chosen(self, field: list[Contestant]) -> None:
        """The field is set: the title-duel option when a champion reigns who is not in the
        field, then the mic setup when a human needs one, then the board."""
        self.field = field
        self.defender = None
        reigning = records_link.reigning_champion()
        if reigning is not None and reigning.id not in {c.id for c in field}:
            from .confirm import ConfirmScene

            def defend() -> None:
                self.defender = reigning
                self._mics()

            self.app.push(ConfirmScene(
                "A title duel?", f"{reigning.name} reigns: after the final, the season's winner sings for the title.",
                yes="With a title duel", no="Without", on_yes=defend, on_no=self._mics, under=self.app.scene))
            return
        self._mics()

    def _mics(self) -> None:
        field = self.field
        humans = [i for i, who in enumerate(field) if not who.is_cpu]
        mapped = flow.audio_link.player_inputs(flow.settings_io.load())
        if humans and not mapped:
            from .mic_setup import MicSetupScene

            self.app.push(MicSetupScene(players=min(2, len(humans)), on_done=self.open_board,
                                        reason="A human contestant needs a microphone"))
        else:
            self.open_board()

    def open_board(self) -> None:
        from .season_board import SeasonBoardScene
        from .title import TitleScene

        charts = self.charts if self.charts is not None else season_charts()
        from ...match.season import numbered_name

        name = numbered_name([row.name for row in records_link.seasons()])  # "Season 3"
        season = Season.new(self.field, charts=charts, seed=self.seed, difficulty=flow.difficulty(),
                            store=records_link.SeasonKeeper(), name=name, defender=self.defender)
        # Over the season menu (Esc on the board goes back to it), or the title when none.
        self.app.pop_to(SeasonStartScene if any(isinstance(s, SeasonStartScene) for s in self.app.scenes)
                        else TitleScene)
        self.app.push(SeasonBoardScene(season))


def chart_path(season: Season, match_id: str) -> Path | None:
    chart = season.chart_for(match_id)
    return Path(chart) if chart else None
