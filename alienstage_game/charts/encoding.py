"""Turning a chart's bytes into text, the way singers' old files need it.

Order of trust: a byte-order mark, then an ``#ENCODING:`` header, then strict UTF-8, and
finally CP1252 (what most pre-1.0 charts were saved in on Windows).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from .errors import ChartWarning

# Found on the raw bytes (every legacy encoding keeps ASCII as is); CR-only files too.
_ENCODING_HEADER = re.compile(rb"(?:\A|[\r\n])[ \t]*#[ \t]*ENCODING[ \t]*:[ \t]*([^\r\n]*)", re.IGNORECASE)

# Names seen in the wild for #ENCODING, mapped to Python codecs.
_ALIASES = {
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "auto": "",  # "detect it": same as no header
    "locale": "",
    "ansi": "cp1252",
    "cp1252": "cp1252",
    "cp1250": "cp1250",
    "cp1251": "cp1251",
    "cp865": "cp865",
    "cp850": "cp850",
    "cp437": "cp437",
}


@dataclass
class DecodedChart:
    text: str
    encoding: str  # Python codec name, lower case
    warnings: list[ChartWarning] = field(default_factory=list)


# Codecs Python calls text encodings that are not a way of saving a chart: they turn
# escapes, punycode or host names into text, or refuse everything.
_NOT_CHARSETS = {"undefined", "punycode", "idna", "unicode-escape", "raw-unicode-escape",
                 "unicode_escape", "raw_unicode_escape", "escape_codec", "mbcs", "oem"}


def _codec_for(declared: str) -> str | None:
    """Python codec for an #ENCODING value, ``""`` for auto, ``None`` when unknown.

    Only character sets: rot13, base64, zlib and friends are codecs too, but turn bytes
    into bytes (or text into text), and a NUL in the name makes lookup raise."""
    name = declared.strip().lower()
    if name in _ALIASES:
        return _ALIASES[name]
    if not name or len(name) > 40 or not name.isascii() or not name.isprintable():
        return None
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name


_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def _line_of(data: bytes, offset: int) -> int:
    """1-based line number of a byte offset, counting CRLF, CR and LF breaks alike."""
    return len(_LINE_BREAK.findall(data, 0, offset)) + 1


def decode_chart(data: bytes) -> DecodedChart:
    if data.startswith(codecs.BOM_UTF8):
        return DecodedChart(data.decode("utf-8-sig", errors="replace"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return DecodedChart(data.decode("utf-16", errors="replace"), "utf-16")

    warnings: list[ChartWarning] = []
    # The pattern tries every offset; a plain search rules most files out first.
    match = _ENCODING_HEADER.search(data) if b"encoding" in data.lower() else None
    if match:
        declared = match.group(1)[:200].decode("ascii", errors="replace").strip()
        codec = _codec_for(declared)
        line = _line_of(data, match.start(1))
        if codec is None:
            warnings.append(ChartWarning(line, f"unknown #ENCODING {declared!r}; guessing instead"))
        elif codec:
            try:
                return DecodedChart(data.decode(codec), codec, warnings)
            except UnicodeDecodeError as err:
                warnings.append(
                    ChartWarning(
                        _line_of(data, err.start),
                        f"text is not valid {declared}; guessing the encoding instead",
                    )
                )
            except (UnicodeError, ValueError, TypeError, LookupError):  # a codec's own oddity
                warnings.append(ChartWarning(line, f"cannot decode as {declared!r}; guessing the encoding instead"))

    try:
        return DecodedChart(data.decode("utf-8"), "utf-8", warnings)
    except UnicodeDecodeError as err:
        warnings.append(
            ChartWarning(_line_of(data, err.start), "not valid UTF-8; read as CP1252 (Windows Western)")
        )
        # CP1252 leaves five bytes undefined; replace them rather than fail.
        return DecodedChart(data.decode("cp1252", errors="replace"), "cp1252", warnings)
