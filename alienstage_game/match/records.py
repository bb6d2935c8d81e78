"""Records: profiles, highscores, match history and seasons in one SQLite file.

The file is ``records.sqlite3`` in the user data directory. It runs in WAL mode with
``synchronous=FULL`` and every write is one transaction, so a crash (or a power cut)
at any instant keeps every result that was committed. A file that is not a readable
database is moved aside (``records.sqlite3.corrupt-<time>``) and a new one started; the
reason and both paths are in ``Records.notice`` and in the log.

A file that is fine but cannot be used just now (a full disk, a read-only folder, another
program holding the lock) raises ``RecordsError`` with the reason in plain words, from
``open`` or from the save that failed; nothing is kept in memory pretending to be saved,
and every save committed before stays in the file. Callers say so and offer a retry.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from ..paths import data_dir
from ..scoring.difficulty import Difficulty
from .migrations import schema_version
from .records_file import RecordsError, open_records_file, sqlite_reason
from .season import MatchResult, Season, SeasonStatus, now_iso

if TYPE_CHECKING:
    from ..charts.model import Song
    from .contestants import Contestant

RECORDS_FILE = "records.sqlite3"


def records_path() -> Path:
    return data_dir() / RECORDS_FILE


@dataclass(frozen=True)
class Profile:
    id: int
    name: str
    colour: tuple[int, int, int]
    created_at: str

    def contestant(self) -> "Contestant":
        from .contestants import Contestant

        return Contestant.human(self.name, self.colour, profile_id=self.id)


@dataclass(frozen=True)
class HighScore:
    rank: int
    player: str
    score: float
    played_at: str
    chart_key: str
    difficulty: Difficulty
    voice: str
    profile_id: int | None
    chart_hash: str | None


@dataclass(frozen=True)
class MatchRecord:
    id: int
    season_id: str | None
    match_id: str | None
    chart_key: str | None
    difficulty: str
    winner: str
    loser: str
    winner_name: str
    loser_name: str
    winner_score: float | None
    loser_score: float | None
    reason: str
    details: dict
    played_at: str


@dataclass(frozen=True)
class SeasonRow:
    id: str
    name: str
    status: SeasonStatus
    champion: str | None
    created_at: str
    updated_at: str


def chart_key_for(chart: "Song | Path | str") -> tuple[str, str | None]:
    """(key, content hash) of a chart: the level id for a level folder, else its path."""
    path = getattr(chart, "path", chart)
    if path is None:
        return ("", None)
    path = Path(path).resolve()
    try:
        digest: str | None = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        digest = None
    if (path.parent / "level.toml").is_file():
        from ..charts.level import load_level

        try:
            level = load_level(path.parent, load_chart=False)
            if level.chart_path.resolve() == path:
                return (level.id, digest)
        except Exception:  # a broken level.toml: fall back to the path
            pass
    return (path.as_posix(), digest)


def _colour_text(colour: tuple[int, int, int]) -> str:
    return ",".join(str(int(c)) for c in colour)


def _colour(text: str) -> tuple[int, int, int]:
    try:
        r, g, b = (int(c) for c in text.split(","))
        return (r, g, b)
    except ValueError:
        return (255, 255, 255)


class Records:
    """The player's records. Open with ``Records.open()``; one per thread."""

    def __init__(self, conn: sqlite3.Connection, path: Path, notice: str | None = None,
                 refusal: RecordsError | None = None) -> None:
        self._conn = conn
        self.path = path
        self.notice = notice
        # Set when the file could only be opened for reading: every save raises it.
        self.refusal = refusal

    @classmethod
    def open(cls, path: Path | str | None = None) -> "Records":
        """The records at ``path`` (default: the data folder's). A damaged file is moved aside
        and a new one started (``notice`` says so); a file that can only be read just now opens
        with every save refused; ``RecordsError`` when it cannot be read at all."""
        target = Path(path) if path is not None else records_path()
        opened = open_records_file(target)
        return cls(opened.conn, target, opened.notice, opened.refusal)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "Records":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return schema_version(self._conn)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction: everything inside commits together or not at all. Other stores
        that share the file (practice history) write through this too. A full disk, a
        read-only folder or a lock held elsewhere raises ``RecordsError``; what was committed
        before is untouched."""
        if self.refusal is not None:
            raise self.refusal
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._rollback()
                raise
            self._conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self._rollback()  # a failed COMMIT may leave the transaction open
            raise RecordsError(sqlite_reason(exc, self.path), self.path) from exc

    def _rollback(self) -> None:
        if self._conn.in_transaction:
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:  # SQLite rolled back already (SQLITE_FULL does)
                pass

    def query(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        return self._conn.execute(sql, params).fetchall()

    # -- profiles -----------------------------------------------------------------------------
    def add_profile(self, name: str, colour: tuple[int, int, int] = (255, 255, 255)) -> Profile:
        """A new profile; an existing name (any case) returns the existing profile."""
        name = name.strip()
        if not name:
            raise ValueError("a profile needs a name")
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO profiles (name, colour, created_at) VALUES (?, ?, ?)",
                       (name, _colour_text(colour), now_iso()))
        found = self.profile(name)
        assert found is not None
        return found

    def profile(self, name: str) -> Profile | None:
        row = self._conn.execute("SELECT * FROM profiles WHERE name = ?", (name.strip(),)).fetchone()
        return None if row is None else Profile(row["id"], row["name"], _colour(row["colour"]), row["created_at"])

    def profiles(self) -> list[Profile]:
        rows = self._conn.execute("SELECT * FROM profiles ORDER BY name COLLATE NOCASE").fetchall()
        return [Profile(r["id"], r["name"], _colour(r["colour"]), r["created_at"]) for r in rows]

    # -- highscores ---------------------------------------------------------------------------
    def add_highscore(self, chart_key: str, difficulty: Difficulty | str, player: str, score: float, *,
                      chart_hash: str | None = None, voice: str = "P1", profile_id: int | None = None,
                      when: str | None = None) -> int:
        """Keep a score; returns its rank (1 = best) on the chart's board for that difficulty."""
        level = Difficulty(difficulty).value
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO highscores (chart_key, chart_hash, voice, difficulty, player, profile_id, score,"
                " played_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (chart_key, chart_hash, voice, level, player, profile_id, float(score), when or now_iso()))
            better = db.execute(
                "SELECT COUNT(*) FROM highscores WHERE chart_key = ? AND difficulty = ? AND"
                " (score > ? OR (score = ? AND id < ?))",
                (chart_key, level, float(score), float(score), cur.lastrowid)).fetchone()[0]
        return int(better) + 1

    def top_scores(self, chart_key: str, difficulty: Difficulty | str, limit: int = 10) -> list[HighScore]:
        """The board, best first; equal scores in the order they were sung."""
        level = Difficulty(difficulty).value
        rows = self._conn.execute(
            "SELECT * FROM highscores WHERE chart_key = ? AND difficulty = ? ORDER BY score DESC, id LIMIT ?",
            (chart_key, level, int(limit))).fetchall()
        return [HighScore(i + 1, r["player"], r["score"], r["played_at"], r["chart_key"], Difficulty(r["difficulty"]),
                          r["voice"], r["profile_id"], r["chart_hash"]) for i, r in enumerate(rows)]

    def personal_best(self, chart_key: str, difficulty: Difficulty | str, player: str) -> float | None:
        row = self._conn.execute(
            "SELECT MAX(score) FROM highscores WHERE chart_key = ? AND difficulty = ? AND player = ?",
            (chart_key, Difficulty(difficulty).value, player)).fetchone()
        return row[0]

    def charts_with_scores(self) -> list[str]:
        return [r[0] for r in self._conn.execute("SELECT DISTINCT chart_key FROM highscores ORDER BY chart_key")]

    # -- match history ------------------------------------------------------------------------
    def record_match(self, result: MatchResult, names: dict[str, str] | None = None,
                     season_id: str | None = None) -> None:
        """Keep a duel's result (a season's matches are kept by ``save_season``)."""
        with self.transaction() as db:
            self._insert_match(db, result, names or {}, season_id)

    @staticmethod
    def _insert_match(db: sqlite3.Connection, result: MatchResult, names: dict[str, str],
                      season_id: str | None) -> None:
        db.execute(
            "INSERT OR IGNORE INTO matches (season_id, match_id, chart_key, difficulty, winner, loser,"
            " winner_name, loser_name, winner_score, loser_score, reason, details, played_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (season_id, result.match_id if season_id else None, result.chart, result.difficulty,
             result.winner, result.loser, names.get(result.winner, result.winner),
             names.get(result.loser, result.loser), result.winner_score, result.loser_score,
             result.reason, json.dumps(result.details, sort_keys=True), result.played_at))

    def matches(self, limit: int = 50, season_id: str | None = None) -> list[MatchRecord]:
        """Newest first."""
        if season_id is None:
            rows = self._conn.execute("SELECT * FROM matches ORDER BY id DESC LIMIT ?", (int(limit),))
        else:
            rows = self._conn.execute("SELECT * FROM matches WHERE season_id = ? ORDER BY id DESC LIMIT ?",
                                      (season_id, int(limit)))
        return [MatchRecord(r["id"], r["season_id"], r["match_id"], r["chart_key"], r["difficulty"], r["winner"],
                            r["loser"], r["winner_name"], r["loser_name"], r["winner_score"], r["loser_score"],
                            r["reason"], json.loads(r["details"] or "{}"), r["played_at"]) for r in rows.fetchall()]

    # -- seasons --------------------------------------------------------------------------------
    def save_season(self, season: Season, result: MatchResult | None = None) -> None:
        """Store the season's state, and its newest result in the match history, together."""
        champion = season.champion
        with self.transaction() as db:
            db.execute(
                "INSERT INTO seasons (id, name, status, champion, state, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
                " status = excluded.status, champion = excluded.champion, state = excluded.state,"
                " updated_at = excluded.updated_at",
                (season.id, season.name, season.status.value, champion.name if champion else None,
                 json.dumps(season.to_dict(), sort_keys=True), season.created_at, season.updated_at))
            if result is not None:
                names = {c.id: c.name for c in season.contestants}
                self._insert_match(db, result, names, season.id)

    def load_season(self, season_id: str) -> Season:
        """The season as last saved, saving itself here again (KeyError when unknown)."""
        row = self._conn.execute("SELECT state FROM seasons WHERE id = ?", (season_id,)).fetchone()
        if row is None:
            raise KeyError(season_id)
        return Season.from_dict(json.loads(row["state"]), store=self)

    def seasons(self, status: SeasonStatus | str | None = None) -> list[SeasonRow]:
        """Every season kept, most recently changed first."""
        query = "SELECT id, name, status, champion, created_at, updated_at FROM seasons"
        args: tuple = ()
        if status is not None:
            query += " WHERE status = ?"
            args = (SeasonStatus(status).value,)
        rows = self._conn.execute(query + " ORDER BY updated_at DESC, rowid DESC", args).fetchall()
        return [SeasonRow(r["id"], r["name"], SeasonStatus(r["status"]), r["champion"], r["created_at"],
                          r["updated_at"]) for r in rows]

    def active_season(self) -> Season | None:
        """The season to resume: the most recently played one still running."""
        rows = self.seasons(SeasonStatus.ACTIVE)
        return self.load_season(rows[0].id) if rows else None
