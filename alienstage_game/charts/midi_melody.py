"""Which notes of a MIDI file are the sung melody.

A part is one channel of one track (a type-0 file holds every instrument in one track).
Channel 10 (index 9) is percussion by General MIDI and is never a melody, however many
notes it has. Other parts are scored by how singable they are:

- lyric fit: lyric syllables have a note starting near them and notes have a syllable
  (an F-measure, so a busy arpeggio that has a note near every syllable still loses);
- monophony: the share of notes that sound alone (chords and overlaps count against);
- range: the share of notes within a voice, C2..C6, and a median in a singer's register;
- size: enough notes for the lyrics (or, without lyrics, compared with the biggest part);
- a name that says so ("Melody", "Vocal", "Lead"...).
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

DRUM_CHANNEL = 9  # MIDI channel 10
VOICE_LOW, VOICE_HIGH = 36, 84  # C2..C6
REGISTER_LOW, REGISTER_HIGH = 55, 79  # G3..G5: where most melodies sit
# A syllable may come this long before the onset of its note, or this long after it.
SYLLABLE_EARLY_S = 0.3
SYLLABLE_LATE_S = 0.08
_SUNG_NAME = re.compile(r"vocal|voice|vox|melod|lead|sing|lyric|canto|chant|stimme|gesang|voix|歌|メロ",
                        re.IGNORECASE)


@dataclass
class Heard:
    tick: int
    end_tick: int
    midi: int


@dataclass
class Part:
    """The notes of one channel of one track, reduced to a line (highest of a chord)."""

    track: int
    channel: int
    name: str
    notes: list[Heard] = field(default_factory=list)
    dropped: int = 0  # chord notes dropped
    cut: int = 0  # notes shortened because the next one began while they sounded

    @property
    def is_drums(self) -> bool:
        return self.channel == DRUM_CHANNEL


def _reduce(notes: list[Heard]) -> tuple[list[Heard], int, int]:
    notes.sort(key=lambda n: (n.tick, -n.midi))
    melody: list[Heard] = []
    dropped = cut = 0
    for note in notes:
        if melody and note.tick < melody[-1].end_tick:
            if note.tick == melody[-1].tick:
                dropped += 1
                continue  # a chord: the highest note came first
            melody[-1].end_tick = note.tick  # overlapping notes: cut the earlier one
            cut += 1
        melody.append(note)
    return melody, dropped, cut


def track_parts(index: int, track, name: str) -> list[Part]:
    """The parts of one mido track, by channel."""
    tick = 0
    sounding: dict[tuple[int, int], tuple[int, bool]] = {}  # (channel, key) -> (start, re-struck)
    heard: dict[int, list[Heard]] = {}
    for msg in track:
        tick += msg.time
        if msg.type not in ("note_on", "note_off"):
            continue
        key = (msg.channel, msg.note)
        if msg.type == "note_on" and msg.velocity > 0:
            restruck = False
            if key in sounding:  # struck again before its note-off: the first note ends here
                start, _ = sounding[key]
                if tick > start:
                    heard.setdefault(msg.channel, []).append(Heard(start, tick, msg.note))
                restruck = True
            sounding[key] = (tick, restruck)
        elif key in sounding:
            start, restruck = sounding[key]
            if restruck and tick == start:
                # The earlier note's off, written after the new on at the same tick (a
                # common ordering): that note is already closed; this one sounds on.
                sounding[key] = (start, False)
                continue
            del sounding[key]
            if tick > start:
                heard.setdefault(msg.channel, []).append(Heard(start, tick, msg.note))
    parts = []
    for channel in sorted(heard):
        notes, dropped, cut = _reduce(heard[channel])
        parts.append(Part(index, channel, name, notes, dropped, cut))
    return parts


def _fit(onsets: list[float], lyric_s: list[float]) -> float:
    """F-measure of syllables near a note onset and note onsets near a syllable."""
    if not onsets or not lyric_s:
        return 0.0

    def near(times: list[float], t: float, before: float, after: float) -> bool:
        k = bisect.bisect_left(times, t - before)
        return k < len(times) and times[k] <= t + after

    recall = sum(near(onsets, t, SYLLABLE_LATE_S, SYLLABLE_EARLY_S) for t in lyric_s) / len(lyric_s)
    precision = sum(near(lyric_s, o, SYLLABLE_EARLY_S, SYLLABLE_LATE_S) for o in onsets) / len(onsets)
    return 2 * recall * precision / (recall + precision) if recall + precision else 0.0


@dataclass(frozen=True)
class Singability:
    lyric_fit: float
    monophony: float
    in_range: float
    register: float
    size: float
    named: bool

    @property
    def score(self) -> float:
        return (3.0 * self.lyric_fit + self.monophony + self.in_range + 0.5 * self.register + 0.5 * self.size
                + (0.3 if self.named else 0.0))


def singability(part: Part, lyric_s: list[float], seconds: Callable[[int], float], biggest: int) -> Singability:
    notes = part.notes
    pitches = [n.midi for n in notes]
    median = statistics.median(pitches)
    register = 1.0 if REGISTER_LOW <= median <= REGISTER_HIGH else 0.5 if VOICE_LOW <= median <= VOICE_HIGH else 0.0
    size = min(1.0, len(notes) / len(lyric_s)) if lyric_s else len(notes) / max(1, biggest)
    return Singability(
        lyric_fit=_fit([seconds(n.tick) for n in notes], lyric_s),
        monophony=len(notes) / (len(notes) + part.dropped + part.cut),
        in_range=sum(VOICE_LOW <= p <= VOICE_HIGH for p in pitches) / len(pitches),
        register=register, size=size, named=bool(_SUNG_NAME.search(part.name)))


def choose_melody(parts: list[Part], lyric_s: list[float],
                  seconds: Callable[[int], float]) -> tuple[Part, Singability] | None:
    """The most singable part that is not percussion (None: no such part)."""
    tuned = [p for p in parts if p.notes and not p.is_drums]
    if not tuned:
        return None
    biggest = max(len(p.notes) for p in tuned)
    scored = [(singability(p, lyric_s, seconds, biggest), p) for p in tuned]
    best, part = max(scored, key=lambda sp: sp[0].score)  # max keeps the first of equals: file order
    return part, best
