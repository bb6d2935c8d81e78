"""A draft chart from a sung vocal: pitch contour -> notes -> the beat grid -> syllables.

1. Pitch: the game's own tracker over the take at 16 kHz (``contour_track``): on real
   amateur takes it gives better notes than pyin, at a tenth of the cost.
2. Notes: ``pitch.segment`` cuts the voiced runs at new pitches and at re-attacks, with
   rules tuned on real singing (vibrato, tremolo, scoops, "la" consonants; see there).
   A take that sounds like a full mix gets a warning (``pitch.mixcheck``).
   ``method="legacy"`` is the first algorithm (pyin; cuts at every spectral onset far
   from a pitch change), kept for the benchmark's side-by-side figures.
3. Grid: v1 #BPM is the quarter-note tempo (one beat = 15000/BPM ms, a sixteenth),
   detected with librosa when not given and doubled until a beat is <= 50 ms (32nds or
   64ths: fine enough that rounding never moves an onset audibly); GAP is the first
   note's start unless given; starts and ends round to the nearest beat.
4. Lyrics: the syllables are laid on the notes in order, one lyric line per chart line;
   without lyrics every note sings "la" and lines break at rests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from ..charts import Line, Note, NoteKind, Song, Voice
from ..charts.ultrastar_write import format_number
from .segment import SegmentConfig, segment_contour

ANALYSIS_SR = 16000
HOP_S = 0.01
MIN_NOTE_S = 0.08
VOICING_LEAD_S = 0.02  # pyin's centred window hears a voice ~20 ms before it starts
MAX_CHART_BEAT_MS = 50.0
PLACEHOLDER = "la"
MELISMA = "~"
Progress = Callable[[str, float], None]


@dataclass(frozen=True, slots=True)
class SungSegment:
    """A note heard in the take: song seconds and a (fractional) MIDI pitch."""

    start_s: float
    end_s: float
    midi: float


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


def pitch_track(y: np.ndarray, sr: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(times, f0 Hz with 0 = unvoiced, level dB) at 10 ms, pyin at the analysis rate."""
    import librosa

    if sr != ANALYSIS_SR:
        y = librosa.resample(y.astype(np.float32), orig_sr=sr, target_sr=ANALYSIS_SR, res_type="soxr_hq")
    hop = int(ANALYSIS_SR * HOP_S)
    f0, voiced, _ = librosa.pyin(y, fmin=65.0, fmax=1050.0, sr=ANALYSIS_SR, frame_length=1024,
                                 hop_length=hop, resolution=0.2, center=True)
    times = librosa.times_like(f0, sr=ANALYSIS_SR, hop_length=hop)
    rms = librosa.feature.rms(y=y, frame_length=512, hop_length=hop, center=True)[0][: f0.size]
    level = 20.0 * np.log10(np.maximum(rms, 1e-6))
    if level.size < f0.size:
        level = np.pad(level, (0, f0.size - level.size), constant_values=-120.0)
    return times, np.where(voiced & np.isfinite(f0), f0, 0.0), level


def onset_times(y: np.ndarray, sr: int) -> np.ndarray:
    """Re-attacks: spectral-flux onsets (they catch a new syllable on the same pitch)."""
    import librosa

    return librosa.onset.onset_detect(y=y, sr=sr, hop_length=256, backtrack=False, units="time",
                                      delta=0.2)


def _runs(voiced: np.ndarray, level_db: np.ndarray | None = None, *, bridge: int = 3,
          leap_bridge: int = 10, leap_drop_db: float = 12.0) -> list[tuple[int, int]]:
    """Voiced runs as [a, b) frame spans. Dropouts of up to ``bridge`` frames are
    bridged; longer ones (up to ``leap_bridge``) only while the voice stays loud --
    pyin loses voicing in a fast leap, a singer's real rest is quiet."""
    idx = np.flatnonzero(voiced)
    if idx.size == 0:
        return []
    runs, a, last = [], int(idx[0]), int(idx[0])
    for i in idx[1:]:
        gap = int(i) - last - 1
        loud = (level_db is not None and 0 < gap <= leap_bridge
                and level_db[last + 1 : i].min() > min(level_db[last], level_db[i]) - leap_drop_db)
        if gap > bridge and not loud:
            runs.append((a, last + 1))
            a = int(i)
        last = int(i)
    runs.append((a, last + 1))
    return runs


