"""Medley mode: pick 2-5 songs in the song browser (or let the show pick), two
contestants, and their medley sections are sung back to back as one duel, one verdict.

In the browser Enter / A adds or removes the song under the cursor, Right / D-pad right
sings the medley, Left / D-pad left lets the show pick four songs. The stage is the duel
stage over a ``MedleySession``; the results add each song's points.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pygame

from ...charts.library import SongEntry
from ...match.contestants import Contestant
from ...match.medley import MAX_PARTS, MIN_PARTS, MedleyError, MedleyPlan
from .. import theme, widgets, widgets_song
from ..input import Action
from .library import LibraryScene, no_audio_message
from .results import ResultsScene
from .stage import StageScene

SHOW_PICKS = 4  # songs the show picks when asked


class MedleyLibraryScene(LibraryScene):
    """The song browser, marking the medley's songs in the order they were picked."""

    def __init__(self, flow: "MedleyFlow", folders: list[Path] | None = None) -> None:
        super().__init__(folders, on_choose=self._toggle, heading="Medley: pick 2 to 5 songs")
        self.flow = flow
        self.picks: list[SongEntry] = []
        self.note: str | None = None

    def _toggle(self, entry: SongEntry) -> None:
        self.note = None
        same = [p for p in self.picks if p.path == entry.path]
        if same:
            self.picks.remove(same[0])
        elif entry.audio_problem is not None:
            self.note = no_audio_message(entry)
        elif len(self.picks) >= MAX_PARTS:
            self.note = f"A medley holds {MAX_PARTS} songs at most: → sings it"
        else:
            self.picks.append(entry)

    def handle(self, action: Action) -> None:
        if action is Action.RIGHT:
            self.sing()
        elif action is Action.LEFT:
            self.pick_for_me()
        else:
            super().handle(action)

    def pick_for_me(self, seed: int | None = None) -> None:
        """Four playable songs (those with medley marks first), in a random order."""
        if self.scan is None:
            return
        playable = [e for e in self.scan.entries if e.audio_problem is None]
        marked = [e for e in playable if e.medley_start_ms is not None and e.medley_end_ms is not None]
        rng = random.Random(seed)
        rng.shuffle(marked)
        rest = [e for e in playable if e not in marked]
        rng.shuffle(rest)
        self.picks = (marked + rest)[:SHOW_PICKS]
        self.note = None if len(self.picks) >= MIN_PARTS else "Not enough playable songs for a medley"

    def sing(self) -> None:
        if len(self.picks) < MIN_PARTS:
            self.note = f"Pick at least {MIN_PARTS} songs (Enter / A), or ← to let the show pick"
            return
        self.preview.stop()
        self.flow.songs_chosen(list(self.picks))

    def footer_text(self) -> str:
        return ("Enter / A add or remove   → sing the medley   ← the show picks   X / F2 preview   "
                "Esc / B back")

    def _draw_row_extra(self, canvas: pygame.Surface, row: SongEntry, rect: pygame.Rect) -> None:
        for number, pick in enumerate(self.picks, start=1):
            if pick.path == row.path:
                widgets_song.mark(canvas, f"#{number}", (rect.right - 150, rect.centery), size=18)

    def draw(self, canvas: pygame.Surface) -> None:
        super().draw(canvas)
        names = " · ".join(p.display_title for p in self.picks) or "no songs yet"
        text = self.note or f"Medley ({len(self.picks)}/{MAX_PARTS}): {names}"
        theme.draw_text(canvas, theme.fit_text(text, 24, 1200), (640, 660), size=24,
                        colour=theme.WARNING if self.note else theme.GOLD, anchor="center")


class MedleyStageScene(StageScene):
    """The duel stage over a medley: one session, the songs in turn, one verdict."""

    def __init__(self, setup: Any, plan: MedleyPlan, **options) -> None:
        self.plan = plan
        self._part_shown = -1
        super().__init__(setup, **options)

    def _build_session(self) -> None:
        from ...show.medley import MedleySession

        self.session = MedleySession(self.setup, self.plan, **self._session_args)

    def draw(self, canvas: pygame.Surface) -> None:
        if self.session is not None and self._built:
            index = self.plan.part_at(self.session.time)
            if index != self._part_shown:  # the title line says which song of the medley plays
                self._part_shown = index
                label = (f"Medley · song {index + 1} of {len(self.plan.parts)}: {self.plan.parts[index].title}"
                         f"  ·  {self.setup.difficulty.label}")
                self.title_image = theme.font(22).render(theme.fit_text(label, 22, 520), True, theme.GOLD)
        super().draw(canvas)


