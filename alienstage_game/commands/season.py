"""``alienstage season new|status|list|play`` and ``alienstage records``: seasons and highscores.

``season play`` sings every match between two CPU contestants through the real duel and
judge; a match with a human waits for the game.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

DIFFICULTIES = ("easy", "medium", "hard")


def register(subparsers: argparse._SubParsersAction) -> None:
    season = subparsers.add_parser("season", help="seasons: knockout brackets of up to eight contestants")
    season.set_defaults(handler=lambda args: (season.print_help(), 2)[1])
    actions = season.add_subparsers(dest="season_command", metavar="ACTION")

    new = actions.add_parser("new", help="start a season (saved at once, resumable)",
                             description="Contestants are seeded in the order given: players first, then CPUs.")
    new.add_argument("--player", action="append", default=[], metavar="NAME", help="a human contestant (repeat)")
    new.add_argument("--cpu", action="append", default=[], metavar="ID", help="a CPU contestant by id (repeat)")
    new.add_argument("--cpus", type=int, default=0, metavar="N", help="N more CPU contestants drawn by the seed")
    new.add_argument("--charts", metavar="ID,ID", help="the level ids to deal (default: every bundled level)")
    new.add_argument("--seed", type=int, help="seed for the CPU draw and the charts")
    new.add_argument("--difficulty", choices=DIFFICULTIES, default="medium")
    new.add_argument("--name", help="the season's name (default: the next number, 'Season 3')")
    new.add_argument("--title-duel", action="store_true",
                     help="the reigning champion (the last season's) defends the title against the winner")
    new.add_argument("--json", action="store_true", help="print the saved season as JSON")
    new.set_defaults(handler=_new)

    status = actions.add_parser("status", help="show a season's bracket (default: the one in progress)")
    status.add_argument("id", nargs="?", help="a season id (see `season list`)")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=_status)

    listing = actions.add_parser("list", help="every season kept, newest first")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)

    play = actions.add_parser("play", help="sing the CPU-only matches of a season")
    play.add_argument("id", nargs="?", help="a season id (default: the one in progress)")
    play.set_defaults(handler=_play)

    contestants = actions.add_parser("contestants", help="the CPU contestants of the stage")
    contestants.set_defaults(handler=_contestants)

    records = subparsers.add_parser("records", help="highscores per chart and difficulty, recent matches")
    records.add_argument("--chart", metavar="KEY", help="one chart (a level id or a chart path)")
    records.add_argument("--difficulty", choices=DIFFICULTIES, help="one difficulty")
    records.add_argument("--limit", type=int, default=10)
    records.add_argument("--json", action="store_true")
    records.set_defaults(handler=_records)


def _open_records():
    from ..match.records import Records

    records = Records.open()
    if records.notice:
        print(f"alienstage: {records.notice}", file=sys.stderr)
    return records


def bundled_level_ids() -> list[str]:
    """Ids of the bundled levels, tutorials last (a season deals the others first)."""
    from ..charts.level import LevelError, load_level
    from ..paths import bundled_levels_dir

    levels = []
    root = bundled_levels_dir()
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        if (folder / "level.toml").is_file():
            try:
                levels.append(load_level(folder, load_chart=False))
            except LevelError:
                continue
    plain = [lvl.id for lvl in levels if not lvl.tutorial]
    return plain or [lvl.id for lvl in levels]


def _load_chart(key: str):
    """A season's chart: a bundled level id, or a chart file path."""
    from ..charts import load_song
    from ..charts.level import load_level
    from ..paths import bundled_levels_dir

    folder = bundled_levels_dir() / key
    if (folder / "level.toml").is_file():
        return load_level(folder).song
    return load_song(Path(key))