def _glide_start(midi: np.ndarray, lo: int, hi: int, old: float, new: float) -> float | None:
    """Fractional frame where a glide from ``old`` to ``new`` began, from its 25 % and
    75 % crossings (an S-shaped glide spends a third of its time between them)."""
    span = new - old
    progress = (midi[lo:hi] - old) / span
    marks = []
    for level in (0.25, 0.75):
        above = np.flatnonzero(progress >= level)
        if above.size == 0 or above[0] == 0:
            return None
        k = int(above[0])
        p0, p1 = progress[k - 1], progress[k]
        marks.append(lo + k - 1 + (level - p0) / (p1 - p0 if p1 != p0 else 1.0))
    t25, t75 = marks
    return max(float(lo), 2.0 * t25 - t75)


def _split_by_pitch(midi: np.ndarray, a: int, b: int, *, jump: float = 0.7, hold: int = 4,
                    steady: float = 0.3) -> list[float]:
    """Fractional frames where a new pitch begins inside the run [a, b).

    A change is a ``hold``-frame stretch more than ``jump`` semitones from the current
    note; the cut goes back to where the glide towards the new pitch began (the glide
    belongs to the note it leads to), and the new note's reference starts once the
    contour is steady again.
    """
    cuts: list[float] = []
    ref_start, floor = a, a
    i = a + hold
    while i < b:
        ref = float(np.nanmedian(midi[ref_start:i]))
        window = midi[i : i + hold]
        off = window - ref
        if window.size == hold and np.all(np.abs(off) > jump) and np.all(np.sign(off) == np.sign(off[0])):
            k = i
            while k + 3 <= b and np.ptp(midi[k : k + 3]) > steady:
                k += 1
            k = min(k, b - 1)
            target = float(np.nanmedian(midi[k : min(b, k + hold)]))
            lo = max(floor, ref_start + 1, i - 20)
            cut = _glide_start(midi, lo, min(b, k + 1), ref, target)
            if cut is None:
                cut = float(i)
            cuts.append(cut)
            floor = int(np.ceil(cut))
            ref_start = k
            i = ref_start + hold
        else:
            i += 1
    return cuts