class MedleyResultsScene(ResultsScene):
    """The verdict of the whole medley, with each song's points for both contestants."""

    def __init__(self, outcome: Any, plan: MedleyPlan, **options) -> None:
        super().__init__(outcome, **options)
        from ...show.medley import part_scores

        self.plan = plan
        self.parts = part_scores(plan, outcome)

    def _read_highscores(self) -> None:
        self.highscores = []  # a medley is no chart's highscore

    def _draw_side(self, canvas: pygame.Surface, rect: pygame.Rect) -> None:
        """In the highscores' place: each song's points for both contestants."""
        widgets.panel(canvas, rect)
        x = rect.x + 20
        theme.draw_text(canvas, "The medley", (x, rect.y + 14), size=30, bold=True, colour=theme.GOLD)
        colours = [seat.colour for seat in self.outcome.seats]
        for k, (title, (a, b)) in enumerate(self.parts):
            y = rect.y + 56 + k * 30
            theme.draw_text(canvas, theme.fit_text(f"{k + 1}. {title}", 22, rect.width - 190), (x, y), size=22)
            theme.draw_text(canvas, f"{a:,}", (rect.right - 100, y), size=22, colour=colours[0], anchor="topright")
            theme.draw_text(canvas, f"{b:,}", (rect.right - 20, y), size=22, colour=colours[1], anchor="topright")
        self.menu.draw(canvas, (rect.centerx, rect.bottom - 72), spacing=36, size=28)
        if self.saved_to:
            theme.draw_text(canvas, f"{len(self.saved_to)} pictures saved ✓", (rect.centerx, rect.bottom - 18),
                            size=20, colour=theme.ACCENT, anchor="center")


class MedleyFlow:
    """Songs -> two contestants -> mic setup when needed -> the medley stage -> results."""

    def __init__(self, app, folders: list[Path] | None = None) -> None:
        self.app = app
        self.folders = folders
        self.entries: list[SongEntry | Path] = []
        self.pair: list[Contestant] = []
        self.plan: MedleyPlan | None = None

    def begin(self) -> None:
        self.app.push(MedleyLibraryScene(self, self.folders))

    def songs_chosen(self, entries: list[SongEntry | Path]) -> None:
        """The browser's picks (or charts named on the command line)."""
        from ...charts import ChartError
        from ...show.medley import medley_plan
        from .contestants import ContestantsScene
        from .notice import NoticeScene
        from .stage_link import hear_original

        try:
            self.plan = medley_plan([getattr(e, "path", e) for e in entries], hear_original=hear_original())
        except (ChartError, MedleyError) as err:
            self.app.push(NoticeScene("Cannot sing this medley", str(err), colour=theme.WARNING))
            return
        silent = next((p for p in self.plan.parts if p.audio is None), None)
        if silent is not None:  # charts named on the command line: the browser refuses these itself
            from ...charts.media import media_file

            named = media_file(silent.song, "AUDIO")
            why = named.reason if named is not None else "the chart names no audio file"
            self.app.push(NoticeScene("Cannot sing this medley", f"No audio for {silent.title}: {why}. "
                                      "Add the file or fix #AUDIO.", colour=theme.WARNING))
            return
        self.entries = entries
        self.app.push(ContestantsScene(2, on_done=self.field_chosen, title="Medley",
                                       subtitle=f"{len(entries)} songs · pick two contestants"))

    def field_chosen(self, pair: list[Contestant]) -> None:
        from .flow import mic_trouble, seats_without_mic

        self.pair = pair
        missing = seats_without_mic(pair)
        trouble = None if missing else mic_trouble(pair)
        if missing or trouble:
            from .mic_setup import MicSetupScene

            humans = missing or [i for i, who in enumerate(pair) if not who.is_cpu]
            reason = trouble or f"{pair[missing[0]].name} needs a microphone"
            self.app.push(MicSetupScene(players=max(humans) + 1, on_done=self.go_on_stage, reason=reason))
        else:
            self.go_on_stage()

    def go_on_stage(self) -> None:
        from . import stage_link
        from .flow import difficulty

        assert self.plan is not None
        setup = stage_link.duel_setup(Path(getattr(self.entries[0], "path", self.entries[0])), self.pair, difficulty())
        setup = replace(setup, title=self.plan.title)
        self.app.push(MedleyStageScene(setup, self.plan, on_finish=self.finished, **stage_link.STAGE_OPTIONS))

    def finished(self, app, outcome: Any) -> None:
        from .flow import back_to_title

        assert self.plan is not None
        scene = MedleyResultsScene(outcome, self.plan, on_continue=lambda: back_to_title(app))
        if isinstance(app.scene, StageScene):
            app.replace(scene)
        else:
            app.push(scene)