def _new(args: argparse.Namespace) -> int:
    from ..match.contestants import ROSTER, contestant
    from ..match.season import Season

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    try:
        cpus = [contestant(c) for c in args.cpu]
    except KeyError as exc:
        print(f"alienstage: no CPU contestant {exc}; see `alienstage season contestants`", file=sys.stderr)
        return 2
    rest = [c for c in ROSTER if c not in cpus]
    drawn = random.Random(seed).sample(rest, min(max(args.cpus, 0), len(rest)))
    cpus += sorted(drawn, key=ROSTER.index, reverse=True)  # drawn CPUs seeded strongest first
    charts = [c.strip() for c in args.charts.split(",") if c.strip()] if args.charts else bundled_level_ids()
    with _open_records() as records:
        humans = [records.add_profile(name).contestant() for name in args.player]
        field = [*humans, *cpus]
        try:
            from ..match.season import numbered_name

            name = args.name or numbered_name([row.name for row in records.seasons()])
            defender = _reigning(records) if args.title_duel else None
            season = Season.new(field, charts=charts, seed=seed, name=name,
                                difficulty=args.difficulty, store=records, defender=defender)
        except ValueError as exc:
            print(f"alienstage: {exc}", file=sys.stderr)
            return 2
        if args.json:
            print(json.dumps(season.to_dict(), indent=2, ensure_ascii=False))
        else:
            print_season(season)
    return 0


def _find_season(records, ident: str | None):
    if ident is None:
        season = records.active_season()
        if season is None:
            print("alienstage: no season in progress; start one with `alienstage season new`", file=sys.stderr)
        return season
    matches = [row.id for row in records.seasons() if row.id.startswith(ident)]
    if len(matches) != 1:
        print(f"alienstage: {'no' if not matches else 'more than one'} season with id {ident}", file=sys.stderr)
        return None
    return records.load_season(matches[0])


def _status(args: argparse.Namespace) -> int:
    with _open_records() as records:
        season = _find_season(records, args.id)
        if season is None:
            return 1
        if args.json:
            print(json.dumps(season.to_dict(), indent=2, ensure_ascii=False))
        else:
            print_season(season)
    return 0


def _list(args: argparse.Namespace) -> int:
    with _open_records() as records:
        rows = records.seasons()
        if args.json:
            print(json.dumps([{"id": r.id, "name": r.name, "status": r.status.value, "champion": r.champion,
                               "created_at": r.created_at, "updated_at": r.updated_at} for r in rows], indent=2))
            return 0
        if not rows:
            print("no seasons yet")
        for r in rows:
            crown = f"champion {r.champion}" if r.champion else r.status.value
            print(f"{r.id}  {r.name:<28} {crown:<28} {r.updated_at}")
    return 0


def _play(args: argparse.Namespace) -> int:
    from ..match.showdown import cpu_duel

    with _open_records() as records:
        season = _find_season(records, args.id)
        if season is None:
            return 1
        while (match := season.next_match() or _title_duel(season)) is not None:
            a, b = season.contestant(match.a), season.contestant(match.b)
            chart = season.chart_for(match.id)
            if not (a.is_cpu and b.is_cpu):
                print(f"next: {a.name} v {b.name} on {chart or '(a chart of your choice)'}: sing it in the game")
                break
            if chart is None:
                print(f"alienstage: match {match.id} has no chart", file=sys.stderr)
                return 1
            outcome = cpu_duel(_load_chart(chart), a, b, season.difficulty, seed=season.match_seed(match.id))
            result = outcome.record(season, match.id)
            print(f"{match.id}  {_name(season, result.winner)} beat {_name(season, result.loser)} "
                  f"{result.winner_score:,.0f} to {result.loser_score:,.0f} on {chart} ({result.reason})")
        print()
        print_season(season)
    return 0


def _reigning(records):
    """The champion of the season that finished last, or None."""
    from ..match.season import SeasonStatus

    for row in records.seasons(SeasonStatus.FINISHED)[:3]:
        try:
            champion = records.load_season(row.id).champion
        except (KeyError, ValueError):
            continue
        if champion is not None:
            return champion
    return None