def segment_notes(times: np.ndarray, f0: np.ndarray, onsets: Sequence[float] = (), *,
                  level_db: np.ndarray | None = None, min_note_s: float = MIN_NOTE_S) -> list[SungSegment]:
    """The legacy segmentation: notes from an f0 contour (0 = unvoiced), optional onset
    times (seconds) and the signal level per frame (dB, same frames as ``times``)."""
    voiced = f0 > 0
    midi = np.full(f0.shape, np.nan)
    midi[voiced] = 69.0 + 12.0 * np.log2(f0[voiced] / 440.0)
    t0 = float(times[0]) if times.size else 0.0
    hop = float(times[1] - times[0]) if times.size > 1 else HOP_S
    min_frames = max(1, int(round(min_note_s / hop)))
    onset_frames = (np.asarray(onsets, dtype=float) - t0) / hop
    segments: list[tuple[float, float]] = []
    for a, b in _runs(voiced, level_db):
        run = midi[a:b]  # a view: dropouts (fast leaps lose voicing) bridged in place
        gaps = np.isnan(run)
        if gaps.any():
            known = np.flatnonzero(~gaps)
            run[gaps] = np.interp(np.flatnonzero(gaps), known, run[known])
        cuts = _split_by_pitch(midi, a, b)
        for f in onset_frames:  # a re-attack far enough from every other cut
            if a + min_frames <= f <= b - min_frames and all(abs(f - c) >= min_frames for c in cuts):
                cuts.append(float(f))
        bounds = [a + VOICING_LEAD_S / hop, *sorted(cuts), float(b)]
        segments.extend((s, e) for s, e in zip(bounds, bounds[1:]) if e > s)
    out = []
    for s, e in _absorb_short(segments, midi, min_frames):
        lo, hi = int(np.floor(s)), int(np.ceil(e))
        core = midi[lo + (hi - lo) // 4 : hi - (hi - lo) // 8]  # skip the glide in
        pitch = float(np.nanmedian(core if core.size and not np.isnan(core).all() else midi[lo:hi]))
        out.append(SungSegment(t0 + s * hop, t0 + e * hop, pitch))
    return out


def _absorb_short(segments: list[tuple[float, float]], midi: np.ndarray,
                  min_frames: int) -> list[tuple[float, float]]:
    """Pieces shorter than ``min_frames`` join the touching neighbour nearest in pitch;
    a short piece with no touching neighbour is noise and goes."""
    segs = [list(s) for s in segments]
    changed = True
    while changed:
        changed = False
        for k, (s, e) in enumerate(segs):
            if e - s >= min_frames:
                continue
            here = _median(midi, s, e)
            options = []
            if k > 0 and segs[k - 1][1] == s:
                options.append((abs(_median(midi, *segs[k - 1]) - here), k - 1))
            if k + 1 < len(segs) and segs[k + 1][0] == e:
                options.append((abs(_median(midi, *segs[k + 1]) - here), k + 1))
            if options:
                _, other = min(options)
                segs[other] = [min(segs[other][0], s), max(segs[other][1], e)]
            del segs[k]
            changed = True
            break
    return [(s, e) for s, e in segs]


def _median(midi: np.ndarray, s: float, e: float) -> float:
    piece = midi[int(np.floor(s)) : max(int(np.ceil(e)), int(np.floor(s)) + 1)]
    return float(np.nanmedian(piece)) if not np.isnan(piece).all() else 0.0


def chart_bpm_for(quarter_bpm: float) -> float:
    """v1 #BPM: the quarter tempo (sixteenth beats), doubled until a beat is <= 50 ms."""
    bpm = float(quarter_bpm)
    while 15000.0 / bpm > MAX_CHART_BEAT_MS:
        bpm *= 2.0
    return round(bpm, 3)


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
               use_onsets: bool = True, method: str = "contour", check_for_mix: bool = True,
               **headers: str) -> Transcription:
    """The whole draft: pitch, notes, grid, syllables. ``bpm`` in chart (v1) units.
    ``method``: "contour" (the tracker and ``pitch.segment``) or "legacy" (pyin and the
    first segmentation; ``use_onsets`` applies to it only)."""
    y = np.asarray(y, dtype=np.float32)
    mix_warning = None
    if method == "legacy":
        progress("pitch (pyin)", 0.0)
        times, f0, level = pitch_track(y, sr)
        progress("onsets", 0.6)
        onsets = onset_times(y, sr) if use_onsets else np.zeros(0)
        progress("notes", 0.7)
        segments = segment_notes(times, f0, onsets, level_db=level)
    elif method == "contour":
        progress("pitch", 0.0)
        times, f0, level = contour_track(y, sr)
        progress("notes", 0.6)
        segments = sung_segments(times, f0, level)
        if check_for_mix:
            from .mixcheck import check_mix

            mix = check_mix(_at_analysis_rate(y, sr), ANALYSIS_SR, f0 > 0, level)
            mix_warning = mix.warning() if mix.is_mix else None
    else:
        raise ValueError(f"unknown transcription method {method!r}")
    if bpm is None:
        progress("tempo", 0.8)
        from ..editor.timing import detect_tempo

        bpm = chart_bpm_for(detect_tempo(y, sr).quarter_bpm)
    if bpm <= 0:
        raise ValueError("BPM must be above zero")
    if gap_ms is None:
        gap_ms = round(segments[0].start_s * 1000.0, 1) if segments else 0.0
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
