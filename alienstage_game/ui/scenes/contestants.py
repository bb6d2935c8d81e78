"""Contestants: who takes each seat. Humans come from saved profiles (or a new one made
here); an empty seat is filled by one of the eight CPU rivals when the show starts.

Left/Right cycles a seat's singer, Enter opens the full list (with the rivals' stories),
X / F2 (or a click on the colour) changes the seat's colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pygame

from ...match.contestants import HUMAN_COLOURS, ROSTER, Contestant
from .. import theme, widgets
from ..app import Scene
from ..input import Action
from ..sky import AlienSky
from . import records_link

# The order empty seats are given rivals: a fair middle first, then around it.
FILL_ORDER = (4, 2, 6, 1, 5, 3, 7, 0)
ROW_H = 62


@dataclass
class Seat:
    who: Contestant | None = None


def human(profile: records_link.ProfileChoice) -> Contestant:
    return Contestant.human(profile.name, profile.colour, profile_id=profile.id)


def fill_empty(seats: list[Contestant | None]) -> list[Contestant]:
    """Every empty seat gets a rival not already seated; colours made distinct."""
    taken = {c.id for c in seats if c is not None}
    free = [ROSTER[i] for i in FILL_ORDER if ROSTER[i].id not in taken]
    filled = [c if c is not None else free.pop(0) for c in seats]
    return distinct_colours(filled)


def distinct_colours(field: list[Contestant]) -> list[Contestant]:
    """Two seats never share a colour: a later duplicate takes the first unused one."""
    palette = [*HUMAN_COLOURS, *(c.colour for c in ROSTER)]
    used: set[tuple[int, int, int]] = set()
    out = []
    for person in field:
        colour = tuple(person.colour)
        if colour in used:
            colour = next(c for c in palette if c not in used)
            person = Contestant(person.id, person.name, colour, person.bio, person.skill)
        used.add(colour)
        out.append(person)
    return out


class ContestantsScene(Scene):
    def __init__(self, seats: int = 2, on_done: Callable[[list[Contestant]], None] | None = None,
                 min_seats: int | None = None, max_seats: int | None = None,
                 title: str = "Contestants", subtitle: str = "") -> None:
        self.sky = AlienSky(seed=23)
        self.seconds = 0.0
        self.min_seats = min_seats or seats
        self.max_seats = max_seats or seats
        self.on_done = on_done
        self.title = title
        self.subtitle = subtitle
        self.profiles = records_link.profiles()
        self.seats = [Seat() for _ in range(seats)]
        if self.profiles:
            self.seats[0].who = human(self.profiles[0])
        self.focus = 0
        self._rects: list[pygame.Rect] = []
        self._swatches: list[pygame.Rect] = []

    # -- rows: [seat count (when it can change)], seats..., start ---------------------------------
    @property
    def adjustable(self) -> bool:
        return self.max_seats > self.min_seats

    def _rows(self) -> list[str]:
        return (["count"] if self.adjustable else []) + [f"seat{i}" for i in range(len(self.seats))] + ["start"]

    @property
    def focused_row(self) -> str:
        rows = self._rows()
        return rows[min(self.focus, len(rows) - 1)]

    def options(self, seat_index: int) -> list[Contestant | None]:
        """Who could sit here: empty, each profile, each rival, minus those seated elsewhere."""
        elsewhere = {s.who.id for i, s in enumerate(self.seats) if s.who is not None and i != seat_index}
        everyone = [None, *(human(p) for p in self.profiles), *ROSTER]
        return [c for c in everyone if c is None or c.id not in elsewhere]

    def set_seat(self, index: int, who: Contestant | None) -> None:
        self.seats[index].who = who

    def add_profile(self, profile: records_link.ProfileChoice) -> Contestant:
        if all(p.name != profile.name for p in self.profiles):
            self.profiles.append(profile)
        return human(profile)

    def _cycle(self, index: int, step: int) -> None:
        options = self.options(index)
        current = self.seats[index].who
        ids = [c.id if c else None for c in options]
        position = ids.index(current.id if current else None) if (current.id if current else None) in ids else 0
        self.seats[index].who = options[(position + step) % len(options)]

    def _recolour(self, index: int) -> None:
        who = self.seats[index].who
        if who is None:
            return
        palette = list(HUMAN_COLOURS) if not who.is_cpu else [*HUMAN_COLOURS, *(c.colour for c in ROSTER)]
        taken = {tuple(s.who.colour) for i, s in enumerate(self.seats) if i != index and s.who is not None}
        at = palette.index(tuple(who.colour)) if tuple(who.colour) in palette else -1
        # The next colour no other seat wears (no two seats share a colour).
        ring = [palette[(at + k) % len(palette)] for k in range(1, len(palette) + 1)]
        colour = next((c for c in ring if c not in taken), tuple(who.colour))
        self.seats[index].who = Contestant(who.id, who.name, colour, who.bio, who.skill)

    def _resize(self, step: int) -> None:
        count = max(self.min_seats, min(self.max_seats, len(self.seats) + step))
        while len(self.seats) < count:
            self.seats.append(Seat())
        del self.seats[count:]

    # -- input ------------------------------------------------------------------------------------
    def handle(self, action: Action) -> None:
        rows = self._rows()
        row = self.focused_row
        if action in (Action.UP, Action.DOWN):
            self.focus = (self.focus + (1 if action is Action.DOWN else -1)) % len(rows)
        elif action is Action.BACK:
            self.app.pop()
        elif action is Action.PAUSE:
            self.start()
        elif row == "count" and action in (Action.LEFT, Action.RIGHT):
            self._resize(1 if action is Action.RIGHT else -1)
        elif row.startswith("seat"):
            index = int(row[4:])
            if action in (Action.LEFT, Action.RIGHT):
                self._cycle(index, 1 if action is Action.RIGHT else -1)
            elif action is Action.SECONDARY:
                self._recolour(index)
            elif action is Action.CONFIRM:
                self.open_picker(index)
        elif row == "start" and action is Action.CONFIRM:
            self.start()

    def on_event(self, event: pygame.event.Event) -> None:
        if event.type not in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION):
            return
        pos = self.app.to_canvas(event.pos)
        for index, rect in enumerate(self._rects):
            if rect.collidepoint(pos):
                self.focus = index
                if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                    row = self.focused_row
                    if row.startswith("seat"):
                        seat = int(row[4:])
                        if self._swatches[seat].collidepoint(pos):
                            self._recolour(seat)
                        else:
                            self.open_picker(seat)
                    elif row == "start":
                        self.start()
                    elif row == "count":
                        self._resize(-1 if pos[0] < rect.centerx else 1)
                return

    def open_picker(self, index: int) -> None:
        from .singers import PickSingerScene

        self.app.push(PickSingerScene(self, index))

    def start(self) -> None:
        field = fill_empty([s.who for s in self.seats])
        for seat, person in zip(self.seats, field):
            seat.who = person
        if self.on_done is not None:
            self.on_done(field)

    def update(self, seconds: float) -> None:
        self.seconds += seconds

    # -- drawing -------------------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        self.sky.draw(canvas, self.seconds)
        widgets.heading(canvas, self.title, self.subtitle or "Pick a singer for each seat; empty seats get a CPU rival")
        rows = self._rows()
        self._rects, self._swatches = [], [pygame.Rect(0, 0, 0, 0)] * len(self.seats)
        compact = len(self.seats) > 5
        height = 48 if compact else ROW_H
        area = pygame.Rect(120, 124, 1040, len(rows) * height + 24)
        widgets.panel(canvas, area)
        y = area.y + 12
        for index, row in enumerate(rows):
            rect = pygame.Rect(area.x + 12, y, area.width - 24, height - 6)
            self._rects.append(rect)
            focused = index == self.focus
            if focused:
                pygame.draw.rect(canvas, theme.DUSK, rect, border_radius=8)
                pygame.draw.rect(canvas, theme.ACCENT, rect, width=2, border_radius=8)
            if row == "count":
                theme.draw_text(canvas, "Seats", (rect.x + 18, rect.centery), size=30, bold=focused, anchor="midleft")
                theme.draw_text(canvas, f"◀  {len(self.seats)}  ▶", (rect.x + 340, rect.centery), size=30,
                                colour=theme.ACCENT if focused else theme.STARLIGHT, anchor="midleft")
                theme.draw_text(canvas, f"{self.min_seats} to {self.max_seats}; odd fields give byes",
                                (rect.right - 18, rect.centery), size=24, colour=theme.MUTED, anchor="midright")
            elif row == "start":
                label = "Start the show" if self.on_done else "Done"
                theme.draw_text(canvas, label, rect.center, size=34, bold=True,
                                colour=theme.GOLD if focused else theme.STARLIGHT, anchor="center")
            else:
                self._draw_seat(canvas, int(row[4:]), rect, focused, compact)
            y += height
        seat_focus = self.focused_row.startswith("seat")
        hint = ("Left/Right: next singer   Enter / A: full list or new singer   X / F2: colour"
                if seat_focus else "Enter / A or Start: begin   Esc / B: back")
        theme.draw_text(canvas, hint, (canvas.get_width() // 2, area.bottom + 28), size=26,
                        colour=theme.STARLIGHT, anchor="center")
        widgets.footer(canvas, "Up/Down choose   Left/Right change   Enter / A pick   Start / P begin   Esc / B back")

    def _draw_seat(self, canvas: pygame.Surface, index: int, rect: pygame.Rect, focused: bool, compact: bool) -> None:
        who = self.seats[index].who
        theme.draw_text(canvas, f"Seat {index + 1}", (rect.x + 18, rect.centery), size=26, colour=theme.MUTED,
                        anchor="midleft")
        swatch_centre = (rect.x + 150, rect.centery)
        self._swatches[index] = pygame.Rect(swatch_centre[0] - 18, swatch_centre[1] - 18, 36, 36)
        if who is None:
            pygame.draw.circle(canvas, theme.PANEL_EDGE, swatch_centre, 14, width=2)
            theme.draw_text(canvas, "Empty — a CPU rival will sing", (rect.x + 184, rect.centery), size=30,
                            colour=theme.MUTED, anchor="midleft")
            return
        widgets.swatch(canvas, swatch_centre, who.colour, ring=focused)
        theme.draw_text(canvas, who.name, (rect.x + 184, rect.centery), size=32, bold=focused,
                        colour=who.colour if focused else theme.STARLIGHT, anchor="midleft")
        tag = "CPU rival" if who.is_cpu else "Human, microphone"
        theme.draw_text(canvas, tag, (rect.x + 470, rect.centery), size=24,
                        colour=theme.GOLD if who.is_cpu else theme.ACCENT, anchor="midleft")
        if who.bio and not compact:
            bio = theme.fit_text(who.bio, 22, rect.right - rect.x - 700)
            theme.draw_text(canvas, bio, (rect.x + 680, rect.centery), size=22, colour=theme.MUTED, anchor="midleft")
