"""The editor's input: keys (with modifiers from the event itself, so posted test events
behave like real ones), the mouse on the roll and the side panel, and a gamepad.

The app hands a scene each event twice: as menu actions (``handle``) and raw
(``on_event``). Keys are read raw; actions are kept only for pads, and for the modal
cards, which speak actions.
"""

from __future__ import annotations

import pygame

from ...charts import NoteKind
from ...editor import EditError, edits
from ..editor.overlays import HelpOverlay
from ..editor.panels import PAGES
from ..editor.tap_panel import TAP_KEYS, TapStage
from ..input import Action
from .editor_mouse import Drag, EditorMouse

KIND_KEYS = {pygame.K_1: NoteKind.NORMAL, pygame.K_2: NoteKind.GOLDEN, pygame.K_3: NoteKind.FREESTYLE,
             pygame.K_4: NoteKind.RAP, pygame.K_5: NoteKind.GOLDEN_RAP}
KIND_CYCLE = (NoteKind.NORMAL, NoteKind.GOLDEN, NoteKind.FREESTYLE, NoteKind.RAP)
class EditorInput(EditorMouse):
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
        elif key == pygame.K_F8:
            self.fit_to_audio()
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
