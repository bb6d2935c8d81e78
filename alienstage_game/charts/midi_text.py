"""The text of a MIDI file's lyrics and names, decoded the way the file was written.

A Standard MIDI File stores text as bytes with no charset. mido hands them over as
latin-1 strings, which turns UTF-8 "Hölle" into "HÃ¶lle"; so the raw bytes are taken
back (``raw_bytes``) and decoded once for the whole file:

1. declared: a byte-order mark, or an RP-026 language tag at the start of a lyric
   (``{@LATIN}``, ``{@JP}``; ``{@UTF8}`` as some tools write it);
2. pure ASCII: nothing to decide;
3. strict UTF-8: multi-byte UTF-8 is very unlikely to occur by chance in legacy text, so
   if every event decodes, it is UTF-8;
4. Shift-JIS (CP932, as Japanese karaoke files use it) against CP1252 (Windows Western):
   both often decode cleanly, so each reading is scored by how much of its non-ASCII
   text looks like the script it claims -- kana and kanji for Shift-JIS, accented letters
   beside ASCII letters for CP1252 -- and the more plausible one wins;
5. nothing decodes strictly: CP1252 with replacement characters, and a warning.

``charset-normalizer`` was not used: lyrics are a few hundred short syllables from two
legacy code pages in practice, which this rule separates; a general detector needs more
text than a song has and would add a dependency to the import of every chart.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

SAMPLE_BYTES = 64 * 1024
_DECLARED_TAGS = {b"{@LATIN}": "cp1252", b"{@JP}": "cp932", b"{@UTF8}": "utf-8", b"{@UTF-8}": "utf-8"}


@dataclass(frozen=True)
class TextCodec:
    codec: str  # a Python codec name
    how: str  # "declared {@JP}", "detected", "ascii"...


def raw_bytes(text: str) -> bytes:
    """The bytes mido read for ``text`` (it decodes meta text as latin-1)."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:  # mido set to another charset by someone: keep what there is
        return text.encode("utf-8", errors="replace")


def strip_tag(raw: bytes) -> bytes:
    """A lyric without its RP-026 language tag."""
    for tag in _DECLARED_TAGS:
        if raw.startswith(tag):
            return raw[len(tag):]
    return raw


def _declared(texts: list[bytes]) -> TextCodec | None:
    for raw in texts:
        if raw.startswith(codecs.BOM_UTF8):
            return TextCodec("utf-8-sig", "declared by a byte-order mark")
        for tag, codec in _DECLARED_TAGS.items():
            if raw.startswith(tag):
                return TextCodec(codec, f"declared {tag.decode()}")
    return None


def _text(raw: bytes, codec: str, errors: str = "strict") -> str:
    """``raw`` decoded; a character cut short at the end (an event cut at MAX_EVENT_BYTES)
    is left out rather than read as an error."""
    return codecs.getincrementaldecoder(codec)(errors).decode(raw, final=False)


def _decodes(texts: list[bytes], codec: str) -> list[str] | None:
    try:
        return [_text(raw, codec) for raw in texts]
    except UnicodeDecodeError:
        return None


def _japanese_weight(ch: str) -> float:
    code = ord(ch)
    if 0x3000 <= code <= 0x30FF or 0x4E00 <= code <= 0x9FFF or 0xFF01 <= code <= 0xFF5E:
        return 1.0  # CJK punctuation, kana, common kanji, full-width forms
    if 0xFF61 <= code <= 0xFF9F:
        return 0.5  # half-width katakana: old files use it, but CP1252 capitals "À".."ß" read so too
    return 0.0


def _japanese_share(texts: list[str]) -> float:
    """Share of the non-ASCII characters that are Japanese script (CP1252 bytes read as
    Shift-JIS mostly land in the user-defined area or on rare kanji pairs)."""
    wide = [ch for text in texts for ch in text if ord(ch) > 127]
    return sum(_japanese_weight(ch) for ch in wide) / len(wide) if wide else 0.0


def _latin_share(texts: list[str]) -> float:
    """Share of the non-ASCII characters that look like Western text: a letter next to an
    ASCII letter, as "ö" in "Hölle" (1), or in a word of accented letters only, as "ÄÖÜ"
    (3/4: Shift-JIS half-width katakana read so too). Shift-JIS kana and kanji read as
    CP1252 give runs mixing symbols and punctuation ("‚Ü‚Ÿ", "ˆ¤")."""
    good = 0.0
    total = 0
    for text in texts:
        for word in text.split():
            accented_word = len(word) > 1 and all(0xC0 <= ord(c) <= 0x24F and c.isalpha() for c in word)
            for k, ch in enumerate(word):
                if ord(ch) <= 127:
                    continue
                total += 1
                if not unicodedata.category(ch).startswith("L"):
                    continue
                near = word[max(0, k - 1):k] + word[k + 1:k + 2]
                if any(c.isascii() and c.isalpha() for c in near):
                    good += 1.0
                elif accented_word:
                    good += 0.75
    return good / total if total else 0.0


def detect_codec(texts: list[bytes]) -> TextCodec:
    """How the file's texts are encoded (see the module notes for the order of trust)."""
    declared = _declared(texts)
    sample: list[bytes] = []
    size = 0
    for raw in texts:  # the first SAMPLE_BYTES of text tell; a stranger's file may hold megabytes
        if size >= SAMPLE_BYTES:
            break
        if not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # those decode alone
            sample.append(strip_tag(raw))
            size += len(raw)
    texts = sample
    if declared is not None and _decodes(texts, declared.codec) is not None:
        return declared
    if all(raw.isascii() for raw in texts):
        return TextCodec("ascii", "ascii")
    if _decodes(texts, "utf-8") is not None:
        return TextCodec("utf-8", "detected UTF-8")
    japanese, western = _decodes(texts, "cp932"), _decodes(texts, "cp1252")
    if japanese is not None and western is not None:
        if _japanese_share(japanese) > _latin_share(western):
            return TextCodec("cp932", "detected Shift-JIS")
        return TextCodec("cp1252", "detected CP1252")
    if japanese is not None:
        return TextCodec("cp932", "detected Shift-JIS")
    if western is not None:
        return TextCodec("cp1252", "detected CP1252")
    return TextCodec("cp1252", "not valid in any known encoding; read as CP1252 with replacements")


def printable(text: str) -> str:
    """A lyric or name without NULs and control characters, which no chart can hold."""
    return "".join(ch for ch in text if ch in "\r\n" or unicodedata.category(ch)[0] != "C")


def decode(raw: bytes, codec: TextCodec) -> str:
    """One event's text in the file's codec (an event with a UTF-16 byte-order mark in
    UTF-16), tag removed, printable."""
    raw = strip_tag(raw)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return printable(_text(raw, "utf-16", "replace"))
    return printable(_text(raw, codec.codec, "replace").lstrip("\ufeff"))
