"""Practice history in the records database: every pass, best and latest per line.

Stored beside highscores and seasons (records migration 3), one transaction per pass,
so a crash never leaves a pass half written. Line numbers are the chart's, from 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from ..match.records import Records
from .session import PassReport, PracticeSetup


@dataclass(frozen=True)
class LineProgress:
    line: int
    best: float  # best ratio ever, 0..1
    latest: float  # ratio of the most recent pass that sang this line
    attempts: int


@dataclass(frozen=True)
class PassRow:
    id: int
    practised_at: str  # ISO 8601, UTC
    total: int
    tempo: float
    transpose: int
    loop: tuple[int, int] | None  # chart line indices from 0
    mean_ratio: float


class PracticeHistory:
    def __init__(self, records: Records) -> None:
        self.records = records

    def record_pass(self, chart_key: str, setup: PracticeSetup, report: PassReport, *,
                    chart_hash: str | None = None, when: datetime | None = None) -> int:
        stamp = (when or datetime.now(timezone.utc)).isoformat(timespec="seconds")
        loop = setup.loop
        with self.records.transaction() as db:
            cursor = db.execute(
                "INSERT INTO practice_passes (chart_key, chart_hash, voice, difficulty, tempo, transpose,"
                " loop_first, loop_last, total, practised_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (chart_key, chart_hash, setup.voice_id, setup.difficulty.value, setup.tempo, setup.transpose,
                 None if loop is None else loop.first - 1, None if loop is None else loop.last - 1,
                 report.total, stamp))
            pass_id = int(cursor.lastrowid)
            db.executemany("INSERT INTO practice_lines (pass_id, line, ratio) VALUES (?,?,?)",
                           [(pass_id, s.line, min(1.0, max(0.0, s.ratio))) for s in report.lines])
        return pass_id

    def lines(self, chart_key: str, voice: str) -> dict[int, LineProgress]:
        rows = self.records.query(
            "SELECT l.line, l.ratio FROM practice_lines l JOIN practice_passes p ON p.id = l.pass_id"
            " WHERE p.chart_key = ? AND p.voice = ? ORDER BY p.practised_at, p.id", (chart_key, voice))
        progress: dict[int, LineProgress] = {}
        for row in rows:
            old = progress.get(row["line"])
            ratio = float(row["ratio"])
            progress[row["line"]] = LineProgress(row["line"], max(ratio, old.best if old else 0.0), ratio,
                                                 (old.attempts if old else 0) + 1)
        return progress

    def passes(self, chart_key: str, voice: str, limit: int = 100) -> list[PassRow]:
        """The most recent passes, oldest first: the history view over days."""
        rows = self.records.query(
            "SELECT p.*, (SELECT avg(ratio) FROM practice_lines WHERE pass_id = p.id) AS mean_ratio"
            " FROM practice_passes p WHERE chart_key = ? AND voice = ?"
            " ORDER BY practised_at DESC, id DESC LIMIT ?", (chart_key, voice, limit))
        return [PassRow(r["id"], r["practised_at"], r["total"], r["tempo"], r["transpose"],
                        None if r["loop_first"] is None else (r["loop_first"], r["loop_last"]),
                        float(r["mean_ratio"] or 0.0)) for r in reversed(rows)]

    def weakest_line(self, chart_key: str, voice: str) -> LineProgress | None:
        """The line to practise next: the lowest latest ratio (ties: fewer attempts, then
        earlier in the song). None before any practice."""
        progress = self.lines(chart_key, voice).values()
        return min(progress, key=lambda p: (p.latest, p.attempts, p.line), default=None)
