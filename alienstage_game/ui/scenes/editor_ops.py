"""What the editor's keys and clicks do: edits on the selection, text entry, playback,
tap mode and playtests (timing tools: ``editor_timing``; saving and recovery:
``editor_saving``)."""

from __future__ import annotations

from ...editor import NoteRef, Problem, edits
from ...editor.sung import sung_pitch, tapped_pitches
from ...editor.tap import continuing_pitch
from .. import theme
from ..editor.overlays import ChoiceDialog
from ..editor.tap_panel import TapStage
from ..editor.textfield import TextField
from .editor_timing import EditorTiming

# Extra StageScene options for playtests (tests run the stage fast and silent).
PLAYTEST_OPTIONS: dict = {}


class EditorOps(EditorTiming):
    # -- notes -----------------------------------------------------------------------------
    def move(self, beats: int = 0, pitch: int = 0) -> None:
        if self.apply(edits.MoveNotes(self.doc.selection, beats=beats, pitch=pitch)):
            self.reveal_selection()

    def resize(self, delta: int, start: bool = False) -> None:
        if self.doc.selection:
            self.apply(edits.ResizeNotes(self.doc.selection, -delta if start else delta, start=start))

    def move_cursor(self, beat: int) -> None:
        self.doc.move_cursor(beat=beat)
        self.view.show_beat(beat)
        if self.player.playing or self.player.preparing:
            self.restart_play()

    def reveal_selection(self) -> None:
        if self.doc.selection:
            notes = [self.doc.note(r) for r in self.doc.selection]
            self.view.show_beat(min(n.beat for n in notes))
            self.view.show_pitches(min(n.pitch for n in notes), max(n.pitch for n in notes))

    def select_next(self, step: int) -> None:
        refs = self.doc.refs(self.voice)
        if not refs:
            return
        mine = [r for r in self.doc.selection if r.voice == self.voice]
        if mine:
            index = refs.index(mine[-1] if step > 0 else mine[0]) + step
        else:  # from the cursor: the first note at or after it
            beats = [self.doc.note(r).beat for r in refs]
            index = next((k for k, b in enumerate(beats) if b >= self.doc.cursor.beat), len(refs) - 1)
        ref = refs[max(0, min(len(refs) - 1, index))]
        self.doc.select([ref])
        self.doc.move_cursor(beat=self.doc.note(ref).beat)
        self.reveal_selection()

    def split(self) -> None:
        ref = self.doc.selection[0]
        note = self.doc.note(ref)
        at = self.doc.cursor.beat if note.beat < self.doc.cursor.beat < note.end_beat else None
        self.apply(edits.SplitNote(ref, at_beat=at))

    def insert_note(self, beat: int, pitch: int | None) -> None:
        if pitch is None:  # beside the nearest note of the voice, or middle C
            notes = self.doc.song.voice(self.voice).notes if self.doc.song.voices else []
            near = min(notes, key=lambda n: abs(n.beat - beat), default=None)
            pitch = near.pitch if near is not None else 0
        if self.apply(edits.InsertNote(self.voice, beat, 4, pitch)):
            self.doc.move_cursor(beat=beat)

    def line_break(self, join: bool) -> None:
        ref = self.doc.selection[0]
        if join:
            self.apply(edits.RemoveLineBreak(ref.voice, ref.line))
        else:
            self.apply(edits.SetLineBreak(ref))

    def pitch_from_curve(self) -> None:
        """Each selected note to the median sung pitch under it (octave nearest the note)."""
        if self.picture is None or self.clock is None:
            self.say("no pitch curve yet", theme.MUTED)
            return
        changed = 0
        for ref in list(self.doc.selection):
            note = self.doc.note(ref)
            t0, t1 = self.clock.beat_to_seconds(note.beat), self.clock.beat_to_seconds(note.end_beat)
            pitch = sung_pitch(self.picture.times, self.picture.midi, t0, t1, near=note.pitch)
            if pitch is not None and pitch != note.pitch and self.apply(edits.SetPitch([ref], pitch)):
                changed += 1
        self.say(f"{changed} note(s) set to the sung pitch" if changed else "no sung pitch under the selection")

    # -- voices ----------------------------------------------------------------------------
    def switch_voice(self, voice_id: str | None = None) -> None:
        ids = [v.id for v in self.doc.song.voices]
        if len(ids) < 2 and voice_id is None:
            self.say("one voice only: C copies this line into a new voice P2 (a duet)", theme.MUTED)
            return
        self.voice = voice_id or ids[(ids.index(self.voice) + 1) % len(ids)]
        self.doc.clear_selection()

    def copy_line(self, together: bool) -> None:
        line = self.current_line()
        if line is None:
            self.say("no line here to copy", theme.MUTED)
            return
        if len(self.doc.song.voices) < 2 and not self.apply(edits.AddVoice()):
            return
        if together:
            self.apply(edits.SingTogether(self.voice, line))
        else:
            others = [v.id for v in self.doc.song.voices if v.id != self.voice]
            self.apply(edits.CopyLineToVoice(self.voice, line, others[0]))
            self.say(f"line {line + 1} copied to {others[0]}", theme.ACCENT)

    # -- text ------------------------------------------------------------------------------
    def open_field(self, field: TextField, target: tuple[str, object]) -> None:
        self.field, self.field_target = field, target

    def close_field(self) -> None:
        self.field, self.field_target = None, None

    def edit_text(self) -> None:
        refs = self.doc.selection
        if not refs:
            self.select_next(1)
            refs = self.doc.selection
        if not refs:
            return
        ref = refs[0]
        self.doc.select([ref])

        def commit(text: str) -> None:
            self.close_field()
            if text != self.doc.note(ref).text:
                self.apply(edits.SetText(ref, text))

        def tab(text: str, backwards: bool) -> None:
            commit(text)
            self.doc.select([ref])
            self.select_next(-1 if backwards else 1)
            if self.doc.selection and self.doc.selection[0] != ref:
                self.edit_text()

        self.open_field(TextField(self.doc.note(ref).text, on_commit=commit, on_cancel=self.close_field,
                                  on_tab=tab), ("note", ref))

    def edit_header(self, row: int) -> None:
        key, label, value = self.headers.fields(self.doc.song)[row]
        self.focus = "side"

        def commit(text: str) -> None:
            self.close_field()
            text = text.strip()
            if text == value:
                return
            if key.startswith("VOICE:"):
                self.apply(edits.SetVoiceName(key[6:], text or None))
            elif key in ("BPM", "GAP", "YEAR", "PREVIEWSTART") and text and not _is_number(text):
                self.say(f"{label} must be a number", theme.WARNING)
            elif key in ("BPM", "GAP") and text:
                self.change_timing_header(key, text)  # keep note times, or keep beats
            else:
                self.apply(edits.SetHeader(key, text or None))

        self.open_field(TextField(value, on_commit=commit, on_cancel=self.close_field), ("header", key))

    def show_page(self, name: str) -> None:
        self.page = name
        self.focus = "side"
        if self.field is not None and self.field_target and self.field_target[0] == "tap":
            self.close_field()
        if name == "Tap" and self.tap.stage is not TapStage.TAPPING:
            self.tap.field.on_cancel = self._leave_tap_field
            self.open_field(self.tap.field, ("tap", None))

    def _leave_tap_field(self) -> None:
        self.close_field()
        self.focus = "roll"

    # -- problems --------------------------------------------------------------------------
    def jump_to(self, problem: Problem) -> None:
        if not problem.voice or problem.line is None:
            self.say(str(problem), theme.GOLD)
            return
        if problem.voice != self.voice:
            self.voice = problem.voice
        if problem.note is not None:
            self.doc.select([NoteRef(problem.voice, problem.line, problem.note)])
        else:
            self.doc.select_line(problem.voice, problem.line)
        self.reveal_selection()
        self.say(problem.reason, theme.GOLD if problem.severity != "error" else theme.WARNING)

    def next_problem(self) -> None:
        problems = self.problems
        if not problems:
            self.say("no problems found", theme.ACCENT)
            return
        ordered = sorted(problems, key=lambda p: (p.severity != "error",))
        self.problems_panel.row = (self.problems_panel.row + 1) % len(ordered) if self.page == "Problems" else 0
        self.page = "Problems"
        self.jump_to(ordered[self.problems_panel.row])

    # -- playback --------------------------------------------------------------------------
    def toggle_play(self) -> None:
        if self.player.playing or self.player.preparing:
            self.player.stop()
        else:
            self.play_from(self.doc.cursor.beat)

    def play_from(self, beat: float, keep_going: bool = False) -> None:
        if self.clock is None:
            self.say("set a positive BPM first", theme.WARNING)
            return
        self.player.start(self.doc.song, self.voice, self.clock.beat_to_seconds(beat),
                          guide=self.guide_on, metronome=self.metronome_on, keep_going=keep_going)

    def restart_play(self) -> None:
        if self.player.playing or self.player.preparing:
            beat = self.play_beat()
            self.play_from(self.doc.cursor.beat if beat is None else max(beat, 0))

    def follow_play_head(self) -> None:
        beat = self.play_beat()
        if beat is not None and self.drag is None:
            view = self.view
            if not view.left_beat <= beat <= view.left_beat + view.beats_visible * 0.85:
                view.left_beat = beat - view.beats_visible * 0.15

    # -- tap mode --------------------------------------------------------------------------
    def start_tapping(self) -> None:
        if self.clock is None:
            self.say("set a positive BPM first", theme.WARNING)
            return
        self.tap._commit(self.tap.field.text)
        if not self.tap.syllables:
            self.show_page("Tap")
            self.say("type the lyrics first (F5), then F7 to tap", theme.GOLD)
            return
        self.close_field()
        self.page, self.focus = "Tap", "side"
        self.tap.begin(self.clock, self.clock.beat_to_seconds(self.doc.cursor.beat))
        self.play_from(self.doc.cursor.beat, keep_going=True)

    def tap_now(self) -> float:
        now = self.player.song_s
        return self.tap.tapping_from_s if now is None else now

    def tap_press(self) -> None:
        self.tap.session.press(self.tap_now())

    def tap_release(self) -> None:
        if self.tap.session is not None:
            self.tap.session.release(self.tap_now())

    def finish_tapping(self, keep: bool) -> None:
        self.player.stop()
        session = self.tap.finish()
        if not keep or session is None or not session.taps:
            self.say("tapping stopped, nothing changed", theme.MUTED)
            return
        count = min(len(session.taps), len(self.tap.flat))
        taps = session.taps[:count]
        pitch = continuing_pitch(self.doc.song, self.voice, self.doc.cursor.beat)
        pitches = None
        if self.picture is not None and self.clock is not None:
            pitches = tapped_pitches(self.clock, taps, self.picture.times, self.picture.midi, default=pitch)
        if self.apply(edits.TimeSyllables(self.voice, self.tap.syllables, taps, pitch=pitch, pitches=pitches)):
            how = "on the sung pitches" if pitches is not None else "on one pitch until the curve is ready (K sets them)"
            self.say(f"{count} syllables timed {how}; Ctrl+Z takes them back", theme.ACCENT, 6.0)
            self.reveal_selection()

    # -- playtest --------------------------------------------------------------------------
    def ask_playtest(self) -> None:
        if not any(v.lines for v in self.doc.song.voices):
            self.say("nothing to sing yet", theme.WARNING)
            return
        span = "the selected lines" if self.doc.selection else "the whole chart"
        options = ["Guide sings", "My microphone", "Cancel"]
        self.overlay = ChoiceDialog("Playtest on stage", f"Sing {span} on the real stage, then come back here.",
                                    options, lambda o: self.playtest({"Guide sings": "guide",
                                                                      "My microphone": "mic"}.get(o)))

    def playtest(self, source: str | None) -> None:
        if source is None:
            return
        from ..editor.playtest import playtest_scene

        self.player.stop()

        def finished(app, outcome) -> None:
            seats = " · ".join(f"{s.name} {s.score:,}" for s in outcome.seats)
            self.playtest_result = f"playtest over: {seats}"
            app.pop()

        try:
            scene = playtest_scene(self.doc, self.voice, source, finished, **PLAYTEST_OPTIONS)
        except (OSError, ValueError) as exc:
            self.say(f"cannot playtest: {exc}", theme.WARNING)
            return
        self.app.push(scene)


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
        return True
    except ValueError:
        return False

