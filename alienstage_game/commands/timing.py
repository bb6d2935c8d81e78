"""``alienstage chart timing`` and ``alienstage chart sync``: tempo, GAP and re-sync.

Registered as actions of ``chart`` (commands/chart.py calls ``register_actions``). The
analysis is ``alienstage_game.timing``; files it cannot read come out as one line on
stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..intake import dumps


def register_actions(actions: argparse._SubParsersAction) -> None:
    timing = actions.add_parser(
        "timing", help="detect the tempo (#BPM) and the first vocal (#GAP) of a song's audio",
        description="Tempo and first vocal for a new chart, from the full mix (or a vocal stem). #BPM is in "
                    "UltraStar v1 units: a beat is a sixteenth note, so #BPM is the quarter-note tempo "
                    "(times --grid).")
    timing.add_argument("audio", type=Path, metavar="AUDIO", help="the song (WAV, OGG, FLAC, MP3)")
    timing.add_argument("--vocals", type=Path, metavar="V", help="the isolated vocal, for the first vocal")
    timing.add_argument("--grid", type=int, default=1, choices=(1, 2, 4),
                        help="beats per sixteenth note (1: sixteenths, 2: 32nds, 4: 64ths)")
    timing.add_argument("--json", action="store_true", help="print the result as JSON")
    timing.set_defaults(handler=run_timing)

    sync = actions.add_parser(
        "sync", help="fit a chart's GAP (and a tempo drift) to its audio",
        description="Find the #GAP (and, where the audio drifts, the #BPM) at which the chart's melody best "
                    "fits the voice in the audio; --write saves it (the old file kept as .bak).")
    sync.add_argument("chart", type=Path, metavar="CHART")
    sync.add_argument("--audio", type=Path, metavar="A", help="the audio to fit to (default: the chart's #AUDIO)")
    sync.add_argument("--vocals", type=Path, metavar="V",
                      help="an isolated vocal to listen to (default: the chart's #VOCALS, else the audio)")
    sync.add_argument("--max-shift", type=float, default=10.0, metavar="S", help="search +-S seconds (default 10)")
    sync.add_argument("--no-drift", action="store_true", help="keep the chart's #BPM, fit the GAP only")
    sync.add_argument("--write", action="store_true", help="save the fitted #GAP/#BPM into the chart")
    sync.add_argument("--json", action="store_true", help="print the result as JSON")
    sync.set_defaults(handler=run_sync)


@contextmanager
def _quiet() -> Iterator[None]:
    """librosa's chatter about short or odd input is not for the author."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _fail(message: object) -> int:
    print(f"alienstage: {message}", file=sys.stderr)
    return 1


def run_timing(args: argparse.Namespace) -> int:
    from ..timing import TimingError, propose_timing

    try:
        with _quiet():
            found = propose_timing(args.audio, args.vocals, grid=args.grid)
    except TimingError as err:
        return _fail(err)
    result = {"bpm": found.bpm, "quarter_bpm": round(found.quarter_bpm, 3), "gap_ms": found.gap_ms,
              "first_vocal_ms": found.first_vocal_ms, "confidence": found.confidence,
              "tempo_confidence": round(found.tempo_confidence, 3),
              "vocal_confidence": round(found.vocal_confidence, 3), "grid": args.grid,
              "vocals_from": "stem" if args.vocals is not None else "mix (centre channel)"}
    if args.json:
        sys.stdout.write(dumps(result, indent=2) + "\n")
        return 0
    first = "not found" if found.first_vocal_ms is None else f"{found.first_vocal_ms / 1000.0:.2f} s"
    print(f"tempo        {found.quarter_bpm:.2f} quarter notes a minute  ->  #BPM:{found.bpm:g}")
    print(f"first vocal  {first} ({result['vocals_from']})  ->  #GAP:{found.gap_ms:g}")
    print(f"confidence   {found.confidence:.2f} (tempo {found.tempo_confidence:.2f}, "
          f"voice {found.vocal_confidence:.2f})")
    return 0


