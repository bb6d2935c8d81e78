"""A draft chart from a sung vocal: pitch contour -> notes -> the beat grid -> syllables.

1. Pitch: the game's own tracker over the take at 16 kHz (``contour_track``): on real
   amateur takes it gives better notes than pyin, at a tenth of the cost.
2. Notes: ``pitch.segment`` cuts the voiced runs at new pitches and at re-attacks, with
   rules tuned on real singing (vibrato, tremolo, scoops, "la" consonants; see there).
   A take that sounds like a full mix gets a warning (``pitch.mixcheck``).
   ``Method.LEGACY`` is the first algorithm (pyin; a cut at every spectral onset far
   from a pitch change), kept for the benchmark's side-by-side figures.
3. Grid: v1 #BPM is the quarter-note tempo (one beat = 15000/BPM ms, a sixteenth),
   detected with librosa when not given and doubled until a beat is <= 50 ms (32nds or
   64ths); unless given, GAP is the grid point within half a beat of the first note
   that puts the grid's phase at the notes' mean phase (``grid_gap_ms``: less rounding
   for the onsets); starts and ends round to the nearest beat.
4. Lyrics: the syllables are laid on the notes in order, one lyric line per chart line;
   without lyrics every note sings "la" and lines break at rests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Callable, Sequence

import numpy as np

from ..charts import Line, Note, NoteKind, Song, Voice
from ..charts.ultrastar_write import format_number
from .legacy_notes import ANALYSIS_SR, HOP_S, onset_times, pitch_track, segment_notes
from .segment import SegmentConfig, SungSegment, segment_contour

__all__ = ["ANALYSIS_SR", "Method", "SungSegment", "Transcription", "build_song", "chart_bpm_for",
           "chart_intervals", "contour_track", "grid_gap_ms", "onset_times", "pitch_track", "quantise",
           "score_notes", "segment_notes", "sung_segments", "transcribe"]

MAX_CHART_BEAT_MS = 50.0
PLACEHOLDER = "la"
MELISMA = "~"
Progress = Callable[[str, float], None]


class Method(str, Enum):
    CONTOUR = "contour"  # the live tracker's contour, pitch.segment (the default)
    LEGACY = "legacy"  # pyin and the first segmentation


@dataclass
class Transcription:
    segments: list[SungSegment]
    bpm: float  # chart BPM, v1 units
    gap_ms: float
    song: Song
    warnings: list[str] = field(default_factory=list)


def _quiet(stage: str, fraction: float) -> None:
    return None


def contour_track(y: np.ndarray, sr: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(times, f0 Hz with 0 = unvoiced, level dB) at 10 ms: the live tracker over the
    take at the analysis rate, as ``pitch_track`` returns pyin's."""
    from .offline import track_file

    y = _at_analysis_rate(y, sr)
    frames = track_file(y, ANALYSIS_SR)
    times = np.array([f.time for f in frames], dtype=np.float64)
    f0 = np.array([f.f0_hz if f.voiced else 0.0 for f in frames], dtype=np.float64)
    return times, f0, np.array([f.level_db for f in frames], dtype=np.float64)


def _at_analysis_rate(y: np.ndarray, sr: int) -> np.ndarray:
    if sr == ANALYSIS_SR:
        return np.asarray(y, dtype=np.float32)
    import soxr

    return soxr.resample(np.asarray(y, dtype=np.float32), sr, ANALYSIS_SR, quality="HQ").astype(np.float32)


def sung_segments(times: np.ndarray, f0: np.ndarray, level_db: np.ndarray,
                  config: SegmentConfig | None = None) -> list[SungSegment]:
    """Notes of a contour (``pitch.segment``) in song seconds."""
    t0 = float(times[0]) if times.size else 0.0
    hop = float(times[1] - times[0]) if times.size > 1 else HOP_S
    return [SungSegment(t0 + n.start * hop, t0 + n.end * hop, n.midi)
            for n in segment_contour(f0, level_db, config)]


