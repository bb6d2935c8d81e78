"""The command object every edit is, and the line-range rewrite most edits build on."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Iterable, Sequence

from ..charts import Line, Note, Song, Voice
from .changes import Change, LinesSplice, clone_line
from .refs import EditError, NoteRef

if TYPE_CHECKING:
    from .document import ChartDocument

Plan = tuple[list[Change], tuple[NoteRef, ...]]


class Edit:
    """An undoable edit: ``plan`` reads the song and returns changes plus the selection
    to leave; ``do`` applies them (planning once, so redo repeats exactly the same
    thing); ``undo`` reverts them and gives back the selection of that moment."""

    label = "edit"
    mergeable = False  # nudges: repeats of the same edit on the same notes undo as one

    def __init__(self) -> None:
        self._changes: list[Change] | None = None
        self._after: tuple[NoteRef, ...] = ()
        self._before: tuple[NoteRef, ...] = ()

    def plan(self, doc: ChartDocument) -> Plan:
        raise NotImplementedError

    def do(self, doc: ChartDocument) -> None:
        if self._changes is None:
            self._changes, self._after = self.plan(doc)  # raises EditError before any change
            self._before = doc.selection
        for change in self._changes:
            change.apply(doc.song)
        doc._selection = self._after

    def undo(self, doc: ChartDocument) -> None:
        for change in reversed(self._changes or []):
            change.revert(doc.song)
        doc._selection = self._before

    def absorb(self, other: Edit) -> bool:
        """Fold ``other`` (just done, right after this one) into this edit when both are
        nudges of the same kind on the same notes."""
        if not (self.mergeable and type(other) is type(self) and self._changes is not None
                and other._changes is not None and self.merge_key() == other.merge_key()
                and other._before == self._after and other.merge_targets() in (None, self._after)):
            return False
        self._changes = self._changes + other._changes
        self._after = other._after
        self.combine(other)
        return True

    def merge_key(self) -> object:
        return None

    def merge_targets(self) -> tuple[NoteRef, ...] | None:
        """The notes a nudge moves (it merges only when they are the ones the previous
        nudge left selected); None when it moves the whole chart."""
        return None

    def combine(self, other: Edit) -> None:
        """Update the label/amounts after absorbing ``other``."""


def voice_of(song: Song, voice_id: str) -> Voice:
    for voice in song.voices:
        if voice.id == voice_id:
            return voice
    raise EditError(f"there is no voice {voice_id}")


def check_refs(song: Song, refs: Iterable[NoteRef]) -> list[NoteRef]:
    """The refs sorted and de-duplicated; EditError when one is stale or none given."""
    unique = sorted(set(refs))
    if not unique:
        raise EditError("no notes selected")
    for ref in unique:
        voice = voice_of(song, ref.voice)
        if not (0 <= ref.line < len(voice.lines) and 0 <= ref.index < len(voice.lines[ref.line].notes)):
            raise EditError(f"no note at {ref.voice} line {ref.line + 1} note {ref.index + 1}")
    return unique


def by_voice(refs: Sequence[NoteRef]) -> dict[str, list[NoteRef]]:
    grouped: dict[str, list[NoteRef]] = defaultdict(list)
    for ref in refs:
        grouped[ref.voice].append(ref)
    return dict(grouped)


def fix_breaks(lines: list[Line], next_start: int | None) -> None:
    """Keep each break between its line's end and the next line's start; the voice's
    last line has none. A break already in that span stays where the author put it."""
    for k, line in enumerate(lines):
        following = lines[k + 1].start_beat if k + 1 < len(lines) else next_start
        if following is None:
            line.break_beat = None
            continue
        end = line.end_beat
        if end > following:
            line.break_beat = end
        elif line.break_beat is None or not end <= line.break_beat <= following:
            line.break_beat = end if line.break_beat is None else min(max(line.break_beat, end), following)


class LineRewrite:
    """Private copies of a voice's lines ``lo..hi`` (plus a neighbour each side, whose
    breaks may need to follow) for an edit to change; notes are tracked by identity so
    the edit can say which ones to leave selected."""

    def __init__(self, song: Song, voice_id: str, line_indices: Iterable[int] | None = None) -> None:
        self.voice_id = voice_id
        self.voice = voice_of(song, voice_id)
        total = len(self.voice.lines)
        indices = list(line_indices) if line_indices is not None else []
        if line_indices is None or not indices:
            self.lo, self.hi = 0, total
        else:
            self.lo, self.hi = max(0, min(indices) - 1), min(total, max(indices) + 2)
        self.lines = [clone_line(l) for l in self.voice.lines[self.lo : self.hi]]

    def note(self, ref: NoteRef) -> Note:
        return self.lines[ref.line - self.lo].notes[ref.index]

    def line(self, index: int) -> Line:
        return self.lines[index - self.lo]

    def finish(self, keep: Iterable[Note] = ()) -> tuple[LinesSplice, list[NoteRef]]:
        """Drop emptied lines, sort notes by beat, fix breaks; the splice and the refs
        of the ``keep`` notes in the new state."""
        lines = [l for l in self.lines if l.notes]
        lo, old = self.lo, self.voice.lines[self.lo : self.hi]
        if not lines and self.hi == len(self.voice.lines) and lo > 0:
            lo -= 1  # the line before becomes the voice's last: its break must go
            old = self.voice.lines[lo : self.hi]
            lines = [clone_line(self.voice.lines[lo])]
        for line in lines:
            line.notes.sort(key=lambda n: n.beat)
        following = self.voice.lines[self.hi].start_beat if self.hi < len(self.voice.lines) else None
        fix_breaks(lines, following)
        wanted = {id(n) for n in keep}
        refs = [NoteRef(self.voice_id, lo + k, i) for k, line in enumerate(lines)
                for i, n in enumerate(line.notes) if id(n) in wanted]
        return LinesSplice(self.voice_id, lo, [clone_line(l) for l in old], lines), refs
