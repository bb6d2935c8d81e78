"""The player's settings: a small JSON file in the config folder.

Keys this version does not know (written by a newer game, or by hand) are kept and written
back unchanged, so upgrading and downgrading never loses a choice. A file that cannot be
read is moved aside with a message and the defaults are used: a bad settings file must
never stop the game from starting.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable

from .paths import config_dir
from .storage import atomic_write_text

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"


def _paths(value: Any) -> list[Path]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("expected a list of folder paths (strings)")
    return [Path(v).expanduser() for v in value]


# How each known key is read from JSON; a field without an entry must hold a JSON value of
# the same type as its default.
_DECODERS: dict[str, Callable[[Any], Any]] = {
    "song_folders": _paths,
}


@dataclass
class Settings:
    song_folders: list[Path] = field(default_factory=list)
    # Keys this version does not know, kept as read so that saving does not drop them.
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def to_json(self) -> dict[str, Any]:
        data = dict(self.extra)
        for f in fields(self):
            if f.name != "extra":
                data[f.name] = _encode(getattr(self, f.name))
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], source: Path | None = None) -> "Settings":
        settings = cls()
        known = {f.name for f in fields(cls)} - {"extra"}
        for key, value in data.items():
            if key not in known:
                settings.extra[key] = value
                continue
            try:
                setattr(settings, key, _decode(key, value, getattr(settings, key)))
            except (TypeError, ValueError) as exc:
                # One bad value costs that value only, not the whole file.
                log.warning("%s: setting %r ignored (%s); using the default", source, key, exc)
        return settings


def _encode(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if hasattr(value, "value") and hasattr(type(value), "__members__"):  # an Enum
        return value.value
    return value


def _decode(key: str, value: Any, default: Any) -> Any:
    decoder = _DECODERS.get(key)
    if decoder is not None:
        return decoder(value)
    if default is not None and not isinstance(value, type(default)):
        raise TypeError(f"expected {type(default).__name__}, found {type(value).__name__}")
    return value


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def load(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults when there are none or they cannot be read."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        return _set_aside(path, str(exc))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return _set_aside(path, f"line {exc.lineno}: {exc.msg}")
    if not isinstance(data, dict):
        return _set_aside(path, "expected a JSON object at the top level")
    return Settings.from_json(data, source=path)


def save(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings atomically: a crash leaves the old file or the new one."""
    path = path or settings_path()
    text = json.dumps(settings.to_json(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    atomic_write_text(path, text)
    return path


def _set_aside(path: Path, reason: str) -> Settings:
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        os.replace(path, aside)
        where = f"moved to {aside}"
    except OSError as exc:
        where = f"could not be moved aside ({exc})"
    log.warning("%s: settings file unreadable (%s); %s; using default settings", path, reason, where)
    return Settings()
