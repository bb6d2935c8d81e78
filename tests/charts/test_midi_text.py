"""How MIDI lyric bytes are decoded: declared, else UTF-8, else Shift-JIS or CP1252 by
which reading looks like its script."""

from __future__ import annotations

import codecs

import pytest

from alienstage_game.charts.midi_text import decode, detect_codec


@pytest.mark.parametrize("text, codec, how", [
    ("Der Hölle Rache", "cp1252", "detected CP1252"), ("Déjà vu", "cp1252", "detected CP1252"),
    ("naïve café", "cp1252", "detected CP1252"), ("ÄÖÜ", "cp1252", "detected CP1252"),
    ("Æon ßøå", "cp1252", "detected CP1252"), ("Señor", "cp1252", "detected CP1252"),
    ("そらの うみ", "cp932", "detected Shift-JIS"), ("星の歌", "cp932", "detected Shift-JIS"),
    ("「空」", "cp932", "detected Shift-JIS"), ("ｶﾗｵｹ", "cp932", "detected Shift-JIS"),
    ("Der Hölle Rache", "utf-8", "detected UTF-8"), ("そらの うみ", "utf-8", "detected UTF-8"),
    ("plain words", "ascii", "ascii"),
])
def test_each_encoding_is_told_apart(text: str, codec: str, how: str) -> None:
    raw = [word.encode(codec) for word in text.split()]
    found = detect_codec(raw)
    assert found.how == how
    assert " ".join(decode(r, found) for r in raw) == text


def test_declarations_win_and_tags_are_not_sung() -> None:
    raw = [b"{@LATIN}H\xf6l", b"le"]
    assert detect_codec(raw).how == "declared {@LATIN}"
    assert [decode(r, detect_codec(raw)) for r in raw] == ["Höl", "le"]
    bom = [codecs.BOM_UTF8 + "Höl".encode(), b"le"]
    assert [decode(r, detect_codec(bom)) for r in bom] == ["Höl", "le"]
    utf16 = codecs.BOM_UTF16_LE + "そら".encode("utf-16-le")
    assert decode(utf16, detect_codec([utf16, b"x"])) == "そら"


def test_bytes_no_codec_takes_are_replaced_and_said() -> None:
    raw = [b"\x81 \x81 "]  # undefined in CP1252, a lead byte without its second in Shift-JIS, not UTF-8
    found = detect_codec(raw)
    assert found.codec == "cp1252" and found.how.startswith("not valid")
    assert "\x00" not in decode(raw[0] + b"\x00", found)
