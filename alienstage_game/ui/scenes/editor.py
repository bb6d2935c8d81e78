"""The chart editor scene: a piano roll over the waveform and the sung pitch curve, with
headers, problems and tap mode beside it (contract: /work/notes/contract-editor.md).

    app.push(EditorScene(path="song.txt"))      # open any UltraStar chart
    app.push(EditorScene(audio="take.ogg"))     # a new chart for an audio file
    app.push(EditorScene())                     # recover an autosave, or start empty

Input lives in ``editor_input.py`` (keys, mouse, pad), the commands (save, play, tap,
playtest) in ``editor_ops.py``, the timing tools (detect, fit to audio, keep note times) in
``editor_timing.py``; this module holds the state and draws it.
"""

from __future__ import annotations

import time
from pathlib import Path

import pygame

from ...charts import ChartError
from ...charts.media import audio_file, media_path
from ...editor import Autosaver, ChartDocument, NoteRef, Problem, validate
from ...editor.autosave import scan_autosaves
from .. import theme
from ..app import Scene
from ..editor import style
from ..editor.analysis import AudioPicture, start_analysis
from ..editor.overlays import Overlay, RecoveryDialog
from ..editor.panels import HeaderPanel, Layout, ProblemsPanel, draw_tabs
from ..editor.player import EditorPlayer
from ..editor.roll import RollView, draw_box, draw_grid, draw_markers, draw_notes
from ..editor.tap_panel import TapPanel, TapStage
from ..editor.tasks import Task
from ..editor.textfield import TextField
from ..editor.wave import draw_pitch_curve, draw_wave
from ..sky import AlienSky
from ..widgets import panel
from .editor_input import EditorInput
from .editor_ops import EditorOps
from .editor_saving import EditorSaving

AUTOSAVE_S = 5.0
MESSAGE_S = 4.0


