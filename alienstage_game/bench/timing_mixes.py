"""Songs with known timing for ``bench timing`` and the timing tests: a band (drums, bass,
pads, a panned keyboard comp) at a known, not-round tempo, optionally swung, under a
known vocal after an instrumental intro.

The vocal is a real a-cappella take (its first annotated onset is the truth) or a
synthetic real-like singer (its first note is). The mix is stereo like a record: kick,
snare, bass and voice in the centre, hats, pads and keys wide or to a side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..audio.synth.dsp import lowpass
from ..audio.synth.instruments import bass_note, hat, kick, pad_chord
from ..charts import Line, Note, NoteKind, Song, Voice

SR = 22050
PROGRESSIONS = ((0, 5, 7, 3), (0, 8, 3, 10), (0, 7, 9, 5), (0, 3, 8, 7))


@dataclass(frozen=True)
class KnownSong:
    name: str
    mix: np.ndarray  # (2, n) float32 at SR
    vocal: np.ndarray  # (n,) the vocal alone, as placed in the mix
    quarter_bpm: float
    first_vocal_s: float
    notes: np.ndarray  # (k, 3): onset s, offset s, midi (song time)
    swing: float


def _add(out: np.ndarray, sound: np.ndarray, at: int, gain: tuple[float, float]) -> None:
    if at >= out.shape[1]:
        return
    sound = np.atleast_2d(sound.T if sound.ndim == 2 else sound)
    if sound.shape[0] == 1:
        sound = np.vstack([sound, sound])
    end = min(out.shape[1], at + sound.shape[1])
    out[0, at:end] += gain[0] * sound[0, : end - at]
    out[1, at:end] += gain[1] * sound[1, : end - at]


def band(seconds: float, quarter_bpm: float, *, swing: float = 0.0, seed: int = 0, key: int = 0) -> np.ndarray:
    """(2, n) float64: four-bar progressions in 4/4 from time 0; ``swing`` 0 straight,
    1 triplet swing (the off-beat eighth at 2/3 of the beat)."""
    rng = np.random.default_rng(seed)
    n = int(seconds * SR)
    out = np.zeros((2, n))
    beat = 60.0 / quarter_bpm
    offbeat = beat * (0.5 + swing / 6.0)
    progression = PROGRESSIONS[seed % len(PROGRESSIONS)]
    kick_s, hat_s = kick(SR, rng), hat(SR, rng)
    from ..audio.synth.instruments import snare

    snare_s = snare(SR, rng)
    bass = np.zeros(n)
    keys = np.zeros((2, n))
    bars = int(seconds / (4 * beat)) + 1
    for bar in range(bars):
        t0 = bar * 4 * beat
        root = 36 + key + progression[bar % 4]
        minor = progression[bar % 4] in (3, 8, 10)
        chord = [root + 24, root + 24 + (3 if minor else 4), root + 31, root + 36]
        _add(out, pad_chord(chord, 4 * beat, SR) * 0.35, int(t0 * SR), (0.9, 0.6))
        for q in range(4):
            tq = t0 + q * beat
            _add(out, kick_s * 0.9, int(tq * SR), (1.0, 1.0)) if q in (0, 2) else None
            _add(out, snare_s * 0.45, int(tq * SR), (0.95, 1.0)) if q in (1, 3) else None
            for k, at in enumerate((tq, tq + offbeat)):
                pan = (0.5, 0.15) if k == 0 else (0.15, 0.5)
                _add(out, hat_s * (0.35 if k == 0 else 0.25), int(at * SR), pan)
            note = bass_note(root + (12 if q == 3 and rng.random() < 0.4 else 0), beat * 0.8, SR)
            a = int(tq * SR)
            bass[a:a + note.size] += note[: max(0, min(note.size, n - a))] * 0.4
            if q in (1, 3):  # keys comp on the off-beat, panned left
                at = int((tq + offbeat) * SR)
                stab = pad_chord(chord[:3], beat * 0.35, SR, release=0.15)[:, 0] * 0.25
                stab *= np.exp(-np.arange(stab.size) / (0.25 * SR))
                end = min(n, at + stab.size)
                if at < n:
                    keys[0, at:end] += 0.8 * stab[: end - at]
                    keys[1, at:end] += 0.2 * stab[: end - at]
    bass = lowpass(bass, 900.0, SR)
    out += bass[None, :] + keys
    return out


def place_vocal(vocal: np.ndarray, at_s: float, seconds: float) -> np.ndarray:
    out = np.zeros(int(seconds * SR))
    a = int(at_s * SR)
    piece = vocal[: max(0, out.size - a)]
    out[a:a + piece.size] = piece
    return out


def mix_song(name: str, vocal: np.ndarray, notes: np.ndarray, *, quarter_bpm: float, intro_s: float,
             swing: float = 0.0, seed: int = 0, vocal_db: float = 0.0, stereo: bool = True) -> KnownSong:
    """The vocal (mono at SR, its notes in its own time) ``intro_s`` into a band; the song
    ends 2 s after the vocal."""
    seconds = intro_s + vocal.size / SR + 2.0
    music = band(seconds, quarter_bpm, swing=swing, seed=seed, key=seed % 7)
    placed = place_vocal(vocal, intro_s, seconds)
    music_rms = float(np.sqrt(np.mean(music**2))) or 1.0
    sung = np.abs(placed) > 1e-4
    voice_rms = float(np.sqrt(np.mean(placed[sung] ** 2))) if sung.any() else 1.0
    placed *= music_rms / voice_rms * 10 ** (vocal_db / 20.0)
    mixed = music + placed[None, :]
    if not stereo:
        mixed = np.vstack([mixed.mean(axis=0)] * 2)
    mixed *= 0.5 / max(float(np.max(np.abs(mixed))), 1e-9)
    shifted = notes.copy()
    shifted[:, :2] += intro_s
    return KnownSong(name, mixed.astype(np.float32), placed.astype(np.float32), quarter_bpm,
                     float(shifted[0, 0]), shifted, swing)


def chart_of(notes: np.ndarray, *, quarter_bpm: float, grid: int = 4, gap_s: float | None = None) -> Song:
    """A v1 chart of ``notes`` (song time), #BPM = quarter x ``grid``, GAP at the first note."""
    bpm = quarter_bpm * grid
    gap = float(notes[0, 0]) if gap_s is None else gap_s
    beat_s = 15.0 / bpm
    line = Line()
    lines = [line]
    previous_end = None
    for onset, offset, midi in notes:
        beat = int(round((onset - gap) / beat_s))
        length = max(1, int(round((offset - gap) / beat_s)) - beat)
        if previous_end is not None and onset - previous_end > 1.0 and line.notes:
            line.break_beat = line.end_beat
            line = Line()
            lines.append(line)
        if line.notes and beat < line.notes[-1].end_beat:
            beat = line.notes[-1].end_beat
        line.notes.append(Note(NoteKind.NORMAL, beat, length, int(round(midi)) - 60, "la "))
        previous_end = offset
    headers = {"TITLE": "known", "ARTIST": "bench", "BPM": f"{bpm:.4f}", "GAP": f"{gap * 1000.0:.1f}"}
    return Song(headers=headers, voices=[Voice("P1", lines=lines)])


