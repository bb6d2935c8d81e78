"""Every script on screen: a chain of fonts, one glyph run each, drawn side by side.

DejaVu Sans (the interface's face) has Latin, Greek, Cyrillic, Hebrew and Arabic but no
Hangul, kana or Han. ``Face`` stands in for a ``pygame.font.Font`` (``render``, ``size``,
``get_linesize`` ...): it splits a text into runs by the first font of the chain that has
each character, orders the runs for reading (``bidi``: right-to-left runs are shaped
right to left by SDL_ttf's HarfBuzz, which also joins Arabic letters), renders each run
with its font and blits them on one baseline. Text that the first font covers whole, and
that has no right-to-left letter, is rendered by it directly, exactly as before.

The chain: the bundled DejaVu Sans, the bundled Noto Sans CJK subset (Hangul, kana and
the common Han of the national standards, see ``assets/fonts/make_cjk_subset.py``), then
the system's fonts, found for a character nothing bundled has through fontconfig
(``fc-match :charset=...``) or, where there is no fontconfig, among the usual fallback
fonts of Windows and macOS. Coverage is asked of FreeType (``get_metrics`` gives None for
a missing glyph) once per font and character.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pygame
import pygame.freetype

from ..paths import bundled_dir
from . import bidi

FONT_DIR = bundled_dir("assets") / "fonts"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
CJK = FONT_DIR / "NotoSansCJK-Subset.otf"
SCALE = 0.72  # DejaVu runs larger than pygame's default face at the same size; layouts were made for that

# Where there is no fontconfig: the fallback faces Windows and macOS ship (first found wins).
_OS_FALLBACKS = (
    "C:/Windows/Fonts/malgun.ttf", "C:/Windows/Fonts/YuGothM.ttc", "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/seguisym.ttf", "C:/Windows/Fonts/Nirmala.ttf", "C:/Windows/Fonts/leelawui.ttf",
    "/System/Library/Fonts/AppleSDGothicNeo.ttc", "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
)


# -- coverage ----------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _coverage_face(path: str) -> pygame.freetype.Font | None:
    if not pygame.freetype.get_init():
        pygame.freetype.init()
    try:
        return pygame.freetype.Font(path, 16)
    except (OSError, pygame.error):
        return None


_covered: dict[tuple[str, str], bool] = {}


def has_glyph(path: Path | str, char: str) -> bool:
    """Whether the font at ``path`` has its own glyph for ``char`` (not the .notdef box)."""
    key = (str(path), char)
    known = _covered.get(key)
    if known is None:
        face = _coverage_face(str(path))
        try:
            known = face is not None and face.get_metrics(char)[0] is not None
        except (pygame.error, ValueError):
            known = False
        _covered[key] = known
    return known


def _rides_along(char: str) -> bool:
    """Characters drawn by whatever font their neighbour uses: spaces, combining marks,
    joiners and variation selectors (a mark must be shaped with its base letter)."""
    if char == " ":
        return True
    category = unicodedata.category(char)
    return category in ("Mn", "Me", "Cf") or 0xFE00 <= ord(char) <= 0xFE0F


# -- the chain ---------------------------------------------------------------------------------
_system: list[str] = []  # system fonts found so far, in the order they were needed
_system_miss: set[str] = set()


def _fontconfig_font(char: str) -> str | None:
    if shutil.which("fc-match") is None:
        return None
    try:
        done = subprocess.run(["fc-match", "-f", "%{file}", f":charset={ord(char):x}"],
                              capture_output=True, text=True, timeout=3)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def system_font_for(char: str) -> str | None:
    """A system font with a glyph for ``char`` (remembered, and tried first next time)."""
    for path in _system:
        if has_glyph(path, char):
            return path
    if char in _system_miss:
        return None
    candidates = [p for p in [_fontconfig_font(char)] if p] + [p for p in _OS_FALLBACKS if os.path.exists(p)]
    for path in candidates:
        if path not in _system and has_glyph(path, char) and _opens(path):
            _system.append(path)
            return path
    _system_miss.add(char)
    return None


@lru_cache(maxsize=None)
def _opens(path: str) -> bool:
    """Bitmap-only faces (colour emoji) open in FreeType but not at an arbitrary size."""
    try:
        pygame.font.Font(path, 20).render("x", True, (255, 255, 255))
        return True
    except (OSError, pygame.error, ValueError):
        return False


def bundled_chain(bold: bool) -> tuple[str, ...]:
    first = BOLD if bold else REGULAR
    return tuple(str(p) for p in (first, CJK) if p.exists())


def font_for(char: str, bold: bool = False) -> str | None:
    """The first font of the chain with a glyph for ``char``; None when no font has one."""
    for path in bundled_chain(bold):
        if has_glyph(path, char):
            return path
    return system_font_for(char)


# -- runs --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Piece:
    """One run on screen: ``text`` in the font at ``path`` (None: pygame's own), drawn from
    ``x``; ``rtl`` runs are shaped right to left. ``start``/``end`` index the logical text."""

    text: str
    path: str | None
    rtl: bool
    start: int
    end: int
    x: int = 0
    width: int = 0


def font_runs(text: str, bold: bool = False) -> list[tuple[int, int, str | None]]:
    """``text`` cut where the font that draws it changes: (start, end, font path)."""
    primary = bundled_chain(bold)[0] if bundled_chain(bold) else None
    runs: list[list] = []
    for i, char in enumerate(text):
        if runs and _rides_along(char) and (char != " " or has_glyph(runs[-1][2] or "", char)):
            runs[-1][1] = i + 1
            continue
        path = font_for(char, bold) if primary is not None else None
        if path is None:
            path = runs[-1][2] if runs else primary  # nobody has it: the box of the font at hand
        if runs and runs[-1][2] == path:
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1, path])
    return [tuple(r) for r in runs]


def layout_runs(text: str, bold: bool = False, base: int | None = None) -> list[Piece]:
    """Bidi level runs cut by font, in screen order (no widths yet). ``base``: the
    paragraph's level (a lyric line passes its own, ``bidi.base_level``); by default the
    interface's (``bidi.interface_level``)."""
    fonts = font_runs(text, bold)
    if base is None and bidi.may_be_rtl(text):
        base = bidi.interface_level(text)
    pieces: list[Piece] = []
    for run in bidi.visual_runs(text, base):
        inside = []
        for start, end, path in fonts:
            lo, hi = max(start, run.start), min(end, run.end)
            if lo < hi:
                inside.append(Piece(text[lo:hi], path, run.rtl, lo, hi))
        pieces.extend(inside[::-1] if run.rtl else inside)
    return pieces


ZWJ = "\u200d"


def _joins(char: str) -> bool:
    return script_of(char) in ("Arab", "Syrc") and unicodedata.category(char)[0] in "LM"


def cut_pieces(text: str, pieces: list[Piece], cuts: list[int]) -> list[Piece]:
    """``pieces`` (of ``layout_runs(text)``) cut again at the logical indexes ``cuts`` (the
    stage cuts a line at its syllables), still in screen order. A cut inside a word of a
    joining script keeps the letters' joined forms: a zero-width joiner on each side."""
    out: list[Piece] = []
    for piece in pieces:
        edges = [piece.start] + [c for c in sorted(set(cuts)) if piece.start < c < piece.end] + [piece.end]
        parts = []
        for lo, hi in zip(edges, edges[1:]):
            part = text[lo:hi]
            if lo > piece.start and _joins(text[lo - 1]) and _joins(text[lo]):
                part = ZWJ + part
            if hi < piece.end and _joins(text[hi - 1]) and _joins(text[hi]):
                part = part + ZWJ
            parts.append(Piece(part, piece.path, piece.rtl, lo, hi))
        out.extend(parts[::-1] if piece.rtl else parts)
    return out


# -- the Font stand-in -------------------------------------------------------------------------
def script_of(text: str) -> str | None:
    """The ISO 15924 script HarfBuzz must be told for a right-to-left run to shape it
    (Arabic letters join only under "Arab"); None for the rest (HarfBuzz guesses)."""
    for char in text:
        code = ord(char)
        if 0x0600 <= code <= 0x08FF or 0xFB50 <= code <= 0xFEFC:
            return "Arab"
        if 0x0590 <= code <= 0x05FF or 0xFB1D <= code <= 0xFB4F:
            return "Hebr"
        if 0x0700 <= code <= 0x074F:
            return "Syrc"
        if 0x0780 <= code <= 0x07BF:
            return "Thaa"
    return None


@lru_cache(maxsize=256)
def _sdl_font(path: str | None, size: int, bold: bool, rtl: bool, script: str | None = None) -> pygame.font.Font:
    if path is None:
        face = pygame.font.Font(None, size)
    else:
        face = pygame.font.Font(path, round(size * SCALE))
        if bold:  # a fallback face has no bold cut: SDL_ttf emboldens it
            face.bold = True
    global _harfbuzz
    try:
        if rtl:
            face.set_direction(pygame.DIRECTION_RTL)
        if script:
            face.set_script(script)
    except (pygame.error, AttributeError):  # an SDL_ttf without HarfBuzz: no shaping
        _harfbuzz = False
    return face


_harfbuzz = True
_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def _drawn(piece: Piece) -> str:
    """The text handed to SDL_ttf: as it is, or, where SDL_ttf cannot shape right to left
    (built without HarfBuzz), a right-to-left run reversed and its brackets mirrored."""
    return piece.text[::-1].translate(_MIRRORED) if piece.rtl and not _harfbuzz else piece.text


class Face:
    """A ``pygame.font.Font`` that draws every script: see the module's docstring."""

    def __init__(self, size: int, bold: bool = False) -> None:
        self.size_pt, self.bold = size, bold
        chain = bundled_chain(bold)
        self.primary_path = chain[0] if chain else None
        self.primary = _sdl_font(self.primary_path, size, False, False)
        self._layouts: dict[str, tuple[list[Piece], int]] = {}

    # what callers of pygame.font.Font use
    def get_linesize(self) -> int:
        return self.primary.get_linesize()

    def get_height(self) -> int:
        return self.primary.get_height()

    def get_ascent(self) -> int:
        return self.primary.get_ascent()

    def get_descent(self) -> int:
        return self.primary.get_descent()

    def _simple(self, text: str) -> bool:
        return text.isascii() or (self.primary_path is None)

    def layout(self, text: str) -> tuple[list[Piece], int]:
        """The pieces of ``text`` with their x and width, and the whole width."""
        known = self._layouts.get(text)
        if known is not None:
            return known
        pieces, x = [], 0
        for piece in layout_runs(text, self.bold):
            width = self._font(piece).size(_drawn(piece))[0]
            pieces.append(Piece(piece.text, piece.path, piece.rtl, piece.start, piece.end, x, width))
            x += width
        if len(self._layouts) > 512:
            self._layouts.clear()
        self._layouts[text] = (pieces, x)
        return pieces, x

    def _font(self, piece: Piece) -> pygame.font.Font:
        return _sdl_font(piece.path, self.size_pt, self.bold and piece.path != self.primary_path, piece.rtl,
                         script_of(piece.text) if piece.rtl else None)

    def plain(self, text: str) -> bool:
        """Whether the first font draws ``text`` alone, left to right."""
        if self._simple(text):
            return True
        pieces, _ = self.layout(text)
        return len(pieces) <= 1 and (not pieces or (pieces[0].path == self.primary_path and not pieces[0].rtl))

    def size(self, text: str) -> tuple[int, int]:
        if self.plain(text):
            return self.primary.size(text)
        return self.layout(text)[1], self.primary.get_height()

    def render(self, text: str, antialias: bool, colour, background=None) -> pygame.Surface:
        if self.plain(text):
            return self.primary.render(text, antialias, colour, background)
        pieces, width = self.layout(text)
        surface = pygame.Surface((max(1, width), self.primary.get_height()), pygame.SRCALPHA)
        if background is not None:
            surface.fill(background)
        for piece in pieces:
            face = self._font(piece)
            image = face.render(_drawn(piece), antialias, colour)
            # one baseline: each font's ascent measured down from the first font's
            surface.blit(image, (piece.x, self.primary.get_ascent() - face.get_ascent()))
        return surface

    def caret_x(self, text: str, index: int) -> int:
        """Where a caret before ``text[index]`` stands on screen (after the last
        character at the end): inside a right-to-left run it moves leftwards."""
        if self.plain(text):
            return self.primary.size(text[:index])[0]
        pieces, width = self.layout(text)
        for piece in pieces:
            if piece.start <= index < piece.end or (index == piece.end == len(text)):
                into = self._font(piece).size(text[piece.start:index])[0]
                return piece.x + piece.width - into if piece.rtl else piece.x + into
        return width

    def piece_width(self, piece: Piece) -> int:
        return self._font(piece).size(_drawn(piece))[0]

    def render_piece(self, piece: Piece, colour) -> pygame.Surface:
        """One piece of ``layout`` alone (the stage's lyrics colour them one by one)."""
        return self._font(piece).render(_drawn(piece), True, colour)

    def piece_offset(self, piece: Piece) -> int:
        """Where ``render_piece``'s image goes, down from the line's top."""
        return self.primary.get_ascent() - self._font(piece).get_ascent()


class _Faces:
    """``face(size, bold)``: one ``Face`` per size and weight, kept until ``cache_clear``
    (the app calls it when pygame quits: fonts die with it, coverage found stays)."""

    def __init__(self) -> None:
        self._faces: dict[tuple[int, bool], Face] = {}

    def __call__(self, size: int, bold: bool = False) -> Face:
        key = (size, bold)
        known = self._faces.get(key)
        if known is None:
            known = self._faces[key] = Face(size, bold)
        return known

    def cache_clear(self) -> None:
        self._faces.clear()
        _sdl_font.cache_clear()
        _coverage_face.cache_clear()
        _opens.cache_clear()


face = _Faces()
