"""level.toml: a valid level loads with its chart; every mistake names file, line and reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from alienstage_game.charts import ChartError
from alienstage_game.charts.level import (MAX_LEVEL_BYTES, Credits, LevelError, LevelMode, load_level,
                                          parse_level, parse_level_bytes)
from alienstage_game.paths import bundled_levels_dir

SOLO_CHART = """#VERSION:1.1.0
#TITLE:Moonwater
#ARTIST:The Quiet Orbits
#AUDIO:backing.ogg
#BPM:120
#GAP:1000
: 0 4 0 Moon
: 4 4 2 wa
* 8 4 4 ter
- 14
: 16 4 5 shines
E
"""

DUET_CHART = """#VERSION:1.1.0
#TITLE:Two Suns
#ARTIST:The Quiet Orbits
#BPM:120
#GAP:0
#P1:Ana
#P2:Bo
P1
: 0 4 0 Sun
P2
: 8 4 2 rise
E
"""

GOOD_TOML = """\
[level]
id = "moonwater"
title = "Moonwater"
mode = "solo"
difficulty = 2
stage_theme = "nebula"
description = "A calm warm-up."

[credits]
music = "alienstage studio"
lyrics = "alienstage studio"
chart = "alienstage studio"
licence = "CC-BY-4.0"
"""


def make_level(tmp_path: Path, toml_text: str = GOOD_TOML, chart: str | None = SOLO_CHART,
               chart_name: str = "song.txt") -> Path:
    folder = tmp_path / "levels" / "moonwater"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "level.toml").write_text(toml_text, encoding="utf-8")
    if chart is not None:
        (folder / chart_name).write_text(chart, encoding="utf-8")
    return folder


def test_valid_level_loads_with_its_chart(tmp_path: Path) -> None:
    folder = make_level(tmp_path)
    level = load_level(folder)
    assert level.id == "moonwater"
    assert level.title == "Moonwater"
    assert level.mode is LevelMode.SOLO
    assert level.difficulty == 2
    assert level.stage_theme == "nebula"
    assert level.tutorial is False
    assert level.description == "A calm warm-up."
    assert level.chart_path == folder / "song.txt"
    assert level.credits == Credits("alienstage studio", "alienstage studio", "alienstage studio", "CC-BY-4.0")
    assert level.song.title == "Moonwater"
    assert [len(v.notes) for v in level.song.voices] == [4]
    assert level.warnings == []
    assert level.to_json()["credits"]["licence"] == "CC-BY-4.0"


def test_chart_key_names_another_file(tmp_path: Path) -> None:
    toml_text = GOOD_TOML.replace('stage_theme = "nebula"', 'stage_theme = "nebula"\nchart = "moon.txt"')
    folder = make_level(tmp_path, toml_text, chart_name="moon.txt")
    assert load_level(folder).chart_path == folder / "moon.txt"


def test_every_bundled_level_is_valid() -> None:
    folders = sorted(p.parent for p in bundled_levels_dir().glob("*/level.toml"))
    assert folders, "the game ships at least one level"
    ids = [load_level(folder).id for folder in folders]
    assert len(ids) == len(set(ids)), "level ids are unique"


# (mistake: old text -> new text, expected line, words the reason must contain)
MISTAKES = [
    ('mode = "solo"', 'mode = ', 4, "not valid TOML"),
    ('mode = "solo"', 'mode = "karaoke"', 4, "'karaoke' is not one of battle | duet | solo"),
    ("difficulty = 2", "difficulty = 6", 5, "outside 1..5"),
    ("difficulty = 2", "difficulty = 0", 5, "outside 1..5"),
    ("difficulty = 2", 'difficulty = "2"', 5, "'difficulty' must be an integer, not a string"),
    ("difficulty = 2", "difficulty = true", 5, "must be an integer, not a boolean"),
    ('id = "moonwater"', 'id = "Moon Water"', 2, "lower-case slug"),
    ('id = "moonwater"', 'id = 7', 2, "'id' must be a string"),
    ('id = "moonwater"\n', "", 1, "[level] is missing 'id'"),
    ('title = "Moonwater"', 'title = "  "', 3, "title must not be empty"),
    ('stage_theme = "nebula"', 'stage_theme = "Big Nebula!"', 6, "stage_theme"),
    ('stage_theme = "nebula"', 'stage_theme = "nebula"\nchart = "missing.txt"', 7, "'missing.txt' not found"),
    ('stage_theme = "nebula"', 'stage_theme = "nebula"\nchart = "../other/song.txt"', 7, "inside the level folder"),
    ('stage_theme = "nebula"', 'stage_theme = "nebula"\ntutorial = "yes"', 7, "'tutorial' must be true or false"),
    ('licence = "CC-BY-4.0"\n', "", 9, "[credits] is missing 'licence'"),
    ('music = "alienstage studio"', 'music = ""', 10, "credits 'music' must be a non-empty string"),
    ("[credits]", "[thanks]", 1, "missing the [credits] table"),
]


@pytest.mark.parametrize("old, new, line, reason", MISTAKES, ids=[m[3] for m in MISTAKES])
def test_mistakes_name_file_line_and_reason(tmp_path: Path, old: str, new: str, line: int, reason: str) -> None:
    assert old in GOOD_TOML
    folder = make_level(tmp_path, GOOD_TOML.replace(old, new, 1))
    with pytest.raises(LevelError) as caught:
        load_level(folder)
    error = caught.value
    assert isinstance(error, ChartError)  # one error type for the CLI and the browser
    assert error.path == folder / "level.toml"
    assert error.line == line
    assert reason in error.message
    assert str(error) == f"{folder / 'level.toml'}:{line}: {error.message}"


def test_missing_chart_file_points_at_the_level_table(tmp_path: Path) -> None:
    folder = make_level(tmp_path, chart=None)
    with pytest.raises(LevelError) as caught:
        load_level(folder)
    assert caught.value.line == 1  # no `chart =` line: the [level] table is where to fix it
    assert "'song.txt' not found" in caught.value.message


def test_folder_without_level_toml(tmp_path: Path) -> None:
    with pytest.raises(LevelError, match="no level.toml"):
        load_level(tmp_path)


def test_level_toml_that_is_not_utf8(tmp_path: Path) -> None:
    folder = make_level(tmp_path)
    (folder / "level.toml").write_bytes(GOOD_TOML.encode("utf-8").replace(b"A calm", b"\xe9 calm"))
    with pytest.raises(LevelError) as caught:
        load_level(folder)
    assert caught.value.line == 7
    assert "UTF-8" in caught.value.message


def test_duet_level_needs_a_duet_chart(tmp_path: Path) -> None:
    duet_toml = GOOD_TOML.replace('mode = "solo"', 'mode = "duet"')
    folder = make_level(tmp_path, duet_toml)
    with pytest.raises(LevelError) as caught:
        load_level(folder)
    assert caught.value.line == 4
    assert "only one voice" in caught.value.message

    (folder / "song.txt").write_text(DUET_CHART, encoding="utf-8")
    level = load_level(folder)
    assert level.mode is LevelMode.DUET
    assert [v.id for v in level.song.voices] == ["P1", "P2"]


def test_broken_chart_is_reported_against_the_chart(tmp_path: Path) -> None:
    folder = make_level(tmp_path, chart=SOLO_CHART.replace("#BPM:120\n", ""))
    with pytest.raises(ChartError) as caught:
        load_level(folder)
    assert not isinstance(caught.value, LevelError)
    assert caught.value.path == folder / "song.txt"


def test_chart_is_read_on_demand(tmp_path: Path) -> None:
    folder = make_level(tmp_path, chart="not a chart at all")
    level = load_level(folder, load_chart=False)  # level.toml itself is fine
    assert level.id == "moonwater"
    with pytest.raises(ChartError):
        level.song


def test_unknown_keys_are_warnings_with_lines(tmp_path: Path) -> None:
    text = GOOD_TOML.replace("difficulty = 2", "difficulty = 2\ndificulty = 3") + "\n[extras]\nx = 1\n"
    level = parse_level(text, make_level(tmp_path) / "level.toml")
    assert [(w.line, "dificulty" in w.message) for w in level.warnings] == [(6, True), (16, False)]
    assert "extras" in level.warnings[1].message


def test_toml_error_at_end_of_document_has_a_line(tmp_path: Path) -> None:
    folder = make_level(tmp_path, GOOD_TOML + 'description = "unterminated')
    with pytest.raises(LevelError) as caught:
        load_level(folder)
    assert caught.value.line == 14  # the line of the unterminated string
    assert "not valid TOML" in caught.value.message


# -- hostile level.toml files: only LevelError escapes, with path, line and reason ---------
HOSTILE = [
    ("deep nesting", GOOD_TOML + "x = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ("deep tables", "[[[[" * 2000 + "\n" + GOOD_TOML, "not valid TOML"),
    ("5,000-digit number", GOOD_TOML.replace("difficulty = 2", "difficulty = " + "7" * 5000), "TOML"),
    ("nan difficulty", GOOD_TOML.replace("difficulty = 2", "difficulty = nan"), "must be an integer"),
    ("inf difficulty", GOOD_TOML.replace("difficulty = 2", "difficulty = inf"), "must be an integer"),
    ("NUL in chart name", GOOD_TOML.replace('stage_theme = "nebula"', 'stage_theme = "nebula"\nchart = "a\\u0000b"'),
     "NUL"),
    ("chart name too long", GOOD_TOML.replace('stage_theme = "nebula"', f'stage_theme = "nebula"\nchart = "{"a" * 5000}"'),
     "chart file"),
    ("a NUL byte", GOOD_TOML.replace("[credits]", "[cred\0its]"), "not valid TOML"),
]


@pytest.mark.parametrize("text, reason", [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_hostile_level_toml_is_a_level_error(tmp_path: Path, text: str, reason: str) -> None:
    folder = make_level(tmp_path, text)
    with pytest.raises(LevelError) as caught:
        load_level(folder)
    assert caught.value.path == folder / "level.toml"
    assert reason in caught.value.message


def test_level_toml_that_is_a_fifo_or_too_large(tmp_path: Path) -> None:
    folder = make_level(tmp_path)
    (folder / "level.toml").unlink()
    os.mkfifo(folder / "level.toml")
    with pytest.raises(LevelError, match="named pipe"):  # returns at once, never blocks
        load_level(folder)
    (folder / "level.toml").unlink()
    (folder / "level.toml").write_text(GOOD_TOML + "# " + "x" * MAX_LEVEL_BYTES + "\n")
    with pytest.raises(LevelError, match="too large"):
        load_level(folder)
    with pytest.raises(LevelError, match="too large"):
        parse_level_bytes(b"#" * (MAX_LEVEL_BYTES + 1), folder / "level.toml")


def test_chart_linked_out_of_the_level_folder_is_refused(tmp_path: Path) -> None:
    folder = make_level(tmp_path, chart=None)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text(SOLO_CHART, encoding="utf-8")
    os.symlink(elsewhere, folder / "song.txt")
    with pytest.raises(LevelError, match="inside the level folder"):
        load_level(folder)


def test_parse_level_bytes_reads_what_load_level_reads(tmp_path: Path) -> None:
    path = make_level(tmp_path) / "level.toml"
    assert parse_level_bytes(path.read_bytes(), path) == load_level(path.parent, load_chart=False)
    with pytest.raises(LevelError) as caught:
        parse_level_bytes(GOOD_TOML.encode().replace(b"A calm", b"\xff calm"), path)
    assert caught.value.line == 7 and "UTF-8" in caught.value.message


def test_thousands_of_unknown_keys_are_read_in_linear_time(tmp_path: Path) -> None:
    import time

    text = GOOD_TOML + "".join(f"[extra{i}]\n" for i in range(6000))
    started = time.perf_counter()
    level = parse_level(text, make_level(tmp_path) / "level.toml")
    assert time.perf_counter() - started < 1.0
    assert len(level.warnings) == 6000 and level.warnings[-1].line == text.count("\n")
