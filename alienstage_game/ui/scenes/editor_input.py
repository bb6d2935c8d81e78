"""The editor's input: keys (with modifiers from the event itself, so posted test events
behave like real ones), the mouse on the roll and the side panel, and a gamepad.

The app hands a scene each event twice: as menu actions (``handle``) and raw
(``on_event``). Keys are read raw; actions are kept only for pads, and for the modal
cards, which speak actions.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from ...charts import NoteKind
from ...editor import EditError, edits
from ..editor.overlays import HelpOverlay
from ..editor.panels import PAGES
from ..editor.roll import Hit
from ..editor.tap_panel import TAP_KEYS, TapStage
from ..input import Action

KIND_KEYS = {pygame.K_1: NoteKind.NORMAL, pygame.K_2: NoteKind.GOLDEN, pygame.K_3: NoteKind.FREESTYLE,
             pygame.K_4: NoteKind.RAP, pygame.K_5: NoteKind.GOLDEN_RAP}
KIND_CYCLE = (NoteKind.NORMAL, NoteKind.GOLDEN, NoteKind.FREESTYLE, NoteKind.RAP)
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


class EditorInput:
    def init_input(self) -> None:
        self.drag: Drag | None = None
        self._pending: list[Action] = []
        self._last_click = (-10.0, (0, 0))
        self.voice_chips: list = []
        self.toggle_chips: list = []

    # -- dispatch ----------------------------------------------------------------------------
    def handle(self, action: Action) -> None:
        self._pending.append(action)

    def on_event(self, event: pygame.event.Event) -> None:
        actions, self._pending = self._pending, []
        if self.overlay is not None and not self.overlay.closed:
            self._overlay_event(event, actions)
            return
        if self.field is not None and event.type in (pygame.KEYDOWN, pygame.TEXTINPUT):
            self.field.event(event)
            return
        if event.type == pygame.KEYDOWN:
            self.key(event)
        elif event.type == pygame.KEYUP:
            if self.tap.stage is TapStage.TAPPING and event.key in TAP_KEYS:
                self.tap_release()
        elif event.type == pygame.TEXTINPUT:
            if event.text == "?":
                self.overlay = HelpOverlay()
        elif event.type == pygame.MOUSEBUTTONDOWN:
            self.mouse_down(event)
        elif event.type == pygame.MOUSEMOTION:
            self.mouse_move(event)
        elif event.type == pygame.MOUSEBUTTONUP:
            self.mouse_up(event)
        elif event.type == pygame.MOUSEWHEEL:
            self.wheel(event)
        else:
            for action in actions:
                self.pad(action)

    def _overlay_event(self, event: pygame.event.Event, actions: list[Action]) -> None:
        overlay = self.overlay
        for action in actions:
            overlay.action(action)
        if event.type == pygame.KEYDOWN and not actions:
            overlay.key(event)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            overlay.click(self.app.to_canvas(event.pos))

    def apply(self, edit) -> bool:
        """Do an edit; a refusal is told in the status line, never raised."""
        try:
            self.doc.apply(edit)
        except EditError as exc:
            self.say(str(exc), (255, 165, 120))
            return False
        return True

    # -- keys ------------------------------------------------------------------------------
    def key(self, event: pygame.event.Event) -> None:
        key, mod = event.key, getattr(event, "mod", 0)
        ctrl, shift, alt = bool(mod & pygame.KMOD_CTRL), bool(mod & pygame.KMOD_SHIFT), bool(mod & pygame.KMOD_ALT)
        if self.tap.stage is TapStage.TAPPING:
            self.tap_key(key)
            return
        if ctrl and self.ctrl_key(key, shift):
            return
        if key == pygame.K_F1:
            self.overlay = HelpOverlay()
        elif key in (pygame.K_F3, pygame.K_F4, pygame.K_F5):
            self.show_page(PAGES[key - pygame.K_F3])
        elif key == pygame.K_F6:
            self.ask_playtest()
        elif key == pygame.K_F7:
            self.start_tapping()
        elif key == pygame.K_ESCAPE:
            self.escape()
        elif self.focus == "side" and self.side_key(key):
            return
        elif key == pygame.K_SPACE:
            self.toggle_play()
        else:
            self.roll_key(key, shift, alt, ctrl)

    def ctrl_key(self, key: int, shift: bool) -> bool:
        doc = self.doc
        if key == pygame.K_z:
            (doc.redo if shift else doc.undo)() or self.say("nothing to " + ("redo" if shift else "undo"))
        elif key == pygame.K_y:
            doc.redo() or self.say("nothing to redo")
        elif key == pygame.K_s:
            self.save()
        elif key == pygame.K_a:
            doc.select_all(self.voice)
        elif key == pygame.K_t:
            self.detect_timing()
        elif key == pygame.K_e:
            self.next_problem()
        elif key in (pygame.K_LEFT, pygame.K_RIGHT) and shift:
            self.resize(-1 if key == pygame.K_LEFT else 1, start=True)
        else:
            return False
        return True

    def roll_key(self, key: int, shift: bool, alt: bool, ctrl: bool) -> None:
        doc = self.doc
        refs = doc.selection
        step = -1 if key in (pygame.K_LEFT, pygame.K_DOWN, pygame.K_PAGEDOWN) else 1
        if key in (pygame.K_LEFT, pygame.K_RIGHT):
            if alt:
                self.apply(edits.ShiftBeats(step))
            elif shift and refs:
                self.resize(step)
            elif refs:
                self.move(beats=step)
            else:
                self.move_cursor(doc.cursor.beat + step * (16 if shift else 1))
        elif key in (pygame.K_UP, pygame.K_DOWN):
            if refs:
                self.move(pitch=step * (12 if ctrl else 1))
            else:
                self.view.scroll_pitch(step * 2)
        elif key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN) and refs:
            self.move(pitch=12 * step)
        elif key == pygame.K_TAB:
            self.select_next(-1 if shift else 1)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.edit_text()
        elif key in KIND_KEYS and refs:
            self.apply(edits.SetKind(refs, KIND_KEYS[key]))
        elif key == pygame.K_s and refs:
            self.split()
        elif key == pygame.K_m and len(refs) >= 2:
            self.apply(edits.MergeNotes(refs))
        elif key in (pygame.K_DELETE, pygame.K_BACKSPACE) and refs:
            self.apply(edits.DeleteNotes(refs))
        elif key == pygame.K_INSERT:
            self.insert_note(doc.cursor.beat, None)
        elif key == pygame.K_l and refs:
            self.line_break(join=shift)
        elif key == pygame.K_v:
            self.switch_voice()
        elif key == pygame.K_c:
            self.copy_line(together=shift)
        elif key == pygame.K_g:
            self.guide_on = not self.guide_on
            self.restart_play()
        elif key == pygame.K_b:
            self.metronome_on = not self.metronome_on
            self.restart_play()
        elif key == pygame.K_k and refs:
            self.pitch_from_curve()
        elif key in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET):
            self.apply(edits.ShiftGap((100 if shift else 10) * (-1 if key == pygame.K_LEFTBRACKET else 1)))
        elif key == pygame.K_HOME:
            self.move_cursor(0)
        elif key == pygame.K_END:
            self.move_cursor(max((v.end_beat for v in doc.song.voices), default=0))
        elif key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.view.zoom(1.25)
        elif key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.view.zoom(0.8)

    def side_key(self, key: int) -> bool:
        """Keys for the focused side page; False lets the roll have them."""
        if self.page == "Headers":
            fields = self.headers.fields(self.doc.song)
            if key in (pygame.K_UP, pygame.K_DOWN):
                self.headers.row = (self.headers.row + (1 if key == pygame.K_DOWN else -1)) % len(fields)
            elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.edit_header(self.headers.row)
            else:
                return False
            return True
        if self.page == "Problems":
            count = len(self.problems)
            if key in (pygame.K_UP, pygame.K_DOWN) and count:
                self.problems_panel.row = (self.problems_panel.row + (1 if key == pygame.K_DOWN else -1)) % count
            elif key in (pygame.K_RETURN, pygame.K_KP_ENTER) and count:
                self.jump_to(self.problems_panel.ordered[self.problems_panel.row])
            else:
                return False
            return True
        return False

    def tap_key(self, key: int) -> None:
        if key in TAP_KEYS:
            self.tap_press()
        elif key == pygame.K_BACKSPACE:
            self.tap.session.undo_last()
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.finish_tapping(keep=True)
        elif key == pygame.K_ESCAPE:
            self.finish_tapping(keep=False)

    def escape(self) -> None:
        if self.drag is not None:
            self.drag = None
        elif self.focus == "side":
            self.focus = "roll"
        elif self.doc.selection:
            self.doc.clear_selection()
        else:
            self.ask_leave()

    # -- gamepad ---------------------------------------------------------------------------
    def pad(self, action: Action) -> None:
        refs = self.doc.selection
        if action in (Action.LEFT, Action.RIGHT):
            step = -1 if action is Action.LEFT else 1
            self.move(beats=step) if refs else self.move_cursor(self.doc.cursor.beat + step)
        elif action in (Action.UP, Action.DOWN) and refs:
            self.move(pitch=1 if action is Action.UP else -1)
        elif action in (Action.PAGE_UP, Action.PAGE_DOWN):
            self.select_next(-1 if action is Action.PAGE_UP else 1)
        elif action is Action.CONFIRM:
            self.toggle_play()
        elif action is Action.SECONDARY and refs:
            self.split()
        elif action is Action.NEXT_SORT and refs:
            kind = self.doc.note(refs[0]).kind
            following = KIND_CYCLE[(KIND_CYCLE.index(kind) + 1) % len(KIND_CYCLE)] if kind in KIND_CYCLE else KIND_CYCLE[0]
            self.apply(edits.SetKind(refs, following))
        elif action is Action.PAUSE:
            self.overlay = HelpOverlay()
        elif action is Action.BACK:
            self.escape()

    # -- mouse -----------------------------------------------------------------------------
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
