"""The editor's timing tools: detect BPM and GAP (Ctrl+T), fit the chart to its audio (F8),
and the choice every #BPM / #GAP change offers: keep the notes' times or their beats.

The analysis is ``alienstage_game.timing`` in a background ``Task``; its result is shown
in a dialog before anything changes, and every change is one undoable edit.
"""

from __future__ import annotations

from ...charts.media import audio_file, media_path
from ...charts.ultrastar_write import format_number
from ...editor import EditError, edits
from ...editor.edits_timing import Keep, finest_needed, timing_change
from .. import theme
from ..editor.overlays import ChoiceDialog
from ..editor.tasks import Task

KEEP_TIMES, KEEP_BEATS = "Keep note times", "Keep beats"


class EditorTiming:
    # -- a typed #BPM / #GAP -----------------------------------------------------------------
    def change_timing_header(self, key: str, text: str) -> None:
        """A new #BPM or #GAP typed in the header panel: with notes in the chart, ask
        whether they keep their times or their beats."""
        try:
            bpm, gap = timing_change(self.doc, key, text)
        except EditError as exc:
            self.say(str(exc), theme.WARNING)
            return
        if not any(v.notes for v in self.doc.song.voices) or not self.doc.song.bpm:
            self.apply(edits.SetHeader(key, text))
            return
        old = self.doc.song.headers.get(key, "?")
        unit = "" if key == "BPM" else " ms"

        def chosen(option: str) -> None:
            if option in (KEEP_TIMES, KEEP_BEATS):
                self.set_timing(bpm, gap, Keep.NOTE_TIMES if option == KEEP_TIMES else Keep.BEATS)

        body = (f"#{key} {old}{unit} → {text}{unit}. Keep note times: every note stays where it is sung "
                f"(its beats are counted again on the new grid). Keep beats: the notes keep their beats "
                f"and move in time with the new {'tempo' if key == 'BPM' else 'GAP'}.")
        self.overlay = ChoiceDialog(f"Change #{key}", body, [KEEP_TIMES, KEEP_BEATS, "Cancel"], chosen, width=820)

    def set_timing(self, bpm: float | None, gap: float | None, keep: Keep) -> bool:
        edit = edits.SetTiming(bpm, gap, keep)
        if not self.apply(edit):
            return False
        moved = f"; notes moved {edit.worst_ms:.0f} ms at most to the new grid" if edit.worst_ms >= 0.5 else ""
        self.say(f"{edit.label}{moved} (Ctrl+Z undoes)", theme.ACCENT, 6.0)
        return True

    # -- detect BPM and GAP ------------------------------------------------------------------
    def detect_timing(self) -> None:
        audio = audio_file(self.doc.song)  # inside the song folder only
        if audio is None:
            self.say("the chart has no audio file in its folder to listen to (#AUDIO)", theme.WARNING)
            return
        vocals = media_path(self.doc.song, "VOCALS")

        def work(progress):
            from ...timing import propose_timing

            return propose_timing(audio, vocals)

        self.timing = Task("timing", work)

    def poll_timing(self) -> None:
        task = self.timing
        if task is None or not task.done:
            return
        self.timing = None
        if task.error or task.result is None:
            self.say(f"could not {'fit' if task.label == 'fit' else 'detect'} the timing: {task.error}",
                     theme.WARNING)
            return
        if task.label == "fit":
            self._offer_fit(task.result)
        else:
            self._offer_detected(task.result)

    def _offer_detected(self, found) -> None:
        chart_bpm, _ = finest_needed(self.doc, found.quarter_bpm, found.gap_ms)  # notes stay within the old grid
        chart_bpm = round(chart_bpm, 2)
        bpm, gap = format_number(chart_bpm), format_number(found.gap_ms)
        per_sixteenth = round(chart_bpm / found.quarter_bpm)
        beat = {1: "a sixteenth", 2: "a 32nd", 4: "a 64th"}.get(per_sixteenth, "a sixteenth")

        def chosen(option: str) -> None:
            values = {"Apply both": (chart_bpm, found.gap_ms), "BPM only": (chart_bpm, None),
                      "GAP only": (None, found.gap_ms)}.get(option)
            if values is not None:
                self.set_timing(*values, Keep.NOTE_TIMES)

        onset = f"{found.first_onset_s:.2f} s" if found.first_onset_s is not None else "not found"
        body = (f"Tempo {found.quarter_bpm:.2f} quarter notes a minute: #BPM {bpm} (a beat is {beat}). "
                f"First vocal {onset}: #GAP {gap} ms (confidence {found.confidence:.2f}). Now: #BPM "
                f"{self.doc.song.headers.get('BPM', '?')}, #GAP {self.doc.song.headers.get('GAP', '0')}. "
                f"Applying keeps every note where it is sung.")
        self.overlay = ChoiceDialog("Detected timing", body, ["Apply both", "BPM only", "GAP only", "Cancel"], chosen,
                                    width=820)

    # -- fit to audio ----------------------------------------------------------------------
    def fit_to_audio(self) -> None:
        song = self.doc.song
        audio = audio_file(song)
        vocals = media_path(song, "VOCALS")
        if audio is None and vocals is None:
            self.say("the chart has no audio file in its folder to fit to (#AUDIO)", theme.WARNING)
            return
        if not any(v.notes for v in song.voices) or not song.bpm:
            self.say("fit to audio needs notes and a #BPM first", theme.WARNING)
            return
        from ...charts import parse_song, dump_song

        snapshot = parse_song(dump_song(song).encode("utf-8"), song.path)  # the worker never sees edits mid-way

        def work(progress):
            from ...timing import load_mix, sync_chart, vocal_activity

            data, rate = load_mix(vocals if vocals is not None else audio)
            progress(0.5)
            return sync_chart(snapshot, vocal_activity(data, rate))

        self.timing = Task("fit", work)

    def _offer_fit(self, fit) -> None:
        song = self.doc.song
        drifts = fit.scale != 1.0
        tempo = (f" and #BPM {format_number(song.bpm)} → {format_number(fit.bpm)} (the audio runs "
                 f"{abs(fit.scale - 1) * 100:.2f}% {'slower' if fit.scale > 1 else 'faster'})") if drifts else ""
        sure = "a clear fit" if fit.confidence >= 0.6 else "check it by ear" if fit.confidence >= 0.3 else \
            "an unclear fit: check it by ear"
        way = "later" if fit.shift_ms >= 0 else "earlier"
        body = (f"The melody fits the voice best {abs(fit.shift_ms):.0f} ms {way}: "
                f"#GAP {format_number(song.gap_ms)} → {format_number(fit.gap_ms)} ms{tempo}. Confidence "
                f"{fit.confidence:.2f} ({sure}). The notes keep their beats and move with the GAP.")
        options = ["Apply", "GAP only", "Cancel"] if drifts else ["Apply", "Cancel"]

        def chosen(option: str) -> None:
            if option == "Apply":
                self.set_timing(fit.bpm if drifts else None, fit.gap_ms, Keep.BEATS)
            elif option == "GAP only":
                self.set_timing(None, fit.gap_ms, Keep.BEATS)

        self.overlay = ChoiceDialog("Fit to audio", body, options, chosen, width=860)
