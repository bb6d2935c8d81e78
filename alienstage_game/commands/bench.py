"""``alienstage bench [SUITE] [options]``: run one benchmark suite, or all of them."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    from ..bench import SUITES, suite

    parser = subparsers.add_parser(
        "bench", help="measure speed against the game's targets",
        description="Run a benchmark suite and print its figures and targets. "
                    "Without a suite name, every suite runs with its default options.")
    parser.set_defaults(handler=_run_all)
    suites = parser.add_subparsers(dest="suite", metavar="SUITE")
    for name in SUITES:
        module = suite(name)
        sub = suites.add_parser(name, help=module.DESCRIPTION, description=module.DESCRIPTION)
        module.add_arguments(sub)
        sub.set_defaults(handler=module.run)


def _run_all(args: argparse.Namespace) -> int:
    from ..bench import SUITES, suite

    status = 0
    for index, name in enumerate(SUITES):
        module = suite(name)
        defaults = argparse.ArgumentParser(add_help=False)
        module.add_arguments(defaults)
        if index:
            print()
        print(f"== {name}: {module.DESCRIPTION}")
        status = max(status, int(module.run(defaults.parse_args([])) or 0))
    return status
