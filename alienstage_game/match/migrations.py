"""The records database schema, as ordered migrations.

The file's ``PRAGMA user_version`` is the number of the last migration applied. Opening
the records applies the missing ones in order, each in its own transaction together with
its version bump, so a crash leaves the file at one version or the next, never between.
New features append a migration; never edit a shipped one.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "profiles and highscores", (
        """CREATE TABLE profiles (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            colour TEXT NOT NULL,              -- "r,g,b"
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE highscores (
            id INTEGER PRIMARY KEY,
            chart_key TEXT NOT NULL,           -- level id, or the chart's path
            chart_hash TEXT,                   -- content hash of the chart when scored
            voice TEXT NOT NULL DEFAULT 'P1',
            difficulty TEXT NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
            player TEXT NOT NULL,
            profile_id INTEGER REFERENCES profiles(id) ON DELETE SET NULL,
            score REAL NOT NULL CHECK (score >= 0),
            played_at TEXT NOT NULL
        )""",
        "CREATE INDEX highscores_board ON highscores (chart_key, difficulty, score DESC, id)",
    )),
    Migration(2, "match history and seasons", (
        """CREATE TABLE seasons (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('active', 'finished', 'abandoned')),
            champion TEXT,                     -- the champion's name once finished
            state TEXT NOT NULL,               -- Season.to_dict() as JSON
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX seasons_by_status ON seasons (status, updated_at)",
        """CREATE TABLE matches (
            id INTEGER PRIMARY KEY,
            season_id TEXT REFERENCES seasons(id) ON DELETE CASCADE,
            match_id TEXT,                     -- the bracket match ("R1-M2") in a season
            chart_key TEXT,
            difficulty TEXT NOT NULL,
            winner TEXT NOT NULL,              -- contestant ids
            loser TEXT NOT NULL,
            winner_name TEXT NOT NULL,
            loser_name TEXT NOT NULL,
            winner_score REAL,
            loser_score REAL,
            reason TEXT NOT NULL,
            details TEXT NOT NULL DEFAULT '{}',  -- the verdict's numbers, JSON
            played_at TEXT NOT NULL,
            UNIQUE (season_id, match_id)
        )""",
        "CREATE INDEX matches_by_time ON matches (played_at)",
    )),
    Migration(3, "practice history", (
        """CREATE TABLE practice_passes (
            id INTEGER PRIMARY KEY,
            chart_key TEXT NOT NULL,
            chart_hash TEXT,
            voice TEXT NOT NULL,
            difficulty TEXT NOT NULL,
            tempo REAL NOT NULL,
            transpose INTEGER NOT NULL,
            loop_first INTEGER,                -- chart line indices from 0; NULL = whole voice
            loop_last INTEGER,
            total INTEGER NOT NULL,
            practised_at TEXT NOT NULL
        )""",
        "CREATE INDEX practice_by_chart ON practice_passes (chart_key, voice, practised_at)",
        """CREATE TABLE practice_lines (
            pass_id INTEGER NOT NULL REFERENCES practice_passes(id) ON DELETE CASCADE,
            line INTEGER NOT NULL,             -- the chart's line index, from 0
            ratio REAL NOT NULL CHECK (ratio >= 0 AND ratio <= 1),
            PRIMARY KEY (pass_id, line)
        )""",
    )),
    # Season matches were kept under the dealt level folder's full path; a level is known by
    # its id everywhere else (a bundled level's folder name is its id). The path's last
    # component, by SQLite's rtrim idiom (strip everything up to the last '/').
    Migration(4, "season matches by level id", (
        """UPDATE matches SET chart_key = replace(chart_key, rtrim(chart_key, replace(chart_key, '/', '')), '')
           WHERE season_id IS NOT NULL AND chart_key LIKE '%/levels/%' AND chart_key NOT LIKE '%.txt'
             AND rtrim(chart_key, '/') = chart_key""",
    )),
)

LATEST_VERSION = MIGRATIONS[-1].version


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = LATEST_VERSION,
            migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the migrations after the file's version, up to ``target``; returns those applied.

    ``conn`` must be in autocommit mode (``isolation_level=None``): each migration runs in
    an explicit BEGIN IMMEDIATE ... COMMIT with its ``PRAGMA user_version``.
    """
    applied = []
    for migration in migrations:
        if migration.version > target:
            break
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read inside the lock: another process may have migrated meanwhile.
            if schema_version(conn) >= migration.version:
                conn.execute("ROLLBACK")
                continue
            for statement in migration.statements:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {int(migration.version)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite ends the transaction itself on a full disk:
                conn.execute("ROLLBACK")  # a ROLLBACK then would hide the real error
            raise
        applied.append(migration.version)
    return applied
