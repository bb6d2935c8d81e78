"""The menus' seam to the records database (contract: /work/notes/contract-match.md).

One short-lived connection per use: a scene asks, gets plain values back, and nothing
holds the SQLite file open across scenes. Without the records module (or with a file it
cannot use) the answers are empty and ``notice`` says why; the game goes on.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProfileChoice:
    id: int | None
    name: str
    colour: tuple[int, int, int]


@contextmanager
def records() -> Iterator[Any | None]:
    try:
        from ...match.records import Records
    except ImportError:
        yield None
        return
    try:
        handle = Records.open()
    except Exception as exc:  # a locked or unwritable data folder: no records this time
        log.warning("records unavailable: %s", exc)
        yield None
        return
    try:
        yield handle
    finally:
        handle.close()


def profiles() -> list[ProfileChoice]:
    with records() as db:
        if db is None:
            return []
        return [ProfileChoice(getattr(p, "id", None), p.name, tuple(p.colour)) for p in db.profiles()]


def add_profile(name: str, colour: tuple[int, int, int]) -> ProfileChoice:
    """Saves a new singer; without records the singer still plays, unsaved."""
    with records() as db:
        if db is not None:
            existing = db.profile(name)
            profile = existing if existing is not None else db.add_profile(name, colour=colour)
            return ProfileChoice(getattr(profile, "id", None), profile.name, tuple(profile.colour))
    return ProfileChoice(None, name, colour)


def add_highscore(chart_key: str, difficulty: Any, player: str, score: float, **extra: Any) -> int | None:
    with records() as db:
        if db is None:
            return None
        return db.add_highscore(chart_key, difficulty, player, score, **extra)


def top_scores(chart_key: str, difficulty: Any, limit: int = 5) -> list[Any]:
    with records() as db:
        return [] if db is None else list(db.top_scores(chart_key, difficulty, limit=limit))


def chart_key(song_or_path: Any) -> tuple[str, str | None]:
    try:
        from ...match.records import chart_key_for

        return chart_key_for(song_or_path)
    except Exception:
        path = getattr(song_or_path, "path", song_or_path)
        return str(path), None


class SeasonKeeper:
    """A season's store that opens the records database only while saving (Season calls
    ``save_season`` after every change), so no scene holds the file open."""

    def save_season(self, season: Any, result: Any = None) -> None:
        with records() as db:
            if db is not None:
                db.save_season(season, result)


def seasons(status: Any = None) -> list[Any]:
    with records() as db:
        return [] if db is None else list(db.seasons(status))


def load_season(season_id: str) -> Any | None:
    with records() as db:
        if db is None:
            return None
        try:
            season = db.load_season(season_id)
        except (KeyError, ValueError) as exc:
            log.warning("season %s cannot be resumed: %s", season_id, exc)
            return None
    season.store = SeasonKeeper()
    return season


def record_match(result: Any, names: dict[str, str]) -> None:
    with records() as db:
        if db is not None:
            db.record_match(result, names)


def notice() -> str | None:
    with records() as db:
        return None if db is None else db.notice
