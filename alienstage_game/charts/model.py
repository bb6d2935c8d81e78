"""The song model every part of the game reads: Song -> Voice -> Line -> Note.

A chart is decoded once into this model (see ``ultrastar_read``); the judge, the stage,
practice and the editor all work on it, never on TXT lines. Beats are absolute here even
when the file counted them relatively.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from .errors import ChartWarning
from .timing import BeatClock, parse_number, parse_version, uses_v2_units

MIDI_C4 = 60  # UltraStar pitch 0 is middle C


class NoteKind(Enum):
    """What the singer is asked to do; the value is the TXT marker."""

    NORMAL = ":"
    GOLDEN = "*"
    FREESTYLE = "F"
    RAP = "R"
    GOLDEN_RAP = "G"

    @property
    def label(self) -> str:
        """Lower-case name used in JSON and level files (``golden_rap``)."""
        return self.name.lower()

    @property
    def is_golden(self) -> bool:
        return self in (NoteKind.GOLDEN, NoteKind.GOLDEN_RAP)

    @property
    def is_rap(self) -> bool:
        return self in (NoteKind.RAP, NoteKind.GOLDEN_RAP)

    @property
    def is_scored(self) -> bool:
        return self is not NoteKind.FREESTYLE

    @classmethod
    def from_marker(cls, marker: str) -> "NoteKind":
        return _KIND_BY_MARKER[marker]


_KIND_BY_MARKER = {kind.value: kind for kind in NoteKind}
NOTE_MARKERS = frozenset(_KIND_BY_MARKER)


@dataclass(slots=True)
class Note:
    kind: NoteKind
    beat: int  # absolute start beat
    length: int  # in beats
    pitch: int  # semitones from C4 (0 = MIDI 60)
    text: str  # the syllable; a leading or trailing space marks a word boundary

    @property
    def end_beat(self) -> int:
        return self.beat + self.length

    @property
    def midi(self) -> int:
        return self.pitch + MIDI_C4


@dataclass
class Line:
    """One lyric line: the notes shown together, ended by a ``-`` break."""

    notes: list[Note] = field(default_factory=list)
    break_beat: int | None = None  # the beat of the ``-`` that ends it; None on the last line

    @property
    def start_beat(self) -> int:
        return self.notes[0].beat if self.notes else 0

    @property
    def end_beat(self) -> int:
        return max((n.end_beat for n in self.notes), default=0)

    @property
    def lyrics(self) -> str:
        return "".join(n.text for n in self.notes)


@dataclass
class Voice:
    """One singer's part: ``P1`` in a solo chart, ``P1``/``P2``... in a duet."""

    id: str = "P1"
    name: str | None = None
    lines: list[Line] = field(default_factory=list)

    @property
    def notes(self) -> list[Note]:
        return [n for line in self.lines for n in line.notes]

    @property
    def lyrics(self) -> str:
        """Syllables joined as sung, one text line per chart line."""
        return "\n".join(line.lyrics.strip() for line in self.lines)

    @property
    def end_beat(self) -> int:
        return max((line.end_beat for line in self.lines), default=0)


# Headers whose value is a file beside the chart.
MEDIA_HEADERS = ("AUDIO", "MP3", "VOCALS", "INSTRUMENTAL", "COVER", "BACKGROUND", "VIDEO")


