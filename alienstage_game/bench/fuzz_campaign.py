"""A fuzz campaign: feed a reader mutant after mutant, count what comes out, catch hangs.

Workers are separate processes, so a reader that hangs (a regex gone quadratic, a FIFO
opened for reading) or eats memory is caught by a watchdog that kills the worker, notes
the input and starts a fresh worker after it. Each worker runs under a memory limit so a
blow-up is a MemoryError finding, not a frozen machine. Mutant ``i`` depends only on the
seed and ``i`` (``mutate.Mutator``), so every finding can be made again alone.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .fuzz_targets import Target, resolve

SLOW_S = 1.0  # an input that takes longer is a finding (the bound)
HANG_S = 20.0  # a worker silent on one input this long is killed
WORKER_MEMORY = 2 * 1024**3


@dataclass(frozen=True)
class Finding:
    target: str
    index: int
    kind: str  # "exception", "slow", "hang" or "crash"
    detail: str
    seconds: float = 0.0

    def __str__(self) -> str:
        return f"{self.target} #{self.index}: {self.kind} ({self.seconds:.2f} s) {self.detail}"


@dataclass
class Tally:
    target: str
    inputs: int = 0
    read: int = 0  # taken in
    refused: int = 0  # refused with the reader's own error (what hostile input should get)
    worst_s: float = 0.0
    busy_s: float = 0.0  # summed time inside the reader
    findings: list[Finding] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        self.inputs += other.inputs
        self.read += other.read
        self.refused += other.refused
        self.worst_s = max(self.worst_s, other.worst_s)
        self.busy_s += other.busy_s
        self.findings.extend(other.findings)


def _where(err: BaseException) -> str:
    frames = traceback.extract_tb(err.__traceback__)
    place = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(err).__name__}{place}: {str(err)[:200]}"


def try_one(target: Target, data: bytes, index: int = 0, slow_s: float = SLOW_S) -> tuple[str, Finding | None, float]:
    """Run the reader on one input: ("read"|"refused"|"finding", the finding, seconds)."""
    start = time.perf_counter()
    try:
        target.read(data)
        outcome, finding = "read", None
    except target.refusals:
        outcome, finding = "refused", None
    except Exception as err:  # anything else escaping a reader of outside data is a defect
        outcome, finding = "finding", Finding(target.name, index, "exception", _where(err))
    seconds = time.perf_counter() - start
    if finding is not None:
        finding = Finding(finding.target, index, finding.kind, finding.detail, seconds)
    elif seconds > slow_s:
        outcome, finding = "finding", Finding(target.name, index, "slow", "took longer than the bound", seconds)
    return outcome, finding, seconds


def _worker(lane: int, name: str, seed: int, indices: range, slow_s: float, current, out) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))
    except (ImportError, ValueError, OSError):
        pass  # no limit on this platform: a blow-up is then caught as a hang or a crash
    target = resolve(name)
    mutator = target.mutator(seed)
    tally = Tally(name)
    for index in indices:
        current.value = index
        try:
            outcome, finding, seconds = try_one(target, mutator.mutant(index), index, slow_s)
        except MemoryError:  # making the mutant itself ran out: note it, go on
            outcome, finding, seconds = "finding", Finding(name, index, "exception", "MemoryError making the input"), 0.0
        tally.inputs += 1
        tally.busy_s += seconds
        tally.worst_s = max(tally.worst_s, seconds)
        if outcome == "read":
            tally.read += 1
        elif outcome == "refused":
            tally.refused += 1
        if finding is not None:
            tally.findings.append(finding)
        if tally.inputs % 200 == 0 or finding is not None:  # findings at once: a crash must not lose them
            out.put(("progress", lane, tally))
            tally = Tally(name)
    out.put(("done", lane, tally))


@dataclass
class _Lane:
    """One worker walking indices start, start+step, ... below stop."""

    process: mp.Process
    current: object
    first: int
    stop: int
    step: int
    reported: int = 0  # inputs its messages have counted
    seen: int = -1
    since: float = field(default_factory=time.monotonic)
    ended: bool = False  # killed or crashed; a fresh lane took over its indices


def run_campaign(name: str, count: int, seed: int = 0, workers: int | None = None,
                 slow_s: float = SLOW_S, hang_s: float = HANG_S,
                 progress: Callable[[Tally], None] | None = None) -> Tally:
    """``count`` mutants of target ``name`` through its reader, over ``workers`` processes."""
    workers = max(1, min(workers or os.cpu_count() or 1, count or 1))
    context = mp.get_context("spawn")  # no inherited threads or audio handles
    out = context.Queue()
    total = Tally(name)
    lanes: list[_Lane] = []

    def start(first: int, stop: int, step: int) -> None:
        if first >= stop:
            return
        current = context.Value("q", first)
        process = context.Process(target=_worker, daemon=True,
                                  args=(len(lanes), name, seed, range(first, stop, step), slow_s, current, out))
        process.start()
        lanes.append(_Lane(process, current, first, stop, step))

    def take(message) -> bool:
        kind, lane, tally = message
        total.add(tally)
        lanes[lane].reported += tally.inputs
        return kind == "done"

    for lane_index in range(workers):
        start(lane_index, count, workers)
    done = 0
    while done < len(lanes):
        try:
            if take(out.get(timeout=0.5)):
                done += 1
            if progress is not None:
                progress(total)
            continue
        except queue.Empty:
            pass
        now = time.monotonic()
        for lane in list(lanes):
            if lane.ended or (not lane.process.is_alive() and lane.process.exitcode == 0):
                continue
            index = lane.current.value
            if index != lane.seen:
                lane.seen, lane.since = index, now
            dead = not lane.process.is_alive()
            if dead or now - lane.since > hang_s:
                if not dead:
                    lane.process.kill()
                lane.process.join()
                lane.ended = True
                while True:  # what it sent before it died still counts
                    try:
                        done += take(out.get_nowait())
                    except queue.Empty:
                        break
                kind = "crash" if dead else "hang"
                detail = f"worker exit code {lane.process.exitcode}" if dead else f"no answer in {hang_s:.0f} s"
                # Inputs it finished since its last message had no finding (those are sent at
                # once); count them, and the one it died on.
                total.inputs += (index - lane.first) // lane.step - lane.reported + 1
                total.findings.append(Finding(name, index, kind, detail, now - lane.since))
                done += 1  # this lane is over; a fresh one takes the rest of its indices
                start(index + lane.step, lane.stop, lane.step)
    for lane in lanes:
        lane.process.join(timeout=5)
    return total


def keep_findings(tally: Tally, seed: int, folder: Path) -> list[Path]:
    """Write each finding's input and reason, so it can become a regression fixture."""
    target = resolve(tally.target)
    mutator = target.mutator(seed)
    folder.mkdir(parents=True, exist_ok=True)
    kept = []
    for finding in tally.findings:
        path = folder / f"{finding.target}-seed{seed}-{finding.index}{target.suffix}"
        path.write_bytes(mutator.mutant(finding.index))
        path.with_name(path.name + ".why").write_text(str(finding) + "\n", encoding="utf-8")
        kept.append(path)
    return kept
