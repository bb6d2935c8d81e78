"""``alienstage pitch AUDIO [--csv]``: what the live tracker hears in an audio file.

The file is fed in callback-sized blocks through the same StreamingPitchTracker a
microphone feeds ("one path, live or offline"), one line per frame, 100 a second.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NOTE_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "pitch", help="track the pitch of an audio file, frame by frame",
        description="Feed an audio file (WAV, OGG, FLAC, MP3) through the live pitch "
                    "tracker and print time, f0 (0 when unvoiced) and voicing per frame.")
    parser.add_argument("audio", type=Path, metavar="AUDIO")
    parser.add_argument("--csv", action="store_true",
                        help="print CSV with a header: time,f0_hz,voiced")
    parser.add_argument("--block", type=int, default=512, metavar="N",
                        help="samples per block fed to the tracker (default 512)")
    parser.set_defaults(handler=run)


def note_name(midi: float) -> str:
    n = int(round(midi))
    return f"{NOTE_NAMES[n % 12]}{n // 12 - 1}"


def run(args: argparse.Namespace) -> int:
    if args.block < 1:
        print(f"--block must be at least 1 sample, not {args.block}", file=sys.stderr)
        return 2
    if not args.audio.is_file():
        print(f"{args.audio}: no such audio file", file=sys.stderr)
        return 1
    from ..pitch.offline import load_audio, track_file

    try:
        samples, sr = load_audio(args.audio)
    except Exception as err:  # librosa/soundfile/audioread raise many kinds
        print(f"{args.audio}: cannot read audio: {err}", file=sys.stderr)
        return 1
    frames = track_file(samples, sr, block=args.block)
    out = sys.stdout
    if args.csv:
        out.write("time,f0_hz,voiced\n")
        for f in frames:
            out.write(f"{f.time:.3f},{f.f0_hz if f.voiced else 0.0:.2f},{int(f.voiced)}\n")
        return 0
    out.write(f"{'time':>8} {'f0_hz':>8} voiced note  level_db\n")
    for f in frames:
        note = note_name(f.midi) if f.voiced else "-"
        out.write(f"{f.time:8.3f} {f.f0_hz if f.voiced else 0.0:8.2f} {int(f.voiced):>6} {note:<5} {f.level_db:8.1f}\n")
    return 0
