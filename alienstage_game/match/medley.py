"""A medley: several songs' medley sections sung back to back as one duel, one verdict.

``plan_medley`` lays the sections on one timeline (each with a short lead-in and tail,
the next one fading in as the last fades out) and makes the chart the duel sings: every
section's notes moved onto that timeline, on a fine beat grid (5 ms) so that songs of any
tempo sit on it exactly enough for the judge. The judge, the vote bar and the verdict
then run across the whole medley as over one song; the show plays each song's audio from
its section (``MedleyPart.play_from_s``) at its place (``offset_s``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..charts import Line, Note, Song, Voice
from ..charts.section import Section, medley_section, song_section

GRID_MS = 5.0  # the medley chart's beat: 15000 / 3000 BPM
LEAD_S = 2.0  # each section's audio starts this long before its first note
TAIL_S = 1.0  # and plays on this long after its end
CROSSFADE_S = 0.8  # the next section fades in while the last fades out
MIN_PARTS, MAX_PARTS = 2, 5


class MedleyError(ValueError):
    """A medley that cannot be sung (too few songs, a song with nothing to sing)."""


@dataclass(frozen=True)
class MedleyPart:
    song: Song  # the whole chart
    section: Section  # the part of it sung here (song time, ms)
    audio: Path | None  # what plays (the instrumental or the original)
    offset_s: float  # medley time at which this part's audio starts
    play_from_s: float  # the song time its audio starts from
    play_to_s: float  # the song time its audio stops at

    @property
    def title(self) -> str:
        return self.song.title or (self.song.path.stem if self.song.path is not None else "?")

    @property
    def length_s(self) -> float:
        return self.play_to_s - self.play_from_s

    @property
    def end_s(self) -> float:
        """Medley time at which this part's audio has faded out."""
        return self.offset_s + self.length_s

    def song_time(self, medley_s: float) -> float:
        return self.play_from_s + (medley_s - self.offset_s)

    def medley_time(self, song_s: float) -> float:
        return self.offset_s + (song_s - self.play_from_s)

    @property
    def beat_s(self) -> float:
        """One musical beat of this song (what the hall pulses to)."""
        clock = self.song.clock
        return clock.ms_per_beat / 1000.0 * (1 if self.song.v2_units else 4)


@dataclass(frozen=True)
class MedleyPlan:
    parts: tuple[MedleyPart, ...]
    song: Song  # the chart the duel sings: every part's notes on the medley's timeline
    crossfade_s: float = CROSSFADE_S

    @property
    def title(self) -> str:
        return "Medley: " + " · ".join(p.title for p in self.parts)

    @property
    def duration_s(self) -> float:
        return self.parts[-1].end_s if self.parts else 0.0

    def part_at(self, medley_s: float) -> int:
        """The part playing at ``medley_s`` (the later one in a crossfade)."""
        index = 0
        for i, part in enumerate(self.parts):
            if medley_s >= part.offset_s:
                index = i
        return index

    def line_parts(self, voice: int = 0) -> list[int]:
        """For each line of a voice of the medley chart (the first: seat 1's), its part."""
        voice = self.song.voices[min(voice, len(self.song.voices) - 1)]
        clock = self.song.clock
        return [self.part_at(clock.beat_to_seconds(line.start_beat) + 1e-6) for line in voice.lines]


def _musical_part(song: Song, section: Section | None) -> tuple[Song, Section]:
    section = section if section is not None else medley_section(song)
    if section is None:
        raise MedleyError(f"{song.title or song.path}: no notes to sing in a medley")
    sung = song_section(song, section.start_ms, section.end_ms)
    if not any(v.lines for v in sung.voices):
        raise MedleyError(f"{song.title or song.path}: its medley section holds no notes")
    return sung, section


def plan_medley(songs: Sequence[tuple[Song, Path | None]], sections: Sequence[Section | None] | None = None,
                *, crossfade_s: float = CROSSFADE_S) -> MedleyPlan:
    """The medley of ``songs`` (each with the audio file to play), in that order; each
    sings ``sections[i]`` when given, else its ``medley_section``."""
    if not MIN_PARTS <= len(songs) <= MAX_PARTS:
        raise MedleyError(f"a medley has {MIN_PARTS} to {MAX_PARTS} songs, not {len(songs)}")
    parts: list[MedleyPart] = []
    sung_parts: list[Song] = []
    offset = 0.0
    for index, (song, audio) in enumerate(songs):
        sung, section = _musical_part(song, sections[index] if sections else None)
        play_from = max(0.0, section.start_ms / 1000.0 - LEAD_S)
        play_to = section.end_ms / 1000.0 + TAIL_S
        if parts:
            offset = parts[-1].end_s - crossfade_s
        parts.append(MedleyPart(song, section, audio, offset, play_from, play_to))
        sung_parts.append(sung)
    return MedleyPlan(tuple(parts), _medley_chart(parts, sung_parts), crossfade_s)


def _medley_chart(parts: Sequence[MedleyPart], sung: Sequence[Song]) -> Song:
    duet = any(s.is_duet for s in sung)
    voice_ids = ("P1", "P2") if duet else ("P1",)
    lines: dict[str, list[Line]] = {v: [] for v in voice_ids}
    for part, song in zip(parts, sung):
        to_ms = song.clock.beat_to_ms
        shift_ms = (part.offset_s - part.play_from_s) * 1000.0
        end_ms = part.section.end_ms + shift_ms

        def beat(song_ms: float) -> int:
            return int(round((song_ms + shift_ms) / GRID_MS))

        own = [v for v in song.voices if v.lines]
        for n, voice_id in enumerate(voice_ids):
            source = own[min(n, len(own) - 1)]  # a solo song's part is both singers' in a duet medley
            for line in source.lines:
                notes = []
                for note in line.notes:
                    start = beat(to_ms(note.beat))
                    length = max(1, beat(to_ms(note.end_beat)) - start)
                    notes.append(Note(note.kind, start, length, note.pitch, note.text))
                brk = to_ms(line.break_beat) if line.break_beat is not None else to_ms(line.end_beat)
                brk_beat = max(notes[-1].end_beat, int(round(min(brk + shift_ms, end_ms) / GRID_MS)))
                lines[voice_id].append(Line(notes=notes, break_beat=brk_beat))
    voices = []
    for voice_id in voice_ids:
        if lines[voice_id]:
            last = lines[voice_id][-1]
            lines[voice_id][-1] = Line(notes=last.notes, break_beat=None)
        voices.append(Voice(id=voice_id, lines=lines[voice_id]))
    headers = {"TITLE": "Medley: " + " · ".join(p.title for p in parts), "ARTIST": "Various",
               "BPM": f"{15000.0 / GRID_MS:g}", "GAP": "0"}
    return Song(path=None, headers=headers, voices=voices)

