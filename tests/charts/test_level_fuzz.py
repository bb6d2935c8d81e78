"""level.toml under a seeded mutation loop: whatever the bytes, only LevelError escapes
and no parse takes a second. Inputs that ever broke the rule are kept in
fixtures/hostile/level-*.toml and replayed first."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from alienstage_game.charts.level import LEVEL_FILE, Level, LevelError, parse_level_bytes
from alienstage_game.paths import bundled_levels_dir

MUTANTS = 2400
SEED = 14
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
LEVEL_FILES = sorted(bundled_levels_dir().glob(f"*/{LEVEL_FILE}"))
NASTY = [b"9" * 5000, b"-" + b"9" * 400, b"nan", b"inf", b"-inf", b"1e999", b"\0", b"\xff\xfe",
         b"[" * 3000, b"{a=" * 600, b'"\\u0000"', b'"\\udcff"', b"'''", b"[[level]]", b"0x" + b"f" * 300]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to three edits of the kinds that broke readers before."""
    for _ in range(rng.randint(1, 3)):
        lines = data.split(b"\n")
        kind = rng.randrange(7)
        if kind == 0 and data:  # flip bytes
            raw = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                raw[rng.randrange(len(raw))] = rng.randrange(256)
            data = bytes(raw)
        elif kind == 1 and lines:  # delete a line
            del lines[rng.randrange(len(lines))]
            data = b"\n".join(lines)
        elif kind == 2 and lines:  # duplicate a line
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
            data = b"\n".join(lines)
        elif kind == 3:  # a nasty value in place of a value
            i = rng.randrange(len(lines))
            key = lines[i].split(b"=", 1)[0] if b"=" in lines[i] else b"difficulty"
            lines[i] = key + b"= " + rng.choice(NASTY)
            data = b"\n".join(lines)
        elif kind == 4:  # a nasty token anywhere
            at = rng.randrange(len(data) + 1)
            data = data[:at] + rng.choice(NASTY) + data[at:]
        elif kind == 5:  # deep nesting as a key's value or a table header
            depth = rng.choice((50, 999, 5000))
            data += rng.choice((b"\nx = " + b"[" * depth + b"]" * depth, b"\n" + b"[" * depth))
        else:  # truncate
            data = data[:rng.randrange(len(data) + 1)]
    return data


def parse_within_a_second(data: bytes, path: Path) -> Level | None:
    started = time.perf_counter()
    try:
        return parse_level_bytes(data, path)
    except LevelError:
        return None
    finally:
        assert time.perf_counter() - started < 1.0, data[:200]


@pytest.mark.parametrize("fixture", sorted(HOSTILE.glob("level-*.toml")), ids=lambda p: p.name)
def test_kept_hostile_level_files(fixture: Path) -> None:
    parse_within_a_second(fixture.read_bytes(), LEVEL_FILES[0])


def test_mutated_level_files_raise_only_level_error() -> None:
    assert len(LEVEL_FILES) >= 3
    rng = random.Random(SEED)
    originals = [(path, path.read_bytes()) for path in LEVEL_FILES]
    valid = 0
    for number in range(MUTANTS):
        path, data = originals[number % len(originals)]
        mutant = mutate(data, rng)
        try:
            valid += parse_within_a_second(mutant, path) is not None
        except Exception as exc:  # keep it: the next run replays it as a fixture
            kept = HOSTILE / f"level-{type(exc).__name__}-{number}.toml"
            kept.write_bytes(mutant)
            raise AssertionError(f"{type(exc).__name__}: {exc} (input kept as {kept.name})") from exc
    assert 0 < valid < MUTANTS  # the loop reached both the happy path and the errors
