"""``alienstage bench fuzz``: a long campaign of hostile inputs against every outside reader.

Prints, per reader, how many mutants were read, refused with the reader's own error, and
how many were findings (another exception, over 1 s, a hang or a crash), with the slowest
input; findings are written to ``--keep`` so they can become regression fixtures.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

DESCRIPTION = "hostile inputs against every reader of outside data (charts, level.toml, settings, MIDI, autosave)"
TARGET_FINDINGS = 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from .fuzz_targets import TARGETS

    parser.add_argument("--count", type=int, default=20_000,
                        help="mutants per reader (default 20,000; `make fuzz` runs 1,000,000 in all)")
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100_000,
                        help="campaign seed (default: from the clock; printed so a run can be repeated)")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS),
                        help="only this reader (repeatable; default: all)")
    parser.add_argument("--workers", type=int, default=None, help="processes (default: one per core)")
    parser.add_argument("--keep", type=Path, default=Path("fuzz-findings"),
                        help="folder for the inputs behind findings (default ./fuzz-findings)")


def run(args: argparse.Namespace) -> int:
    from .fuzz_campaign import keep_findings, run_campaign
    from .fuzz_targets import TARGETS

    names = args.target or list(TARGETS)
    print(f"seed {args.seed}, {args.count:,} mutants per reader; target: {TARGET_FINDINGS} findings, "
          f"every input under 1 s")
    print(f"{'reader':<10} {'inputs':>10} {'read':>9} {'refused':>9} {'findings':>9} "
          f"{'worst s':>8} {'mean ms':>8} {'wall s':>7}")
    status = 0
    for name in names:
        started = time.monotonic()

        def show(tally, name=name) -> None:
            print(f"\r{name:<10} {tally.inputs:>10,} ...", end="", file=sys.stderr, flush=True)

        tally = run_campaign(name, args.count, args.seed, args.workers, progress=show)
        print("\r", end="", file=sys.stderr)
        mean_ms = 1000.0 * tally.busy_s / max(tally.inputs, 1)
        print(f"{name:<10} {tally.inputs:>10,} {tally.read:>9,} {tally.refused:>9,} {len(tally.findings):>9,} "
              f"{tally.worst_s:>8.3f} {mean_ms:>8.2f} {time.monotonic() - started:>7.1f}")
        if tally.findings:
            status = 1
            kept = keep_findings(tally, args.seed, args.keep)
            for finding in tally.findings[:10]:
                print(f"    {finding}")
            print(f"    inputs kept in {args.keep}/ ({len(kept)} files)")
    return status
