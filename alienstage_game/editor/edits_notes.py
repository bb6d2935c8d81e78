"""Edits on notes: move, resize, split, merge, delete, insert, kind, pitch, text, breaks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ..charts import Line, Note, NoteKind
from .changes import Change
from .edits_base import Edit, LineRewrite, Plan, by_voice, check_refs, voice_of
from .refs import EditError, NoteRef

if TYPE_CHECKING:
    from .document import ChartDocument

MELISMA = "~"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class _PerNote(Edit):
    """An edit that changes selected notes one by one, in place in their lines."""

    verb = "edit"

    def __init__(self, refs: Sequence[NoteRef]) -> None:
        super().__init__()
        self.refs = tuple(refs)

    def change(self, note: Note) -> None:
        raise NotImplementedError

    def merge_targets(self) -> tuple[NoteRef, ...] | None:
        return tuple(sorted(set(self.refs)))

    def plan(self, doc: ChartDocument) -> Plan:
        refs = check_refs(doc.song, self.refs)
        changes: list[Change] = []
        selection: list[NoteRef] = []
        for voice_id, group in by_voice(refs).items():
            rewrite = LineRewrite(doc.song, voice_id, {r.line for r in group})
            touched = [rewrite.note(r) for r in group]
            for note in touched:
                self.change(note)
            splice, kept = rewrite.finish(touched)
            changes.append(splice)
            selection.extend(kept)
        self.label = f"{self.verb} {_plural(len(refs), 'note')}"
        return changes, tuple(sorted(selection))


class MoveNotes(_PerNote):
    """Move notes by whole beats (time) and semitones (pitch)."""

    mergeable = True
    verb = "move"

    def __init__(self, refs: Sequence[NoteRef], beats: int = 0, pitch: int = 0) -> None:
        super().__init__(refs)
        self.beats, self.pitch = int(beats), int(pitch)

    def change(self, note: Note) -> None:
        note.beat += self.beats
        note.pitch += self.pitch

    def merge_key(self) -> object:
        return "move"

    def combine(self, other: Edit) -> None:
        assert isinstance(other, MoveNotes)
        self.beats += other.beats
        self.pitch += other.pitch


class ResizeNotes(_PerNote):
    """Lengthen or shorten notes at their end (or, with ``start=True``, their start)."""

    mergeable = True
    verb = "resize"

    def __init__(self, refs: Sequence[NoteRef], delta: int, start: bool = False) -> None:
        super().__init__(refs)
        self.delta, self.start = int(delta), start

    def change(self, note: Note) -> None:
        new_length = note.length - self.delta if self.start else note.length + self.delta
        if new_length < 1:
            raise EditError("a note needs at least one beat")
        if self.start:
            note.beat += self.delta
            note.length -= self.delta
        else:
            note.length += self.delta

    def merge_key(self) -> object:
        return ("resize", self.start)

    def combine(self, other: Edit) -> None:
        assert isinstance(other, ResizeNotes)
        self.delta += other.delta


class SetKind(_PerNote):
    verb = "set kind of"

    def __init__(self, refs: Sequence[NoteRef], kind: NoteKind) -> None:
        super().__init__(refs)
        self.kind = NoteKind(kind)

    def change(self, note: Note) -> None:
        note.kind = self.kind


class SetPitch(_PerNote):
    verb = "set pitch of"

    def __init__(self, refs: Sequence[NoteRef], pitch: int) -> None:
        super().__init__(refs)
        self.pitch = int(pitch)

    def change(self, note: Note) -> None:
        note.pitch = self.pitch


class SetText(_PerNote):
    verb = "edit text of"

    def __init__(self, ref: NoteRef, text: str) -> None:
        super().__init__((ref,))
        self.text = text

    def change(self, note: Note) -> None:
        if "\n" in self.text or "\r" in self.text:
            raise EditError("a syllable is one line of text")
        note.text = self.text


class SplitNote(Edit):
    """One note becomes two at ``at_beat`` (default: the middle). The second half sings
    "~" (held vowel) unless ``text_at`` cuts the syllable's text there."""

    label = "split note"

    def __init__(self, ref: NoteRef, at_beat: int | None = None, text_at: int | None = None) -> None:
        super().__init__()
        self.ref, self.at_beat, self.text_at = ref, at_beat, text_at

    def plan(self, doc: ChartDocument) -> Plan:
        (ref,) = check_refs(doc.song, [self.ref])
        rewrite = LineRewrite(doc.song, ref.voice, [ref.line])
        note = rewrite.note(ref)
        at = note.beat + note.length // 2 if self.at_beat is None else int(self.at_beat)
        if not note.beat < at < note.end_beat:
            raise EditError("split inside the note: it needs two beats or more")
        if self.text_at is None:
            first_text, second_text = note.text, MELISMA
        else:
            first_text, second_text = note.text[: self.text_at], note.text[self.text_at :]
        second = Note(note.kind, at, note.end_beat - at, note.pitch, second_text)
        note.length, note.text = at - note.beat, first_text
        line = rewrite.line(ref.line)
        line.notes.insert(ref.index + 1, second)
        splice, kept = rewrite.finish([note, second])
        return [splice], tuple(kept)


