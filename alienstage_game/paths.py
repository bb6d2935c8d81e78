"""Where alienstage keeps its things on the player's machine.

The per-user folders come from platformdirs; setting ``ALIENSTAGE_HOME`` puts all of them
under one folder instead (tests and portable installs use it). Nothing here creates a
folder: whoever writes a file creates its parent (``storage.atomic_write_*`` does).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "alienstage"
HOME_ENV = "ALIENSTAGE_HOME"


def _home() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def _user_dir(kind: str) -> Path:
    """``kind`` is "data", "config" or "cache": under $ALIENSTAGE_HOME, else platformdirs'."""
    home = _home()
    if home is not None:
        return home / kind
    import platformdirs

    finder = getattr(platformdirs, f"user_{kind}_path")
    return finder(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """Records, seasons, editor autosaves: what a player would miss if it vanished."""
    return _user_dir("data")


def user_songs_dir() -> Path:
    """The player's own song folder: charts made in the editor are saved here, one folder
    each, and the library lists it (with the bundled levels) as soon as it exists."""
    return data_dir() / "songs"


def config_dir() -> Path:
    """Settings the player chose (song folders, devices, offsets)."""
    return _user_dir("config")


def cache_dir() -> Path:
    """Things that can be rebuilt at any time (the song library cache)."""
    return _user_dir("cache")


def bundled_dir(name: str) -> Path:
    """A folder the game ships (``levels``, ``assets``): at the repository's top in a
    source checkout (and an editable install); inside the package once installed from a
    wheel, where the build maps it in as package data (see ``setup.py``)."""
    top = Path(__file__).resolve().parents[1] / name
    if top.is_dir():
        return top
    from importlib.resources import files

    return Path(str(files(__package__ or "alienstage_game") / name))


def bundled_levels_dir() -> Path:
    """The original level packs shipped with the game."""
    return bundled_dir("levels")
