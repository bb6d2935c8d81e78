"""The menus' seam to the records database (contract: /work/notes/contract-match.md).

One short-lived connection per use: a scene asks, gets plain values back, and nothing
holds the SQLite file open across scenes. When the file cannot be used just now (a full
disk, a read-only folder, a lock held elsewhere) reads answer empty and ``notice`` says
why; writes raise ``RecordsError`` so that the scene can say "not saved" and retry.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, TypeVar

from ...match.records import RecordsError
from .saving import PendingSaves

T = TypeVar("T")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProfileChoice:
    id: int | None
    name: str
    colour: tuple[int, int, int]


@contextmanager
def records() -> Iterator[Any]:
    """An open records database; ``RecordsError`` when it cannot be used just now."""
    from ...match.records import Records

    handle = Records.open()
    try:
        yield handle
    finally:
        handle.close()


def _read(ask: Callable[[Any], T], empty: T) -> T:
    """A read that cannot be done now (a locked or unreachable file) answers ``empty`` and
    the game goes on; writes raise instead, for the scene to say "not saved"."""
    try:
        with records() as db:
            return ask(db)
    except RecordsError as exc:
        log.warning("records unavailable: %s", exc)
        return empty


def profiles() -> list[ProfileChoice]:
    return _read(lambda db: [ProfileChoice(getattr(p, "id", None), p.name, tuple(p.colour)) for p in db.profiles()],
                 [])


def add_profile(name: str, colour: tuple[int, int, int]) -> ProfileChoice:
    """Saves a new singer; ``RecordsError`` when the records cannot take it (the scene says
    so, and may let the singer play tonight unsaved -- see ``unsaved_profile``)."""
    with records() as db:
        existing = db.profile(name)
        profile = existing if existing is not None else db.add_profile(name, colour=colour)
        return ProfileChoice(getattr(profile, "id", None), profile.name, tuple(profile.colour))


def unsaved_profile(name: str, colour: tuple[int, int, int]) -> ProfileChoice:
    """A singer who plays without a saved profile (their scores are not kept either)."""
    return ProfileChoice(None, name, colour)


def add_highscore(chart_key: str, difficulty: Any, player: str, score: float, **extra: Any) -> int:
    """The score's rank on its board; ``RecordsError`` when it was not saved."""
    with records() as db:
        return db.add_highscore(chart_key, difficulty, player, score, **extra)


def top_scores(chart_key: str, difficulty: Any, limit: int = 5) -> list[Any]:
    return _read(lambda db: list(db.top_scores(chart_key, difficulty, limit=limit)), [])


def chart_key(song_or_path: Any) -> tuple[str, str | None]:
    try:
        from ...match.records import chart_key_for

        return chart_key_for(song_or_path)
    except Exception:
        path = getattr(song_or_path, "path", song_or_path)
        return str(path), None


class SeasonKeeper:
    """A season's store that opens the records database only while saving (Season calls
    ``save_season`` after every change), so no scene holds the file open. A save the
    records refuse waits in ``unsaved`` (the board says so and retries on a key); each
    retry writes the season as it is then, and its result once (an upsert)."""

    def __init__(self) -> None:
        self.unsaved = PendingSaves()

    def save_season(self, season: Any, result: Any = None) -> None:
        self.unsaved.attempt(lambda: _save_season(season, result))


def _save_season(season: Any, result: Any) -> None:
    with records() as db:
        db.save_season(season, result)


def seasons(status: Any = None) -> list[Any]:
    return _read(lambda db: list(db.seasons(status)), [])


def load_season(season_id: str) -> Any | None:
    def load(db: Any) -> Any | None:
        try:
            return db.load_season(season_id)
        except (KeyError, ValueError) as exc:
            log.warning("season %s cannot be resumed: %s", season_id, exc)
            return None

    season = _read(load, None)
    if season is not None:
        season.store = SeasonKeeper()
    return season


def reigning_champion() -> Any | None:
    """The champion of the season that finished last (a title duel's winner when it had
    one): the Contestant who reigns, or None before any season has finished."""
    from ...match.season import SeasonStatus

    for row in seasons(SeasonStatus.FINISHED)[:3]:  # the newest one that can be read back
        season = load_season(row.id)
        if season is not None and season.champion is not None:
            return season.champion
    return None


def record_match(result: Any, names: dict[str, str]) -> None:
    """``RecordsError`` when it was not saved."""
    with records() as db:
        db.record_match(result, names)


def notice() -> str | None:
    """Why the records cannot be used now, or what happened to them on opening."""
    try:
        with records() as db:
            return db.notice
    except RecordsError as exc:
        return f"The records cannot be used now: {exc.reason}."
