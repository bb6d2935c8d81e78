"""Transcription benchmark: ``alienstage chart transcribe`` against sung melodies whose
notes are known exactly.

Voices (all synthetic, seeded): random melodies in several registers and styles
(vibrato, long glides, breathy with intakes, under room noise, in reverb), sung by
``pitch.synthetic.sing``; and the bundled level charts sung by the game's guide voice
(``audio.synth.voice.render_voice``). Two legato notes on one pitch and one vowel are
the same sound to any listener, so the melodies re-articulate them with a short break,
as a singer's consonant does. Quality: mir_eval.transcription onset F-measure (50 ms)
and note F-measure (onset 50 ms + pitch 50 cents, offsets ignored) of the finished
chart's notes, converted back to seconds. Speed: wall and CPU time of a 3-minute vocal.

Targets (issue 8): onset F >= 0.85, note F >= 0.75, a 3-minute vocal in <= 30 s.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

import numpy as np

DESCRIPTION = "vocal -> chart transcription quality (mir_eval) and speed"
TARGET_ONSET_F, TARGET_NOTE_F, TARGET_SPEED_S = 0.85, 0.75, 30.0
SR = 22050
LEVEL_CHARTS = ("first-light", "slow-orbit", "undertow")


@dataclass(frozen=True)
class Case:
    name: str
    signal: np.ndarray
    intervals: np.ndarray  # (n, 2) seconds
    midi: np.ndarray  # truth pitch per note


def articulated(notes: list, gap_s: float = 0.06) -> list:
    """Legato repeats of one pitch get a short break before the second note."""
    from ..pitch.synthetic import SungNote

    out = []
    for note in notes:
        prev = out[-1] if out else None
        if (prev is not None and prev.midi == note.midi
                and abs(prev.start + prev.duration - note.start) < 1e-6):
            out[-1] = SungNote(prev.start, max(0.1, prev.duration - gap_s), prev.midi, prev.vowel)
        out.append(note)
    return out


def _case(name: str, notes: list, signal: np.ndarray) -> Case:
    intervals = np.array([[n.start, n.start + n.duration] for n in notes]).reshape(-1, 2)
    return Case(name, signal, intervals, np.array([n.midi for n in notes], dtype=float))


def melody_cases(seed: int = 0, seconds: float = 20.0, sr: int = SR, *, small: bool = False) -> list[Case]:
    from ..pitch.synthetic import add_noise, add_reverb, melody, sing

    specs = [("low-male", (45, 60), {}, 0.6), ("high-female", (62, 77), {"female": True}, 0.6),
             ("vibrato", (52, 69), {"vibrato_cents": 60.0}, 0.6),
             ("long-glides", (48, 67), {"glide_s": 0.12}, 1.0),
             ("breathy", (50, 67), {"breath_db": -14.0, "breath_intakes": True}, 0.6),
             ("noise-20db", (50, 67), {}, 0.6), ("reverb", (50, 67), {}, 0.6)]
    if small:
        specs = specs[:2] + specs[3:4]
    cases = []
    for k, (name, (low, high), style, legato) in enumerate(specs):
        notes = articulated(melody(seed * 31 + k + 1, low, high, seconds, legato=legato))
        take = sing(notes, sr, seed=seed + k, **style)
        if name == "noise-20db":
            take = add_noise(take, 20.0, sr, seed=seed)
        elif name == "reverb":
            take = add_reverb(take, sr, seed=seed)
        cases.append(_case(name, notes, take.signal))
    return cases


def chart_cases(sr: int = SR, names: tuple[str, ...] = LEVEL_CHARTS) -> list[Case]:
    """Bundled level charts sung by the guide voice, from song time 0."""
    from ..audio.synth.voice import render_voice, sung_notes
    from ..charts import load_song
    from ..paths import bundled_levels_dir

    cases = []
    for name in names:
        path = bundled_levels_dir() / name / "song.txt"
        if not path.is_file():
            continue
        song = load_song(path)
        take = render_voice(song, song.voices[0].id, sr=sr, start_s=0.0)
        cases.append(_case(f"level:{name}", sung_notes(song, song.voices[0].id), take.signal))
    return cases


def evaluate(case: Case, sr: int = SR, bpm: float | None = None) -> dict[str, float]:
    from ..pitch.transcribe import chart_intervals, score_notes, transcribe

    start = time.perf_counter()
    result = transcribe(case.signal, sr, bpm=bpm)
    est_intervals, est_hz = chart_intervals(result.song)
    scores = score_notes(case.intervals, case.midi, est_intervals, est_hz)
    scores.update(seconds=time.perf_counter() - start, notes=len(est_hz), ref=len(case.midi),
                  bpm=result.bpm)
    return scores


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic melodies")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each melody")
    parser.add_argument("--speed-minutes", type=float, default=3.0, help="length of the speed take")
    parser.add_argument("--no-levels", action="store_true", help="skip the bundled level charts")


def run(args: argparse.Namespace) -> int:
    import warnings

    warnings.filterwarnings("ignore")
    cases = melody_cases(args.seed, args.seconds)
    if not args.no_levels:
        cases += chart_cases()
    print(f"{'voice':24s} {'notes':>5s} {'found':>5s} {'onset F':>8s} {'note F':>7s} {'BPM':>8s}")
    onset, note = [], []
    for case in cases:
        s = evaluate(case)
        onset.append(s["onset_f"])
        note.append(s["note_f"])
        print(f"{case.name:24s} {s['ref']:5d} {s['notes']:5d} {s['onset_f']:8.3f} {s['note_f']:7.3f} {s['bpm']:8.1f}")
    mean_onset, mean_note = float(np.mean(onset)), float(np.mean(note))
    speed_s, cpu_s = _speed(args.speed_minutes, args.seed)
    print()
    print(f"onset F {mean_onset:.3f} (target >= {TARGET_ONSET_F}) {'ok' if mean_onset >= TARGET_ONSET_F else 'MISSED'}")
    print(f"note F  {mean_note:.3f} (target >= {TARGET_NOTE_F}) {'ok' if mean_note >= TARGET_NOTE_F else 'MISSED'}")
    print(f"speed   {args.speed_minutes:g}-minute vocal in {speed_s:.1f} s wall, {cpu_s:.1f} s CPU "
          f"(target <= {TARGET_SPEED_S:g} s) {'ok' if speed_s <= TARGET_SPEED_S else 'MISSED'}")
    return 0


def _speed(minutes: float, seed: int) -> tuple[float, float]:
    """Transcribe a long take from a WAV file, as the command does (load included)."""
    import tempfile
    from pathlib import Path

    import soundfile

    from ..pitch.offline import load_audio
    from ..pitch.synthetic import melody, sing
    from ..pitch.transcribe import transcribe

    take = sing(articulated(melody(seed + 99, 48, 67, minutes * 60.0)), 44100, seed=seed)
    with tempfile.TemporaryDirectory() as folder:
        wav = Path(folder) / "vocal.wav"
        soundfile.write(wav, take.signal, 44100)
        wall, cpu = time.perf_counter(), time.process_time()
        y, sr = load_audio(wav, SR)
        transcribe(y, sr)
        return time.perf_counter() - wall, time.process_time() - cpu
