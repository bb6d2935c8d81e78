"""Property tests: write then read is identity; random bytes and random line mutations
never raise anything but ChartError (and what loads can be summarised and written)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alienstage_game.charts import (ChartError, Line, Note, NoteKind, Song, Voice,
                                    dump_song, parse_song, song_summary)

from .make_fixtures import committed_path, unknown_headers

# conftest's autouse ALIENSTAGE_HOME fixture is function-scoped; these tests never touch
# it, so sharing it across examples is harmless.
PROPERTY_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# -- 1. random valid songs: dump -> parse is identity ----------------------------------
# Lyrics: any printable character, spaces included, but nothing that is a line break in
# any convention (Cc covers \r \n \x0b \x0c \x1c-\x1e \x85; Zl/Zp are U+2028/U+2029).
LYRIC_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
syllables = st.builds(
    lambda before, core, after: before + core + after,
    st.sampled_from(["", "", " ", "  "]),
    st.text(LYRIC_CHARS, max_size=6),
    st.sampled_from(["", "", " "]),
)
# Header values are stripped by definition (spaces around a value are not part of it).
header_values = st.text(LYRIC_CHARS, min_size=1, max_size=20).map(str.strip).filter(bool)
kinds = st.sampled_from(list(NoteKind))


@st.composite
def voice_lines(draw) -> list[Line]:
    beat = draw(st.integers(0, 40))
    n_lines = draw(st.integers(1, 4))
    lines: list[Line] = []
    for index in range(n_lines):
        notes = []
        for _ in range(draw(st.integers(1, 5))):
            beat += draw(st.integers(0, 6))
            length = draw(st.integers(1, 16))
            notes.append(Note(kind=draw(kinds), beat=beat, length=length,
                              pitch=draw(st.integers(-40, 40)), text=draw(syllables)))
            beat += length
        if index < n_lines - 1:
            break_beat = beat + draw(st.integers(0, 4))
            lines.append(Line(notes=notes, break_beat=break_beat))
            beat = break_beat
        else:
            lines.append(Line(notes=notes, break_beat=None))
    return lines


@st.composite
def songs(draw) -> Song:
    n_voices = draw(st.integers(1, 3))
    headers: dict[str, str] = {}
    if draw(st.booleans()):
        headers["VERSION"] = "1.1.0"
    headers["TITLE"] = draw(header_values)
    headers["ARTIST"] = draw(header_values)
    headers["AUDIO"] = "track.ogg"
    headers["BPM"] = draw(st.one_of(
        st.integers(1, 600).map(str),
        st.integers(100, 60000).map(lambda n: f"{n / 100:g}"),
    ))
    headers["GAP"] = draw(st.one_of(st.integers(0, 30000).map(str),
                                    st.integers(0, 300000).map(lambda n: f"{n / 10:g}")))
    keys = draw(st.lists(st.from_regex(r"X[A-Z]{1,8}", fullmatch=True), max_size=4,
                         unique=True))
    for key in keys:
        headers[key] = draw(header_values)
    voices = []
    for i in range(n_voices):
        name = None
        if n_voices > 1:
            name = draw(header_values)
            headers[f"P{i + 1}"] = name
        voices.append(Voice(id=f"P{i + 1}", name=name, lines=draw(voice_lines())))
    return Song(path=None, headers=headers, voices=voices)


@PROPERTY_SETTINGS
@given(songs())
def test_dump_then_parse_is_identity(song: Song) -> None:
    text = dump_song(song)
    again = parse_song(text.encode("utf-8"))
    assert again.voices == song.voices  # ids, names, lines, break beats, every note field
    assert again.version == "1.1.0"
    assert again.title == song.title
    assert again.artist == song.artist
    assert again.bpm == float(song.headers["BPM"])
    assert again.gap_ms == float(song.headers["GAP"])
    assert unknown_headers(again) == unknown_headers(song)
    assert again.warnings == []
    assert dump_song(again) == text


# -- 2. random bytes ------------------------------------------------------------------
HEADER_KEYS = ["TITLE", "ARTIST", "BPM", "GAP", "VERSION", "ENCODING", "RELATIVE", "P1",
               "P2", "DUETSINGERP1", "START", "END", "MEDLEYSTARTBEAT", "MEDLEYSTART",
               "VIDEOGAP", "AUDIO", "MP3", "YEAR", "", "x y"]
numbers = st.one_of(st.integers(-50, 200), st.integers(-10**30, 10**30)).map(str)
junk = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@st.composite
def chart_like_lines(draw) -> str:
    choice = draw(st.integers(0, 6))
    if choice == 0:
        value = draw(st.one_of(numbers, junk, st.sampled_from(
            ["yes", "2.0.0", "1.0.0", "0", "-1", "300,5", "CP1252", "utf-16", "nan", "inf",
             "1e308", "1e-300"])))
        return f"#{draw(st.sampled_from(HEADER_KEYS))}:{value}"
    if choice == 1:
        marker = draw(st.sampled_from([":", "*", "F", "R", "G", "X", ""]))
        fields = draw(st.lists(numbers, max_size=4))
        return f"{marker} {' '.join(fields)} {draw(junk)}"
    if choice == 2:
        return "-" + "".join(f" {n}" for n in draw(st.lists(numbers, max_size=3)))
    if choice == 3:
        return draw(st.sampled_from(["P1", "P2", "P3", "P 1", "E", "", " "]))
    return draw(junk)


@st.composite
def chart_like_bytes(draw) -> bytes:
    lines = draw(st.lists(chart_like_lines(), max_size=30))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(lines)
    codec = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return text.encode(codec, errors="replace")


def assert_only_chart_errors(data: bytes) -> None:
    try:
        song = parse_song(data)
    except ChartError as err:
        assert err.message
        return
    # what loads must also be summarised (chart info) and written (chart convert)
    json.dumps(song_summary(song))
    dump_song(song)


@PROPERTY_SETTINGS
@given(st.one_of(st.binary(max_size=2048), chart_like_bytes()))
def test_random_bytes_raise_only_chart_errors(data: bytes) -> None:
    assert_only_chart_errors(data)


# -- 3. random line mutations of valid charts ------------------------------------------
BASES = {name: committed_path(name).read_text("utf-8").splitlines()
         for name in ("legacy_solo", "duet", "relative_duet", "v2", "decimal_comma")}


@st.composite
def mutated_charts(draw) -> bytes:
    lines = list(BASES[draw(st.sampled_from(sorted(BASES)))])
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "delete_run", "duplicate", "swap", "insert",
                                   "truncate"]))
        if not lines:
            lines.append(draw(chart_like_lines()))
            continue
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "delete_run":
            del lines[i:draw(st.integers(i, len(lines)))]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, draw(st.one_of(chart_like_lines(), junk)))
        else:
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    return ("\n".join(lines) + "\n").encode("utf-8")


@PROPERTY_SETTINGS
@given(mutated_charts())
def test_line_mutations_raise_only_chart_errors(data: bytes) -> None:
    assert_only_chart_errors(data)


@PROPERTY_SETTINGS
@given(mutated_charts())
def test_what_loads_after_mutation_writes_a_loadable_chart(data: bytes) -> None:
    try:
        song = parse_song(data)
    except ChartError:
        return
    again = parse_song(dump_song(song).encode("utf-8"))  # must not raise at all
    assert voice_notes(again) == voice_notes(song)


def voice_notes(song: Song) -> list[tuple[str, list[tuple]]]:
    return [(v.id, [(n.kind, n.beat, n.length, n.pitch, n.text) for n in v.notes])
            for v in song.voices]
