"""The atoms every edit is made of: reversible changes to a song model.

An edit plans a list of changes against the song as it is, then applies them; undo
reverts them in reverse order. A change holds private copies of what it removes and
what it puts in, so applying it twice (redo) gives the same song, and nothing the
editor keeps can be changed from outside by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..charts import Line, Note, Song, Voice


def clone_note(note: Note) -> Note:
    return Note(note.kind, note.beat, note.length, note.pitch, note.text)


def clone_line(line: Line) -> Line:
    return Line(notes=[clone_note(n) for n in line.notes], break_beat=line.break_beat)


def clone_voice(voice: Voice) -> Voice:
    return Voice(id=voice.id, name=voice.name, lines=[clone_line(l) for l in voice.lines])


def voice_index(song: Song, voice_id: str) -> int:
    for index, voice in enumerate(song.voices):
        if voice.id == voice_id:
            return index
    raise KeyError(voice_id)


class Change:
    def apply(self, song: Song) -> None:
        raise NotImplementedError

    def revert(self, song: Song) -> None:
        raise NotImplementedError


@dataclass
class LinesSplice(Change):
    """``voice.lines[start:start+len(old)]`` becomes ``new``."""

    voice: str
    start: int
    old: list[Line]
    new: list[Line]

    def apply(self, song: Song) -> None:
        lines = song.voices[voice_index(song, self.voice)].lines
        lines[self.start : self.start + len(self.old)] = [clone_line(l) for l in self.new]

    def revert(self, song: Song) -> None:
        lines = song.voices[voice_index(song, self.voice)].lines
        lines[self.start : self.start + len(self.new)] = [clone_line(l) for l in self.old]


@dataclass
class VoicesChange(Change):
    """The whole list of voices (adding, removing, renaming a voice)."""

    old: list[Voice]
    new: list[Voice]

    def apply(self, song: Song) -> None:
        song.voices = [clone_voice(v) for v in self.new]

    def revert(self, song: Song) -> None:
        song.voices = [clone_voice(v) for v in self.old]


@dataclass
class HeadersChange(Change):
    """The header dict as a whole, so order and absent keys come back exactly."""

    old: dict[str, str] = field(default_factory=dict)
    new: dict[str, str] = field(default_factory=dict)

    def apply(self, song: Song) -> None:
        song.headers.clear()
        song.headers.update(self.new)

    def revert(self, song: Song) -> None:
        song.headers.clear()
        song.headers.update(self.old)
