"""Byte-exact chart fixtures, built from Python source so every byte is deliberate.

Readable UTF-8 charts with LF newlines live in ``fixtures/`` and are committed. Everything
whose bytes matter -- other encodings, byte order marks, CR/CRLF/mixed newlines, trailing
spaces, binary junk -- is generated here into a test's ``tmp_path`` (see ``materialise``)
and never committed, so no editor or git setting can change it behind the tests' back.

Run ``python tests/charts/make_fixtures.py OUTDIR`` to write them all out for a look.

Also here: ``assert_same_song``, the semantic comparison the writer and property tests
share ("reading what it wrote gives the same song").
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path

FIXTURES_DIR = Path(__file__).parent / "fixtures"

# Committed, readable fixtures (UTF-8, LF).
COMMITTED = (
    "legacy_solo", "duet", "duet_singer_aliases", "relative", "relative_duet",
    "v2", "v110", "decimal_comma",
)


def committed_path(name: str) -> Path:
    return FIXTURES_DIR / f"{name}.txt"


def _lf(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


# --------------------------------------------------------------------------------------
# Encodings: one chart shape, lyrics that only decode right with the right codec.
# The non-ASCII title comes *before* the #ENCODING line: the header names the encoding
# of the whole file, not of what follows it.


@dataclass(frozen=True)
class EncodedText:
    title: str
    words: tuple[str, ...]

    @property
    def lyrics(self) -> str:
        return "".join(self.words).strip()


UTF8_TEXT = EncodedText("Café Nébuleuse", ("Über", " straße", " €", " 星", " 🚀"))
CP1252_TEXT = EncodedText("Café Über", ("Crème", " brûlée", " €uro", " œuvre", " naïve"))
CP1250_TEXT = EncodedText("Łódź Nocą",
                          ("Příliš", " žluťoučký", " kůň", " źdźbło", " Łąka"))
CP865_TEXT = EncodedText("Blåbær Øy", ("Blå", "bær", " Ørken", " Æble", " ¤"))
ASCII_TEXT = EncodedText("Plain Signal", ("Plain", " sig", "nal", " here"))

ENCODED_ARTIST = "Encoded Echo"
ENCODED_BPM = 300  # 50 ms per beat, GAP 0: note i starts at i*4 beats = i*200 ms


def encoded_chart_text(text: EncodedText, encoding_header: str | None = None) -> str:
    """Line 1 #TITLE, line 2 #ARTIST, line 3 #ENCODING (when given), then the rest."""
    lines = [f"#TITLE:{text.title}", f"#ARTIST:{ENCODED_ARTIST}"]
    if encoding_header is not None:
        lines.append(f"#ENCODING:{encoding_header}")
    lines += ["#MP3:echo.ogg", f"#BPM:{ENCODED_BPM}", "#GAP:0"]
    for i, word in enumerate(text.words):
        lines.append(f": {i * 4} 3 {i} {word}")
    lines.append("E")
    return _lf(lines)


# --------------------------------------------------------------------------------------
# Warnings: the chart loads, each oddity is reported on the line where it is.

# Combined chart reused for every newline style; expected warning lines 5, 8, 9, 11.
WARNINGS_LINES = [
    "#TITLE:Wobbly Orbit",       # 1
    "#ARTIST:Static Bloom",      # 2
    "#MP3:wobbly.ogg",           # 3
    "#BPM:300",                  # 4
    "#:lonely value",            # 5  header without a key
    "#GAP:0",                    # 6
    ": 0 4 0 one",               # 7
    ": 2 4 0 two",               # 8  overlaps the note before (0..4)
    "X 6 2 0 what",              # 9  unknown note/line type
    ": 20 2 0 three",            # 10
    ": 10 2 0 four",             # 11 earlier than the note before (unsorted)
    "E",                         # 12
]
WARNINGS_EXPECTED_LINES = {5, 8, 9, 11}
WARNINGS_NOTE_BEATS = {0, 2, 20, 10}

SINGLE_WARNING_CHARTS: dict[str, tuple[list[str], int]] = {
    "header_without_key": ([
        "#TITLE:Nameless", "#ARTIST:Static Bloom", "#:orphan value", "#MP3:x.ogg",
        "#BPM:300", "#GAP:0", ": 0 4 0 one", "E",
    ], 3),
    "unknown_note_type": ([
        "#TITLE:Odd Glyph", "#ARTIST:Static Bloom", "#MP3:x.ogg", "#BPM:300", "#GAP:0",
        ": 0 4 0 one", "X 8 2 0 what", ": 12 4 0 two", "E",
    ], 7),
    "overlapping_notes": ([
        "#TITLE:Crowded Orbit", "#ARTIST:Static Bloom", "#MP3:x.ogg", "#BPM:300", "#GAP:0",
        ": 0 4 0 one", ": 4 4 0 two", ": 6 4 0 three", "E",
    ], 8),
    "unsorted_notes": ([
        "#TITLE:Backwards Orbit", "#ARTIST:Static Bloom", "#MP3:x.ogg", "#BPM:300",
        "#GAP:0", ": 0 4 0 one", ": 20 4 0 two", ": 10 4 0 three", "E",
    ], 8),
}


