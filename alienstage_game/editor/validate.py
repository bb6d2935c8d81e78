"""The validation panel: what a chart author should look at, note by note.

Each problem names its voice, line and note (indices from 0, as NoteRef uses) and a
reason a person can act on. Errors make a chart wrong to play; warnings make it hard
to sing or to read.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..charts import NoteKind, Song

# Singable span in chart pitch (0 = C4): C2 (a deep bass) to C6 (a high soprano).
LOWEST_PITCH, HIGHEST_PITCH = -24, 24
MAX_LINE_SECONDS = 10.0  # a line on screen longer than this cannot be read ahead
MAX_LINE_CHARS = 60  # ...nor one wider than the lyric bar
ERROR, WARNING = "error", "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    voice: str
    line: int | None
    note: int | None
    code: str
    reason: str
    severity: str = WARNING

    def __str__(self) -> str:
        where = self.voice
        if self.line is not None:
            where += f" line {self.line + 1}"
        if self.note is not None:
            where += f" note {self.note + 1}"
        return f"{where}: {self.reason} ({self.severity})"


def validate(song: Song, *, max_line_s: float = MAX_LINE_SECONDS,
             max_line_chars: int = MAX_LINE_CHARS) -> list[Problem]:
    problems: list[Problem] = []
    try:
        ms_per_beat = song.clock.ms_per_beat
    except ValueError:
        problems.append(Problem("", None, None, "no_tempo", "the chart has no positive #BPM", ERROR))
        ms_per_beat = None
    if not any(v.lines for v in song.voices):
        problems.append(Problem(song.voices[0].id if song.voices else "P1", None, None, "no_notes",
                                "nothing to sing: the chart has no notes", ERROR))
    for voice in song.voices:
        add = problems.append
        if not voice.lines and any(v.lines for v in song.voices):
            add(Problem(voice.id, None, None, "no_notes", f"voice {voice.id} has no notes"))
        previous = None  # (line, index, note) of the voice's previous note
        for k, line in enumerate(voice.lines):
            if not line.notes or not line.lyrics.replace("~", "").strip():
                add(Problem(voice.id, k, None, "empty_line", "the line has no lyrics"))
            if ms_per_beat is not None and line.notes:
                seconds = (line.end_beat - line.start_beat) * ms_per_beat / 1000.0
                if seconds > max_line_s:
                    add(Problem(voice.id, k, None, "long_line_time",
                                f"the line lasts {seconds:.1f} s (over {max_line_s:g} s): add a line break"))
            chars = len(line.lyrics.strip())
            if chars > max_line_chars:
                add(Problem(voice.id, k, None, "long_line_chars",
                            f"the line has {chars} characters (over {max_line_chars}): add a line break"))
            following = voice.lines[k + 1] if k + 1 < len(voice.lines) else None
            if following is not None and following.notes and line.break_beat is not None and not (
                    line.end_beat <= line.break_beat <= following.start_beat):
                add(Problem(voice.id, k, None, "break_inside",
                            f"the line break at beat {line.break_beat} is not between the lines "
                            f"(beats {line.end_beat}..{following.start_beat})"))
            for i, note in enumerate(line.notes):
                if note.length < 1:
                    add(Problem(voice.id, k, i, "bad_length", f"the note has length {note.length}", ERROR))
                if note.beat < 0:
                    add(Problem(voice.id, k, i, "before_gap",
                                f"the note starts at beat {note.beat}, before #GAP (beat 0)", ERROR))
                if note.kind is not NoteKind.FREESTYLE and not LOWEST_PITCH <= note.pitch <= HIGHEST_PITCH:
                    add(Problem(voice.id, k, i, "out_of_range",
                                f"pitch {note.pitch} (MIDI {note.midi}) is outside the singable "
                                f"range {LOWEST_PITCH}..{HIGHEST_PITCH}"))
                if not note.text.strip():
                    add(Problem(voice.id, k, i, "empty_text", "the note has no syllable"))
                if previous is not None:
                    _, _, before = previous
                    if note.beat < before.beat:
                        add(Problem(voice.id, k, i, "unsorted",
                                    f"the note at beat {note.beat} comes after one at beat {before.beat}", ERROR))
                    elif note.beat < before.end_beat:
                        add(Problem(voice.id, k, i, "overlap",
                                    f"the note overlaps the one before (beats {before.beat}..{before.end_beat})",
                                    ERROR))
                previous = (k, i, note)
    return problems
