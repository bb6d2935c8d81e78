"""Taking in files that came from outside (song packs, a hand-edited settings file).

One rule for every reader of outside data: regular files only (a FIFO or a device named
``song.txt`` must never block or flood a scan), a size limit with a clear reason, and
parsers whose own failures (deep nesting, 5,000-digit numbers, NaN) come out as one
error type. Each reader turns an ``IntakeError`` into its own error with path and line.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

MB = 1024 * 1024


class IntakeError(Exception):
    """Why an outside file was not taken in; ``line`` is 1 unless the parser knew better."""

    def __init__(self, reason: str, line: int = 1) -> None:
        self.reason = reason
        self.line = line
        super().__init__(reason)


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Opened non-blocking so a FIFO returns at once, checked on the open descriptor (no race
    between a check and the open), and read to ``limit + 1`` at most: a file that grows
    while it is read is still refused rather than read without end.
    """
    fd, size = _open_regular(path)
    try:
        if size > limit:
            raise IntakeError(too_large(size, limit))
        data = _read_up_to(fd, limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise IntakeError(too_large(len(data), limit))
    return data


def read_head(path: Path | str, count: int) -> bytes:
    """The first ``count`` bytes of a regular file of any size (to sniff what it is)."""
    fd, _ = _open_regular(path)
    try:
        return _read_up_to(fd, count)
    finally:
        os.close(fd)


def _open_regular(path: Path | str) -> tuple[int, int]:
    """A descriptor of a regular file and its size; IntakeError for anything else."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as err:  # ValueError: a NUL in the name
        raise IntakeError(f"cannot read file: {getattr(err, 'strerror', None) or err}") from None
    try:
        info = os.fstat(fd)
    except OSError as err:
        os.close(fd)
        raise IntakeError(f"cannot read file: {err.strerror or err}") from None
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise IntakeError(f"not a regular file ({file_kind(info.st_mode)})")
    return fd, info.st_size


def _read_up_to(fd: int, count: int) -> bytes:
    chunks: list[bytes] = []
    left = count
    try:
        while left > 0:
            chunk = os.read(fd, min(left, MB))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as err:
        raise IntakeError(f"cannot read file: {err.strerror or err}") from None
    return b"".join(chunks)


def too_large(size: int, limit: int) -> str:
    return f"too large: {_size(size)} (the limit is {_size(limit)})"


def _size(count: int) -> str:
    return f"{count / MB:.1f} MB" if count >= MB else f"{count:,} bytes"


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is, for messages ("a named pipe")."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(text: str) -> Any:
    """``json.loads`` that refuses NaN/Infinity and turns every parser failure (deep nesting,
    huge integers, bad syntax) into an ``IntakeError`` with the line."""
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as err:
        raise IntakeError(f"not valid JSON: {err.msg} (column {err.colno})", err.lineno) from None
    except RecursionError:
        raise IntakeError("nested too deeply") from None
    except ValueError as err:  # the int-string limit, or a refused constant
        raise IntakeError(f"not valid JSON: {err}") from None


def parse_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads`` with every failure (deep nesting, huge integers) as an ``IntakeError``.

    Non-finite floats (``inf``, ``nan``) are valid TOML; readers check numbers themselves
    (``finite``)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise IntakeError(_toml_reason(err), _toml_line(err, text)) from None
    except RecursionError:
        raise IntakeError("nested too deeply") from None
    except ValueError as err:
        raise IntakeError(f"not valid TOML: {err}") from None


_AT_LINE = re.compile(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)")


def _toml_line(err: tomllib.TOMLDecodeError, text: str) -> int:
    lineno = getattr(err, "lineno", None)  # Python 3.14+
    if isinstance(lineno, int):
        return lineno
    match = re.search(r"at line (\d+)", str(err))
    if match:
        return int(match.group(1))
    return max(1, text.count("\n") + (0 if text.endswith("\n") else 1))  # "at end of document"


def _toml_reason(err: tomllib.TOMLDecodeError) -> str:
    message = getattr(err, "msg", None) or str(err)
    return f"not valid TOML: {_AT_LINE.sub('', message).strip()}"


def finite(value: float) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)


def plain_json(value: Any) -> Any:
    """``value`` with every non-finite float as ``None``, so ``json.dumps`` writes valid JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: plain_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_json(item) for item in value]
    return value


def dumps(value: Any, **options: Any) -> str:
    """JSON text that is always valid JSON (no NaN/Infinity tokens)."""
    return json.dumps(plain_json(value), allow_nan=False, **options)


def dump(value: Any, stream, **options: Any) -> None:
    """``json.dump`` that always writes valid JSON (see ``dumps``)."""
    stream.write(dumps(value, **options))
