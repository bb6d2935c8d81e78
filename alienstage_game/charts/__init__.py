"""Charts: the song model, UltraStar TXT reading and writing, levels and the library."""

from .errors import ChartError, ChartWarning
from .model import Line, Note, NoteKind, Song, Voice
from .summary import song_summary
from .timing import BeatClock
from .ultrastar_read import load_song, parse_song
from .ultrastar_write import dump_song, write_song

__all__ = [
    "BeatClock", "ChartError", "ChartWarning", "Line", "Note", "NoteKind", "Song", "Voice",
    "dump_song", "load_song", "parse_song", "song_summary", "write_song",
]