def _title_duel(season):
    """The title duel as a match (the reigning champion v the season's winner), when it waits."""
    from ..match.bracket import BracketMatch
    from ..match.season import TITLE_DUEL

    pair = season.title_duel_pair()
    if pair is None:
        return None
    return BracketMatch(TITLE_DUEL, len(season.bracket.rounds) + 1, 1, pair[0].id, pair[1].id)


def _contestants(args: argparse.Namespace) -> int:
    from ..match.contestants import ROSTER

    for c in ROSTER:
        s = c.skill
        print(f"{c.id:<12} {c.name:<12} rgb{c.colour!s:<16} ±{s.pitch_error_cents:.0f} cents  {c.bio}")
    return 0


def _records(args: argparse.Namespace) -> int:
    from ..scoring.difficulty import Difficulty

    with _open_records() as records:
        charts = [args.chart] if args.chart else records.charts_with_scores()
        levels = [Difficulty(args.difficulty)] if args.difficulty else list(Difficulty)
        boards = {}
        for chart in charts:
            for level in levels:
                top = records.top_scores(chart, level, args.limit)
                if top:
                    boards[f"{chart} ({level.value})"] = top
        history = records.matches(limit=args.limit)
        if args.json:
            print(json.dumps({
                "highscores": {k: [{"rank": h.rank, "player": h.player, "score": round(h.score),
                                    "played_at": h.played_at} for h in v] for k, v in boards.items()},
                "matches": [{"winner": m.winner_name, "loser": m.loser_name, "winner_score": m.winner_score,
                             "loser_score": m.loser_score, "reason": m.reason, "chart": m.chart_key,
                             "played_at": m.played_at} for m in history],
            }, indent=2, ensure_ascii=False))
            return 0
        if not boards:
            print("no highscores yet")
        for title, top in boards.items():
            print(title)
            for h in top:
                print(f"  {h.rank:>2}. {h.player:<20} {h.score:>7,.0f}  {h.played_at[:10]}")
        if history:
            print("\nrecent matches")
            for m in history:
                print(f"  {m.winner_name} beat {m.loser_name} {m.winner_score or 0:,.0f} to "
                      f"{m.loser_score or 0:,.0f} on {m.chart_key or '?'} ({m.reason})")
    return 0


def _name(season, ident: str | None) -> str:
    if ident is None:
        return "?"
    seed = season.seed_of(ident)
    return f"[{seed if seed else 'reigning'}] {season.contestant(ident).name}"


def print_season(season) -> None:
    """The bracket as terminal lines: round by round, with charts and results."""
    print(f"{season.name}  ({season.status.value}, {season.difficulty.value}, seed {season.seed})  id {season.id}")
    bracket = season.bracket
    for number, matches in enumerate(bracket.rounds, start=1):
        print(bracket.round_name(number))
        for m in matches:
            if m.bye:
                print(f"  {m.id:<6} {_name(season, m.winner)}: bye")
                continue
            line = f"  {m.id:<6} {_name(season, m.a):<18} v {_name(season, m.b):<18}"
            chart = season.chart_for(m.id)
            if chart:
                line += f" {chart:<16}"
            result = season.result_of(m.id)
            if result is not None:
                line += (f" -> {season.contestant(result.winner).name} {result.winner_score:,.0f}"
                         f" to {result.loser_score:,.0f} ({result.reason})")
            print(line.rstrip())
    if season.defender is not None:  # the reigning champion defends the title after the final
        from ..match.season import TITLE_DUEL

        duel = season.result_of(TITLE_DUEL)
        line = f"Title duel: {season.defender.name} (reigning) v the season's winner"
        if duel is not None:
            line += (f" -> {season.contestant(duel.winner).name} {duel.winner_score:,.0f}"
                     f" to {duel.loser_score:,.0f} ({duel.reason})")
        print(line)
    champion = season.champion
    if champion is not None:
        print(f"Champion: {champion.name}")