def _sources(args: argparse.Namespace, song) -> tuple[Path | None, Path | None]:
    from ..charts.media import audio_file, media_path

    audio = args.audio if args.audio is not None else audio_file(song)
    vocals = args.vocals if args.vocals is not None else (media_path(song, "VOCALS") if args.audio is None else None)
    return audio, vocals


def run_sync(args: argparse.Namespace) -> int:
    from ..charts import ChartError, load_song
    from ..timing import TimingError, load_mix, sync_chart, vocal_activity

    try:
        song = load_song(args.chart)
    except ChartError as err:
        return _fail(err)
    audio, vocals = _sources(args, song)
    if audio is None and vocals is None:
        return _fail(f"{args.chart}: the chart names no audio file in its folder (#AUDIO); give one with --audio")
    if not 0 < args.max_shift <= 120:
        return _fail(f"--max-shift must be between 0 and 120 seconds, not {args.max_shift:g}")
    try:
        with _quiet():
            data, rate = load_mix(vocals if vocals is not None else audio)
            fit = sync_chart(song, vocal_activity(data, rate), max_shift_s=args.max_shift,
                             max_drift=0.0 if args.no_drift else 0.01)
    except TimingError as err:
        return _fail(err)
    result = {"gap_ms": fit.gap_ms, "shift_ms": fit.shift_ms, "bpm": fit.bpm, "confidence": fit.confidence,
              "drift": round(fit.scale - 1.0, 5), "chart_gap_ms": song.gap_ms, "chart_bpm": song.bpm,
              "audio": str(vocals if vocals is not None else audio), "written": None, "backup": None}
    if args.write:
        from ..storage import StorageError

        try:
            written, backup = write_fit(args.chart, song, fit)
        except (StorageError, ChartError) as err:
            return _fail(f"not saved: {err}")
        result.update(written=str(written), backup=str(backup))
    if args.json:
        sys.stdout.write(dumps(result, indent=2) + "\n")
        return 0
    drift = f", #BPM {song.bpm:g} -> {fit.bpm:g} (the audio runs {abs(fit.scale - 1) * 100:.2f}% " \
            f"{'slower' if fit.scale > 1 else 'faster'})" if fit.scale != 1.0 else ""
    print(f"#GAP {song.gap_ms:g} -> {fit.gap_ms:g} ms (shift {fit.shift_ms:+g} ms){drift}; "
          f"confidence {fit.confidence:.2f}")
    if args.write:
        print(f"wrote {result['written']} (the old chart kept as {result['backup']})")
    elif fit.confidence < 0.3:
        print("the fit is not clear: check it by ear before writing it", file=sys.stderr)
    return 0


def write_fit(path: Path, song, fit) -> tuple[Path, Path]:
    """Save the fitted #GAP (and #BPM when it drifts) into the chart's own text, keeping
    the old file beside it as ``.bak``; both writes are atomic (temp file, then rename)."""
    from ..charts import ChartError
    from ..charts.limits import MAX_CHART_BYTES
    from ..charts.ultrastar_write import format_number
    from ..intake import IntakeError, read_regular
    from ..storage import atomic_write_bytes
    from ..timing.rewrite import rewrite_headers

    try:
        data = read_regular(path, MAX_CHART_BYTES)
    except IntakeError as err:
        raise ChartError(path, 1, err.reason) from None
    encoding = song.encoding or "utf-8"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise ChartError(path, 1, f"the chart changed since it was read (not {encoding} any more)") from None
    values = {"GAP": format_number(fit.gap_ms)}
    if fit.scale != 1.0:
        values["BPM"] = format_number(fit.bpm)
    new = rewrite_headers(text, values).encode(encoding, errors="strict")
    backup = path.with_name(path.name + ".bak")
    atomic_write_bytes(backup, data)
    atomic_write_bytes(path, new)
    return path, backup