def chart_bpm_for(quarter_bpm: float) -> float:
    """v1 #BPM: the quarter tempo (sixteenth beats), doubled until a beat is <= 50 ms."""
    bpm = float(quarter_bpm)
    while 15000.0 / bpm > MAX_CHART_BEAT_MS:
        bpm *= 2.0
    return round(bpm, 3)


def grid_gap_ms(segments: Sequence[SungSegment], bpm: float) -> float:
    """GAP near the first note's start whose beat grid best fits every note's start
    (the circular mean of their phases): the first note stays on beat 0."""
    if not segments:
        return 0.0
    beat_ms = 15000.0 / bpm
    starts = np.array([seg.start_s * 1000.0 for seg in segments])
    phase = float(np.angle(np.mean(np.exp(2j * np.pi * starts / beat_ms)))) / (2.0 * np.pi) * beat_ms
    return round(float(starts[0] + (phase - starts[0] + beat_ms / 2.0) % beat_ms - beat_ms / 2.0), 1)


def quantise(segments: Sequence[SungSegment], bpm: float, gap_ms: float) -> list[tuple[int, int, int]]:
    """(beat, length, chart pitch) per segment on the grid, never overlapping."""
    beat_ms = 15000.0 / bpm
    out: list[tuple[int, int, int]] = []
    for seg in segments:
        start = round((seg.start_s * 1000.0 - gap_ms) / beat_ms)
        end = round((seg.end_s * 1000.0 - gap_ms) / beat_ms)
        if out:
            p_beat, p_len, p_pitch = out[-1]
            if start < p_beat + 1:
                start = p_beat + 1
            if p_beat + p_len > start:
                out[-1] = (p_beat, start - p_beat, p_pitch)
        out.append((start, max(1, end - start), int(round(seg.midi)) - 60))
    return out


def _line_starts_at_rests(segments: Sequence[SungSegment], rest_s: float = 0.35, max_line_s: float = 8.0) -> set[int]:
    starts, line_start = set(), 0
    for k in range(1, len(segments)):
        rest = segments[k].start_s - segments[k - 1].end_s
        long_line = segments[k].end_s - segments[line_start].start_s > max_line_s
        if rest >= rest_s or (long_line and rest > 0.05):
            starts.add(k)
            line_start = k
    return starts


def build_song(segments: Sequence[SungSegment], bpm: float, gap_ms: float,
               lyrics: Sequence[Sequence[str]] | None = None, *, title: str = "", artist: str = "",
               audio: str | None = None) -> tuple[Song, list[str]]:
    """An UltraStar song of the segments with the syllables laid on in order."""
    warnings: list[str] = []
    grid = quantise(segments, bpm, gap_ms)
    if lyrics:
        syllables = [(k, s) for k, line in enumerate(lyrics) for s in line]
        if len(syllables) > len(grid):
            warnings.append(f"{len(syllables) - len(grid)} syllable(s) had no note and were left out")
        if len(syllables) < len(grid):
            warnings.append(f"{len(grid) - len(syllables)} note(s) had no syllable: sung as '~'")
        texts = [s for _, s in syllables[: len(grid)]] + [MELISMA] * max(0, len(grid) - len(syllables))
        owners = [k for k, _ in syllables[: len(grid)]]
        owners += [owners[-1] if owners else 0] * (len(grid) - len(owners))
        new_line = {i for i in range(1, len(grid)) if owners[i] != owners[i - 1]}
        # Notes past the last syllable still need lines a singer can read: break at rests.
        new_line |= {i for i in _line_starts_at_rests(segments) if i > len(syllables)}
        texts = [t.lstrip() if i in new_line or i == 0 else t for i, t in enumerate(texts)]
    else:
        new_line = _line_starts_at_rests(segments)
        texts = [PLACEHOLDER if i in new_line or i == 0 else " " + PLACEHOLDER for i in range(len(grid))]
    lines: list[Line] = []
    for i, ((beat, length, pitch), text) in enumerate(zip(grid, texts)):
        if i == 0 or i in new_line:
            if lines:
                lines[-1].break_beat = lines[-1].end_beat
            lines.append(Line())
        lines[-1].notes.append(Note(NoteKind.NORMAL, beat, length, pitch, text))
    headers = {"TITLE": title or "Untitled draft", "ARTIST": artist or "Unknown"}
    if audio:
        headers["AUDIO"] = audio
    headers.update({"BPM": format_number(bpm), "GAP": format_number(round(gap_ms, 3)),
                    "CREATOR": "alienstage chart transcribe (draft)"})
    return Song(headers=headers, voices=[Voice("P1", lines=lines)]), warnings


