"""``alienstage score --live`` and ``alienstage duel --live``: sing into the real mics.

The chart's audio plays on the output chosen in the settings while the stage's own show
session judges the mics, headless: the same capture, clock, tracker and judge as on
stage. The JSON is the file commands' own, plus ``"live"``: what each mic delivered
(kept and expected seconds, gaps, overflows, sound-to-judge latency) and the clock.
"""

from __future__ import annotations

import argparse
import sys

from ..charts import ChartError
from .score import UsageProblem, _print_card, check_voice, load_chart
from ..intake import dump


def _mapping(args: argparse.Namespace, wanted: list[str | None], players: int) -> list:
    """The mics for settings players 0..players-1: the options given, else the settings'."""
    from .. import settings as settings_mod
    from ..audio.mapping import check_mapping, player_mapping
    from ..show.live import parse_mic

    mapping = player_mapping(settings_mod.load(), players=2)
    for player, text in enumerate(wanted[:players]):
        if text is not None:
            try:
                mapping[player] = parse_mic(text)
            except ValueError as err:
                raise UsageProblem(str(err)) from None
    choices = check_mapping(mapping[:players])
    problems = [c.problem for c in choices if c.problem]
    if problems:
        raise UsageProblem("cannot sing live: " + "; ".join(problems))
    return [c.canonical for c in choices] + mapping[players:]


def _difficulty(args: argparse.Namespace):
    from ..scoring import Difficulty

    return Difficulty(args.difficulty)


def _progress(args: argparse.Namespace):
    if args.json or not sys.stderr.isatty():
        return None
    return lambda text: print(f"\r  singing… {text}", end="", file=sys.stderr, flush=True)


def run_live_score(args: argparse.Namespace) -> int:
    from ..show.live import live_setup, run_live
    from ..show.setup import seat_voices

    try:
        song = load_chart(args.chart)
        voice = check_voice(song, args.voice or song.voices[0].id)
        seat = next((i for i, v in enumerate(seat_voices(song)) if v.id == voice), None)
        if seat is None:
            raise UsageProblem(f"{args.chart}: voice {voice} is not sung in a duel of this chart")
        mics = _mapping(args, [args.mic], 1)
    except (ChartError, UsageProblem) as err:
        print(err, file=sys.stderr)
        return 2 if isinstance(err, UsageProblem) else 1
    result = run_live(live_setup(args.chart, [seat], mics, _difficulty(args)), progress=_progress(args))
    card = result.outcome.verdict.cards[seat] if result.outcome.verdict else None
    if card is None:
        print("the song did not reach its end (the output stalled?)", file=sys.stderr)
        return 1
    if args.json:
        dump({**card.to_json(), "live": result.live_json(seat)}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"\n{song.title}: voice {voice}, {args.difficulty}, live on {result.mics[seat].mic}")
    _print_card(song, card)
    _print_mic(result, seat)
    return 0


def run_live_duel(args: argparse.Namespace) -> int:
    from ..show.live import live_setup, run_live

    try:
        song = load_chart(args.chart)
        mics = _mapping(args, [args.p1_mic, args.p2_mic], 2)
    except (ChartError, UsageProblem) as err:
        print(err, file=sys.stderr)
        return 2 if isinstance(err, UsageProblem) else 1
    result = run_live(live_setup(args.chart, [0, 1], mics, _difficulty(args)), progress=_progress(args))
    verdict = result.outcome.verdict
    if verdict is None:
        print("the song did not reach its end (the output stalled?)", file=sys.stderr)
        return 1
    if args.json:
        dump({**verdict.to_json(), "live": result.live_json()}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"\n{song.title}: live duel, {args.difficulty}")
    for seat in (0, 1):
        print(f"\nP{seat + 1} ({result.mics[seat].mic}), {verdict.rejected_frames[seat]} frames of mic bleed rejected")
        _print_card(song, verdict.cards[seat])
        _print_mic(result, seat)
    print(f"\n{verdict.explain()}")
    return 0


def _print_mic(result, seat: int) -> None:
    mic = result.mics[seat]
    share = 100.0 * mic.kept_s / mic.expected_s if mic.expected_s else 0.0
    latency = f", heard -> judged {mic.latency_ms[0]:.0f} ms median" if mic.latency_ms else ""
    print(f"  mic: kept {mic.kept_s:.2f} of {mic.expected_s:.2f} s ({share:.1f} %), {mic.gaps} gap(s), "
          f"{mic.overflows} overflow(s){latency}; clock: {result.clock}")
