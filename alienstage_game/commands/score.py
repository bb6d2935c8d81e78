"""``alienstage score`` and ``alienstage duel``: judge recordings as live play would.

Each recording goes through the live StreamingPitchTracker (``pitch.offline.track_file``)
and the same Judge / DuelRound the stage uses. A recording starts at song time 0, the
start of the backing track, as the game records a take. Duels treat the two recordings
as two microphones in one room (crosstalk rejection on); ``--no-crosstalk`` turns it off.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..charts import ChartError, Song, load_song
from ..intake import dump

DIFFICULTIES = ("easy", "medium", "hard")


class UsageProblem(Exception):
    """A mistake the user can fix; the message names the file (and line) and the reason."""


def register(subparsers: argparse._SubParsersAction) -> None:
    score = subparsers.add_parser(
        "score", help="score a recording of a chart voice",
        description="Track a recording (WAV, OGG, FLAC, MP3; starting at the song's start) "
                    "with the live pitch tracker and score it against a chart voice.")
    score.add_argument("--chart", type=Path, required=True, metavar="C")
    score.add_argument("--audio", type=Path, metavar="A", help="the recording to score")
    score.add_argument("--live", action="store_true",
                       help="instead of a recording, play the chart's audio and judge a microphone as it sings")
    score.add_argument("--mic", metavar="DEVICE[:CH]", help="with --live: the microphone (default: player 1's)")
    score.add_argument("--voice", default=None, metavar="P1",
                       help="the voice sung (default: the chart's first voice)")
    _common(score)
    score.set_defaults(handler=run_score)

    duel = subparsers.add_parser(
        "duel", help="judge a duel between two recordings",
        description="Score two recordings of one chart (battle: both sing the same voice; "
                    "duet: P1 and P2) and give the verdict. The takes are treated as two "
                    "microphones in one room: each mic's bleed of the other is rejected.")
    duel.add_argument("--chart", type=Path, required=True, metavar="C")
    duel.add_argument("--p1", type=Path, metavar="A")
    duel.add_argument("--p2", type=Path, metavar="B")
    duel.add_argument("--live", action="store_true",
                      help="instead of recordings, play the chart's audio and judge the two players' mics")
    duel.add_argument("--p1-mic", metavar="DEVICE[:CH]", help="with --live: player 1's mic (default: the settings')")
    duel.add_argument("--p2-mic", metavar="DEVICE[:CH]", help="with --live: player 2's mic (default: the settings')")
    duel.add_argument("--no-crosstalk", action="store_true",
                      help="the takes were sung apart: do not reject mic bleed")
    _common(duel)
    duel.set_defaults(handler=run_duel)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--difficulty", choices=DIFFICULTIES, default="medium")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


# -- loading -------------------------------------------------------------------------------
def load_chart(path: Path) -> Song:
    song = load_song(path)  # ChartError: PATH:LINE: reason
    try:
        song.clock
    except ValueError as err:
        raise ChartError(path, song.header_line("BPM"), str(err)) from None
    if not song.voices or not any(line.notes for v in song.voices for line in v.lines):
        raise ChartError(path, 1, "the chart has no notes to sing")
    return song


def check_voice(song: Song, voice: str) -> str:
    try:
        return song.voice(voice).id
    except KeyError:
        known = ", ".join(v.id for v in song.voices)
        raise UsageProblem(f"{song.path}: --voice {voice}: the chart has no voice {voice.upper()} "
                           f"(it has {known})") from None


def track(path: Path) -> list:
    if not path.is_file():
        raise UsageProblem(f"{path}: no such audio file")
    from ..pitch.offline import load_audio, track_file

    try:
        samples, sr = load_audio(path)
    except Exception as err:  # librosa/soundfile/audioread raise many kinds
        raise UsageProblem(f"{path}: cannot read audio: {err}") from None
    if samples.size == 0:
        raise UsageProblem(f"{path}: the recording is empty")
    return track_file(samples, sr)


# -- commands ------------------------------------------------------------------------------
def run_score(args: argparse.Namespace) -> int:
    from ..scoring import judge_frames

    if args.live:
        from .live import run_live_score

        return run_live_score(args)
    if args.audio is None:
        print("score: give --audio A (a recording) or --live (a microphone)", file=sys.stderr)
        return 2

    try:
        song = load_chart(args.chart)
        voice = check_voice(song, args.voice or song.voices[0].id)
        frames = track(args.audio)
    except (ChartError, UsageProblem) as err:
        print(err, file=sys.stderr)
        return 1
    card = judge_frames(song, frames, voice, args.difficulty)
    if args.json:
        dump(card.to_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    heading = f"{song.artist} - {song.title}" if song.artist else song.title
    print(f"{heading}: voice {voice}, {args.difficulty}, {args.audio}")
    _print_card(song, card)
    return 0


def run_duel(args: argparse.Namespace) -> int:
    from ..match.duel import default_voices, duel_frames

    if args.live:
        from .live import run_live_duel

        return run_live_duel(args)
    if args.p1 is None or args.p2 is None:
        print("duel: give --p1 A --p2 B (recordings) or --live (microphones)", file=sys.stderr)
        return 2

    try:
        song = load_chart(args.chart)
        voices = default_voices(song)
        takes = (track(args.p1), track(args.p2))
    except (ChartError, UsageProblem, ValueError) as err:
        print(err, file=sys.stderr)
        return 1
    verdict = duel_frames(song, takes[0], takes[1], args.difficulty,
                          crosstalk=not args.no_crosstalk, voices=voices)
    if args.json:
        dump(verdict.to_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    kind = "duet" if voices[0] != voices[1] else f"battle on voice {voices[0]}"
    print(f"{song.title}: {kind}, {args.difficulty}")
    for seat, path in enumerate((args.p1, args.p2)):
        print(f"\nP{seat + 1} ({path}), voice {voices[seat]}"
              f", {verdict.rejected_frames[seat]} frames of mic bleed rejected")
        _print_card(song, verdict.cards[seat])
    print(f"\n{verdict.explain()}")
    return 0


def _print_card(song: Song, card) -> None:
    lines = song.voice(card.voice).lines
    print(f"  {'line':>4}  {'rating':<8} {'score':>7}  lyrics")
    for result in card.lines:
        lyrics = lines[result.index].lyrics.strip()
        lyrics = lyrics if len(lyrics) <= 40 else lyrics[:39] + "…"
        print(f"  {result.index + 1:>4}  {result.rating.label:<8} {result.score:>7,.0f}  {lyrics}")
    print(f"  notes {card.notes:,.0f} + golden {card.golden:,.0f} + line bonus "
          f"{card.line_bonus:,.0f} = total {card.points:,}")