def join_newlines(lines: list[str], style: str) -> str:
    """Join with LF, CRLF, CR, or a mix of all three (never an accidental CR+LF pair:
    no line is empty)."""
    if style == "mixed":
        seps = ["\r\n", "\n", "\r"]
        return "".join(line + seps[i % 3] for i, line in enumerate(lines))
    sep = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}[style]
    return "".join(line + sep for line in lines)


# --------------------------------------------------------------------------------------
# Layout oddities a hand-edited chart has. Trailing spaces matter, hence generated.
MESSY_LINES = [
    "# title : Ghost Signal ",     # 1  lower-case key, spaces around key and value
    "#Artist:Static Bloom",        # 2
    "#bPm: 260",                   # 3
    "#gap :400",                   # 4
    "#mp3:ghost.ogg",              # 5
    ":12 4 5 la",                  # 6  no space after the note type
    ":  16   4   -3 lo",           # 7  several spaces between fields, negative pitch
    "* 20 2 -14 ",                 # 8  empty text (separator kept)
    ": 22 2 0",                    # 9  empty text (no separator)
    "- 24",                        # 10 break with one number
    ": 26 2 0  word",              # 11 text " word" (the separator is one space)
    ": 28 2 0 word ",              # 12 text "word " (trailing space kept)
    "- 30 31",                     # 13 break with two numbers
    "F 32 4 0 free",               # 14
    "-",                           # 15 break with no number
    ": 40 2 1 end",                # 16
    "E",                           # 17
    ": 99 9 9 ignored",            # 18 everything after E is ignored
    "this is not a chart line",    # 19
    "#TITLE:Ignored",              # 20
]
# (kind marker, beat, length, pitch, text) per line
MESSY_EXPECTED = [
    [(":", 12, 4, 5, "la"), (":", 16, 4, -3, "lo"), ("*", 20, 2, -14, ""),
     (":", 22, 2, 0, "")],
    [(":", 26, 2, 0, " word"), (":", 28, 2, 0, "word ")],
    [("F", 32, 4, 0, "free")],
    [(":", 40, 2, 1, "end")],
]

# --------------------------------------------------------------------------------------
# Broken charts: (bytes, the line the error must name, or None when any line will do).
_OK_TAIL = [": 0 4 0 one", ": 4 4 2 two", "E"]


def _broken(lines: list[str]) -> bytes:
    return _lf(lines).encode("utf-8")


BROKEN: dict[str, tuple[bytes, int | None]] = {
    "no_bpm": (_broken(["#TITLE:No Beat", "#ARTIST:Static Bloom", "#MP3:x.ogg", "#GAP:0",
                        *_OK_TAIL]), None),
    "bpm_zero": (_broken(["#TITLE:Frozen", "#ARTIST:Static Bloom", "#BPM:0", "#GAP:0",
                          *_OK_TAIL]), 3),
    "bpm_zero_comma": (_broken(["#TITLE:Frozen", "#ARTIST:Static Bloom", "#BPM:0,0",
                                "#GAP:0", *_OK_TAIL]), 3),
    "bpm_negative": (_broken(["#TITLE:Backwards", "#ARTIST:Static Bloom", "#BPM:-120",
                              "#GAP:0", *_OK_TAIL]), 3),
    "bpm_not_a_number": (_broken(["#TITLE:Vague", "#ARTIST:Static Bloom", "#BPM:fast",
                                  "#GAP:0", *_OK_TAIL]), 3),
    "no_notes": (_broken(["#TITLE:Silence", "#ARTIST:Static Bloom", "#BPM:300", "#GAP:0",
                          "E"]), None),
    "only_breaks": (_broken(["#TITLE:Silence", "#ARTIST:Static Bloom", "#BPM:300",
                             "#GAP:0", "- 4", "- 8", "E"]), None),
    "empty": (b"", None),
    "binary_png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00"
                   b"\x08\x06\x00\x00\x00\x5c\x72\xa8\x66" + bytes(range(256)), None),
    "nul_bytes": (b"\x00" * 128, None),
    "binary_all_bytes": (bytes(range(256)) * 4, None),
}

# --------------------------------------------------------------------------------------
# Loadable byte fixtures.


