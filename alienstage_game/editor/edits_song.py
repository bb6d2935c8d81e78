"""Edits on voices, headers and the whole chart's timing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ..charts import Line, Voice
from ..charts.timing import parse_number
from ..charts.ultrastar_write import format_number
from .changes import Change, HeadersChange, LinesSplice, VoicesChange, clone_line, clone_voice
from .edits_base import Edit, LineRewrite, Plan, voice_of
from .refs import EditError, NoteRef

if TYPE_CHECKING:
    from .document import ChartDocument

MAX_VOICES = 9  # UltraStar knows P1..P9
WRITER_HEADERS = {"VERSION", "ENCODING", "RELATIVE"}  # the writer decides these


def place_lines(lines: list[Line], new: list[Line]) -> tuple[list[Line], list[Line]]:
    """``new`` lines put into a voice's (private copies of) ``lines``: whatever the voice
    sang in the new lines' span goes, a line straddling the span is cut in two.
    Returns (all lines, the placed lines)."""
    start = min(l.start_beat for l in new)
    end = max(l.end_beat for l in new)
    before: list[Line] = []
    after: list[Line] = []
    for line in lines:
        head = [n for n in line.notes if n.end_beat <= start]
        tail = [n for n in line.notes if n.beat >= end]
        if head:
            before.append(Line(notes=head, break_beat=None if tail else line.break_beat))
        if tail:
            after.append(Line(notes=tail, break_beat=line.break_beat))
    placed = [clone_line(l) for l in new]
    return before + placed + after, placed


def _rewrite_voice(doc: ChartDocument, voice_id: str, new: list[Line]) -> tuple[LinesSplice, list[Line]]:
    rewrite = LineRewrite(doc.song, voice_id)
    rewrite.lines, placed = place_lines(rewrite.lines, new)
    splice, _ = rewrite.finish()
    return splice, placed


def _refs_of(voice_id: str, lines: list[Line], placed: list[Line]) -> tuple[NoteRef, ...]:
    wanted = {id(l) for l in placed}
    return tuple(NoteRef(voice_id, k, i) for k, line in enumerate(lines) if id(line) in wanted
                 for i in range(len(line.notes)))


class CopyLineToVoice(Edit):
    """A line of one voice copied into another, replacing what that voice sang there."""

    def __init__(self, voice: str, line: int, target: str) -> None:
        super().__init__()
        self.voice, self.line, self.target = voice, int(line), target
        self.label = f"copy line to {target}"

    def plan(self, doc: ChartDocument) -> Plan:
        source = voice_of(doc.song, self.voice)
        voice_of(doc.song, self.target)
        if self.target == self.voice:
            raise EditError("copy a line to another voice, not the same one")
        if not 0 <= self.line < len(source.lines):
            raise EditError(f"{self.voice} has no line {self.line + 1}")
        splice, placed = _rewrite_voice(doc, self.target, [source.lines[self.line]])
        return [splice], _refs_of(self.target, splice.new, placed)


class SingTogether(Edit):
    """A line every voice sings: copied into all the other voices."""

    label = "sing together"

    def __init__(self, voice: str, line: int) -> None:
        super().__init__()
        self.voice, self.line = voice, int(line)

    def plan(self, doc: ChartDocument) -> Plan:
        source = voice_of(doc.song, self.voice)
        if len(doc.song.voices) < 2:
            raise EditError("a line sung together needs a second voice: add one first")
        if not 0 <= self.line < len(source.lines):
            raise EditError(f"{self.voice} has no line {self.line + 1}")
        changes: list[Change] = []
        for voice in doc.song.voices:
            if voice.id != self.voice:
                splice, _ = _rewrite_voice(doc, voice.id, [source.lines[self.line]])
                changes.append(splice)
        own = tuple(NoteRef(self.voice, self.line, i) for i in range(len(source.lines[self.line].notes)))
        return changes, own


def _singer_headers(voice_id: str) -> tuple[str, str]:
    return voice_id, f"DUETSINGER{voice_id}"


class AddVoice(Edit):
    """A new voice (the next free P-number), empty or a copy of another voice."""

    def __init__(self, voice_id: str | None = None, name: str | None = None,
                 copy_from: str | None = None) -> None:
        super().__init__()
        self.voice_id, self.name, self.copy_from = voice_id, name, copy_from
        self.label = "add voice"

    def plan(self, doc: ChartDocument) -> Plan:
        taken = {v.id for v in doc.song.voices}
        voice_id = self.voice_id or next((f"P{k}" for k in range(1, MAX_VOICES + 1) if f"P{k}" not in taken), None)
        if voice_id is None or voice_id in taken or voice_id not in {f"P{k}" for k in range(1, MAX_VOICES + 1)}:
            raise EditError(f"no voice to add: voices are P1..P{MAX_VOICES}, each once")
        new = [clone_voice(v) for v in doc.song.voices]
        voice = clone_voice(voice_of(doc.song, self.copy_from)) if self.copy_from else None
        added = Voice(id=voice_id, name=self.name, lines=voice.lines if voice else [])
        new.append(added)
        new.sort(key=lambda v: int(v.id[1:]))
        self.label = f"add voice {voice_id}"
        return [VoicesChange([clone_voice(v) for v in doc.song.voices], new)], ()


class RemoveVoice(Edit):
    def __init__(self, voice_id: str) -> None:
        super().__init__()
        self.voice_id = voice_id
        self.label = f"remove voice {voice_id}"

    def plan(self, doc: ChartDocument) -> Plan:
        voice_of(doc.song, self.voice_id)
        if len(doc.song.voices) < 2:
            raise EditError("a chart keeps at least one voice")
        old = [clone_voice(v) for v in doc.song.voices]
        new = [clone_voice(v) for v in doc.song.voices if v.id != self.voice_id]
        headers = {k: v for k, v in doc.song.headers.items() if k not in _singer_headers(self.voice_id)}
        return [VoicesChange(old, new), HeadersChange(dict(doc.song.headers), headers)], ()


class SetVoiceName(Edit):
    def __init__(self, voice_id: str, name: str | None) -> None:
        super().__init__()
        self.voice_id, self.name = voice_id, (name or None)
        self.label = f"name voice {voice_id}"

    def plan(self, doc: ChartDocument) -> Plan:
        voice_of(doc.song, self.voice_id)
        old = [clone_voice(v) for v in doc.song.voices]
        new = [clone_voice(v) for v in doc.song.voices]
        for voice in new:
            if voice.id == self.voice_id:
                voice.name = self.name
        headers = dict(doc.song.headers)
        for key in _singer_headers(self.voice_id):
            if key in headers:
                if self.name is None:
                    del headers[key]
                else:
                    headers[key] = self.name
        return [VoicesChange(old, new), HeadersChange(dict(doc.song.headers), headers)], doc.selection


def _check_header(key: str, value: str | None) -> None:
    if key in WRITER_HEADERS:
        raise EditError(f"#{key} is written by the editor itself")
    if not key or not key.replace("-", "").replace("_", "").isalnum():
        raise EditError(f"#{key} is not a header name")
    if value is not None and ("\n" in value or "\r" in value):
        raise EditError(f"#{key} must be one line")
    if key in ("BPM", "GAP"):
        if value is None:
            raise EditError(f"#{key} cannot be removed: every chart needs it")
        try:
            number = parse_number(value)
        except ValueError:
            raise EditError(f"#{key} must be a number, not {value!r}") from None
        if key == "BPM" and number <= 0:
            raise EditError("#BPM must be above zero")


class SetHeader(Edit):
    """Set (or with ``None`` remove) a header: TITLE, ARTIST, BPM, GAP, AUDIO, ..."""

    def __init__(self, key: str, value: str | None) -> None:
        super().__init__()
        self.key = key.strip().upper()
        self.value = None if value is None else value.strip()
        self.label = f"set #{self.key}" if value is not None else f"remove #{self.key}"

    def plan(self, doc: ChartDocument) -> Plan:
        _check_header(self.key, self.value)
        headers = dict(doc.song.headers)
        if self.value is None:
            headers.pop(self.key, None)
        else:
            headers[self.key] = self.value
        return [HeadersChange(dict(doc.song.headers), headers)], doc.selection


class ShiftGap(Edit):
    """Nudge the whole chart in time by moving #GAP (notes keep their beats)."""

    mergeable = True

    def __init__(self, delta_ms: float) -> None:
        super().__init__()
        self.delta_ms = float(delta_ms)
        self.label = f"shift GAP {self.delta_ms:+g} ms"

    def plan(self, doc: ChartDocument) -> Plan:
        headers = dict(doc.song.headers)
        headers["GAP"] = format_number(round(doc.song.gap_ms + self.delta_ms, 3))
        return [HeadersChange(dict(doc.song.headers), headers)], doc.selection

    def merge_key(self) -> object:
        return "gap"

    def combine(self, other: Edit) -> None:
        assert isinstance(other, ShiftGap)
        self.delta_ms += other.delta_ms
        self.label = f"shift GAP {self.delta_ms:+g} ms"


