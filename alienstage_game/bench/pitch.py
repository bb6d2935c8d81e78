"""Pitch benchmark: the live tracker and its peers side by side, in one run.

Trackers (adapters in ``bench/pitch_peers.py``, all at 65-1050 Hz, 10 ms hop where it
can be chosen, each with its own default voicing rule): ours (the live tracker, fed in
audio-callback blocks), librosa.pyin, Praat's autocorrelation pitch (praat-parselmouth)
and swift-f0 (a small ONNX CNN). The last two are bench-only, in the ``peers`` extra
(``pip install 'alienstage-game[peers]'``): they are the yardstick the game's tracker is
held to, not something the game runs, so the game does not depend on them; a peer that
does not import is skipped with a line saying why. ``--peers a,b`` picks some.

Data, read in place and never copied into the repository:
- the synthetic set of ``pitch/synthetic.py`` (exact f0);
- ``--dataset`` (default ``../shared/data/pitch-dev``): ``NAME.wav`` + ``NAME_f0.csv``
  (``time,f0``, 0 = unvoiced), real singing with exact f0. Scored with mir_eval.melody:
  raw pitch and chroma accuracy at 50 cents, voicing recall and false alarm (an unvoiced
  frame reports f0 0, so a voicing miss is also a pitch miss);
- ``--takes`` (default ``../shared/data/singing-dev``, left out by ``--quick``): real
  takes with human note annotations but no frame f0, scored by ``bench/pitch_notes.py``
  (voicing inside and outside notes; note pitch accuracy, an approximation).

Cost is CPU time per 10 ms of audio: ``time.process_time`` around each tracker's call
(immune to other processes on a shared machine), over all the audio it was given. It
counts every thread of this process, so the threads of onnxruntime's pool (swift-f0)
are in it. Each tracker is called once on a short tone first, so imports, JIT and model
loading are reported apart ("first call"). Latency: ours is the tracker's algorithmic
latency (``StreamingPitchTracker.latency_s``); pyin and Praat need the whole take
(Viterbi paths); swift-f0 works frame by frame and is shown by its receptive field.

Targets (issue 17): RPA >= 0.98 with VFA <= 0.05 on real singing (pitch-dev), ahead of
(or level with) every peer on both; <= 0.5 ms CPU per 10 ms of audio per player;
<= 30 ms latency.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from . import SHARED_DATA

DESCRIPTION = "pitch tracker vs pyin, Praat and swift-f0: accuracy (mir_eval, notes), CPU and latency"
DEFAULT_DATASET = SHARED_DATA / "pitch-dev"
DEFAULT_TAKES = SHARED_DATA / "singing-dev"
TARGET_RPA, TARGET_VFA, TARGET_CPU_MS, TARGET_LATENCY_MS = 0.98, 0.05, 0.5, 30.0
METRICS = (("Raw Pitch Accuracy", "RPA"), ("Raw Chroma Accuracy", "RCA"),
           ("Voicing Recall", "VR"), ("Voicing False Alarm", "VFA"))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from .pitch_peers import PEERS

    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET, metavar="DIR",
                        help="folder of NAME.wav + NAME_f0.csv (default: ../shared/data/pitch-dev)")
    parser.add_argument("--takes", type=Path, default=DEFAULT_TAKES, metavar="DIR",
                        help="folder of NAME.flac + NAME.txt note annotations (default: ../shared/data/singing-dev)")
    parser.add_argument("--block", type=int, default=512, metavar="N",
                        help="samples per block fed to our tracker (default 512)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic set")
    parser.add_argument("--peers", type=_peer_list, default=None, metavar="A,B",
                        help=f"peers to run, of {','.join(PEERS)} (default: all that are installed)")
    parser.add_argument("--no-pyin", action="store_true", help="leave out the librosa.pyin peer")
    parser.add_argument("--quick", action="store_true",
                        help="synthetic set and --dataset only (no annotated takes)")


def _peer_list(text: str) -> list[str]:
    from .pitch_peers import PEERS

    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in PEERS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown peer {', '.join(unknown)}; known: {', '.join(PEERS)}")
    return names


def run(args: argparse.Namespace) -> int:
    import warnings

    from .pitch_peers import PEERS, choose, ours

    warnings.filterwarnings("ignore", module="mir_eval")
    names = [n for n in (args.peers or list(PEERS)) if not (args.no_pyin and n == "pyin")]
    peers, skipped = choose(names)
    trackers = [ours(args.block), *peers]
    for line in skipped:
        print(f"skipped: {line}")
    cost = {t.name: {"cpu_s": 0.0, "audio_s": 0.0, "first_s": _first_call_s(t)} for t in trackers}

    clips, notes = _clips(args)
    scores = {t.name: [_melody(t, clip, cost) for clip in clips] for t in trackers}
    _print_takes(clips, trackers, scores)
    print()
    _print_sets(clips, trackers, scores)
    by_take = {}
    if not args.quick:
        from .pitch_notes import annotated_takes

        takes = annotated_takes(args.takes) if args.takes.is_dir() else []
        print()
        if takes:
            by_take = _note_section(takes, trackers, cost)
        else:
            print(f"annotated takes: none in {args.takes}, section skipped")
    print()
    _print_cost(trackers, cost, args)
    print()
    _print_summary(clips, trackers, scores, by_take, cost)
    print(notes.strip("\n") or "", end="\n" if notes else "")
    return 0


def _clips(args) -> tuple[list[tuple], str]:
    """(set, name, samples, rate, truth times, truth f0) for every take with exact f0."""
    from ..pitch.offline import load_audio
    from ..pitch.synthetic import synthetic_set

    sr = 44100
    clips = [("synthetic", name, take.signal, sr, take.times, take.f0)
             for name, take in synthetic_set(sr, args.seed).items()]
    notes = ""
    if not args.dataset.is_dir():
        return clips, f"dataset {args.dataset} is absent: real-singing rows skipped\n"
    wavs = sorted(args.dataset.glob("*.wav"))
    for wav in wavs:
        truth = wav.with_name(wav.stem + "_f0.csv")
        if not truth.is_file():
            notes += f"{wav.name}: no {truth.name} beside it, skipped\n"
            continue
        y, rate = load_audio(wav)
        clips.append((args.dataset.name, wav.stem, y, rate, *_read_truth(truth)))
    if not wavs:
        notes += f"dataset {args.dataset}: no .wav files, skipped\n"
    return clips, notes


def _timed(tracker, y, sr, cost):
    started = time.process_time()
    times, f0 = tracker.track(y, sr)
    cost[tracker.name]["cpu_s"] += time.process_time() - started
    cost[tracker.name]["audio_s"] += len(y) / sr
    return times, f0


def _melody(tracker, clip, cost) -> dict[str, float]:
    import mir_eval

    _, _, y, sr, ref_t, ref_f = clip
    est_t, est_f = _timed(tracker, y, sr, cost)
    scores = mir_eval.melody.evaluate(ref_t, ref_f, est_t, est_f)
    return {short: float(scores[key]) for key, short in METRICS}


def _first_call_s(tracker) -> float:
    """Imports, JIT and model loading: one call on a half-second tone, by the wall clock."""
    from ..pitch.synthetic import tone

    started = time.perf_counter()
    tracker.track(tone(220.0, 0.3, 44100).signal, 44100)
    return time.perf_counter() - started


def _read_truth(path: Path):
    import numpy as np

    rows = []
    for line in path.read_text().splitlines():
        parts = line.replace(";", ",").split(",")
        try:
            rows.append((float(parts[0]), float(parts[1])))
        except (ValueError, IndexError):
            continue  # a header or a blank line
    data = np.array(rows, dtype=np.float64).reshape(-1, 2)
    return data[:, 0], data[:, 1]


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    import numpy as np

    return {m: float(np.mean([r[m] for r in rows])) for _, m in METRICS}


def _print_takes(clips, trackers, scores) -> None:
    print("RPA / VFA per take (mir_eval.melody, 50 cents)")
    print(f"{'set':<10} {'take':<26}" + "".join(f" | {t.name:>13}" for t in trackers))
    for i, (group, name, *_) in enumerate(clips):
        cells = "".join(f" | {scores[t.name][i]['RPA']:5.3f} {scores[t.name][i]['VFA']:5.3f}  " for t in trackers)
        print(f"{group:<10} {name[:26]:<26}{cells}")


def _print_sets(clips, trackers, scores) -> None:
    print(f"{'tracker':<9} {'set':<26}" + "".join(f" {m:>5}" for _, m in METRICS))
    groups = list(dict.fromkeys(c[0] for c in clips))
    for t in trackers:
        for group in groups:
            rows = [s for s, c in zip(scores[t.name], clips) if c[0] == group]
            label = f"{group} (mean of {len(rows)})" if len(rows) > 1 else group
            print(f"{t.name:<9} {label:<26}" + "".join(f" {v:5.3f}" for v in _mean(rows).values()))


def _note_section(takes, trackers, cost) -> dict[str, list]:
    import numpy as np

    from ..pitch.offline import load_audio
    from .pitch_notes import GUARD_S, TRIM_S, read_notes, score_notes

    print(f"annotated real takes ({len(takes)}, no frame f0): VR = voicing recall inside notes "
          f"(first/last {TRIM_S * 1e3:.0f} ms left out), VFA = voicing false alarm outside notes "
          f"({GUARD_S * 1e3:.0f} ms around boundaries left out),")
    print("NPA = note pitch accuracy, an APPROXIMATION: share of voiced frames in notes within "
          "50 cents of the note's annotated centre (vibrato and scoops move off it)")
    print(f"{'take':<8}" + "".join(f" | {t.name:^17}" for t in trackers))
    print(f"{'':<8}" + " |    VR   VFA   NPA" * len(trackers))
    by_take: dict[str, list] = {t.name: [] for t in trackers}
    for audio, txt in takes:
        y, sr = load_audio(audio)
        notes = read_notes(txt)
        for t in trackers:
            by_take[t.name].append(score_notes(*_timed(t, y, sr, cost), notes))
        print(f"{audio.stem:<8}" + "".join(_note_cells(by_take[t.name][-1:], np.mean) for t in trackers))
    for label, fn in (("median", np.nanmedian), ("mean", np.nanmean)):
        print(f"{label:<8}" + "".join(_note_cells(by_take[t.name], fn) for t in trackers))
    return by_take


def _note_cells(rows, fn) -> str:
    fields = ("voicing_recall", "false_alarm", "note_pitch_accuracy")
    return " | " + " ".join(f"{fn([getattr(r, f) for r in rows]):5.3f}" for f in fields)


def _print_cost(trackers, cost, args) -> None:
    print(f"{'tracker':<9} {'CPU ms per 10 ms':>16}  {'latency':<26} first call (imports, JIT, model)")
    for t in trackers:
        c = cost[t.name]
        print(f"{t.name:<9} {_cpu_ms(c):16.3f}  {t.latency:<26} {c['first_s']:.2f} s")
    print("CPU: time.process_time around each call, all threads of the process (onnxruntime "
          f"runs a pool for swift-f0); ours is fed {args.block}-sample blocks. Latency of ours "
          "is algorithmic, plus up to one block of waiting")
    print(f"ours, measured on a tone: its first voiced frame is ready {_onset_delay_ms(44100):.1f} ms "
          "of audio after the onset")


def _cpu_ms(c) -> float:
    return c["cpu_s"] * 1e3 / (c["audio_s"] * 100) if c["audio_s"] else float("nan")


def _print_summary(clips, trackers, scores, by_take, cost) -> None:
    import numpy as np

    from ..pitch.tracker import StreamingPitchTracker

    real = [i for i, c in enumerate(clips) if c[0] != "synthetic"]
    real_scores = {t.name: _mean([scores[t.name][i] for i in real]) for t in trackers} if real else {}
    for t in trackers:
        line = f"summary {t.name:<9}"
        if real:
            line += f" real singing ({clips[real[0]][0]}): RPA {real_scores[t.name]['RPA']:.3f} VFA {real_scores[t.name]['VFA']:.3f}"
        if by_take:
            med = lambda f: np.nanmedian([getattr(r, f) for r in by_take[t.name]])  # noqa: E731
            line += (f"; annotated takes (median): VR {med('voicing_recall'):.3f} VFA {med('false_alarm'):.3f} "
                     f"NPA~ {med('note_pitch_accuracy'):.3f}")
        print(line + f"; CPU {_cpu_ms(cost[t.name]):.3f} ms/10 ms")
    if real:
        mine, others = real_scores["ours"], [real_scores[t.name] for t in trackers if t.name != "ours"]
        ahead = all(mine["RPA"] >= o["RPA"] and mine["VFA"] <= o["VFA"] for o in others)
        ok = mine["RPA"] >= TARGET_RPA and mine["VFA"] <= TARGET_VFA and ahead
        print(f"real singing: ours RPA {mine['RPA']:.3f}, VFA {mine['VFA']:.3f}  [target RPA >= {TARGET_RPA} "
              f"with VFA <= {TARGET_VFA}, ahead of every peer on both: {'ok' if ok else 'MISSED'}]"
              + ("" if others else " (no peer ran)"))
    else:
        print("real singing: no dataset, target not measured")
    cpu = _cpu_ms(cost["ours"])
    print(f"ours CPU: {cpu:.3f} ms per 10 ms of audio  "
          f"[<= {TARGET_CPU_MS} ms CPU per 10 ms per player: {'ok' if cpu <= TARGET_CPU_MS else 'MISSED'}]")
    latency = StreamingPitchTracker(44100).latency_s * 1e3
    print(f"ours latency: {latency:.1f} ms algorithmic  "
          f"[<= {TARGET_LATENCY_MS:.0f} ms latency: {'ok' if latency <= TARGET_LATENCY_MS else 'MISSED'}]")


def _onset_delay_ms(sr: int) -> float:
    """Feed silence then a tone hop by hop; how much audio past the onset arrives
    before the frame stamped at the onset comes out voiced."""
    from ..pitch.synthetic import tone
    from ..pitch.tracker import StreamingPitchTracker

    take = tone(220.0, 0.5, sr, start=0.3)
    onset = 0.3
    tracker = StreamingPitchTracker(sr)
    fed = 0
    for start in range(0, take.signal.size, 32):
        frames = tracker.feed(take.signal[start : start + 32])
        fed += len(take.signal[start : start + 32])
        if any(f.voiced and f.time >= onset - 0.005 for f in frames):
            return (fed / sr - onset) * 1e3
    return float("nan")
