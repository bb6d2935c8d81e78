"""Notes from a sung pitch contour: segmentation tuned on real amateur singing.

The contour is the game's own tracker (``StreamingPitchTracker``, 10 ms frames, f0 and
level). On the real takes (median onset F / note F, tuning half) it gives better notes
than pyin (0.751 / 0.688 against 0.713 / 0.661) at a tenth of the cost; keeping only the
frames both call voiced gains 0.003, not worth pyin's seconds.

A take is cut into notes in three steps:

1. Voiced runs: the voiced frames, short dropouts bridged (a fast leap loses voicing
   for a frame or two; a rest is longer and quiet). Brief octave slips (the tracker's)
   are folded back. A run starts a note ``lead_frames`` (30 ms) after its first voiced
   frame: the tracker hears a voice a little before its second harmonic is clearly
   there, which is where the human annotators (and listeners) put the note's start.
2. Cuts inside a run:
   - a *pitch change*: the 5-frame median-smoothed contour leaves the current note's
     pitch by more than ``jump`` semitones for ``hold`` frames, all on one side (a
     scoop is the start of a note, never a change of its own). Where the contour has a
     vibrato (it swings round its 130 ms moving mean, crossing it again and again) the
     change is sought in that mean, so a wide (+-1 semitone) vibrato does not cut a
     note. The cut goes to the re-attack in the glide (sung "la la", the consonant
     dips the level between the notes and the new note starts as it swells back) or,
     without one, to where the glide began;
   - a *re-attack* on a held pitch: a dip in the (3-frame smoothed) level at least
     ``drop_db`` below the last 150 ms, followed by a rise of ``rise_db`` within 80 ms;
     the note starts ``attack_frames`` after the dip's lowest frame. The deep drop
     keeps most of a tremolo (the level wobble that goes with vibrato) from cutting a
     long note; a 5-6 dB tremolo still does (a rule that knew a tremolo by its regular
     dips cost more real re-attacks than it saved on the tuning takes).
3. Notes: pieces shorter than ``min_frames`` (120 ms) join the touching neighbour
   nearest in pitch; a short piece alone is noise. Touching notes less than
   ``merge_semitones`` apart, not parted by a re-attack, merge. A note's pitch is the
   median of its contour from 20 % to 70 % of its length: the scoop into a note and
   the sag at its end (singers run flat as breath runs out) stay out of it.

Tuned on the odd-indexed half of 16 real amateur takes (``../shared/data/singing-dev``,
sorted by name), checked on the other half and on the synthetic voices; ``bench
transcribe`` prints the figures. Pure numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class SegmentConfig:
    bridge_frames: int = 3  # a dropout this short is bridged, loud or quiet
    leap_bridge_frames: int = 10  # ...this short, if the level stays within leap_drop_db
    leap_drop_db: float = 12.0
    lead_frames: float = 3.0  # a run's note starts this far after its first voiced frame
    smooth_frames: int = 5  # median filter on the contour before pitch changes are sought
    jump: float = 0.85  # semitones away from the current note...
    hold: int = 4  # ...for this many frames, all on one side: a new pitch
    steady: float = 0.2  # semitones: the contour is steady again (the new note's reference)
    octave_frames: int = 11  # a slip an octave off for under half this many frames is folded back
    vibrato_frames: int = 13  # where the contour has a vibrato, changes are sought in a moving mean
    vibrato_semitones: float = 0.25  # this long (0: never); a vibrato: a swing of this RMS...
    vibrato_crossings: int = 3  # ...crossing the mean this often within vibrato_frames either side
    glide_back: int = 20  # frames: how far back a glide towards a new pitch may begin
    snap_after: int = 12  # frames after the steady point a glide's re-attack may lie
    rise_db: float = 3.0  # a re-attack: the level rises this much within rise_frames...
    rise_frames: int = 8
    drop_db: float = 5.0  # ...from a dip this far below the last drop_frames
    drop_frames: int = 15
    attack_frames: float = 3.0  # the note starts this long after the dip's lowest frame
    min_frames: int = 12  # shorter pieces join a neighbour (120 ms at 10 ms frames)
    pitch_from: float = 0.2  # a note's pitch: the median over this share of it...
    pitch_to: float = 0.7  # ...up to this share
    merge_semitones: float = 0.3  # touching notes this close in pitch, not parted by a re-attack, merge


@dataclass(frozen=True, slots=True)
class SungSegment:
    """A note heard in the take: song seconds and a (fractional) MIDI pitch."""

    start_s: float
    end_s: float
    midi: float


@dataclass(frozen=True, slots=True)
class NoteSpan:
    """A note as fractional frame indices [start, end) and its MIDI pitch."""

    start: float
    end: float
    midi: float


def midi_contour(f0: np.ndarray) -> np.ndarray:
    """MIDI per frame, NaN where unvoiced (f0 <= 0 or not finite)."""
    f0 = np.asarray(f0, dtype=np.float64)
    voiced = np.isfinite(f0) & (f0 > 0)
    midi = np.full(f0.shape, np.nan)
    midi[voiced] = 69.0 + 12.0 * np.log2(f0[voiced] / 440.0)
    return midi


def voiced_runs(voiced: np.ndarray, level_db: np.ndarray, cfg: SegmentConfig) -> list[tuple[int, int]]:
    """[a, b) spans of voiced frames, dropouts bridged as the config says."""
    idx = np.flatnonzero(voiced)
    if idx.size == 0:
        return []
    runs, a, last = [], int(idx[0]), int(idx[0])
    for i in idx[1:]:
        i = int(i)
        gap = i - last - 1
        loud = (0 < gap <= cfg.leap_bridge_frames
                and level_db[last + 1 : i].min() > min(level_db[last], level_db[i]) - cfg.leap_drop_db)
        if gap > cfg.bridge_frames and not loud:
            runs.append((a, last + 1))
            a = i
        last = i
    runs.append((a, last + 1))
    return runs


def _smoothed(x: np.ndarray, size: int, *, median: bool) -> np.ndarray:
    if x.size < size or size <= 1:
        return x.copy()
    pad = size // 2
    padded = np.pad(x, pad, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, size)
    return np.median(windows, axis=1) if median else windows.mean(axis=1)


def reattacks(level: np.ndarray, a: int, b: int, cfg: SegmentConfig) -> list[tuple[float, float]]:
    """(onset frame, strength in dB) of each re-attack in [a, b) of a smoothed level."""
    out = []
    for t in range(a + 1, b - 1):
        if level[t] <= level[t - 1] and level[t] < level[t + 1]:
            rise = level[t : min(b, t + cfg.rise_frames) + 1].max() - level[t]
            drop = level[max(a, t - cfg.drop_frames) : t + 1].max() - level[t]
            if rise >= cfg.rise_db and drop >= cfg.drop_db:
                out.append((t + cfg.attack_frames, float(rise + drop)))
    return out


def _glide_start(midi: np.ndarray, lo: int, hi: int, old: float, new: float) -> float | None:
    """Fractional frame where a glide from ``old`` to ``new`` began, from its 25 % and
    75 % crossings (an S-shaped glide spends a third of its time between them)."""
    progress = (midi[lo:hi] - old) / (new - old)
    marks = []
    for mark in (0.25, 0.75):
        above = np.flatnonzero(progress >= mark)
        if above.size == 0 or above[0] == 0:
            return None
        k = int(above[0])
        p0, p1 = progress[k - 1], progress[k]
        marks.append(lo + k - 1 + (mark - p0) / (p1 - p0 if p1 != p0 else 1.0))
    return max(float(lo), 2.0 * marks[0] - marks[1])


def pitch_changes(midi: np.ndarray, a: int, b: int, cfg: SegmentConfig,
                  detect: np.ndarray | None = None) -> list[tuple[float, int, int]]:
    """(glide-start frame, window start, steady frame) of each new pitch in [a, b) of a
    gap-free smoothed contour. ``detect`` (default ``midi``) is the contour a change is
    sought in: with the vibrato averaged out of it, a vibrato's swing is no change and
    a vibrato note becomes steady; the glide is then found on ``midi``."""
    detect = midi if detect is None else detect
    hold = cfg.hold
    changes: list[tuple[float, int, int]] = []
    ref_start, floor = a, a
    i = a + hold
    while i < b:
        ref = float(np.median(detect[ref_start:i]))
        off = detect[i : i + hold] - ref
        if off.size == hold and np.all(np.abs(off) > cfg.jump) and np.all(np.sign(off) == np.sign(off[0])):
            k = i
            while k + 3 <= b and np.ptp(detect[k : k + 3]) > cfg.steady:
                k += 1
            k = min(k, b - 1)
            target = float(np.median(detect[k : min(b, k + hold)]))
            lo = max(floor, ref_start + 1, i - cfg.glide_back)
            start = _glide_start(midi, lo, min(b, k + 1), ref, target)
            changes.append((float(i) if start is None else start, lo, k))
            floor = int(np.ceil(changes[-1][0]))
            ref_start = k
            i = ref_start + hold
        else:
            i += 1
    return changes


def fold_octave_slips(run: np.ndarray, cfg: SegmentConfig) -> np.ndarray:
    """A gap-free run with its brief octave slips (a tracker's, shorter than half of
    ``octave_frames``) folded back to the octave around them; a sung leap lasts longer."""
    if cfg.octave_frames <= 1 or run.size < cfg.octave_frames:
        return run
    off = run - _smoothed(run, cfg.octave_frames, median=True)
    slip = np.abs(np.abs(off) - 12.0) < 1.5
    return np.where(slip, run - 12.0 * np.sign(off), run)


def _vibrato_free(run: np.ndarray, cfg: SegmentConfig) -> np.ndarray:
    """The run with its vibrato averaged out where it has one: there the contour swings
    round its moving mean by ``vibrato_semitones`` (RMS) or more, crossing it at least
    ``vibrato_crossings`` times within a mean's length either side."""
    mean = _smoothed(run, cfg.vibrato_frames, median=False)
    wobble = run - mean
    k = cfg.vibrato_frames
    rms = np.sqrt(_smoothed(wobble**2, 2 * k + 1, median=False))
    crossings = _smoothed(np.abs(np.diff(np.sign(wobble), prepend=np.sign(wobble[0]))) / 2.0, 2 * k + 1,
                          median=False) * (2 * k + 1)
    vibrato = (rms >= cfg.vibrato_semitones) & (crossings >= cfg.vibrato_crossings)
    return np.where(vibrato, mean, run)