class MergeNotes(Edit):
    """Neighbouring notes of one line become one note (first note's kind and pitch)."""

    label = "merge notes"

    def __init__(self, refs: Sequence[NoteRef]) -> None:
        super().__init__()
        self.refs = tuple(refs)

    def plan(self, doc: ChartDocument) -> Plan:
        refs = check_refs(doc.song, self.refs)
        if len(refs) < 2 or len({(r.voice, r.line) for r in refs}) != 1:
            raise EditError("merge needs two or more notes of one line")
        if [r.index for r in refs] != list(range(refs[0].index, refs[-1].index + 1)):
            raise EditError("merge needs neighbouring notes")
        rewrite = LineRewrite(doc.song, refs[0].voice, [refs[0].line])
        notes = [rewrite.note(r) for r in refs]
        first = notes[0]
        end = max(n.end_beat for n in notes)
        text = "".join(n.text.replace(MELISMA, "") for n in notes)
        first.length = end - first.beat
        first.text = text if text.strip() else first.text
        line = rewrite.line(refs[0].line)
        drop = {id(n) for n in notes[1:]}
        line.notes[:] = [n for n in line.notes if id(n) not in drop]
        splice, kept = rewrite.finish([first])
        return [splice], tuple(kept)


class DeleteNotes(Edit):
    def __init__(self, refs: Sequence[NoteRef]) -> None:
        super().__init__()
        self.refs = tuple(refs)

    def plan(self, doc: ChartDocument) -> Plan:
        refs = check_refs(doc.song, self.refs)
        self.label = f"delete {_plural(len(refs), 'note')}"
        changes: list[Change] = []
        for voice_id, group in by_voice(refs).items():
            rewrite = LineRewrite(doc.song, voice_id, {r.line for r in group})
            doomed = {id(rewrite.note(r)) for r in group}
            for line in rewrite.lines:
                line.notes[:] = [n for n in line.notes if id(n) not in doomed]
            changes.append(rewrite.finish()[0])
        return changes, ()


def line_for_beat(lines: Sequence[Line], beat: int) -> int:
    """The line a new note at ``beat`` joins: the last one starting at or before it."""
    index = 0
    for k, line in enumerate(lines):
        if line.start_beat <= beat:
            index = k
    return index


class InsertNote(Edit):
    label = "insert note"

    def __init__(self, voice: str, beat: int, length: int, pitch: int, text: str = MELISMA,
                 kind: NoteKind = NoteKind.NORMAL) -> None:
        super().__init__()
        self.voice = voice
        self.note = Note(NoteKind(kind), int(beat), int(length), int(pitch), text)

    def plan(self, doc: ChartDocument) -> Plan:
        voice = voice_of(doc.song, self.voice)
        if self.note.length < 1:
            raise EditError("a note needs at least one beat")
        fresh = Note(self.note.kind, self.note.beat, self.note.length, self.note.pitch, self.note.text)
        if not voice.lines:
            rewrite = LineRewrite(doc.song, self.voice)
            rewrite.lines.append(Line(notes=[fresh]))
        else:
            index = line_for_beat(voice.lines, fresh.beat)
            rewrite = LineRewrite(doc.song, self.voice, [index])
            rewrite.line(index).notes.append(fresh)
        splice, kept = rewrite.finish([fresh])
        return [splice], tuple(kept)


class SetLineBreak(Edit):
    """A new line starts at the given note."""

    label = "line break"

    def __init__(self, ref: NoteRef) -> None:
        super().__init__()
        self.ref = ref

    def plan(self, doc: ChartDocument) -> Plan:
        (ref,) = check_refs(doc.song, [self.ref])
        if ref.index == 0:
            raise EditError("a line already starts at this note")
        rewrite = LineRewrite(doc.song, ref.voice, [ref.line])
        line = rewrite.line(ref.line)
        head, tail = line.notes[: ref.index], line.notes[ref.index :]
        new_line = Line(notes=tail, break_beat=line.break_beat)
        line.notes, line.break_beat = head, None
        rewrite.lines.insert(ref.line - rewrite.lo + 1, new_line)
        splice, kept = rewrite.finish([tail[0]])
        return [splice], tuple(kept)


class RemoveLineBreak(Edit):
    """Line ``line`` and the one after it become one line."""

    label = "join lines"

    def __init__(self, voice: str, line: int) -> None:
        super().__init__()
        self.voice, self.line = voice, int(line)

    def plan(self, doc: ChartDocument) -> Plan:
        voice = voice_of(doc.song, self.voice)
        if not 0 <= self.line < len(voice.lines) - 1:
            raise EditError(f"{self.voice} has no break after line {self.line + 1}")
        rewrite = LineRewrite(doc.song, self.voice, [self.line, self.line + 1])
        first, second = rewrite.line(self.line), rewrite.line(self.line + 1)
        first.notes.extend(second.notes)
        first.break_beat = second.break_beat
        second.notes = []
        splice, kept = rewrite.finish(first.notes)
        return [splice], tuple(kept)
