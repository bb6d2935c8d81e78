"""Every player's words on screen (issue 15): a Korean duel on the stage, CJK titles in the
song browser, CJK lyrics in the editor, a Hebrew and an Arabic line, all drawn by the
font chain of ``ui.fonts`` with no glyph left as a missing-glyph box.

Screenshots go to /tmp/alienstage-shots/scripts/ to be looked at.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from alienstage_game.show import ManualClock
from alienstage_game.ui import fonts, theme
from alienstage_game.ui.scenes.stage import StageScene
from show.short_show import LEVEL, cpu_setup
from ui_driver import FRAME, play_song, settle, wait_for

SHOTS = Path("/tmp/alienstage-shots/scripts")

KOREAN = """#VERSION:1.1.0
#TITLE:별빛 노래
#ARTIST:은하 합창단
#BPM:150
#GAP:2000
: 0 4 0 사
: 4 4 2 랑
* 8 6 4 해 
: 14 2 4 ~
- 18
: 20 4 5 너
: 24 4 7 를 
: 28 4 4 Love
- 34
: 36 4 7 노
: 40 6 4 래
E
"""

HEBREW = """#VERSION:1.1.0
#TITLE:שיר הכוכבים
#ARTIST:מקהלת הירח
#BPM:150
#GAP:2000
: 0 4 0 שָׁ
: 4 4 2 לוֹם 
* 8 6 4 עו
: 14 4 4 לם
- 20
: 22 4 5 سلا
: 26 4 7 م 
: 30 4 4 عليكم
E
"""


def write_chart(root: Path, name: str, text: str, title: str) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "song.txt").write_text(text, encoding="utf-8")
    (folder / "level.toml").write_text(LEVEL.format(id=name, title=title, mode="battle"), encoding="utf-8")
    return folder


def boxes(face: fonts.Face, text: str) -> list[str]:
    """The characters of ``text`` drawn by a font that has no glyph for them."""
    missing = []
    for piece in face.layout(text)[0]:
        for char in piece.text:
            if not fonts._rides_along(char) and (piece.path is None or not fonts.has_glyph(piece.path, char)):
                missing.append(char)
    return missing


def ink(surface: pygame.Surface, rect: pygame.Rect) -> int:
    """How many pixels of ``rect`` differ from its top-left corner's colour."""
    rect = rect.clip(surface.get_rect())
    corner = surface.get_at(rect.topleft)
    return sum(surface.get_at((x, y)) != corner for x in range(rect.x, rect.right, 2)
               for y in range(rect.y, rect.bottom, 2))


def open_stage(app, folder: Path) -> tuple[StageScene, ManualClock]:
    clock = ManualClock()
    scene = StageScene(cpu_setup(folder), clock=clock, sounds=False)
    app.push(scene)
    app.step(FRAME)
    return scene, clock


def test_a_korean_duel_shows_its_lyrics_with_the_wipe(app, tmp_path):
    scene, clock = open_stage(app, write_chart(tmp_path, "star-song", KOREAN, "별빛 노래"))
    panel = scene.lyrics[0]
    index = panel.current(3.0)
    line = panel._rendered(index, panel.size)
    # every syllable has its place; the held "~" is drawn as nothing
    assert [bool(s) for s in line.spans] == [True, True, True, False]
    assert all(not boxes(theme.font(44, True), n.text) for n in panel.lines[index].notes)
    # the wipe: nothing lit before the line, the first syllable lit once sung, all at its end
    start, end = panel.note_times[index][0]
    assert panel.lit_rects(index, line, start - 0.1) == []
    first = panel.lit_rects(index, line, end)
    assert len(first) == 1 and first[0].x == 0 and first[0].w == line.spans[0][0][1]
    assert sum(r.w for r in panel.lit_rects(index, line, 99.0)) == line.size[0]
    play_song(app, clock, 2.0 + 0.6, FRAME, 600)  # mid-line: "사랑" lit
    app.screenshot(SHOTS / "stage-korean.png")


def test_a_hebrew_line_reads_right_to_left_and_wipes_from_the_right(app, tmp_path):
    scene, clock = open_stage(app, write_chart(tmp_path, "stars-he", HEBREW, "שיר הכוכבים"))
    panel = scene.lyrics[0]
    line = panel._rendered(0, panel.size)
    (x0, w0, rtl0), = line.spans[0]
    (x1, w1, _), = line.spans[1]
    assert rtl0 and x0 > x1  # the first syllable stands right of the second
    assert x0 + w0 == line.size[0]  # ...at the line's right end
    start, end = panel.note_times[0][0]
    half = panel.lit_rects(0, line, (start + end) / 2)
    assert len(half) == 1 and half[0].right == line.size[0] and 0 < half[0].w < w0
    arabic = panel._rendered(1, panel.size)
    (a0, aw0, artl), = arabic.spans[0]
    assert artl and a0 + aw0 == arabic.size[0]
    play_song(app, clock, 2.0 + 0.7, FRAME, 600)
    app.screenshot(SHOTS / "stage-hebrew.png")
    play_song(app, clock, 2.0 + 2.6, FRAME, 600)
    app.screenshot(SHOTS / "stage-arabic.png")


def test_the_song_browser_lists_cjk_titles(app, tmp_path):
    from alienstage_game.ui.scenes.library import LibraryScene
    from alienstage_game.ui.scenes.title import TitleScene

    for name, title, artist in (("ko", "별빛 노래", "은하 합창단"), ("ja", "星の歌 ほしのうた", "月の合唱団"),
                                ("zh", "星光之歌", "银河合唱团"), ("he", "שיר הכוכבים", "מקהלת הירח")):
        text = KOREAN.replace("#TITLE:별빛 노래", f"#TITLE:{title}").replace("#ARTIST:은하 합창단", f"#ARTIST:{artist}")
        write_chart(tmp_path, name, text, title)
    app.push(TitleScene())
    app.push(LibraryScene(folders=[tmp_path]))
    scene = app.scene
    wait_for(app, lambda: scene.scan is not None)
    settle(app)
    app.screenshot(SHOTS / "library-cjk.png")
    for title in ("별빛 노래", "星の歌 ほしのうた", "星光之歌", "银河合唱团", "שיר הכוכבים"):
        assert not boxes(theme.font(28, True), title), title


def test_the_editor_shows_cjk_lyrics(app, tmp_path):
    from alienstage_game.ui.scenes.editor import EditorScene

    chart = write_chart(tmp_path, "edit-ko", KOREAN.replace(": 28 4 4 Love", ": 28 4 4 星の"), "별빛") / "song.txt"
    scene = EditorScene(path=chart, analyse=False)
    app.push(scene)
    for _ in range(30):
        app.step(1 / 60)
    app.screenshot(SHOTS / "editor-cjk.png")
    assert "사" in scene.doc.song.voices[0].lines[0].notes[0].text


@pytest.mark.parametrize("text", ["사랑해 너를", "君の名は。カタカナ", "我爱你 中文歌词", "שָׁלוֹם עולם",
                                  "سلام عليكم", "Mixed 한국어 日本語 עברית"])
def test_no_glyph_is_a_missing_glyph_box(app, text):
    face = theme.font(40)
    assert boxes(face, text) == []
    # and the picture is not the boxes: it differs from the same count of missing glyphs
    image = face.render(text, True, (255, 255, 255))
    tofu = fonts._sdl_font(fonts.bundled_chain(False)[0], 40, False, False).render(
        "\uffff" * len(text.replace(" ", "")), True, (255, 255, 255))
    assert image.get_width() > 0 and pygame.image.tobytes(image, "RGBA") != pygame.image.tobytes(tofu, "RGBA")
