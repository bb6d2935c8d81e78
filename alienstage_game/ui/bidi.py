"""Right-to-left text in reading order: the Unicode bidi algorithm (UAX #9) for one line.

A lyric line, a title or a name is one paragraph of plain text: no explicit embeddings,
overrides or isolates (those format characters are taken as neutrals here). For such
text the algorithm is the weak rules W1-W7, the neutral rules N1-N2, the implicit levels
I1-I2, L1's trailing whitespace and L2's reordering, which is what this module does, in
pure Python over ``unicodedata``. The result is a list of runs, each a slice of the
logical text at one level, in the order they stand on screen from left to right; a
right-to-left run is drawn by the shaper (HarfBuzz in SDL_ttf, which also joins Arabic
letters and mirrors brackets) with its first character on the right.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_STRONG = {"L", "R", "AL"}
_NEUTRAL = {"B", "S", "WS", "ON", "BN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
_TRAILING = _NEUTRAL - {"ON"}  # L1: whitespace, separators and format characters at a line's end
_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")
_RTL_HINT = (0x0590, 0x08FF)  # Hebrew .. Arabic extended-A: a quick "can be RTL" test
_RTL_HINT_2 = (0xFB1D, 0xFEFC)  # Hebrew and Arabic presentation forms


@dataclass(frozen=True)
class Run:
    """``text[start:end]`` at one bidi level; ``rtl`` when the level is odd."""

    start: int
    end: int
    level: int

    @property
    def rtl(self) -> bool:
        return self.level % 2 == 1


def may_be_rtl(text: str) -> bool:
    """False for text with no right-to-left letter (the fast path: nothing to reorder)."""
    for ch in text:
        code = ord(ch)
        if _RTL_HINT[0] <= code <= _RTL_HINT[1] or _RTL_HINT_2[0] <= code <= _RTL_HINT_2[1]:
            return True
        if code >= 0x10800 and unicodedata.bidirectional(ch) in ("R", "AL"):
            return True
    return False


def base_level(text: str) -> int:
    """P2-P3: 1 when the first strong character is right-to-left, else 0."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return 0
        if kind in ("R", "AL"):
            return 1
    return 0


def interface_level(text: str) -> int:
    """The base level of a string of the (left-to-right) interface: right to left only when
    the text has no left-to-right letter at all. A Hebrew title alone reads from the right;
    "<Hebrew title> · Medium" keeps the interface's order, the title first on the left."""
    rtl = False
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return 0
        rtl = rtl or kind in ("R", "AL")
    return 1 if rtl else 0


def levels(text: str, base: int | None = None) -> list[int]:
    """The resolved embedding level of every character of ``text`` (one paragraph)."""
    if base is None:
        base = base_level(text)
    sos = "R" if base % 2 else "L"
    types = [unicodedata.bidirectional(ch) or "L" for ch in text]
    n = len(types)
    # W1: a non-spacing mark takes the type of the character before it.
    prev = sos
    for i, t in enumerate(types):
        if t == "NSM":
            types[i] = "ON" if prev in _NEUTRAL else prev
        prev = types[i]
    # W2: European digits after Arabic letters are Arabic numbers; W3: AL is R.
    last_strong = sos
    for i, t in enumerate(types):
        if t in _STRONG:
            last_strong = t
        elif t == "EN" and last_strong == "AL":
            types[i] = "AN"
    types = ["R" if t == "AL" else t for t in types]
    # W4: one separator between two numbers of a kind joins them.
    for i in range(1, n - 1):
        if types[i] == "ES" and types[i - 1] == "EN" == types[i + 1]:
            types[i] = "EN"
        elif types[i] == "CS" and types[i - 1] in ("EN", "AN") and types[i + 1] == types[i - 1]:
            types[i] = types[i - 1]
    # W5: terminators (%, currency) next to European digits are digits.
    i = 0
    while i < n:
        if types[i] == "ET":
            j = i
            while j < n and types[j] == "ET":
                j += 1
            if (i > 0 and types[i - 1] == "EN") or (j < n and types[j] == "EN"):
                types[i:j] = ["EN"] * (j - i)
            i = j
        else:
            i += 1
    # W6: what separators are left are neutral; W7: digits after an L are L.
    types = ["ON" if t in ("ES", "ET", "CS") else t for t in types]
    last_strong = sos
    for i, t in enumerate(types):
        if t in ("L", "R"):
            last_strong = t
        elif t == "EN" and last_strong == "L":
            types[i] = "L"
    # N1-N2: a run of neutrals between two like directions takes it, else the base's.
    def strong_of(t: str) -> str:
        return "R" if t in ("R", "EN", "AN") else t

    i = 0
    while i < n:
        if types[i] in _NEUTRAL:
            j = i
            while j < n and types[j] in _NEUTRAL:
                j += 1
            before = strong_of(types[i - 1]) if i > 0 else sos
            after = strong_of(types[j]) if j < n else sos
            types[i:j] = [before if before == after else sos] * (j - i)
            i = j
        else:
            i += 1
    # I1-I2: implicit levels.
    out = []
    for t in types:
        if base % 2 == 0:
            out.append(base + (1 if t == "R" else 2 if t in ("AN", "EN") else 0))
        else:
            out.append(base + (1 if t in ("L", "EN", "AN") else 0))
    # L1: trailing whitespace and separators go back to the paragraph level.
    k = n - 1
    while k >= 0 and unicodedata.bidirectional(text[k]) in _TRAILING:
        out[k] = base
        k -= 1
    return out


def visual_runs(text: str, base: int | None = None) -> list[Run]:
    """The level runs of ``text`` in their order on screen, left to right (L2)."""
    if not text:
        return []
    if not base and not may_be_rtl(text):  # nothing right to left in a left-to-right line
        return [Run(0, len(text), 0)]
    resolved = levels(text, base)
    runs: list[Run] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or resolved[i] != resolved[start]:
            runs.append(Run(start, i, resolved[start]))
            start = i
    highest = max(r.level for r in runs)
    lowest_odd = min((r.level for r in runs if r.level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        k = 0
        while k < len(runs):
            if runs[k].level >= level:
                j = k
                while j < len(runs) and runs[j].level >= level:
                    j += 1
                runs[k:j] = runs[k:j][::-1]
                k = j
            else:
                k += 1
    return runs


def display_order(text: str, base: int | None = None) -> str:
    """The characters as they stand on screen, left to right, brackets mirrored (for tests
    and logs; the renderer draws runs, so that Arabic letters still join)."""
    out = []
    for run in visual_runs(text, base):
        piece = text[run.start:run.end]
        out.append(piece[::-1].translate(_MIRRORED) if run.rtl else piece)
    return "".join(out)
