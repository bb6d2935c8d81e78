"""``alienstage chart transcribe`` and ``alienstage chart from-midi``: draft charts.

Registered as actions of ``chart`` (commands/chart.py calls ``register_actions``), so
the authoring tools sit beside info/validate/convert. Heavy imports stay in handlers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register_actions(actions: argparse._SubParsersAction) -> None:
    transcribe = actions.add_parser(
        "transcribe", help="draft a chart from a sung vocal track (pitch, notes, beat grid, lyrics)",
        description="Transcribe a vocal recording into an UltraStar chart to refine in the editor.")
    transcribe.add_argument("vocals", type=Path, metavar="VOCALS", help="the vocal track (WAV, OGG, FLAC, MP3)")
    transcribe.add_argument("--lyrics", type=Path, metavar="FILE",
                            help="lyrics text, one line per chart line ('+'/'-' split words by hand)")
    transcribe.add_argument("--bpm", type=float, metavar="N",
                            help="#BPM in UltraStar v1 units (one beat = 15000/BPM ms; the quarter-note "
                                 "tempo gives sixteenth beats); detected when absent")
    transcribe.add_argument("--gap", type=float, metavar="MS", help="GAP in ms (default: the first note)")
    transcribe.add_argument("--title", default="", help="#TITLE of the draft")
    transcribe.add_argument("--artist", default="", help="#ARTIST of the draft")
    transcribe.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    transcribe.set_defaults(handler=run_transcribe)

    midi = actions.add_parser("from-midi", help="make a chart from a MIDI melody track and its lyrics",
                              description="Import a MIDI melody track as an UltraStar chart.")
    midi.add_argument("source", type=Path, metavar="FILE.mid")
    midi.add_argument("--track", type=int, metavar="N",
                      help="track number (0-based; default: the most singable part, never the drums on "
                           "channel 10; lyrics are taken from whichever track holds them)")
    midi.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    midi.set_defaults(handler=run_from_midi)


def _progress(stage: str, fraction: float) -> None:
    print(f"\r[{'#' * int(fraction * 20):20s}] {fraction * 100:3.0f}% {stage:14s}", end="", file=sys.stderr,
          flush=True)
    if fraction >= 1.0:
        print(file=sys.stderr)


def _write(song, output: Path) -> bool:
    from ..charts import write_song

    try:
        write_song(song, output)
    except OSError as err:
        print(f"{output}: cannot write: {err.strerror or err}", file=sys.stderr)
        return False
    return True


def run_transcribe(args: argparse.Namespace) -> int:
    lyrics = None
    if args.lyrics is not None:
        from ..editor.lyrics import split_lyrics

        try:
            lyrics = split_lyrics(args.lyrics.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as err:
            print(f"{args.lyrics}: cannot read lyrics: {getattr(err, 'strerror', None) or err}", file=sys.stderr)
            return 1
    if args.bpm is not None and args.bpm <= 0:
        print(f"--bpm must be above zero, not {args.bpm:g}", file=sys.stderr)
        return 2
    import warnings

    from ..pitch.offline import load_audio
    from ..pitch.transcribe import ANALYSIS_SR, transcribe

    _progress("loading", 0.0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            y, sr = load_audio(args.vocals, ANALYSIS_SR)
    except Exception as err:  # librosa/soundfile raise many types for unreadable audio
        print(file=sys.stderr)
        print(f"{args.vocals}: cannot read audio: {err}", file=sys.stderr)
        return 1
    audio = args.vocals.name if args.vocals.resolve().parent == args.output.resolve().parent else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = transcribe(y, sr, bpm=args.bpm, gap_ms=args.gap, lyrics=lyrics, progress=_progress,
                            title=args.title or args.vocals.stem, artist=args.artist, audio=audio)
    for warning in result.warnings:
        print(f"{args.vocals}: {warning} (warning)", file=sys.stderr)
    if not result.segments:
        print(f"{args.vocals}: no sung notes found; nothing written", file=sys.stderr)
        return 1
    if not _write(result.song, args.output):
        return 1
    print(f"wrote {args.output}: {len(result.segments)} notes, "
          f"{len(result.song.voices[0].lines)} lines, BPM {result.bpm:g}, GAP {result.gap_ms:g} ms",
          file=sys.stderr)
    return 0


def run_from_midi(args: argparse.Namespace) -> int:
    from ..charts.midi_import import MidiImportError, import_midi

    try:
        result = import_midi(args.source, args.track)
    except MidiImportError as err:
        print(err, file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"{args.source}: {warning} (warning)", file=sys.stderr)
    if not _write(result.song, args.output):
        return 1
    voice = result.song.voices[0]
    channel = f" (channel {result.channel + 1})" if result.channel is not None else ""
    lyrics = (f"lyrics from track {result.lyrics_track} ({result.text_encoding})" if result.lyrics_track is not None
              else "no lyrics")
    print(f"wrote {args.output}: track {result.track}{channel}, {len(voice.notes)} notes, {len(voice.lines)} lines, "
          f"{lyrics}, BPM {result.song.header('BPM')}, GAP {result.song.header('GAP')} ms", file=sys.stderr)
    return 0
