"""Words on screen (issue 15): the bidi order, the font runs and their coverage, and the
text fixes ("1 match sung", "0 ms", "vote: not sung", no "~", the README's lengths)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from alienstage_game.ui import bidi


# -- bidi order (pure) ----------------------------------------------------------------------
@pytest.mark.parametrize("text, shown", [
    ("hello", "hello"),
    ("שלום", "םולש"),
    ("שלום עולם", "םלוע םולש"),
    ("שלום, hello 123", "hello 123 ,םולש"),  # a Hebrew line: its first letter sets the direction
    ("abc שלום def", "abc םולש def"),
    ("שלום 123 עולם", "םלוע 123 םולש"),  # numbers inside stay left to right
    ("(שלום)", "(םולש)"),  # brackets mirrored
    ("سلام ١٢٣", "١٢٣ مالس"),
])
def test_display_order(text, shown):
    assert bidi.display_order(text) == shown


def test_runs_are_slices_in_screen_order():
    text = "abc שלום def"
    runs = bidi.visual_runs(text)
    assert [(text[r.start:r.end], r.rtl) for r in runs] == [("abc ", False), ("שלום", True), (" def", False)]
    assert bidi.visual_runs("사랑해") == [bidi.Run(0, 3, 0)]


def test_the_interface_keeps_its_direction_unless_the_text_is_all_right_to_left():
    assert bidi.interface_level("שיר הכוכבים · Medium") == 0
    assert bidi.interface_level("שיר הכוכבים!") == 1
    assert bidi.base_level("שיר hello") == 1 and bidi.base_level("hello שיר") == 0


def test_same_order_as_python_bidi():
    """The reference implementation of UAX #9 (python-bidi's, a dev dependency) agrees on
    random mixes of Hebrew, Arabic, Latin, digits, marks and punctuation."""
    algorithm = pytest.importorskip("bidi.algorithm")
    alphabet = list("abcXY") + list("שלוםא") + list("سلامع") + list("0123") + list(" ,.-+%$:!?()") + [
        "\u0661", "\u05b4", "\u064e"]
    rng = random.Random(1)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
        assert bidi.display_order(text) == algorithm.get_display(text), repr(text)


# -- fonts: coverage and runs ----------------------------------------------------------------
@pytest.fixture
def pg(monkeypatch):
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    pygame = pytest.importorskip("pygame")
    pygame.init()
    yield pygame


def test_coverage_asks_the_font(pg):
    from alienstage_game.ui import fonts

    assert fonts.has_glyph(fonts.REGULAR, "a") and fonts.has_glyph(fonts.REGULAR, "ש")
    assert not fonts.has_glyph(fonts.REGULAR, "한") and fonts.has_glyph(fonts.CJK, "한")
    assert fonts.has_glyph(fonts.CJK, "の") and fonts.has_glyph(fonts.CJK, "爱") and fonts.has_glyph(fonts.CJK, "愛")
    assert not fonts.has_glyph(fonts.REGULAR, "\uffff")


def test_text_splits_into_runs_by_font(pg):
    from alienstage_game.ui import fonts

    text = "Love 사랑해 君の名 ok"
    runs = [(text[a:b], Path(p).name) for a, b, p in fonts.font_runs(text)]
    # (the CJK subset has no ASCII space: DejaVu's stands between the CJK words)
    assert runs == [("Love ", "DejaVuSans.ttf"), ("사랑해", "NotoSansCJK-Subset.otf"), (" ", "DejaVuSans.ttf"),
                    ("君の名", "NotoSansCJK-Subset.otf"), (" ok", "DejaVuSans.ttf")]
    # a combining mark stays with its letter
    assert len(fonts.font_runs("שָׁלוֹם")) == 1


def test_a_mixed_line_measures_across_runs(pg):
    from alienstage_game.ui import fonts

    face = fonts.face(40)
    pieces, width = face.layout("Love 사랑")
    assert len(pieces) == 2 and pieces[1].x == pieces[0].width and width == sum(p.width for p in pieces)
    assert face.size("Love 사랑") == (width, face.get_height())
    assert face.render("Love 사랑", True, (255, 255, 255)).get_size() == face.size("Love 사랑")
    # plain Latin is the first font's own rendering, unchanged
    assert face.size("Hello") == face.primary.size("Hello")


def test_an_arabic_syllable_cut_keeps_its_letters_joined(pg):
    from alienstage_game.ui import fonts

    text = "سلام"
    pieces = fonts.cut_pieces(text, fonts.layout_runs(text, base=1), [3])
    assert [p.text for p in pieces] == ["\u200dم", "سلا\u200d"]  # screen order: the second syllable left


# -- the text fixes ------------------------------------------------------------------------------
def test_feedback_names_the_syllable_without_its_punctuation_or_marker(pg):
    from alienstage_game.ui.stage.lyrics import shown, syllable_label

    assert syllable_label("vote,") == "vote" and syllable_label(" ¡hola! ") == "hola"
    assert syllable_label("~") == "(held)" and syllable_label(" don't ") == "don't"
    assert shown("~") == "" and shown("lo~") == "lo"


def test_offsets_never_read_plus_or_minus_nought(pg):
    from alienstage_game.ui.scenes.audio_link import delay_ms
    from alienstage_game.ui.scenes.settings import _offset

    assert [_offset(v) for v in (0.0, -0.0, 0.4, -0.4, 20.0, -5.0)] == ["0 ms"] * 4 + ["+20 ms", "-5 ms"]
    assert [delay_ms(v) for v in (0.0, -0.0004, 0.012)] == ["0 ms", "0 ms", "12 ms"]


def test_matches_sung_count_the_humans_matches_with_the_right_number(pg):
    from alienstage_game.match.contestants import Contestant, roster
    from alienstage_game.match.season import Season
    from alienstage_game.ui.scenes.season_board import _sung_status

    cpus = roster()[:3]
    season = Season.new([Contestant.human("Ada"), *cpus], seed=5)
    assert _sung_status(season) == "0 matches sung"
    matches = season.bracket.rounds[0]
    human_match = next(m for m in matches if "human:ada" in (m.a, m.b))
    cpu_match = next(m for m in matches if m is not human_match)
    season.record_result(cpu_match.id, cpu_match.a, {cpu_match.a: 9000, cpu_match.b: 8000})
    assert _sung_status(season) == "0 matches sung"  # two CPU rivals: decided, not sung
    season.record_result(human_match.id, "human:ada", {human_match.a: 9000, human_match.b: 8000})
    assert _sung_status(season) == "1 match sung"


def test_the_readme_lengths_are_the_song_browsers():
    from alienstage_game.charts import load_song
    from alienstage_game.paths import bundled_levels_dir
    from alienstage_game.ui.scenes.library import _minutes

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([^|]+?) (?:\([^)]*\) )?\| \w+ \| \d \| [^|]+ \| ([^|]+) \| [^|]+ \|$", readme, re.M)
    assert len(rows) >= 7
    titles = {}
    for folder in bundled_levels_dir().iterdir():
        if (folder / "song.txt").exists():
            song = load_song(folder / "song.txt")
            titles[song.title] = _minutes(song.duration_ms)
    for title, length in rows:
        assert titles[title.strip()] == length.strip(), title


def test_a_character_nothing_bundled_has_comes_from_a_system_font(pg, monkeypatch):
    """Fontconfig is asked once for a font with the character; the font found is tried
    first for the next one (so a Thai line costs one look-up, not one per letter)."""
    from alienstage_game.ui import fonts

    asked = []
    monkeypatch.setattr(fonts, "bundled_chain", lambda bold: (str(fonts.REGULAR),))
    monkeypatch.setattr(fonts, "_fontconfig_font", lambda char: asked.append(char) or str(fonts.CJK))
    monkeypatch.setattr(fonts, "_OS_FALLBACKS", ())
    monkeypatch.setattr(fonts, "_system", [])
    monkeypatch.setattr(fonts, "_system_miss", set())
    assert fonts.font_for("한") == str(fonts.CJK) and fonts.font_for("の") == str(fonts.CJK)
    assert asked == ["한"]
    assert fonts.font_for("\U000e01ef") is None  # no font anywhere: remembered as missing
    fonts.font_for("\U000e01ef")
    assert asked == ["한", "\U000e01ef"]


def test_the_caret_walks_a_hebrew_word_leftwards(pg):
    from alienstage_game.ui import fonts

    face = fonts.face(30)
    xs = [face.caret_x("שלום", k) for k in range(5)]
    assert xs == sorted(xs, reverse=True) and xs[0] == face.size("שלום")[0]
    assert [face.caret_x("abc", k) for k in range(4)] == [face.size("abc"[:k])[0] for k in range(4)]