def loadable_fixtures() -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    utf8 = encoded_chart_text(UTF8_TEXT)
    out["utf8_plain"] = utf8.encode("utf-8")
    out["utf8_bom"] = b"\xef\xbb\xbf" + utf8.encode("utf-8")
    out["utf16le_bom"] = b"\xff\xfe" + utf8.encode("utf-16-le")
    out["utf16be_bom"] = b"\xfe\xff" + utf8.encode("utf-16-be")
    out["utf16le_bom_crlf"] = b"\xff\xfe" + utf8.replace("\n", "\r\n").encode("utf-16-le")
    out["utf8_encoding_header"] = encoded_chart_text(UTF8_TEXT, "UTF8").encode("utf-8")
    out["cp1252"] = encoded_chart_text(CP1252_TEXT, "CP1252").encode("cp1252")
    out["cp1250"] = encoded_chart_text(CP1250_TEXT, "CP1250").encode("cp1250")
    out["cp865"] = encoded_chart_text(CP865_TEXT, "CP865").encode("cp865")
    out["cp1252_lowercase_header"] = encoded_chart_text(CP1252_TEXT, "cp1252").encode("cp1252")
    out["cp1252_no_header"] = encoded_chart_text(CP1252_TEXT).encode("cp1252")
    out["unknown_encoding"] = encoded_chart_text(ASCII_TEXT, "KLINGON-8").encode("ascii")
    for style in ("lf", "crlf", "cr", "mixed"):
        out[f"warnings_{style}"] = join_newlines(WARNINGS_LINES, style).encode("utf-8")
    for style in ("crlf", "cr", "mixed"):
        out[f"legacy_solo_{style}"] = join_newlines(
            committed_path("legacy_solo").read_text("utf-8").splitlines(), style
        ).encode("utf-8")
    for name, (lines, _line) in SINGLE_WARNING_CHARTS.items():
        out[name] = _lf(lines).encode("utf-8")
    out["messy"] = _lf(MESSY_LINES).encode("utf-8")
    out["no_end_marker"] = _lf(["#TITLE:Open End", "#ARTIST:Static Bloom", "#MP3:x.ogg",
                                "#BPM:300", "#GAP:0", ": 0 4 0 one", ": 4 4 2 two"]).encode()
    return out


def materialise(folder: Path) -> dict[str, Path]:
    """Write every generated fixture (loadable and broken) as ``NAME.txt`` into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    blobs = dict(loadable_fixtures())
    blobs.update({name: data for name, (data, _line) in BROKEN.items()})
    for name, data in blobs.items():
        path = folder / f"{name}.txt"
        path.write_bytes(data)
        paths[name] = path
    return paths


# --------------------------------------------------------------------------------------
# "The same song": what must survive write -> read.

KNOWN_HEADERS = frozenset(
    "TITLE ARTIST VERSION ENCODING AUDIO MP3 VOCALS INSTRUMENTAL COVER BACKGROUND VIDEO "
    "BPM GAP START END VIDEOGAP PREVIEWSTART PREVIEWEND MEDLEYSTARTBEAT MEDLEYENDBEAT "
    "MEDLEYSTART MEDLEYEND LANGUAGE GENRE YEAR EDITION CREATOR TAGS RELATIVE".split()
    + [f"P{i}" for i in range(1, 10)] + [f"DUETSINGERP{i}" for i in range(1, 10)]
)

SEMANTIC_TIMES = ("gap_ms", "start_ms", "end_ms", "video_gap_ms", "preview_start_ms",
                  "preview_end_ms", "medley_start_ms", "medley_end_ms", "duration_ms")
SEMANTIC_TEXTS = ("title", "artist", "language", "genre", "edition", "creator", "tags",
                  "year")
SEMANTIC_MEDIA = ("audio_path", "vocals_path", "instrumental_path", "cover_path",
                  "background_path", "video_path")


def unknown_headers(song) -> list[tuple[str, str]]:
    return [(k, v) for k, v in song.headers.items() if k not in KNOWN_HEADERS]


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=0.0, abs_tol=1e-6)


def assert_same_song(before, after) -> None:
    """Same voices (ids, names), lines, notes (kind, pitch, text, ms timing within
    1e-6), semantic headers in ms, media paths and unknown headers in order."""
    assert [v.id for v in after.voices] == [v.id for v in before.voices]
    assert [v.name for v in after.voices] == [v.name for v in before.voices]
    for vb, va in zip(before.voices, after.voices):
        assert len(va.lines) == len(vb.lines), f"voice {vb.id}: line count"
        for i, (lb, la) in enumerate(zip(vb.lines, va.lines)):
            assert len(la.notes) == len(lb.notes), f"voice {vb.id} line {i}: note count"
            for nb, na in zip(lb.notes, la.notes):
                assert (na.kind, na.pitch, na.text) == (nb.kind, nb.pitch, nb.text)
                assert _close(after.note_start_ms(na), before.note_start_ms(nb)), (nb, na)
                assert _close(after.note_end_ms(na), before.note_end_ms(nb)), (nb, na)
            if lb.break_beat is not None:
                assert la.break_beat is not None, f"voice {vb.id} line {i}: break lost"
                assert _close(after.clock.beat_to_ms(la.break_beat),
                              before.clock.beat_to_ms(lb.break_beat))
    for name in SEMANTIC_TIMES:
        assert _close(getattr(after, name), getattr(before, name)), name
    for name in SEMANTIC_TEXTS + SEMANTIC_MEDIA:
        assert getattr(after, name) == getattr(before, name), name
    assert unknown_headers(after) == unknown_headers(before)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_fixtures.py OUTDIR")
    for fixture_name, fixture_path in sorted(materialise(Path(sys.argv[1])).items()):
        print(fixture_name, fixture_path)
