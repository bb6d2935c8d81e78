"""Part of a song: the notes between two times, and the chorus of a song whose medley
section is not marked.

``#START``/``#END`` and the medley marks say which part of a song is sung: the judge, the
lanes and the verdict only ever see the notes inside (``song_section``). Where a chart
marks no medley section, ``find_chorus`` takes the most repeated group of lyric lines,
which in a song is its chorus.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from enum import Enum

from .model import Line, Song, Voice

EDGE_MS = 5.0  # a note this close outside a bound still counts as inside (marks are rounded)
CHORUS_MIN_S = 8.0  # a repeated group shorter than this is a hook, not a chorus
CHORUS_MAX_S = 45.0  # longer than this and the medley drags
MIDDLE_S = 30.0  # a song with no chorus gives a section of about this length


class SectionSource(Enum):
    MARKED = "marked"  # the chart's #MEDLEYSTARTBEAT/#MEDLEYENDBEAT (or v2 #MEDLEYSTART/END)
    CHORUS = "chorus"  # the most repeated lyric line group
    MIDDLE = "middle"  # no chorus: lines from a third of the way in


@dataclass(frozen=True)
class Section:
    """A span of song time (ms) and where it came from."""

    start_ms: float
    end_ms: float
    source: SectionSource = SectionSource.MARKED

    @property
    def duration_s(self) -> float:
        return (self.end_ms - self.start_ms) / 1000.0


def song_section(song: Song, start_ms: float | None, end_ms: float | None) -> Song:
    """The song with only the notes inside ``[start_ms, end_ms]`` (None: that side open);
    lines left empty are dropped, every voice is kept (a duet stays a duet). The song
    itself is not changed; with no bound it is returned as it is."""
    if start_ms is None and end_ms is None:
        return song
    low = -math.inf if start_ms is None else start_ms - EDGE_MS
    high = math.inf if end_ms is None else end_ms + EDGE_MS
    to_ms = song.clock.beat_to_ms
    voices = []
    for voice in song.voices:
        lines = []
        for line in voice.lines:
            notes = [n for n in line.notes if to_ms(n.beat) >= low and to_ms(n.end_beat) <= high]
            if notes:
                lines.append(Line(notes=notes, break_beat=line.break_beat))
        if lines:
            lines[-1] = Line(notes=lines[-1].notes, break_beat=None)
        voices.append(Voice(id=voice.id, name=voice.name, lines=lines))
    return replace(song, voices=voices, warnings=list(song.warnings))


def play_span(song: Song) -> tuple[float | None, float | None]:
    """Where the duel starts and ends the song (seconds): #START and #END, each None when
    the chart gives none or gives nonsense (an end before the start, a negative start)."""
    start = song.start_ms
    end = song.end_ms
    start_s = start / 1000.0 if start is not None and math.isfinite(start) and start > 0 else None
    end_s = end / 1000.0 if end is not None and math.isfinite(end) and end > 0 else None
    if start_s is not None and end_s is not None and end_s <= start_s:
        end_s = None
    return start_s, end_s


def sung_part(song: Song) -> Song:
    """The song between its #START and #END (the whole song when it marks neither, or
    when the marks leave no note to sing: bounds that miss the song are a typo)."""
    start_s, end_s = play_span(song)
    part = song_section(song, None if start_s is None else start_s * 1000.0,
                        None if end_s is None else end_s * 1000.0)
    return part if any(v.lines for v in part.voices) or not any(v.lines for v in song.voices) else song


# -- the chorus ---------------------------------------------------------------------------------
_NOT_WORD = re.compile(r"[^\w]+")


def _words(line: Line) -> str:
    """A line's lyrics as compared: case, accents, punctuation and ``~`` held vowels dropped."""
    text = unicodedata.normalize("NFKD", line.lyrics.replace("~", "")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", text).split())


def _line_spans(song: Song, voice: Voice) -> list[tuple[float, float]]:
    to_ms = song.clock.beat_to_ms
    return [(to_ms(line.start_beat), to_ms(line.end_beat)) for line in voice.lines]


def find_chorus(song: Song) -> Section | None:
    """The chorus of the first voice: the group of consecutive lyric lines repeated most
    often (at least twice, without overlap), longest first, lasting CHORUS_MIN_S to
    CHORUS_MAX_S; its first whole occurrence. None when no lines repeat."""
    if not song.voices:
        return None
    voice = song.voices[0]
    lines = [line for line in voice.lines if line.notes]
    if len(lines) < 2:
        return None
    texts = [_words(line) for line in lines]
    spans = _line_spans(song, Voice(id=voice.id, lines=lines))
    best: tuple[tuple[int, int, float], int, int] | None = None  # (score, first line, size)
    for size in range(1, len(lines) // 2 + 1):
        seen: dict[tuple[str, ...], list[int]] = {}
        for first in range(len(lines) - size + 1):
            group = tuple(texts[first:first + size])
            if not all(group):
                continue
            starts = seen.setdefault(group, [])
            if not starts or first >= starts[-1] + size:  # repeats do not overlap
                starts.append(first)
        for group, starts in seen.items():
            if len(starts) < 2:
                continue
            first = starts[0]
            duration = (spans[first + size - 1][1] - spans[first][0]) / 1000.0
            if not CHORUS_MIN_S <= duration <= CHORUS_MAX_S:
                continue
            # More lines first (a chorus, not a hook), then more repeats, then the earliest.
            score = (size, len(starts), -first)
            if best is None or score > best[0]:
                best = (score, first, size)
    if best is None:
        return None
    _, first, size = best
    return Section(spans[first][0], spans[first + size - 1][1], SectionSource.CHORUS)


def middle_section(song: Song, length_s: float = MIDDLE_S) -> Section | None:
    """Whole lines from a third of the way into the first voice, about ``length_s`` long."""
    if not song.voices:
        return None
    lines = [line for line in song.voices[0].lines if line.notes]
    if not lines:
        return None
    spans = _line_spans(song, Voice(lines=lines))
    third = spans[0][0] + (spans[-1][1] - spans[0][0]) / 3.0
    first = next((i for i, (start, _) in enumerate(spans) if start >= third), len(spans) - 1)
    last = first
    while last + 1 < len(spans) and spans[last + 1][1] - spans[first][0] <= length_s * 1000.0:
        last += 1
    return Section(spans[first][0], spans[last][1], SectionSource.MIDDLE)


def medley_section(song: Song) -> Section | None:
    """The part of a song a medley sings: its marked medley section when the marks make
    sense, else its chorus, else lines from a third of the way in."""
    try:
        start, end = song.medley_start_ms, song.medley_end_ms
    except ValueError:  # no usable BPM: the beats cannot be placed
        return None
    if start is not None and end is not None and math.isfinite(start) and math.isfinite(end) and end > start:
        return Section(start, end, SectionSource.MARKED)
    return find_chorus(song) or middle_section(song)