class ShiftBeats(Edit):
    """Move every note and break of the chart (or of some voices) by whole beats."""

    mergeable = True

    def __init__(self, delta: int, voices: Sequence[str] | None = None) -> None:
        super().__init__()
        self.delta = int(delta)
        self.voices = tuple(voices) if voices is not None else None
        self.label = f"shift chart {self.delta:+d} beats"

    def plan(self, doc: ChartDocument) -> Plan:
        ids = self.voices if self.voices is not None else tuple(v.id for v in doc.song.voices)
        changes: list[Change] = []
        for voice_id in ids:
            rewrite = LineRewrite(doc.song, voice_id)
            for line in rewrite.lines:
                for note in line.notes:
                    note.beat += self.delta
                if line.break_beat is not None:
                    line.break_beat += self.delta
            changes.append(rewrite.finish()[0])
        return changes, doc.selection

    def merge_key(self) -> object:
        return ("beats", self.voices)

    def combine(self, other: Edit) -> None:
        assert isinstance(other, ShiftBeats)
        self.delta += other.delta
        self.label = f"shift chart {self.delta:+d} beats"


__all__ = ["AddVoice", "CopyLineToVoice", "RemoveVoice", "SetHeader", "SetVoiceName",
           "ShiftBeats", "ShiftGap", "SingTogether", "place_lines"]
