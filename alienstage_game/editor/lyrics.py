"""Pasted lyrics to UltraStar syllables: lines of syllable texts for tap mode and drafts.

English words are split by a simple rule set -- one syllable per vowel group, a single
consonant goes to the next syllable (ba-by), two split between them (win-ter) unless
they make one sound (ath-lete keeps "th"), a silent final e and a final consonant + "le"
(ta-ble) handled -- good enough for a first draft the author then corrects. In the
pasted text ``+`` or ``-`` inside a word split it exactly there and nowhere else
(``every+`` keeps "every" whole), and a ``~`` token adds a held syllable.

Output texts follow UltraStar: a leading space starts a new word (not on a line's first
syllable), "~" is a melisma (the previous vowel held on a new pitch).
"""

from __future__ import annotations

import re

MELISMA = "~"
MARKERS = "+-"
_VOWELS = set("aeiouy")
# Consonant pairs sung as one sound: never split between them.
_DIGRAPHS = {"ch", "ck", "gh", "ph", "sh", "th", "wh", "ng", "qu"}
# Pairs that can start a syllable (a-pron, se-cret) when a long vowel precedes... kept
# with the next syllable only when three consonants meet (mon-ster, ex-tra).
_ONSETS = {"bl", "br", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "pl", "pr", "sc", "sk", "sl",
           "sm", "sn", "sp", "st", "sw", "tr", "tw", "wr", "ch", "sh", "th", "ph", "wh", "qu"}
_WORD = re.compile(r"\S+")


def _is_vowel(word: str, i: int) -> bool:
    ch = word[i].lower()
    if ch == "y":
        return i > 0 and word[i - 1].lower() not in _VOWELS  # "y" after a consonant (hap-py)
    if ch == "u" and i > 0 and word[i - 1].lower() == "q":
        return False  # "qu" is a consonant sound
    return ch in _VOWELS


def _nuclei(word: str) -> list[tuple[int, int]]:
    """Vowel groups as (start, end) index spans, silent endings removed."""
    groups: list[tuple[int, int]] = []
    i = 0
    while i < len(word):
        if word[i].isalpha() and _is_vowel(word, i):
            j = i
            while j + 1 < len(word) and word[j + 1].isalpha() and _is_vowel(word, j + 1):
                j += 1
            groups.append((i, j + 1))
            i = j + 1
        else:
            i += 1
    lower = word.lower().rstrip(".,;:!?\"')")
    if len(groups) > 1:
        last = groups[-1]
        tail = lower[last[0]:]
        consonant_le = lower.endswith("le") and len(lower) > 2 and lower[-3] not in _VOWELS
        if tail == "e" and not consonant_le:
            groups.pop()  # silent e: "stone", "time"
        elif (tail in ("es", "ed") and len(lower) > 3 and lower[-3] not in "stdzxgc"
              and lower[last[0] - 1] != "l" and not (lower[-3] == "r" and lower[-4] not in _VOWELS)):
            groups.pop()  # "moves", "played" -- but "roses", "wanted" keep theirs
    return groups


def _cut(word: str, left: tuple[int, int], right: tuple[int, int]) -> int:
    """Where to cut between two vowel groups."""
    a, b = left[1], right[0]  # consonants are word[a:b]
    cluster = word[a:b].lower()
    n = len(cluster)
    if n == 0:
        return b  # vowel hiatus: cut between the groups
    if word[b:].lower().rstrip(".,;:!?\"')") == "e" and cluster.endswith("l") and n >= 2:
        return b - 2  # ta-ble, bub-ble, lit-tle: the consonant before "le" goes with it
    if n == 1:
        return a  # ba-by
    if cluster in ("ng", "ck"):
        return b  # sing-ing, rock-et: these close the syllable before
    if n == 2:
        return a if cluster in _DIGRAPHS else a + 1  # fa-ther / win-ter
    if cluster[-2:] in _ONSETS:
        return b - 2  # mon-ster, hun-dred
    return b - 1


def syllabify(word: str) -> list[str]:
    """Split one word (punctuation kept on its syllables)."""
    groups = _nuclei(word)
    if len(groups) < 2:
        return [word]
    cuts = [_cut(word, groups[k], groups[k + 1]) for k in range(len(groups) - 1)]
    pieces, start = [], 0
    for cut in cuts:
        if start < cut < len(word):
            pieces.append(word[start:cut])
            start = cut
    pieces.append(word[start:])
    return [p for p in pieces if p]


def _word_syllables(token: str, auto: bool) -> list[str]:
    if token == MELISMA or set(token) == {MELISMA}:
        return [MELISMA] * len(token)
    held = len(token) - len(token.rstrip(MELISMA))
    core = token[: len(token) - held] if held else token
    if any(m in core for m in MARKERS) and core.strip(MARKERS):
        pieces = [p for p in re.split(r"[+-]", core) if p]
    else:
        pieces = syllabify(core) if auto else [core]
    return pieces + [MELISMA] * held


def split_lyrics(text: str, auto: bool = True) -> list[list[str]]:
    """Lyrics text to lines of UltraStar syllable texts; blank lines are dropped."""
    lines: list[list[str]] = []
    for raw in text.splitlines():
        out: list[str] = []
        for token in _WORD.findall(raw):
            for k, piece in enumerate(_word_syllables(token, auto)):
                new_word = k == 0 and piece != MELISMA and bool(out)
                out.append((" " if new_word else "") + piece)
        if out:
            lines.append(out)
    return lines


def format_syllables(lines: list[list[str]]) -> str:
    """The editable form: words split with ``+`` (``beau+ti+ful day``), one text line per
    chart line; ``split_lyrics(format_syllables(x))`` gives ``x`` back."""
    out: list[str] = []
    for line in lines:
        words: list[str] = []
        for syllable in line:
            if syllable == MELISMA and words:
                words[-1] += MELISMA
            elif syllable.startswith(" ") or not words:
                words.append(syllable.strip())
            else:
                words[-1] += "+" + syllable
        out.append(" ".join(w if "+" in w or len(syllabify(w.rstrip(MELISMA))) == 1 else w + "+" for w in words))
    return "\n".join(out)
