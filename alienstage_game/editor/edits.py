"""Every edit the editor knows, in one namespace: ``edits.MoveNotes(...)`` and so on."""

from .edits_base import Edit
from .edits_notes import (DeleteNotes, InsertNote, MergeNotes, MoveNotes, RemoveLineBreak,
                          ResizeNotes, SetKind, SetLineBreak, SetPitch, SetText, SplitNote)
from .edits_song import (AddVoice, CopyLineToVoice, RemoveVoice, SetHeader, SetVoiceName,
                         ShiftBeats, ShiftGap, SingTogether)
from .edits_timing import Keep, SetTiming
from .tap import RetimeNotes, TimeSyllables

__all__ = [
    "AddVoice", "CopyLineToVoice", "DeleteNotes", "Edit", "InsertNote", "Keep", "MergeNotes",
    "MoveNotes", "RemoveLineBreak", "RemoveVoice", "ResizeNotes", "RetimeNotes", "SetHeader",
    "SetKind", "SetLineBreak", "SetPitch", "SetText", "SetTiming", "SetVoiceName", "ShiftBeats",
    "ShiftGap", "SingTogether", "SplitNote", "TimeSyllables",
]