def transcribe(y: np.ndarray, sr: int, *, bpm: float | None = None, gap_ms: float | None = None,
               lyrics: Sequence[Sequence[str]] | None = None, progress: Progress = _quiet,
               use_onsets: bool = True, method: Method | str = Method.CONTOUR, check_for_mix: bool = True,
               **headers: str) -> Transcription:
    """The whole draft: pitch, notes, grid, syllables. ``bpm`` in chart (v1) units.
    ``use_onsets`` applies to ``Method.LEGACY`` only."""
    y = np.asarray(y, dtype=np.float32)
    method, mix_warning = Method(method), None
    if method is Method.LEGACY:
        progress("pitch (pyin)", 0.0)
        times, f0, level = pitch_track(y, sr)
        progress("onsets", 0.6)
        onsets = onset_times(y, sr) if use_onsets else np.zeros(0)
        progress("notes", 0.7)
        segments = segment_notes(times, f0, onsets, level_db=level)
    else:
        progress("pitch", 0.0)
        voice = _at_analysis_rate(y, sr)
        times, f0, level = contour_track(voice, ANALYSIS_SR)
        progress("notes", 0.6)
        segments = sung_segments(times, f0, level)
        if check_for_mix:
            from .mixcheck import check_mix

            mix = check_mix(voice, ANALYSIS_SR, f0 > 0, level)
            mix_warning = mix.warning() if mix.is_mix else None
    if bpm is None:
        progress("tempo", 0.8)
        from ..timing import detect_tempo

        bpm = chart_bpm_for(detect_tempo(y, sr).quarter_bpm)
    if bpm <= 0:
        raise ValueError("BPM must be above zero")
    if gap_ms is None:
        gap_ms = grid_gap_ms(segments, bpm)
    progress("chart", 0.95)
    song, warnings = build_song(segments, bpm, gap_ms, lyrics, **headers)
    if mix_warning:
        warnings.insert(0, mix_warning)
    if not segments:
        warnings.append("no sung notes found in the take")
    progress("done", 1.0)
    return Transcription(segments, bpm, gap_ms, song, warnings)


def chart_intervals(song: Song, voice_id: str = "P1") -> tuple[np.ndarray, np.ndarray]:
    """(intervals in seconds, pitches in Hz) of a chart voice, as mir_eval wants."""
    clock = song.clock
    notes = song.voice(voice_id).notes
    intervals = np.array([[clock.beat_to_seconds(n.beat), clock.beat_to_seconds(n.end_beat)] for n in notes])
    pitches = 440.0 * 2.0 ** ((np.array([n.midi for n in notes], dtype=float) - 69.0) / 12.0)
    return intervals.reshape(-1, 2), pitches


def score_notes(ref_intervals: np.ndarray, ref_midi: np.ndarray, est_intervals: np.ndarray,
                est_hz: np.ndarray) -> dict[str, float]:
    """mir_eval.transcription: onset F (50 ms) and note F (onset + 50 cents, no offset)."""
    import mir_eval

    ref_hz = 440.0 * 2.0 ** ((np.asarray(ref_midi, dtype=float) - 69.0) / 12.0)
    if len(est_intervals) == 0:
        return {"onset_f": 0.0, "note_f": 0.0, "onset_p": 0.0, "onset_r": 0.0}
    p, r, f = mir_eval.transcription.onset_precision_recall_f1(ref_intervals, est_intervals, onset_tolerance=0.05)
    _, _, nf, _ = mir_eval.transcription.precision_recall_f1_overlap(
        ref_intervals, ref_hz, est_intervals, est_hz, onset_tolerance=0.05, pitch_tolerance=50.0,
        offset_ratio=None)
    return {"onset_f": float(f), "note_f": float(nf), "onset_p": float(p), "onset_r": float(r)}
