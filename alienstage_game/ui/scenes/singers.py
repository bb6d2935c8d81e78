"""Choosing who sits in a seat: the full list (new singer, saved profiles, the eight CPU
rivals with their stories, or an empty seat), and making a new singer (name + colour)."""

from __future__ import annotations

import random

import pygame

from ...match.contestants import HUMAN_COLOURS, Contestant
from ...match.records import RecordsError
from .. import theme, widgets
from ..app import Scene
from ..input import Action
from ..sky import AlienSky
from . import records_link

NEW = "new"
EMPTY = "empty"
VISIBLE = 10
ROW_H = 46

# Suggested names for a new singer when there is no keyboard (Y / Tab rolls another).
SUGGESTED_NAMES = ("Nova", "Quill", "Astra", "Rook", "Lumen", "Zephra", "Cassio", "Wren", "Ilex", "Tova",
                   "Marlo", "Sable", "Onyx", "Priya", "Dax", "Yuna")


class PickSingerScene(Scene):
    """A list for one seat of a ContestantsScene; choosing sets the seat and goes back."""

    def __init__(self, seats_scene, seat_index: int) -> None:
        self.seats_scene = seats_scene
        self.seat_index = seat_index
        self.sky = AlienSky(seed=29)
        self.seconds = 0.0
        self.selected = 0
        self._rects: list[pygame.Rect] = []
        self._build()

    def _build(self) -> None:
        options = self.seats_scene.options(self.seat_index)
        self.rows: list[object] = [NEW, *[c for c in options if c is not None], EMPTY]
        current = self.seats_scene.seats[self.seat_index].who
        for index, row in enumerate(self.rows):
            if isinstance(row, Contestant) and current is not None and row.id == current.id:
                self.selected = index

    def on_enter(self) -> None:
        self._build()

    def choose(self) -> None:
        row = self.rows[self.selected]
        if row == NEW:
            self.app.push(NewSingerScene(self._created))
            return
        self.seats_scene.set_seat(self.seat_index, None if row == EMPTY else row)
        self.app.pop()

    def _created(self, profile: records_link.ProfileChoice) -> None:
        self.seats_scene.set_seat(self.seat_index, self.seats_scene.add_profile(profile))
        self.app.pop()  # the new-singer form
        self.app.pop()  # this list

    def handle(self, action: Action) -> None:
        steps = {Action.UP: -1, Action.DOWN: 1, Action.PAGE_UP: -VISIBLE, Action.PAGE_DOWN: VISIBLE}
        if action in steps:
            self.selected = max(0, min(len(self.rows) - 1, self.selected + steps[action]))
        elif action is Action.CONFIRM:
            self.choose()
        elif action is Action.BACK:
            self.app.pop()

    def on_event(self, event: pygame.event.Event) -> None:
        if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION):
            pos = self.app.to_canvas(event.pos)
            for index, rect in self._rects:
                if rect.collidepoint(pos):
                    self.selected = index
                    if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                        self.choose()
                    return
        elif event.type == pygame.MOUSEWHEEL:
            self.selected = max(0, min(len(self.rows) - 1, self.selected - event.y))

    def update(self, seconds: float) -> None:
        self.seconds += seconds

    def draw(self, canvas: pygame.Surface) -> None:
        self.sky.draw(canvas, self.seconds)
        widgets.heading(canvas, f"Seat {self.seat_index + 1}", "Who sings here?")
        area = pygame.Rect(80, 124, 560, VISIBLE * ROW_H + 16)
        detail = pygame.Rect(660, 124, 540, area.height)
        widgets.panel(canvas, area)
        widgets.panel(canvas, detail)
        first = max(0, min(self.selected - VISIBLE // 2, len(self.rows) - VISIBLE))
        self._rects = []
        for offset, row in enumerate(self.rows[first:first + VISIBLE]):
            index = first + offset
            rect = pygame.Rect(area.x + 8, area.y + 8 + offset * ROW_H, area.width - 16, ROW_H - 4)
            self._rects.append((index, rect))
            if index == self.selected:
                pygame.draw.rect(canvas, theme.DUSK, rect, border_radius=6)
            if row == NEW:
                theme.draw_text(canvas, "+ New singer…", (rect.x + 16, rect.centery), size=30, colour=theme.ACCENT,
                                anchor="midleft")
            elif row == EMPTY:
                theme.draw_text(canvas, "Leave empty (a CPU rival joins)", (rect.x + 16, rect.centery), size=28,
                                colour=theme.MUTED, anchor="midleft")
            else:
                widgets.swatch(canvas, (rect.x + 26, rect.centery), row.colour, radius=11)
                theme.draw_text(canvas, row.name, (rect.x + 50, rect.centery), size=30, anchor="midleft")
                tag = "CPU" if row.is_cpu else "profile"
                theme.draw_text(canvas, tag, (rect.right - 14, rect.centery), size=24,
                                colour=theme.GOLD if row.is_cpu else theme.ACCENT, anchor="midright")
        self._draw_detail(canvas, detail)
        widgets.footer(canvas, "Up/Down choose   Enter / A take the seat   Esc / B back")

    def _draw_detail(self, canvas: pygame.Surface, rect: pygame.Rect) -> None:
        row = self.rows[self.selected]
        x, y, width = rect.x + 24, rect.y + 22, rect.width - 48
        if row == NEW:
            theme.draw_text(canvas, "A new singer", (x, y), size=40, bold=True)
            widgets.paragraph(canvas, "Type a name and pick a colour. The profile keeps your highscores "
                              "and match history.", (x, y + 60), width, size=28)
        elif row == EMPTY:
            theme.draw_text(canvas, "An empty seat", (x, y), size=40, bold=True)
            widgets.paragraph(canvas, "When the show starts, a CPU rival who is not already on stage takes "
                              "this seat.", (x, y + 60), width, size=28)
        else:
            theme.draw_text(canvas, row.name, (x, y), size=44, bold=True, colour=row.colour)
            if row.is_cpu:
                skill = row.skill
                theme.draw_text(canvas, f"CPU rival · typical pitch error {skill.pitch_error_cents:.0f} cents",
                                (x, y + 58), size=26, colour=theme.GOLD)
                widgets.paragraph(canvas, row.bio, (x, y + 104), width, size=28)
                self._draw_skill(canvas, row, (x, rect.bottom - 70), width)
            else:
                theme.draw_text(canvas, "Human · sings into a microphone", (x, y + 58), size=26, colour=theme.ACCENT)

    @staticmethod
    def _draw_skill(canvas: pygame.Surface, row: Contestant, pos: tuple[int, int], width: int) -> None:
        """Stars for strength: 1 (rookie) to 5 (champion), from the pitch error."""
        error = row.skill.pitch_error_cents
        stars = max(1, min(5, round(5.5 - error / 15)))
        theme.draw_text(canvas, "Strength", pos, size=26, colour=theme.MUTED)
        theme.draw_text(canvas, "★" * stars + "☆" * (5 - stars), (pos[0] + 130, pos[1] - 4), size=34,
                        colour=theme.GOLD)


class NewSingerScene(Scene):
    """Name (typed; Y / Tab suggests one for gamepads) and colour (Left/Right)."""

    FIELDS = ("name", "colour", "create")

    def __init__(self, on_created) -> None:
        self.on_created = on_created
        self.sky = AlienSky(seed=31)
        self.seconds = 0.0
        self.rng = random.Random()
        self.name = ""
        # The first colour no saved singer wears yet (never the golden notes' gold: see HUMAN_COLOURS).
        worn = {tuple(p.colour) for p in records_link.profiles()}
        self.colour_index = next((i for i, c in enumerate(HUMAN_COLOURS) if c not in worn), 0)
        self.focus = 0
        self.error: str | None = None
        self.unsaved: str | None = None  # the name the records refused; confirming again plays it unsaved

    @property
    def colour(self) -> tuple[int, int, int]:
        return HUMAN_COLOURS[self.colour_index]

    def create(self) -> None:
        name = self.name.strip()
        if not name:
            self.error = "A singer needs a name (type one, or Y / Tab for a suggestion)."
            return
        if self.unsaved == name:
            self.on_created(records_link.unsaved_profile(name, self.colour))
            return
        try:
            choice = records_link.add_profile(name, self.colour)
        except RecordsError as err:
            self.unsaved = name
            self.error = f"{name} not saved: {err.reason}. Enter: sing unsaved tonight; Esc: back."
            return
        self.on_created(choice)

    def handle(self, action: Action) -> None:
        field = self.FIELDS[self.focus]
        if action in (Action.UP, Action.DOWN):
            self.focus = (self.focus + (1 if action is Action.DOWN else -1)) % len(self.FIELDS)
        elif action is Action.BACK:
            self.app.pop()
        elif action is Action.NEXT_SORT:
            self.name = self.rng.choice(SUGGESTED_NAMES)
            self.error = None
        elif field == "colour" and action in (Action.LEFT, Action.RIGHT):
            self.colour_index = (self.colour_index + (1 if action is Action.RIGHT else -1)) % len(HUMAN_COLOURS)
        elif action is Action.CONFIRM:
            if field == "name":
                self.focus = 1
            else:
                self.create()

    def on_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.TEXTINPUT and event.text.isprintable() and len(self.name) < 18:
            self.name += event.text
            self.error = None
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_BACKSPACE:
            self.name = self.name[:-1]
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            x, y = self.app.to_canvas(event.pos)
            for index, centre in enumerate(self._swatch_centres()):
                if (x - centre[0]) ** 2 + (y - centre[1]) ** 2 <= 22 ** 2:
                    self.colour_index, self.focus = index, 1
            if self._create_rect().collidepoint((x, y)):
                self.create()

    def update(self, seconds: float) -> None:
        self.seconds += seconds

    @staticmethod
    def _swatch_centres() -> list[tuple[int, int]]:
        return [(420 + i * 64, 392) for i in range(len(HUMAN_COLOURS))]

    @staticmethod
    def _create_rect() -> pygame.Rect:
        return pygame.Rect(490, 470, 300, 60)

    def draw(self, canvas: pygame.Surface) -> None:
        self.sky.draw(canvas, self.seconds)
        widgets.heading(canvas, "New singer", "Your name on the stage, and the colour of your spotlight")
        area = pygame.Rect(240, 150, 800, 420)
        widgets.panel(canvas, area)
        focus = self.FIELDS[self.focus]
        theme.draw_text(canvas, "Name", (area.x + 40, 210), size=30, colour=theme.MUTED)
        box = pygame.Rect(area.x + 180, 190, 560, 64)
        pygame.draw.rect(canvas, (12, 8, 30), box, border_radius=8)
        pygame.draw.rect(canvas, theme.ACCENT if focus == "name" else theme.PANEL_EDGE, box, width=2, border_radius=8)
        cursor = "_" if focus == "name" and int(self.seconds * 2) % 2 == 0 else ""
        shown = self.name + cursor if self.name or cursor else "type a name"
        theme.draw_text(canvas, shown, (box.x + 18, box.centery), size=36, anchor="midleft",
                        colour=self.colour if self.name else theme.MUTED)
        theme.draw_text(canvas, "Colour", (area.x + 40, 380), size=30,
                        colour=theme.ACCENT if focus == "colour" else theme.MUTED)
        for index, centre in enumerate(self._swatch_centres()):
            widgets.swatch(canvas, centre, HUMAN_COLOURS[index], radius=20, ring=index == self.colour_index)
        widgets.button(canvas, self._create_rect(), "Create singer", focus == "create")
        if self.error:
            theme.draw_text(canvas, self.error, (canvas.get_width() // 2, area.bottom + 30), size=26,
                            colour=theme.WARNING, anchor="center")
        widgets.footer(canvas, "Type the name   Y / Tab suggest one   Left/Right colour   Enter / A create   Esc / B back")
