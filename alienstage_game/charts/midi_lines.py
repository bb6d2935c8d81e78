"""Lyric lines and note texts for a chart made from MIDI.

Lines break where the lyrics mark them. Without marks they break at phrase rests: a rest
long relative to the song's typical spacing of notes (a quarter rest in a song of
quarter notes, an eighth rest in a fast one), once a line holds a few notes. Any line
longer than MAX_LINE_NOTES (a screen's worth) is split at its most phrase-like boundary
-- the longest rest, a long note before it breaking ties, then the middle -- until every
line fits.
"""

from __future__ import annotations

import statistics

from .midi_lyrics import Syllable

PLACEHOLDER = "la"
MELISMA = "~"
MAX_LINE_NOTES = 16
MIN_LINE_NOTES = 3  # a phrase rest after fewer notes is a breath, not a line end
PHRASE_REST_RATIO = 0.9  # a rest this many times the median note spacing ends a phrase
MIN_PHRASE_REST_S = 0.2
LONG_REST_S = 1.5  # a rest this long ends a line however few notes it has


def _boundary_scores(onsets: list[float], offsets: list[float]) -> list[float]:
    """How much the gap before each note looks like a phrase end: its rest, and a long
    note before it (ms-rounded, so that equal gaps tie)."""
    return [0.0] + [round(max(0.0, onsets[k] - offsets[k - 1]) + 0.25 * (onsets[k] - onsets[k - 1]), 3)
                    for k in range(1, len(onsets))]


def _split(scores: list[float], start: int, end: int, starts: list[bool]) -> None:
    while end - start > MAX_LINE_NOTES:
        margin = MIN_LINE_NOTES if end - start >= 2 * MIN_LINE_NOTES + 1 else 1
        middle = (start + end) / 2
        cut = max(range(start + margin, end - margin + 1), key=lambda k: (scores[k], -abs(k - middle)))
        starts[cut] = True
        _split(scores, start, cut, starts)
        start = cut


def line_starts(onsets: list[float], offsets: list[float], marks: list[bool] | None) -> tuple[list[bool], int]:
    """Which notes start a line (from marks, else phrase rests), and how many lines were
    split for being too long."""
    n = len(onsets)
    if marks is not None:
        starts = [k == 0 or marks[k] for k in range(n)]
    else:
        spacing = [b - a for a, b in zip(onsets, onsets[1:]) if b > a]
        phrase_rest = max(MIN_PHRASE_REST_S, PHRASE_REST_RATIO * (statistics.median(spacing) if spacing else 0.5))
        starts = [k == 0 for k in range(n)]
        count = 1
        for k in range(1, n):
            rest = onsets[k] - offsets[k - 1]
            if rest >= LONG_REST_S or (rest >= phrase_rest and count >= MIN_LINE_NOTES):
                starts[k], count = True, 1
            else:
                count += 1
    heads = [k for k in range(n) if starts[k]] + [n]
    split = 0
    scores = _boundary_scores(onsets, offsets) if any(b - a > MAX_LINE_NOTES for a, b in zip(heads, heads[1:])) else []
    for a, b in zip(heads, heads[1:]):
        if b - a > MAX_LINE_NOTES:
            split += 1
            _split(scores, a, b, starts)
    return starts, split


def line_marks(per_note: list[Syllable | None]) -> list[bool] | None:
    """Notes the lyrics' marks start a line at (None: the lyrics mark no lines)."""
    marks = [False] * len(per_note)
    for k, syl in enumerate(per_note):
        if syl is None:
            continue
        if syl.line_before and k:
            marks[k] = True
        if syl.line_after and k + 1 < len(per_note):
            marks[k + 1] = True
    return marks if any(marks) else None


def _unspaced_script(texts: list[str]) -> bool:
    """Kana, kanji or hangul: a language whose lyrics put no spaces between words."""
    chars = [ch for text in texts for ch in text if not ch.isspace()]
    wide = sum(0x2E80 <= ord(ch) <= 0x9FFF or 0xAC00 <= ord(ch) <= 0xD7AF or 0xFF00 <= ord(ch) <= 0xFFEF
               for ch in chars)
    return bool(chars) and wide * 2 >= len(chars)


def note_texts(per_note: list[Syllable | None], starts: list[bool], spaced: bool) -> list[str]:
    """UltraStar note texts: a leading space starts a word (never at a line start); a
    note without a syllable holds the one before ("~"), or sings the placeholder at a
    line start or where the file has no lyrics at all."""
    has_lyrics = any(syl is not None for syl in per_note)
    words_by_syllable = not spaced and not _unspaced_script([s.text for s in per_note if s is not None])
    out: list[str] = []
    previous: Syllable | None = None
    for k, syl in enumerate(per_note):
        if syl is None:
            if not has_lyrics:
                out.append(("" if starts[k] else " ") + PLACEHOLDER)
            else:
                out.append(PLACEHOLDER if starts[k] else MELISMA)
            continue
        joined = previous is not None and previous.joins_next
        starts_word = (previous is None or syl.word_before or previous.word_after
                       or (words_by_syllable and not joined))
        out.append((" " if starts_word and not starts[k] and syl.text != MELISMA else "") + syl.text)
        previous = syl
    return out
