"""Files from strangers: only a reader's own error may come out of it, always within 1 s.

Charts get three layers: every hostile input found so far (fixtures), a seeded mutation
campaign of 20,000 real charts run through what the game does with a chart (read,
summarise, validate, plan, write and read back), and hypothesis building charts line by
line. level.toml, settings.json, MIDI and autosaves get 5,000 mutants each; the campaign's own
watchdog is tested with a reader made to fail.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alienstage_game.bench.fuzz_campaign import SLOW_S, run_campaign, try_one
from alienstage_game.bench.fuzz_targets import TARGETS, read_chart
from alienstage_game.charts import ChartError, load_song
from alienstage_game.charts.limits import MAX_CHART_BYTES
from alienstage_game.charts.ultrastar_read import parse_song
from alienstage_game.charts.ultrastar_write import dump_song
from alienstage_game.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "charts"
CAMPAIGN_SIZE = 20_000
# Fixed so CI is repeatable; ALIENSTAGE_FUZZ_SEED tries other mutants.
CAMPAIGN_SEED = int(os.environ.get("ALIENSTAGE_FUZZ_SEED", "14"))


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.name)
def test_every_hostile_chart_found_so_far_is_read_or_refused_quickly(fixture: Path) -> None:
    outcome, finding, seconds = try_one(TARGETS["chart"], fixture.read_bytes())
    assert finding is None, str(finding)
    assert outcome in ("read", "refused")
    assert seconds < SLOW_S


def test_a_seeded_campaign_of_mutated_charts_finds_nothing() -> None:
    tally = run_campaign("chart", CAMPAIGN_SIZE, CAMPAIGN_SEED, workers=2)
    assert tally.inputs == CAMPAIGN_SIZE
    assert [str(f) for f in tally.findings] == []
    assert tally.worst_s < SLOW_S
    # The mutants must exercise both ways out, or the campaign tests nothing.
    assert tally.read > CAMPAIGN_SIZE // 10 and tally.refused > CAMPAIGN_SIZE // 10


@pytest.mark.parametrize("target", ["level", "settings", "midi", "autosave"])
def test_seeded_campaigns_on_the_other_readers_find_nothing(target: str) -> None:
    tally = run_campaign(target, 5_000, CAMPAIGN_SEED, workers=2)
    assert tally.inputs == 5_000
    assert [str(f) for f in tally.findings] == []
    assert tally.worst_s < SLOW_S
    assert tally.read > 0


def test_the_campaign_catches_an_escaping_exception_a_hang_and_a_crash(monkeypatch) -> None:
    """The watchdog and the tally themselves: a reader made to fail must be caught."""
    monkeypatch.syspath_prepend(str(Path(__file__).parent))  # spawned workers inherit sys.path
    tally = run_campaign("bad_reader:TARGET", 30, 0, workers=2, hang_s=2)
    kinds = {finding.kind for finding in tally.findings}
    assert kinds == {"exception", "hang", "crash"}, [str(f) for f in tally.findings]
    assert tally.inputs == 30
    assert tally.refused > 0 and tally.read > 0
    assert all("KeyError" in f.detail for f in tally.findings if f.kind == "exception")


def test_a_fifo_named_like_a_chart_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "song.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(ChartError, match="named pipe"):
        load_song(fifo)
    assert time.monotonic() - started < 1.0


def test_a_device_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ChartError, match="device"):
        load_song("/dev/zero")
    with pytest.raises(ChartError, match="folder"):
        load_song(tmp_path)


def test_a_50_mb_chart_is_refused_as_too_large_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "song.txt"
    with big.open("wb") as handle:
        handle.write(b"#TITLE:big\n#BPM:300\n: 0 1 0 a\n")
        handle.truncate(50 * 1024 * 1024)
    started = time.monotonic()
    with pytest.raises(ChartError, match="too large: 50.0 MB") as caught:
        load_song(big)
    assert caught.value.path == big and caught.value.line == 1
    assert time.monotonic() - started < 1.0
    with pytest.raises(ChartError, match="too large"):
        parse_song(b"x" * (MAX_CHART_BYTES + 1))


def test_impossible_tempos_are_errors_at_the_bpm_line() -> None:
    for bpm in (b"1e-320", b"1e-300", b"nan", b"inf", b"9" * 5000):
        with pytest.raises(ChartError) as caught:
            parse_song(b"#TITLE:x\n#BPM:" + bpm + b"\n: 0 2 0 a\nE\n")
        assert caught.value.line == 2


def test_notes_running_for_days_are_refused() -> None:
    data = b"#BPM:300\n: 0 2 0 a\n: 9000000 2 0 b\n"  # each beat 50 ms: 125 hours
    with pytest.raises(ChartError, match="hours"):
        parse_song(data)


def test_an_absurd_note_is_a_warning_and_the_rest_still_plays() -> None:
    song = parse_song(b"#BPM:300\n: 0 2 0 a\n: " + b"9" * 309 + b" 2 0 b\n: 4 2 0 c\n")
    assert [n.text for n in song.voices[0].notes] == ["a", "c"]
    assert any(w.line == 3 and "no song could have" in w.message for w in song.warnings)


def test_a_far_gap_is_dropped_with_a_warning() -> None:
    song = parse_song(b"#BPM:300\n#GAP:1e308\n: 0 2 0 a\n")
    assert song.gap_ms == 0.0
    assert any(w.line == 2 and "#GAP" in w.message for w in song.warnings)


@pytest.mark.parametrize("codec", ["rot13", "base64", "zlib", "punycode", "undefined", "uu", "x" * 300])
def test_codecs_that_are_not_character_sets_are_ignored_with_a_warning(codec: str) -> None:
    data = f"#ENCODING:{codec}\n#BPM:300\n: 0 2 0 caf\u00e9\n".encode("cp1252")
    song = parse_song(data)
    assert song.voices[0].notes[0].text == "caf\u00e9"
    assert any("guessing" in w.message for w in song.warnings)


def test_a_nul_in_the_encoding_name_is_a_binary_file_error() -> None:
    with pytest.raises(ChartError, match="binary"):
        parse_song(b"#ENCODING:utf\x00\n#BPM:300\n: 0 2 0 a\n")


def test_the_break_line_is_linear_in_its_length() -> None:
    line = b"-" + b" " * 200_000 + b"3 3 x"
    started = time.perf_counter()
    song = parse_song(b"#BPM:300\n: 0 2 0 a\n" + line + b"\n: 8 2 0 b\n")
    assert time.perf_counter() - started < 0.5
    assert any(w.line == 3 and "line break" in w.message for w in song.warnings)


def test_a_slow_tempo_is_written_as_itself_not_as_zero() -> None:
    song = parse_song(b"#BPM:0,002\n#MEDLEYSTARTBEAT:0\n#MEDLEYENDBEAT:1\n: 0 1 0 a\n")
    written = dump_song(song)
    assert "#BPM:0.002\n" in written
    assert parse_song(written.encode()).bpm == pytest.approx(0.002)


def test_chart_info_json_is_strict_json(tmp_path: Path, capsys) -> None:
    chart = tmp_path / "song.txt"
    chart.write_bytes(b"#TITLE:x\n#BPM:300\n#GAP:1e308\n#END:nan\n#VIDEOGAP:inf\n: 0 2 0 a\n")
    assert main(["chart", "info", "--json", str(chart)]) == 0

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in chart info --json")

    summary = json.loads(capsys.readouterr().out, parse_constant=refuse)
    assert summary["gap_ms"] == 0.0 and summary["end_ms"] is None


_TOKENS = st.one_of(
    st.integers(min_value=-10**12, max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", "-", "nan", "1e-320", "1,5", "9" * 400, "\x00", "\ud800"]),
    st.text(max_size=6),
)
_LINES = st.one_of(
    st.tuples(st.sampled_from([":", "*", "F", "R", "G"]), _TOKENS, _TOKENS, _TOKENS, st.text(max_size=5))
    .map(lambda t: f"{t[0]} {t[1]} {t[2]} {t[3]} {t[4]}"),
    st.tuples(_TOKENS, _TOKENS).map(lambda t: f"- {t[0]} {t[1]}"),
    st.tuples(st.sampled_from(["BPM", "GAP", "START", "END", "RELATIVE", "VERSION", "MEDLEYSTARTBEAT",
                               "MEDLEYENDBEAT", "ENCODING", "VIDEOGAP", "PREVIEWSTART"]), _TOKENS)
    .map(lambda t: f"#{t[0]}:{t[1]}"),
    st.tuples(_TOKENS, _TOKENS).map(lambda t: f"B {t[0]} {t[1]}"),
    st.sampled_from(["P1", "P2", "P3", "E", ""]),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINES, min_size=1, max_size=30), st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_charts_built_line_by_line_never_raise_anything_but_chart_error(lines: list[str], codec: str) -> None:
    data = ("#BPM:300\n" + "\n".join(lines) + "\n").encode(codec, errors="surrogatepass" if codec == "utf-8" else "replace")
    started = time.perf_counter()
    try:
        read_chart(data)
    except ChartError:
        pass
    assert time.perf_counter() - started < SLOW_S