def _cuts(smooth: np.ndarray, level: np.ndarray, a: int, b: int, cfg: SegmentConfig,
          attacks_used: set[float]) -> list[float]:
    attacks = reattacks(level, a, b, cfg)
    detect = None
    if cfg.vibrato_frames > 1 and b - a > cfg.vibrato_frames:
        detect = smooth.copy()
        detect[a:b] = _vibrato_free(smooth[a:b], cfg)
    cuts: list[float] = []
    used: set[float] = set()
    for start, lo, steady in pitch_changes(smooth, a, b, cfg, detect):
        near = [(strength, f) for f, strength in attacks if lo - 2 <= f <= steady + cfg.snap_after]
        if near:
            cuts.append(max(near)[1])
            used.add(cuts[-1])
        else:
            cuts.append(start)
    for f, _ in attacks:
        if f not in used and a + cfg.min_frames <= f <= b - cfg.min_frames \
                and all(abs(f - c) >= cfg.min_frames for c in cuts):
            cuts.append(f)
            used.add(f)
    attacks_used |= used
    return sorted(cuts)


def segment_contour(f0: np.ndarray, level_db: np.ndarray, config: SegmentConfig | None = None) -> list[NoteSpan]:
    """Notes of a contour: ``f0`` in Hz per frame (0 = unvoiced) and the level in dB of
    the same frames. Frame indices come back; the caller knows the frame times."""
    cfg = config or SegmentConfig()
    midi = midi_contour(f0)
    level_db = np.asarray(level_db, dtype=np.float64)[: midi.size]
    if level_db.size < midi.size:
        level_db = np.pad(level_db, (0, midi.size - level_db.size), constant_values=-120.0)
    level = _smoothed(level_db, 3, median=False)
    pieces: list[tuple[float, float]] = []
    attacks_used: set[float] = set()
    for a, b in voiced_runs(~np.isnan(midi), level_db, cfg):
        run = midi[a:b].copy()
        gaps = np.isnan(run)
        if gaps.any():  # bridged dropouts: the contour carries across them
            known = np.flatnonzero(~gaps)
            run[gaps] = np.interp(np.flatnonzero(gaps), known, run[known])
        run = fold_octave_slips(run, cfg)
        smooth = np.full(midi.shape, np.nan)
        smooth[a:b] = _smoothed(run, cfg.smooth_frames, median=True)
        bounds = [a + min(cfg.lead_frames, (b - a) / 2.0), *_cuts(smooth, level, a, b, cfg, attacks_used), float(b)]
        pieces.extend((s, e) for s, e in zip(bounds, bounds[1:]) if e > s)
    notes: list[NoteSpan] = []
    for s, e in absorb_short(pieces, midi, cfg.min_frames):
        note = NoteSpan(s, e, _core_pitch(midi, s, e, cfg))
        last = notes[-1] if notes else None
        if (last is not None and last.end == s and s not in attacks_used
                and abs(last.midi - note.midi) < cfg.merge_semitones):
            notes[-1] = NoteSpan(last.start, e, _core_pitch(midi, last.start, e, cfg))
        else:
            notes.append(note)
    return notes


def _core_pitch(midi: np.ndarray, s: float, e: float, cfg: SegmentConfig) -> float:
    lo, hi = int(np.floor(s)), int(np.ceil(e))
    n = hi - lo
    core = midi[lo + int(n * cfg.pitch_from) : lo + max(int(n * cfg.pitch_to), int(n * cfg.pitch_from) + 1)]
    if core.size == 0 or np.isnan(core).all():
        core = midi[lo:hi]
    return float(np.nanmedian(core))


def absorb_short(pieces: list[tuple[float, float]], midi: np.ndarray,
                 min_frames: int) -> list[tuple[float, float]]:
    """Pieces shorter than ``min_frames`` join the touching neighbour nearest in pitch;
    a short piece with no touching neighbour is noise and goes."""
    segs = [list(p) for p in pieces]
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