def synthetic_vocal(seed: int, seconds: float = 24.0, female: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """A real-like synthetic singer (pitch.realistic REAL_LIKE, in a room) and its notes,
    each starting where it is voiced (after its consonant), as the real annotations do."""
    from ..pitch.realistic import real_like, recorded
    from ..pitch.synthetic import melody, sing

    low, high = (60, 79) if female else (48, 67)
    notes = melody(seed, low, high, seconds, start=0.3)
    take = recorded(sing(notes, SR, seed=seed, female=female, **real_like(female)), SR, seed=seed)
    rows = []
    for note in notes:  # onsets where the voice sounds, as the real takes' annotators set them
        end = note.start + note.duration
        voiced = take.times[(take.times >= note.start) & (take.times < end) & (take.f0 > 0)]
        rows.append((float(voiced[0]) if voiced.size else note.start, end, note.midi))
    return np.asarray(take.signal, dtype=np.float64), np.array(rows)


def real_vocal(audio, notes_path, max_s: float = 30.0) -> tuple[np.ndarray, np.ndarray]:
    """A real take (read in place) resampled to SR, cut at ``max_s``, and its notes."""
    import soundfile
    import soxr

    from .pitch_notes import read_notes

    y, rate = soundfile.read(str(audio), dtype="float64", always_2d=True)
    y = y.mean(axis=1)
    if rate != SR:
        y = soxr.resample(y, rate, SR)
    notes = read_notes(notes_path)
    cut = max_s
    inside = notes[notes[:, 1] <= cut]
    y = y[: int(cut * SR)]
    return y, inside
