"""Hostile variants of good files: what a stranger's song pack can hold.

A mutant is a real file (a chart, a level.toml, a settings file, a MIDI file) changed in
one to four places by operators that aim where readers break: numbers too big, too small
or not finite, codecs that are not text, NULs and lone surrogates, giant lines, deep
nesting, lines lost, doubled or swapped, files cut short. Mutant ``i`` of a campaign
depends only on the campaign's seed and ``i``, so any failure can be made again alone.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Callable, Sequence

HOSTILE_NUMBERS = (
    b"0", b"-0", b"-1", b"1e-320", b"1e-300", b"1e-30", b"1e308", b"1e999", b"-1e999",
    b"nan", b"NaN", b"inf", b"-inf", b"Infinity", b"0,0000001", b"1,5", b"0x10", b"1_000",
    b"+", b"-", b".", b"1.2.3", b"\xd9\xa3", b"\xef\xbc\x95",  # Arabic-Indic 3, fullwidth 5
    b"9" * 20, b"9" * 309, b"1" + b"0" * 400, b"7" * 4301, b"-" + b"9" * 5000,
)
ODD_CODECS = (
    b"rot13", b"base64", b"hex", b"zlib", b"bz2", b"punycode", b"undefined", b"idna",
    b"unicode_escape", b"raw_unicode_escape", b"uu", b"quopri", b"utf-16", b"utf-32",
    b"utf-7", b"utf\x00", b"\x00", b"", b"ascii", b"latin-1", b"cp1252", b"shift_jis",
    b"mbcs", b"oem", b"x" * 300,
)
HEADER_KEYS = (
    b"BPM", b"GAP", b"START", b"END", b"VIDEOGAP", b"PREVIEWSTART", b"PREVIEWEND",
    b"MEDLEYSTARTBEAT", b"MEDLEYENDBEAT", b"MEDLEYSTART", b"MEDLEYEND", b"VERSION",
    b"RELATIVE", b"YEAR", b"ENCODING", b"AUDIO", b"COVER", b"VIDEO", b"P1", b"DUETSINGERP2",
)
ODD_PATHS = (b"../../../../etc/passwd", b"/dev/zero", b"/", b"..", b"\x00", b"a" * 5000,
             b"C:\\Windows\\win.ini", b"song.txt")
ODD_BYTES = (b"\x00", b"\xed\xa0\x80", b"\xff\xfe", b"\xef\xbb\xbf", b"\xfe\xff", b"\r",
             b"\x1b[2J", b"\xe2\x80\xae", b"\xc0\x80", b"\x80", b"\t", b"\x0b\x0c")
MAX_MUTANT_BYTES = 6 * 1024 * 1024  # past every reader's size limit, so "too large" is tried
_NUMBER = re.compile(rb"[+-]?[0-9]+(?:[.,][0-9]+)?")
_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)?")


@dataclass(frozen=True)
class Operator:
    name: str
    apply: Callable[[bytes, random.Random, Sequence[bytes]], bytes]


def _lines(data: bytes) -> list[bytes]:
    return [line for line in _LINE.findall(data) if line]


def _pick_line(lines: list[bytes], rng: random.Random) -> int:
    return rng.randrange(len(lines)) if lines else 0


def flip_bytes(data: bytes, rng: random.Random, _: Sequence[bytes]) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def hostile_number(data: bytes, rng: random.Random, _: Sequence[bytes]) -> bytes:
    numbers = list(_NUMBER.finditer(data))
    if not numbers:
        return data + rng.choice(HOSTILE_NUMBERS)
    match = rng.choice(numbers)
    return data[:match.start()] + rng.choice(HOSTILE_NUMBERS) + data[match.end():]


def hostile_header(data: bytes, rng: random.Random, _: Sequence[bytes]) -> bytes:
    key = rng.choice(HEADER_KEYS)
    if key == b"ENCODING":
        value = rng.choice(ODD_CODECS)
    elif key in (b"AUDIO", b"COVER", b"VIDEO"):
        value = rng.choice(ODD_PATHS)
    elif key == b"RELATIVE":
        value = rng.choice((b"yes", b"no", b"YES"))
    elif key == b"VERSION":
        value = rng.choice((b"2.0.0", b"1.1.0", b"1.0.0", b"9.9.9", b"1." * 50, b"9" * 5000))
    else:
        value = rng.choice(HOSTILE_NUMBERS)
    lines = _lines(data)
    lines.insert(rng.randint(0, min(len(lines), 12)), b"#" + key + b":" + value + b"\n")
    return b"".join(lines)


def giant_line(data: bytes, rng: random.Random, _: Sequence[bytes]) -> bytes:
    size = rng.choice((1_000, 10_000, 50_000))
    line = rng.choice((
        b"-" + b" " * size + b"3 3 x",
        b"- " + b"\t " * (size // 2) + b"1",
        b": 1 2 3 " + b"x" * size,
        b":" + b" " * size + b"1 1 1 a",
        b"#TITLE:" + b"a" * size,
        b"#" + b" " * size + b"ENCODING:utf-8",
        b"B" + b" " * size + b"0 300",
        b"P" + b" " * size + b"1",
        b"\t" * size,
    ))
    lines = _lines(data)
    lines.insert(_pick_line(lines, rng), line + b"\n")
    return b"".join(lines)


def odd_bytes(data: bytes, rng: random.Random, _: Sequence[bytes]) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + rng.choice(ODD_BYTES) + data[at:]


def drop_line(data: bytes, rng: random.Random, _: Sequence[bytes]) -> bytes:
    lines = _lines(data)
    if lines:
        del lines[_pick_line(lines, rng)]
    return b"".join(lines)


def double_line(data: bytes, rng: random.Random, _: Sequence[bytes]) -> bytes:
    lines = _lines(data)
    if not lines:
        return data
    index = _pick_line(lines, rng)
    times = min(rng.choice((1, 2, 50, 2_000)), MAX_MUTANT_BYTES // max(len(lines[index]), 1))
    lines[index:index + 1] = [lines[index]] * (times + 1)
    return b"".join(lines)


def swap_lines(data: bytes, rng: random.Random, _: Sequence[bytes]) -> bytes:
    lines = _lines(data)
    if len(lines) > 1:
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]
    return b"".join(lines)


def splice(data: bytes, rng: random.Random, seeds: Sequence[bytes]) -> bytes:
    other = _lines(rng.choice(seeds)) if seeds else []
    lines = _lines(data)
    if other:
        start = rng.randrange(len(other))
        lines[_pick_line(lines, rng):] = other[start:start + rng.randint(1, 40)]
    return b"".join(lines)


def truncate(data: bytes, rng: random.Random, _: Sequence[bytes]) -> bytes:
    return data[:rng.randint(0, len(data))] if data else data


def line_endings(data: bytes, rng: random.Random, _: Sequence[bytes]) -> bytes:
    ending = rng.choice((b"\r", b"\r\n", b"\n\r", b"\x85", "\u2028".encode()))
    return re.sub(rb"\r\n|\r|\n", ending, data)


def deep_nesting(data: bytes, rng: random.Random, _: Sequence[bytes]) -> bytes:
    depth = rng.choice((100, 1_000, 50_000))
    opener, closer = rng.choice(((b"[", b"]"), (b"{\"a\":", b"}"), (b"a = [", b"]"), (b"{a=", b"}")))
    nest = opener * depth + b"1" + closer * (depth if rng.random() < 0.5 else 0)
    at = rng.randint(0, len(data))
    return data[:at] + nest + data[at:]


def text_encoding(data: bytes, rng: random.Random, _: Sequence[bytes]) -> bytes:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    codec = rng.choice(("utf-16", "utf-16-le", "utf-32", "cp1252", "shift_jis", "utf-8-sig"))
    return text.encode(codec, errors="replace")


def midi_fields(data: bytes, rng: random.Random, _: Sequence[bytes]) -> bytes:
    """Where MIDI readers break: chunk lengths, ticks per beat, tempo, huge delta times."""
    out = bytearray(data)
    choice = rng.randrange(5)
    if choice == 0:  # a chunk that claims more (or less) than it holds
        starts = [m.start() for m in re.finditer(rb"MTrk|MThd", data)]
        if starts:
            at = rng.choice(starts) + 4
            out[at:at + 4] = rng.choice((0, 1, 6, 0x7FFFFFFF, 0xD6D6D6D6, 0xFFFFFFFF)).to_bytes(4, "big")
    elif choice == 1 and len(out) >= 14:  # ticks per beat: 0, SMPTE, huge
        out[12:14] = rng.choice((b"\x00\x00", b"\x80\x00", b"\xe7\x28", b"\x7f\xff", b"\x00\x01"))
    elif choice == 2:  # tempo 0 or the slowest a file can say
        for match in re.finditer(rb"\xff\x51\x03...", data, re.DOTALL):
            out[match.start() + 3:match.start() + 6] = rng.choice((b"\x00\x00\x00", b"\xff\xff\xff", b"\x00\x00\x01"))
    elif choice == 3:  # the largest delta time before an event
        tracks = [m.end() + 4 for m in re.finditer(rb"MTrk", data)]
        if tracks:
            at = rng.choice(tracks)
            return bytes(out[:at]) + b"\xff\xff\xff\x7f\x90\x3c\x40" + bytes(out[at:])
    else:  # a key signature no key has, or a NUL in a lyric
        for match in re.finditer(rb"\xff(\x59|\x05)", data):
            if match.group(1) == b"\x59":
                out[match.end() + 1:match.end() + 3] = rng.choice((b"\x7f\x05", b"\x08\x00", b"\xf0\x02"))
            else:
                out[match.end() + 1:match.end() + 2] = b"\x00"
    return bytes(out)


TEXT_OPERATORS = tuple(Operator(f.__name__, f) for f in (
    flip_bytes, hostile_number, hostile_header, giant_line, odd_bytes, drop_line,
    double_line, swap_lines, splice, truncate, line_endings, text_encoding,
))
STRUCTURED_OPERATORS = TEXT_OPERATORS + (Operator("deep_nesting", deep_nesting),)
BINARY_OPERATORS = tuple(Operator(f.__name__, f) for f in (flip_bytes, odd_bytes, truncate, midi_fields,
                                                           midi_fields))


class Mutator:
    """Makes mutant ``index`` of campaign ``seed`` from one of ``seeds`` (good files)."""

    def __init__(self, seeds: Sequence[bytes], operators: Sequence[Operator] = TEXT_OPERATORS,
                 seed: int = 0) -> None:
        if not seeds:
            raise ValueError("a mutator needs at least one good file to start from")
        self.seeds = list(seeds)
        self.operators = list(operators)
        self.seed = seed

    def mutant(self, index: int) -> bytes:
        rng = random.Random(self.seed * 1_000_003 + index)
        data = rng.choice(self.seeds)
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
            # Capped: doubling a giant line again and again would outgrow any reader's limit
            # (and the worker's memory) without testing anything new.
            data = rng.choice(self.operators).apply(data, rng, self.seeds)[:MAX_MUTANT_BYTES]
        return data