@dataclass
class Song:
    """A chart: its headers as written (upper-case keys, raw values, file order) and voices."""

    path: Path | None = None
    headers: dict[str, str] = field(default_factory=dict)
    voices: list[Voice] = field(default_factory=list)
    encoding: str = "utf-8"
    warnings: list[ChartWarning] = field(default_factory=list)
    header_lines: dict[str, int] = field(default_factory=dict, compare=False)  # key -> file line

    def header_line(self, *keys: str) -> int:
        """Line of the first of ``keys`` present in the file, for messages (1 when unknown)."""
        return next((self.header_lines[k] for k in keys if k in self.header_lines), 1)

    # -- plain headers -------------------------------------------------------------------
    def header(self, key: str) -> str | None:
        value = self.headers.get(key.upper())
        return value if value is None else value.strip()

    @property
    def title(self) -> str:
        return self.header("TITLE") or ""

    @property
    def artist(self) -> str:
        return self.header("ARTIST") or ""

    @property
    def language(self) -> str | None:
        return self.header("LANGUAGE") or None

    @property
    def genre(self) -> str | None:
        return self.header("GENRE") or None

    @property
    def edition(self) -> str | None:
        return self.header("EDITION") or None

    @property
    def creator(self) -> str | None:
        return self.header("CREATOR") or None

    @property
    def tags(self) -> str | None:
        return self.header("TAGS") or None

    @property
    def year(self) -> int | None:
        text = self.header("YEAR")
        try:
            return int(text) if text else None
        except ValueError:
            return None

    @property
    def version(self) -> str | None:
        return self.header("VERSION") or None

    @property
    def version_tuple(self) -> tuple[int, int, int] | None:
        return parse_version(self.version)

    @property
    def v2_units(self) -> bool:
        return uses_v2_units(self.version_tuple)

    # -- media -----------------------------------------------------------------------------
    def media_path(self, key: str) -> Path | None:
        """A media header resolved against the chart's folder (``None`` when absent)."""
        name = self.header(key)
        if not name:
            return None
        folder = self.path.parent if self.path is not None else Path(".")
        return folder / name

    @property
    def audio_path(self) -> Path | None:
        """#AUDIO (v1.1.0 and later), else the legacy #MP3."""
        return self.media_path("AUDIO") or self.media_path("MP3")

    @property
    def vocals_path(self) -> Path | None:
        return self.media_path("VOCALS")

    @property
    def instrumental_path(self) -> Path | None:
        return self.media_path("INSTRUMENTAL")

    @property
    def cover_path(self) -> Path | None:
        return self.media_path("COVER")

    @property
    def background_path(self) -> Path | None:
        return self.media_path("BACKGROUND")

    @property
    def video_path(self) -> Path | None:
        return self.media_path("VIDEO")

    # -- timing ----------------------------------------------------------------------------
    def _number(self, key: str) -> float | None:
        text = self.header(key)
        if not text:
            return None
        try:
            return parse_number(text)
        except ValueError:
            return None

    @property
    def bpm(self) -> float | None:
        """BPM as written in the file (its unit depends on the format version)."""
        return self._number("BPM")

    @property
    def gap_ms(self) -> float:
        return self._number("GAP") or 0.0

    @property
    def clock(self) -> BeatClock:
        bpm = self.bpm
        if bpm is None or bpm <= 0:
            raise ValueError("song has no positive BPM")
        return BeatClock.for_chart(bpm, self.gap_ms, self.v2_units)

    def _seconds_or_ms(self, key: str) -> float | None:
        """Headers in seconds before v2.0.0 and in milliseconds from it."""
        value = self._number(key)
        if value is None:
            return None
        return value if self.v2_units else value * 1000.0

    @property
    def start_ms(self) -> float | None:
        return self._seconds_or_ms("START")

    @property
    def end_ms(self) -> float | None:
        return self._number("END")

    @property
    def video_gap_ms(self) -> float | None:
        return self._seconds_or_ms("VIDEOGAP")

    @property
    def preview_start_ms(self) -> float | None:
        return self._seconds_or_ms("PREVIEWSTART")

    @property
    def preview_end_ms(self) -> float | None:
        return self._seconds_or_ms("PREVIEWEND")

    def _medley_ms(self, v1_beat_key: str, v2_ms_key: str) -> float | None:
        if self.v2_units:
            return self._number(v2_ms_key)
        beat = self._number(v1_beat_key)
        return None if beat is None else self.clock.beat_to_ms(beat)

    @property
    def medley_start_ms(self) -> float | None:
        return self._medley_ms("MEDLEYSTARTBEAT", "MEDLEYSTART")

    @property
    def medley_end_ms(self) -> float | None:
        return self._medley_ms("MEDLEYENDBEAT", "MEDLEYEND")

    def note_start_ms(self, note: Note) -> float:
        return self.clock.beat_to_ms(note.beat)

    def note_end_ms(self, note: Note) -> float:
        return self.clock.beat_to_ms(note.end_beat)

    @property
    def last_beat(self) -> int:
        return max((v.end_beat for v in self.voices), default=0)

    @property
    def duration_ms(self) -> float:
        """How long the song runs: #END when given, else the end of the last note."""
        end = self.end_ms
        return end if end is not None else self.clock.beat_to_ms(self.last_beat)

    # -- voices ----------------------------------------------------------------------------
    @property
    def is_duet(self) -> bool:
        return len(self.voices) > 1

    def voice(self, voice_id: str) -> Voice:
        for voice in self.voices:
            if voice.id == voice_id.upper():
                return voice
        raise KeyError(voice_id)