class EditorScene(EditorInput, EditorOps, EditorSaving, Scene):
    """``path``: a chart to open; ``audio``: a new chart for this audio file.
    ``autosave_s``: seconds between autosaves while there are unsaved edits; ``recover``
    offers the autosaves a crashed session left; ``analyse`` draws waveform and pitch curve."""

    def __init__(self, path: Path | str | None = None, audio: Path | str | None = None, *,
                 autosave_s: float = AUTOSAVE_S, recover: bool = True, analyse: bool = True) -> None:
        style.text_image.cache_clear()  # surfaces of an earlier pygame session are not reused
        self.layout = Layout()
        self.view = RollView(self.layout.roll)
        self.autosave_s = autosave_s
        self.offer_recovery = recover
        self.analyse = analyse  # False: no waveform/pitch analysis (tests that do not look at it)
        self.doc: ChartDocument | None = None
        self.autosaver: Autosaver | None = None
        self.page = "Headers"
        self.focus = "roll"  # "roll" | "side"
        self.field: TextField | None = None
        self.field_target: tuple[str, object] | None = None
        self.overlay: Overlay | None = None
        self.message = ("", theme.MUTED, 0.0)
        self.seconds = 0.0
        self.picture: AudioPicture | None = None
        self.analysis: Task[AudioPicture] | None = None
        self.timing: Task | None = None
        self.player = EditorPlayer()
        self.guide_on = False
        self.metronome_on = False
        self.headers = HeaderPanel()
        self.problems_panel = ProblemsPanel()
        self.tap = TapPanel()
        self._problems: tuple[int, list[Problem]] = (-1, [])
        self._entered = False
        self._leaving = False
        self.playtest_result: str | None = None
        self.init_input()
        self.background = AlienSky().base.copy()
        shade = pygame.Surface(self.background.get_size(), pygame.SRCALPHA)
        shade.fill((6, 4, 18, 150))
        self.background.blit(shade, (0, 0))
        self._open(path, audio)

    # -- the document --------------------------------------------------------------------
    def _open(self, path: Path | str | None, audio: Path | str | None) -> None:
        if path is not None:
            try:
                self.set_document(ChartDocument.open(path))
                from ...editor.recent import remember

                remember(path)  # the editor's door lists it under Recent
                warnings = self.doc.load_warnings
                if warnings:  # the reader skipped something: say what and where
                    more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
                    self.say(f"{Path(path).name}:{warnings[0].line}: {warnings[0].message}{more}", theme.GOLD, 10.0)
            except ChartError as exc:
                self.set_document(ChartDocument.new())
                self.say(str(exc), theme.WARNING, 8.0)
            except OSError as exc:
                self.set_document(ChartDocument.new())
                self.say(f"{path}: cannot read: {exc.strerror or exc}", theme.WARNING, 8.0)
        elif audio is not None:
            audio = Path(audio)
            target = audio.with_suffix(".txt")
            title = audio.stem.replace("-", " ").replace("_", " ").title()
            self.set_document(ChartDocument.new(audio=audio.name, title=title, path=target))
            self.say(f"New chart for {audio.name}: Ctrl+T detects BPM and GAP, F5 taps the lyrics.", theme.ACCENT)
        else:
            self.set_document(ChartDocument.new())

    def set_document(self, doc: ChartDocument, *, autosaver: Autosaver | None = None) -> None:
        if self.autosaver is not None and self.autosaver.doc is not doc:
            self.autosaver.close()
        self.player.stop()
        self.doc = doc
        self.autosaver = doc.autosaver or autosaver or Autosaver(doc, self.autosave_s)
        self.autosaver.interval_s = self.autosave_s
        self.voice = doc.song.voices[0].id if doc.song.voices else "P1"
        self.picture = None
        if self.analysis is not None:
            self.analysis.cancel()
        self.analysis = start_analysis(audio_file(doc.song), media_path(doc.song, "VOCALS")) if self.analyse else None
        self.frame_view()

    @property
    def voice(self) -> str:
        return self.doc.cursor.voice

    @voice.setter
    def voice(self, voice_id: str) -> None:
        self.doc.move_cursor(voice=voice_id)

    @property
    def clock(self):
        try:
            return self.doc.song.clock
        except ValueError:
            return None

    @property
    def problems(self) -> list[Problem]:
        if self._problems[0] != self.doc.revision:
            self._problems = (self.doc.revision, validate(self.doc.song))
        return self._problems[1]

    def frame_view(self) -> None:
        """Show the voice's first line (or the cursor) with its pitches centred."""
        voice = self.doc.song.voice(self.voice) if self.doc.song.voices else None
        notes = voice.notes if voice is not None else []
        if notes:
            first = voice.lines[0]
            self.view.left_beat = first.start_beat - 8
            pitches = [n.pitch for n in notes]
            self.view.show_pitches(min(pitches), max(pitches))
        else:
            self.view.left_beat = self.doc.cursor.beat - 8

    def say(self, text: str, colour: tuple[int, int, int] = theme.STARLIGHT, seconds: float = MESSAGE_S) -> None:
        self.message = (text, colour, self.seconds + seconds)

    def selected_notes(self) -> list[tuple[NoteRef, object]]:
        return [(ref, self.doc.note(ref)) for ref in self.doc.selection]

    # -- scene life ----------------------------------------------------------------------
    def on_enter(self) -> None:
        if self.playtest_result is not None:
            self.say(self.playtest_result, theme.ACCENT, 8.0)
            self.playtest_result = None
        if self._entered:
            return
        self._entered = True
        found, set_aside = scan_autosaves() if self.offer_recovery else ([], [])
        found = [r for r in found if r.id != self.doc.id]
        if set_aside:
            self.say(f"{len(set_aside)} autosave(s) could not be read; kept aside as {set_aside[0].name}"
                     + (" and others" if len(set_aside) > 1 else ""), theme.WARNING, 8.0)
        if found:
            self.overlay = RecoveryDialog(found, self.restore_recovery, self.discard_recovery)

    def on_leave(self) -> None:
        self.player.stop()
        if self._leaving and self.autosaver is not None:
            self.autosaver.close()  # a clean exit: nothing left to recover

    def update(self, seconds: float) -> None:
        self.seconds += seconds
        if self.field is not None:
            self.field.blink += seconds
        self.autosaver.tick(time.monotonic())
        self.player.poll()
        if self.analysis is not None and self.analysis.done and not self.analysis.cancelled:
            if self.analysis.error:
                self.say(f"could not read the audio: {self.analysis.error}", theme.WARNING, 6.0)
            self.picture = self.analysis.result
            self.analysis = None
        self.poll_timing()
        self.follow_play_head()
        if self.overlay is not None and self.overlay.closed:
            self.overlay = None

    # -- drawing -------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        layout, doc, view = self.layout, self.doc, self.view
        canvas.blit(self.background, (0, 0))
        song = doc.song
        clock = self.clock
        draw_grid(canvas, view, clock.ms_per_beat if clock else None)
        voice = next((v for v in song.voices if v.id == self.voice), None)
        fold = None
        if voice is not None and voice.notes:
            pitches = sorted(n.pitch for n in voice.notes)
            fold = pitches[len(pitches) // 2]
        picture = self.picture or getattr(self.analysis, "partial", None)
        draw_pitch_curve(canvas, view, clock, picture, fold)
        draw_notes(canvas, view, song, self.voice, set(doc.selection))
        play_beat = self.play_beat()
        if self.tap.session is not None:
            self._draw_taps(canvas, play_beat)
        draw_markers(canvas, view, doc.cursor.beat, play_beat)
        if self.drag is not None and self.drag.box is not None:
            draw_box(canvas, self.drag.box)
        pygame.draw.rect(canvas, theme.PANEL_EDGE, layout.roll, width=2, border_radius=4)
        if self.field is not None and self.field_target and self.field_target[0] == "note":
            self._draw_note_field(canvas)
        idle = "no audio file for this chart (#AUDIO)" if self.analyse else "waveform and pitch curve off"
        draw_wave(canvas, layout.wave, view, clock, picture, self.analysis, doc.cursor.beat, play_beat, idle)
        self._draw_lyric_strip(canvas)
        self._draw_top(canvas)
        self._draw_side(canvas)
        self._draw_status(canvas)
        if self.overlay is not None:
            self.overlay.draw(canvas, self.seconds)

    def _draw_taps(self, canvas: pygame.Surface, play_beat: float | None) -> None:
        """Taps so far as the notes they will become (on the grid, at middle C), the held
        one growing with the play head."""
        session = self.tap.session
        held = session._down is not None  # noqa: SLF001 -- display only
        timing = session.beats()
        flat = self.tap.flat
        clip = canvas.get_clip()
        canvas.set_clip(self.view.rect)
        for index, (beat, length) in enumerate(timing):
            if held and index == len(timing) - 1 and play_beat is not None:
                length = max(1, round(play_beat) - beat)
            rect = self.view.note_rect(beat, length, 0)
            style.translucent_rect(canvas, rect, theme.GOLD, 150, radius=4)
            pygame.draw.rect(canvas, theme.GOLD, rect, width=1, border_radius=4)
            if index < len(flat):
                canvas.blit(style.text_image(flat[index].strip() or "~", 16, theme.GOLD), (rect.x + 1, rect.bottom + 1))
        canvas.set_clip(clip)

    def play_beat(self) -> float | None:
        now = self.player.song_s
        clock = self.clock
        return None if now is None or clock is None else clock.seconds_to_beat(now)

    def _draw_note_field(self, canvas: pygame.Surface) -> None:
        ref = self.field_target[1]
        try:
            note = self.doc.note(ref)
        except ValueError:
            return
        rect = self.view.note_rect(note.beat, note.length, note.pitch)
        box = pygame.Rect(rect.x - 4, rect.bottom + 2, 180, 30)
        box.clamp_ip(self.layout.roll)
        self.field.draw(canvas, box, size=22, seconds=self.seconds)

    def _draw_top(self, canvas: pygame.Surface) -> None:
        top = self.layout.top
        pygame.draw.rect(canvas, (12, 8, 30), top)
        pygame.draw.line(canvas, theme.PANEL_EDGE, top.bottomleft, top.bottomright)
        song = self.doc.song
        theme.draw_text(canvas, "Chart editor", (14, 10), size=30, bold=True, colour=theme.ACCENT)
        name = self.doc.path.name if self.doc.path else "unsaved chart"
        title = " — ".join(p for p in (song.title, song.artist) if p) or "untitled"
        label = theme.fit_text(f"{title}  ·  {name}", 24, 420)
        rect = theme.draw_text(canvas, label, (190, 14), size=24)
        if self.doc.dirty:
            pygame.draw.circle(canvas, theme.GOLD, (rect.right + 12, rect.centery), 5)
        x = 660
        self.voice_chips = []
        for voice in song.voices:
            name = voice.id + (f" {voice.name}" if voice.name else "")
            chip = style.chip(canvas, (x, 11), theme.fit_text(name, 18, 120), style.voice_colour(voice.id),
                              on=voice.id == self.voice)
            self.voice_chips.append((chip, voice.id))
            x = chip.right + 6
        x += 12
        self.toggle_chips = []
        for key, label, on in (("guide", "Guide G", self.guide_on), ("metronome", "Click B", self.metronome_on)):
            chip = style.chip(canvas, (x, 11), label, theme.GOLD, on=on)
            self.toggle_chips.append((chip, key))
            x = chip.right + 6
        bpm = song.headers.get("BPM", "?")
        gap = song.headers.get("GAP", "0")
        theme.draw_text(canvas, f"BPM {bpm} · GAP {gap}", (top.right - 12, 15), size=20, colour=theme.MUTED,
                        anchor="topright")

    def _draw_lyric_strip(self, canvas: pygame.Surface) -> None:
        rect = self.layout.lyric
        panel(canvas, rect, alpha=200)
        line_no = self.current_line()
        voice = next((v for v in self.doc.song.voices if v.id == self.voice), None)
        if voice is None or line_no is None:
            theme.draw_text(canvas, "no lyrics yet — Ins adds a note, F5 taps lyrics in",
                            (rect.x + 16, rect.centery), size=22, colour=theme.MUTED, anchor="midleft")
            return
        line = voice.lines[line_no]
        tag = f"{self.voice} · line {line_no + 1}/{len(voice.lines)}"
        theme.draw_text(canvas, tag, (rect.x + 14, rect.centery), size=18, colour=style.voice_colour(self.voice),
                        anchor="midleft")
        x = rect.x + 160
        chosen = {r.index for r in self.doc.selection if r.voice == self.voice and r.line == line_no}
        for index, note in enumerate(line.notes):
            colour = theme.GOLD if note.kind.is_golden else theme.STARLIGHT
            if index in chosen:
                colour = theme.ACCENT
            image = style.text_image(note.text, 28, colour, index in chosen)
            if x + image.get_width() > rect.right - 10:
                canvas.blit(style.text_image("…", 28, theme.MUTED), (x, rect.y + 8))
                break
            canvas.blit(image, (x, rect.y + 9))
            x += image.get_width()

    def current_line(self) -> int | None:
        if self.doc.selection:
            ref = self.doc.selection[0]
            if ref.voice == self.voice:
                return ref.line
        voice = next((v for v in self.doc.song.voices if v.id == self.voice), None)
        if voice is None or not voice.lines:
            return None
        beat = self.play_beat()
        beat = self.doc.cursor.beat if beat is None else beat
        for k, line in enumerate(voice.lines):
            if beat < (line.break_beat if line.break_beat is not None else line.end_beat):
                return k
        return len(voice.lines) - 1

    def _draw_side(self, canvas: pygame.Surface) -> None:
        layout = self.layout
        panel(canvas, layout.side, alpha=225, edge=theme.ACCENT if self.focus == "side" else theme.PANEL_EDGE)
        problems = self.problems
        draw_tabs(canvas, layout, self.page, problems)
        page = layout.page
        focused = self.focus == "side"
        if self.page == "Headers":
            key = self.field_target[1] if self.field_target and self.field_target[0] == "header" else None
            self.headers.draw(canvas, page, self.doc.song, self.field, key, focused, self.seconds)
        elif self.page == "Problems":
            self.problems_panel.draw(canvas, page, problems, focused)
        else:
            self.tap.draw(canvas, page, self.seconds, focused or self.tap.stage is TapStage.TAPPING)

    def _draw_status(self, canvas: pygame.Surface) -> None:
        rect = self.layout.status
        pygame.draw.rect(canvas, (12, 8, 30), rect)
        pygame.draw.line(canvas, theme.PANEL_EDGE, rect.topleft, rect.topright)
        text, colour, until = self.message
        if self.player.preparing:
            text, colour = "preparing playback…", theme.MUTED
        elif self.player.silent_reason and self.player.playing:
            text, colour = f"no sound: {self.player.silent_reason} — a monotonic clock keeps time", theme.GOLD
        elif self.timing is not None:
            text = "fitting the chart to its audio…" if self.timing.label == "fit" else "detecting BPM and GAP…"
            colour = theme.MUTED
        elif self.seconds > until and self.autosaver is not None and self.autosaver.problem:
            # Said until an autosave works again: the author must know the edits live in memory only.
            text, colour = (f"NOT AUTOSAVED: {self.autosaver.problem}. Your edits are kept here; "
                            f"Ctrl+S saves (or offers another folder)"), theme.WARNING
        elif self.seconds > until:
            undo = f"Ctrl+Z undoes “{self.doc.undo_label}”  ·  " if self.doc.undo_label else ""
            text, colour = f"{undo}F1 help  ·  Space play  ·  Ctrl+S save  ·  F6 playtest", theme.MUTED
        theme.draw_text(canvas, theme.fit_text(text, 22, 860), (16, rect.y + 18), size=22, colour=colour)
        clock = self.clock
        beat = self.play_beat()
        beat = self.doc.cursor.beat if beat is None else beat
        where = f"bar {int(beat // 16) + 1} · beat {int(beat)}"
        if clock is not None:
            seconds = clock.beat_to_seconds(beat)
            sign = "-" if seconds < 0 else ""
            minutes, secs = divmod(abs(seconds), 60)
            where += f" · {sign}{int(minutes)}:{secs:04.1f}"
        if self.doc.selection:
            where = f"{len(self.doc.selection)} selected · " + where
        theme.draw_text(canvas, where, (rect.right - 16, rect.y + 18), size=22, colour=theme.STARLIGHT,
                        anchor="topright")
