"""The editor's mouse: clicks, double clicks and drags on the piano roll (select, box
select, move, resize, insert), the wheel (scroll, zoom) and clicks on the side panel."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from ...editor import EditError, edits
from ..editor.panels import PAGES
from ..editor.roll import Hit
from ..editor.tap_panel import TapStage

DOUBLE_CLICK_S = 0.4
DRAG_PX = 4


@dataclass
class Drag:
    part: str  # "body" | "end" | "start" | "box"
    start: tuple[int, int]
    beat0: float
    pitch0: int
    applied_beats: int = 0
    applied_pitch: int = 0
    box: pygame.Rect | None = None
    moved: bool = False
    additive: bool = False


class EditorMouse:
    """Mixed into the editor scene (with EditorInput): it needs the scene's document, view and layout."""

    def mouse_down(self, event: pygame.event.Event) -> None:
        pos = self.app.to_canvas(event.pos)
        if event.button != 1:
            return
        shift = bool(pygame.key.get_mods() & pygame.KMOD_SHIFT) or bool(getattr(event, "mod", 0) & pygame.KMOD_SHIFT)
        if self.field is not None:  # a click elsewhere keeps what was typed
            if self.field_target and self.field_target[0] == "tap":
                self.close_field()
            else:
                self.field.on_commit(self.field.text)
        if self.layout.side.collidepoint(pos):
            self.side_click(pos)
            return
        for rect, voice_id in self.voice_chips:
            if rect.collidepoint(pos):
                self.switch_voice(voice_id)
                return
        for rect, key in self.toggle_chips:
            if rect.collidepoint(pos):
                self.roll_key(pygame.K_g if key == "guide" else pygame.K_b, False, False, False)
                return
        if self.layout.wave.collidepoint(pos):
            self.move_cursor(round(self.view.beat_at(pos[0])))
            return
        if not self.view.rect.collidepoint(pos):
            return
        self.focus = "roll"
        # A double click is two clicks (press and release without a drag) close in time and place.
        double = self.seconds - self._last_click[0] < DOUBLE_CLICK_S and abs(pos[0] - self._last_click[1][0]) < 6
        hit = self.view.hit(self.doc.song, self.voice, pos)
        beat, pitch = self.view.beat_at(pos[0]), self.view.pitch_at(pos[1])
        if hit is None:
            if double:
                self.insert_note(int(beat), pitch)
                return
            self.drag = Drag("box", pos, beat, pitch, additive=shift)
            return
        if double and hit.part == "body":
            self.doc.select([hit.ref])
            self.edit_text()
            return
        self._grab(hit, shift)
        self.drag = Drag(hit.part, pos, beat, pitch)

    def _grab(self, hit: Hit, shift: bool) -> None:
        chosen = set(self.doc.selection)
        if shift:
            chosen ^= {hit.ref}
            self.doc.select(chosen)
        elif hit.ref not in chosen:
            self.doc.select([hit.ref])

    def mouse_move(self, event: pygame.event.Event) -> None:
        drag = self.drag
        if drag is None:
            return
        pos = self.app.to_canvas(event.pos)
        if not drag.moved and abs(pos[0] - drag.start[0]) + abs(pos[1] - drag.start[1]) < DRAG_PX:
            return
        drag.moved = True
        if drag.part == "box":
            drag.box = pygame.Rect(min(drag.start[0], pos[0]), min(drag.start[1], pos[1]),
                                   abs(pos[0] - drag.start[0]) + 1, abs(pos[1] - drag.start[1]) + 1)
            return
        if not self.doc.selection:
            return
        beats = round(self.view.beat_at(pos[0]) - drag.beat0)
        if drag.part == "body":
            pitch = self.view.pitch_at(pos[1]) - drag.pitch0
            if (beats, pitch) != (drag.applied_beats, drag.applied_pitch):
                if self.apply_quiet(edits.MoveNotes(self.doc.selection, beats=beats - drag.applied_beats,
                                                    pitch=pitch - drag.applied_pitch)):
                    drag.applied_beats, drag.applied_pitch = beats, pitch
        elif beats != drag.applied_beats:
            delta = beats - drag.applied_beats
            if self.apply_quiet(edits.ResizeNotes(self.doc.selection, -delta if drag.part == "start" else delta,
                                                  start=drag.part == "start")):
                drag.applied_beats = beats

    def apply_quiet(self, edit) -> bool:
        try:
            self.doc.apply(edit)
            return True
        except EditError:
            return False  # a drag past a neighbour just stops there

    def mouse_up(self, event: pygame.event.Event) -> None:
        drag, self.drag = self.drag, None
        if drag is None or event.button != 1:
            return
        self._last_click = (-10.0, (0, 0)) if drag.moved else (self.seconds, drag.start)
        if drag.part == "box":
            if drag.box is not None:
                found = self.view.refs_in(self.doc.song, self.voice, drag.box)
                self.doc.select(set(found) | (set(self.doc.selection) if drag.additive else set()))
            else:
                if not drag.additive:
                    self.doc.clear_selection()
                self.move_cursor(round(drag.beat0))

    def wheel(self, event: pygame.event.Event) -> None:
        mods = pygame.key.get_mods()
        if mods & pygame.KMOD_CTRL:
            self.view.zoom(1.15 if event.y > 0 else 1 / 1.15, pygame.mouse.get_pos()[0])
        elif mods & pygame.KMOD_SHIFT:
            self.view.scroll_pitch(event.y * 2)
        else:
            self.view.scroll_beats((-event.y + event.x) * self.view.beats_visible / 16)

    def side_click(self, pos: tuple[int, int]) -> None:
        self.focus = "side"
        for name, rect in zip(PAGES, self.layout.tab_rects()):
            if rect.collidepoint(pos):
                self.show_page(name)
                return
        if self.page == "Headers":
            hit = self.headers.hit(pos)
            if isinstance(hit, int):
                self.headers.row = hit
                self.edit_header(hit)
            elif hit == "detect":
                self.detect_timing()
            elif hit == "fit":
                self.fit_to_audio()
            elif hit in ("gap-", "gap+"):
                self.apply(edits.ShiftGap(-10 if hit == "gap-" else 10))
            elif hit == "voice":
                self.switch_voice() if len(self.doc.song.voices) > 1 else self.apply(edits.AddVoice())
        elif self.page == "Problems":
            problem = self.problems_panel.hit(pos)
            if problem is not None:
                self.jump_to(problem)
        elif self.page == "Tap" and self.tap.stage is not TapStage.TAPPING:
            self.show_page("Tap")
