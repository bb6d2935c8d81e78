"""Chart authoring, the pure core: an editable document with undo, autosave and
recovery, validation, lyrics to syllables, tap timing. No pygame, no sounddevice: the
editor scene is a view on top of this (see /work/notes/contract-editor.md)."""

from . import edits
from .autosave import Autosaver, Recovery, discard, list_recoverable, restore
from .document import ChartDocument, DocumentError
from .lyrics import format_syllables, split_lyrics, syllabify
from .refs import Cursor, EditError, NoteRef
from .tap import Tap, TapSession, quantise_taps
from .validate import Problem, validate

__all__ = [
    "Autosaver", "ChartDocument", "Cursor", "DocumentError", "EditError", "NoteRef",
    "Problem", "Recovery", "Tap", "TapSession", "discard", "edits", "format_syllables",
    "list_recoverable", "quantise_taps", "restore", "split_lyrics", "syllabify", "validate",
]
