"""The player's settings: a small JSON file in the config folder.

Keys this version does not know (written by a newer game, or by hand) are kept and written
back unchanged, so upgrading and downgrading never loses a choice. A file that cannot be
read (not JSON, not UTF-8, nested too deeply, a 5,000-digit number, a FIFO, too large) is
moved aside and the defaults are used: a bad settings file must never stop the game from
starting. What happened is kept as a notice (``take_notice``) for the title screen and the
command line, since a log line alone is a loss without a word.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import time
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable

from .intake import IntakeError, dumps, parse_json, read_regular
from .paths import config_dir
from .storage import atomic_write_text

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
MAX_SETTINGS_BYTES = 1024 * 1024  # a few KB in practice; a file past this is not ours


def _paths(value: Any) -> list[Path]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("expected a list of folder paths (strings)")
    return [_expand(Path(v)) for v in value]


def _expand(path: Path) -> Path:
    try:
        return path.expanduser()
    except RuntimeError:  # "~someone" who has no account here: kept as written
        return path


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
        return cls.read_fields(data, source)[0]

    @classmethod
    def read_fields(cls, data: dict[str, Any], source: Path | None = None) -> tuple["Settings", list[str]]:
        """The settings in ``data`` and the names of the known keys whose values were unusable."""
        settings = cls()
        ignored: list[str] = []
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
                ignored.append(key)
        return settings, ignored


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


_notice: str | None = None


def take_notice() -> str | None:
    """What went wrong with the settings file since the last call (once), or None."""
    global _notice
    notice, _notice = _notice, None
    return notice


def tell(notice: str) -> None:
    """Keep ``notice`` for the title screen (or the command line) to show once."""
    global _notice
    log.warning(notice)
    _notice = notice


def settings_from_bytes(data: bytes, source: Path | None = None) -> tuple[Settings, str | None]:
    """The settings in a file's bytes and, when something was wrong, why (never raises)."""
    settings, problem = _parse(data, source)
    return settings or Settings(), problem


def _parse(data: bytes, source: Path | None) -> tuple[Settings | None, str | None]:
    """(settings, None); (settings, which values were ignored); or (None, why the whole
    file is unusable)."""
    try:
        parsed = parse_json(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (byte {exc.start + 1})"
    except IntakeError as exc:
        return None, f"line {exc.line}: {exc.reason}"
    if not isinstance(parsed, dict):
        return None, "expected a JSON object at the top level"
    settings, ignored = Settings.read_fields(parsed, source)
    return settings, (f"ignored {', '.join(ignored)} (wrong type)" if ignored else None)


def load(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults when there are none or they cannot be read."""
    path = path or settings_path()
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        tell(f"Could not read the settings ({exc}); using the defaults for now.")
        return Settings()
    try:
        data = read_regular(path, MAX_SETTINGS_BYTES)
    except IntakeError as exc:
        if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_SETTINGS_BYTES:
            # A sound file we may not read just now (permissions): keep it where it is.
            tell(f"Could not read the settings {path} ({exc.reason}); using the defaults for now.")
            return Settings()
        return _set_aside(path, exc.reason)
    settings, problem = _parse(data, path)
    if settings is None:
        return _set_aside(path, problem or "unreadable")
    if problem is not None:  # one bad value costs that value only, not the whole file
        tell(f"Settings {path}: {problem}; the defaults are used for those.")
    return settings


# A lone surrogate (a JSON "\ud800" escape, or a path holding undecodable bytes) has no
# UTF-8 form: written back as the same escape, it reads back as the same string.
_SURROGATE = re.compile("[\ud800-\udfff]")


def settings_text(settings: Settings) -> str:
    """The settings as UTF-8-safe JSON text (no NaN, no raw surrogates)."""
    text = dumps(settings.to_json(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def save(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings atomically: a crash leaves the old file or the new one.

    Raises ``StorageError`` (with a plain reason) when the folder cannot take the file."""
    path = path or settings_path()
    atomic_write_text(path, settings_text(settings))
    return path


def _set_aside(path: Path, reason: str) -> Settings:
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        os.replace(path, aside)
        where = f"set aside as {aside.name}"
    except OSError as exc:
        where = f"could not be set aside ({exc.strerror or exc})"
    log.warning("%s: settings file unreadable (%s); kept as %s", path, reason, aside)
    tell(f"The settings file could not be read ({reason}): {where}; using default settings.")
    return Settings()

