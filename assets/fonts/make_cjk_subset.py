"""Rebuild ``NotoSansCJK-Subset.otf``, the bundled fallback for Hangul, kana and common Han.

Why a subset: the full Noto Sans CJK collection is 19 MB (one region's OTF is 16 MB);
lyrics, titles and singer names need far fewer glyphs. The subset keeps, from one face of
the collection:

- all 11,172 Hangul syllables, the Hangul jamo and compatibility jamo (Korean lyrics use
  any syllable, and every one is needed to spell a name);
- hiragana, katakana (with the phonetic extensions and half-width forms);
- the Han ideographs of the national standard sets lyrics are written in: GB 2312
  (simplified Chinese), JIS X 0208 (Japanese, levels 1 and 2), Big5 level 1 (the common
  traditional characters) and KS X 1001's hanja: about 10,600 ideographs;
- CJK punctuation, full-width forms, the bopomofo, and the CJK symbols.

A rarer character falls through to the system's fonts (fontconfig), see
``alienstage_game/ui/fonts.py``.

Run with fontTools (a tool of this script, not of the game)::

    python -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools
    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb /tmp/noto
    /tmp/ft/bin/python assets/fonts/make_cjk_subset.py \
        /tmp/noto/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

Noto Sans CJK is under the SIL Open Font License 1.1 (``LICENSE-NotoSansCJK.txt``); its
Reserved Font Name is "Source", which the subset does not use. The subset keeps the
original names and copyright, as the licence asks.
"""

from __future__ import annotations

import sys
from pathlib import Path

FACE = "Noto Sans CJK JP"  # see the credits in assets/README.md for why this region
OUT = Path(__file__).with_name("NotoSansCJK-Subset.otf")

RANGES = (
    (0x1100, 0x11FF),  # Hangul jamo
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3100, 0x312F),  # bopomofo
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x3200, 0x33FF),  # enclosed CJK, compatibility
    (0xA960, 0xA97F),  # Hangul jamo extended-A
    (0xAC00, 0xD7A3),  # Hangul syllables
    (0xD7B0, 0xD7FF),  # Hangul jamo extended-B
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
)


def _encodes(char: str, codec: str) -> bytes | None:
    try:
        return char.encode(codec)
    except UnicodeEncodeError:
        return None


def common_han() -> list[int]:
    """The ideographs of GB 2312, JIS X 0208, Big5 level 1 and KS X 1001."""
    kept = []
    for code in range(0x4E00, 0xA000):
        char = chr(code)
        big5 = _encodes(char, "big5")
        if (_encodes(char, "gb2312") or _encodes(char, "shift_jis") or _encodes(char, "euc_kr")
                or (big5 is not None and 0xA440 <= int.from_bytes(big5, "big") <= 0xC67E)):
            kept.append(code)
    return kept


def main(source: str) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    faces = [f for f in TTCollection(source).fonts if f["name"].getDebugName(4) == FACE]
    if not faces:
        raise SystemExit(f"{source}: no face named {FACE!r}")
    font = faces[0]
    codes = [c for lo, hi in RANGES for c in range(lo, hi + 1)] + common_han()
    options = subset.Options()
    # fontTools' default features (kern, ccmp, liga, ...) less "locl" and the vertical
    # forms: the other regions' glyph variants and vertical text would double the glyphs.
    dropped = {"locl", "vert", "vrt2", "vkna", "vrtr", "vhal", "vpal", "vkrn", "valt", "vchw"}
    options.layout_features = [f for f in options.layout_features if f not in dropped]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # CFF hints matter little at lyric sizes and cost ~10%
    options.desubroutinize = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    font.save(OUT)
    print(f"{OUT}: {len(font.getGlyphOrder())} glyphs, {OUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(sys.argv[1])
