"""Level packs: a folder in ``levels/`` holding ``song.txt``, ``level.toml`` and its audio.

``level.toml`` says how the game presents the chart (id, title, mode, difficulty, stage
theme) and who made it (credits and licence). Every mistake is reported as
``PATH:LINE: reason`` with the line of the offending key, so whoever writes a level can
fix it without guessing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..intake import IntakeError, parse_toml, read_regular, too_large
from .errors import ChartError, ChartWarning
from .media import MediaStatus, locate

if TYPE_CHECKING:
    from .model import Song

LEVEL_FILE = "level.toml"
DEFAULT_CHART = "song.txt"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DIFFICULTIES = range(1, 6)
MAX_LEVEL_BYTES = 64 * 1024  # a level.toml is a few hundred bytes; past this it is not one


class LevelError(ChartError):
    """A ``level.toml`` the game cannot use: ``PATH:LINE: reason``."""


class LevelMode(Enum):
    BATTLE = "battle"  # two contestants take turns, the audience votes
    DUET = "duet"  # two singers, one part each, sung together
    SOLO = "solo"  # one singer against the judge


@dataclass(frozen=True)
class Credits:
    music: str
    lyrics: str
    chart: str
    licence: str


@dataclass
class Level:
    folder: Path
    id: str
    title: str
    mode: LevelMode
    difficulty: int
    stage_theme: str
    chart_path: Path
    credits: Credits
    tutorial: bool = False
    description: str = ""
    warnings: list[ChartWarning] = field(default_factory=list)

    @cached_property
    def song(self) -> "Song":
        """The chart, read on first use (raises ChartError when it cannot be played)."""
        from . import load_song

        return load_song(self.chart_path)

    def to_json(self) -> dict[str, Any]:
        """What the song library caches and the browser shows."""
        return {
            "id": self.id,
            "title": self.title,
            "mode": self.mode.value,
            "difficulty": self.difficulty,
            "stage_theme": self.stage_theme,
            "tutorial": self.tutorial,
            "description": self.description,
            "credits": {
                "music": self.credits.music,
                "lyrics": self.credits.lyrics,
                "chart": self.credits.chart,
                "licence": self.credits.licence,
            },
        }


# key -> (required, expected type, type name for messages)
_LEVEL_KEYS: dict[str, tuple[bool, type, str]] = {
    "id": (True, str, "a string"),
    "title": (True, str, "a string"),
    "mode": (True, str, "a string"),
    "difficulty": (True, int, "an integer"),
    "stage_theme": (True, str, "a string"),
    "chart": (False, str, "a string"),
    "tutorial": (False, bool, "true or false"),
    "description": (False, str, "a string"),
}
_CREDIT_KEYS = ("music", "lyrics", "chart", "licence")


def load_level(folder: Path | str, *, load_chart: bool = True) -> Level:
    """Read and check ``folder/level.toml``; with ``load_chart`` also read its chart.

    Raises LevelError for a bad ``level.toml`` and ChartError for a chart that cannot be
    played.
    """
    path = Path(folder) / LEVEL_FILE
    if not os.path.lexists(path):
        raise LevelError(path, 0, "no level.toml in this folder")
    try:
        raw = read_regular(path, MAX_LEVEL_BYTES)
    except IntakeError as exc:
        raise LevelError(path, 0, exc.reason) from None
    level = parse_level_bytes(raw, path)
    if load_chart:
        check_voices(level, level.song.is_duet, raw.decode("utf-8"))
    return level


def parse_level_bytes(data: bytes, path: Path | str) -> Level:
    """Check the bytes of a ``level.toml`` found at ``path``: only ``LevelError`` escapes.

    The entry point for anything that holds the bytes already (the library scan, fuzzing)."""
    if len(data) > MAX_LEVEL_BYTES:
        raise LevelError(path, 0, too_large(len(data), MAX_LEVEL_BYTES))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LevelError(path, line, "not UTF-8 text (TOML files must be UTF-8)") from None
    return parse_level(text, path)


def check_voices(level: Level, is_duet: bool, text: str) -> None:
    """A duet level needs a chart with two voices (``text`` is level.toml, for the line)."""
    if level.mode is LevelMode.DUET and not is_duet:
        raise LevelError(level.folder / LEVEL_FILE, key_line(text, "level", "mode"),
                         f"mode is 'duet' but {level.chart_path.name} has only one voice")


def parse_level(text: str, path: Path | str) -> Level:
    """Check the text of a ``level.toml`` found at ``path`` (its folder holds the chart)."""
    path = Path(path)
    try:
        data = parse_toml(text)
    except IntakeError as exc:
        raise LevelError(path, exc.line, exc.reason) from None

    def fail(section: str, key: str | None, reason: str) -> LevelError:
        return LevelError(path, key_line(text, section, key), reason)

    warnings: list[ChartWarning] = []
    for name in data:
        if name not in ("level", "credits"):
            warnings.append(ChartWarning(key_line(text, name, None), f"unknown table or key '{name}' ignored"))

    level = _table(data, "level", fail)
    for key, (required, kind, kind_name) in _LEVEL_KEYS.items():
        if key not in level:
            if required:
                raise fail("level", None, f"[level] is missing '{key}'")
            continue
        value = level[key]
        # bool is an int in Python; a difficulty of `true` is still a mistake.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise fail("level", key, f"'{key}' must be {kind_name}, not {_toml_type(value)}")
    for key in level:
        if key not in _LEVEL_KEYS:
            warnings.append(ChartWarning(key_line(text, "level", key), f"unknown key '{key}' in [level] ignored"))

    level_id = level["id"]
    if not SLUG.fullmatch(level_id):
        raise fail("level", "id", f"id {level_id!r} must be a lower-case slug: letters a-z, digits and single hyphens")
    title = level["title"].strip()
    if not title:
        raise fail("level", "title", "title must not be empty")
    try:
        mode = LevelMode(level["mode"])
    except ValueError:
        choices = " | ".join(m.value for m in LevelMode)
        raise fail("level", "mode", f"mode {level['mode']!r} is not one of {choices}") from None
    difficulty = level["difficulty"]
    if difficulty not in DIFFICULTIES:
        raise fail("level", "difficulty", f"difficulty {difficulty} is outside 1..5")
    theme = level["stage_theme"].strip()
    if not SLUG.fullmatch(theme):
        raise fail("level", "stage_theme", f"stage_theme {theme!r} must be a theme name like 'nebula'")
    chart_name = level.get("chart", DEFAULT_CHART)
    chart_path, status, reason = locate(path.parent, chart_name)
    chart_key = "chart" if "chart" in level else None
    if status is MediaStatus.OUTSIDE or Path(chart_name).is_absolute() or ".." in Path(chart_name).parts:
        raise fail("level", "chart", f"chart {chart_name!r} must be a file inside the level folder")
    if status is MediaStatus.MISSING:
        raise fail("level", chart_key, f"chart file {chart_name!r} not found beside level.toml")
    if status is not MediaStatus.OK:
        raise fail("level", chart_key, f"chart file {reason}")

    credits = _table(data, "credits", fail)
    for key in _CREDIT_KEYS:
        value = credits.get(key)
        if value is None:
            raise fail("credits", None, f"[credits] is missing '{key}'")
        if not isinstance(value, str) or not value.strip():
            raise fail("credits", key, f"credits '{key}' must be a non-empty string")

    return Level(
        folder=path.parent,
        id=level_id,
        title=title,
        mode=mode,
        difficulty=difficulty,
        stage_theme=theme,
        chart_path=chart_path,
        credits=Credits(*(credits[k].strip() for k in _CREDIT_KEYS)),
        tutorial=level.get("tutorial", False),
        description=level.get("description", "").strip(),
        warnings=sorted(warnings, key=lambda w: w.line),
    )


def _table(data: dict[str, Any], name: str, fail) -> dict[str, Any]:
    table = data.get(name)
    if table is None:
        raise fail(name, None, f"missing the [{name}] table")
    if not isinstance(table, dict):
        raise fail(name, None, f"'{name}' must be a table ([{name}])")
    return table


_TOML_TYPES = ((bool, "a boolean"), (int, "an integer"), (float, "a number with a fraction"),
               (str, "a string"), (list, "an array"), (dict, "a table"))


def _toml_type(value: Any) -> str:
    # bool first: in Python a bool is also an int.
    return next((name for kind, name in _TOML_TYPES if isinstance(value, kind)), type(value).__name__)


_TABLE_HEADER = re.compile(r"^\s*\[([^\[\]]*)\]")  # no nested quantifiers: linear on any line
_TABLE_NAME = re.compile(r"[A-Za-z0-9_\-\"' .]+")
_KEY = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_\-]+))\s*=""")
_DOTTED_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*\.\s*([A-Za-z0-9_\-]+)\s*=")


def key_line(text: str, section: str, key: str | None) -> int:
    """The line where ``[section] key`` is written; the table header when ``key`` is None
    or absent; line 1 when the table itself is absent (a missing table has no line)."""
    lines = _line_index(text)
    return (lines.get((section, key)) if key is not None else None) or lines.get((section, None)) or 1


@lru_cache(maxsize=8)
def _line_index(text: str) -> dict[tuple[str, str | None], int]:
    """First line of every table header and key, in one pass: a file with thousands of
    unknown keys costs one read, not one per warning."""
    index: dict[tuple[str, str | None], int] = {}
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE_HEADER.match(line)
        if header and _TABLE_NAME.fullmatch(header.group(1).strip()):
            current = header.group(1).strip().strip("\"'")
            index.setdefault((current, None), number)
            continue
        match = _KEY.match(line)
        if match:
            name = next(group for group in match.groups() if group is not None)
            index.setdefault((current or "", name), number)
        # A dotted key at the top level: `level.mode = "solo"`.
        dotted = _DOTTED_KEY.match(line) if current is None else None
        if dotted:
            index.setdefault((dotted.group(1), dotted.group(2)), number)
    return index
