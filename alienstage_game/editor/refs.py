"""Addresses into a chart: a note by voice, line and position; the editor's cursor."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True, slots=True)
class NoteRef:
    """A note by position: ``song.voice(voice).lines[line].notes[index]``.

    Positions change when notes are inserted or removed, so a ref is valid for the
    document state it was taken from; every edit hands back refs for the new state.
    """

    voice: str
    line: int
    index: int


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where playback starts and new notes go: a voice and a beat."""

    voice: str = "P1"
    beat: int = 0


class EditError(ValueError):
    """An edit that cannot be done as asked; the document is left untouched."""
