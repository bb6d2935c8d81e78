"""Lyric events of a MIDI or .kar file, matched to the melody's notes by time.

Lyrics may sit on the melody track or in a track of their own (a .kar file keeps them as
``text`` events in a "Words" track after ``@`` header texts: ``@T`` title and author,
``@L`` language, ``@I`` information, ``@K``/``@V`` the format). One source is used: the
track and kind (``lyrics`` meta events, else ``text`` ones) with the most syllables.

Karaoke marks: "/" or "\\" (or a CR/LF, RP-026's line ends) starts a new line; a leading
space starts a word, a trailing space ends one; a trailing "-" joins the next syllable to
the word; a syllable of its own "-", "~" or "_" holds the vowel (UltraStar's "~").

Matching is an alignment in time that keeps the order of both: each syllable goes to
the note starting nearest at or after it (a syllable a little late also finds its note),
a syllable placed early in a rest still reaches the note after the rest, and one with no
note near it is joined to the note of the syllable before (or, before the first note,
listed as unplaced), never dropped without a word.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, replace

from .midi_melody import SYLLABLE_EARLY_S, SYLLABLE_LATE_S
from .midi_text import TextCodec, decode, raw_bytes

_MARKS = "/\\\r\n"
_HOLD = {"-", "~", "_"}
# In a rest (no note sounding), a syllable placed early costs only this share of its
# distance to the next note: converters often put it at the end of the previous note.
_REST_DISCOUNT = 0.2
# A syllable after its note's onset is rarer than one before it: its distance costs more.
_LATE_WEIGHT = 2.0
_CANDIDATES = 8  # notes considered per syllable


# A syllable, or a whole line as some files hold it, is far shorter: a longer event is cut
# (a stranger's file may hold megabytes in one event, which no chart line can show).
MAX_EVENT_BYTES = 256
MAX_NOTE_TEXT = 2 * MAX_EVENT_BYTES  # syllables joined to one note stop there


@dataclass(frozen=True)
class LyricEvent:
    track: int
    kind: str  # "lyrics" or "text"
    tick: int
    raw: bytes
    cut: bool = False  # longer than MAX_EVENT_BYTES: the rest is dropped


@dataclass
class Syllable:
    seconds: float
    text: str  # without marks or surrounding spaces
    line_before: bool = False
    word_before: bool = False
    word_after: bool = False
    joins_next: bool = False  # a trailing "-"
    line_after: bool = False
    cut: bool = False  # its event was longer than MAX_EVENT_BYTES


def track_lyrics(index: int, track) -> tuple[list[LyricEvent], list[bytes]]:
    """Lyric and text events of one track, and its .kar ``@`` header texts."""
    tick, events, headers = 0, [], []
    for msg in track:
        tick += msg.time
        if msg.type in ("lyrics", "text"):
            raw = raw_bytes(msg.text)
            if raw.startswith(b"@"):
                headers.append(raw[:MAX_EVENT_BYTES])
            else:
                events.append(LyricEvent(index, msg.type, tick, raw[:MAX_EVENT_BYTES], len(raw) > MAX_EVENT_BYTES))
    return events, headers


def choose_source(events: list[LyricEvent]) -> tuple[list[LyricEvent], list[tuple[int, str, int]]]:
    """The events of the one track and kind that hold the lyrics ([] when none does), and
    the other groups that looked like lyrics but were left (track, kind, events), unless
    they only repeat the chosen ones (files often hold both ``lyrics`` and ``text``).

    ``lyrics`` events count half again: ``text`` events also carry comments and credits,
    so a group of them counts only with 3 or more events at 2 or more ticks."""
    groups: dict[tuple[int, str], list[LyricEvent]] = {}
    for event in events:
        groups.setdefault((event.track, event.kind), []).append(event)

    def weight(key: tuple[int, str]) -> float:
        group = groups[key]
        if key[1] == "text" and (len(group) < 3 or len({e.tick for e in group}) < 2):
            return 0.0
        return len(group) * (1.5 if key[1] == "lyrics" else 1.0)

    best = max(groups, key=weight, default=None)
    if best is None or weight(best) <= 0:
        return [], []
    chosen = sorted(groups[best], key=lambda e: e.tick)
    said = {(e.tick, e.raw.strip()) for e in chosen}
    left = []
    for key, group in groups.items():
        if key != best and weight(key) > 0:
            repeats = sum((e.tick, e.raw.strip()) in said for e in group)
            if repeats < 0.8 * len(group):
                left.append((key[0], key[1], len(group)))
    return chosen, left


def _edge(text: str, leading: bool) -> tuple[str, str]:
    """(marks and spaces at that end, the rest)."""
    body = text.lstrip(" \t" + _MARKS) if leading else text.rstrip(" \t" + _MARKS)
    return (text[:len(text) - len(body)], body) if leading else (text[len(body):], body)


def parse_syllables(events: list[LyricEvent], codec: TextCodec,
                    seconds: Callable[[int], float]) -> list[Syllable]:
    """Syllables with their marks; events of marks or spaces alone mark the next one."""
    out: list[Syllable] = []
    pending_line = pending_word = False
    for event in events:
        text = decode(event.raw, codec)
        lead, body = _edge(text, leading=True)
        trail, body = _edge(body, leading=False)
        line_before = pending_line or any(c in _MARKS for c in lead)
        word_before = pending_word or line_before or " " in lead or "\t" in lead
        if not body:
            pending_line, pending_word = line_before or any(c in _MARKS for c in trail), True
            if out and text.strip(" \t") == "":
                out[-1].word_after = True
            continue
        pending_line = pending_word = False
        body = " ".join(body.replace("/", "").replace("\\", "").split())
        joins = len(body) > 1 and body.endswith("-")
        if joins:
            body = body[:-1]
        line_after = any(c in _MARKS for c in trail)
        out.append(Syllable(seconds(event.tick), "~" if body in _HOLD else body, line_before, word_before,
                            word_after=line_after or " " in trail or "\t" in trail, joins_next=joins,
                            line_after=line_after, cut=event.cut))
    return out


def match_syllables(syllables: list[Syllable], onsets: list[float], offsets: list[float],
                    tolerance: float) -> list[int | None]:
    """The note index of each syllable (None: no note near it), order kept on both sides.

    A dynamic programme over (syllable, last note used): matching syllable i to note j
    costs their distance in time (discounted in a rest, weighted when the syllable is
    late); leaving a syllable out costs ``tolerance``. Each syllable looks at a few notes
    near it, so the work grows with the song, not its square."""
    states: dict[int, float] = {-1: 0.0}  # last note used -> least cost so far
    back: list[dict[int, tuple[int, bool]]] = []  # per syllable: state -> (previous state, matched)
    for syl in syllables:
        t = syl.seconds
        lo = bisect.bisect_left(onsets, t - tolerance / _LATE_WEIGHT)
        candidates = []
        for j in range(lo, min(len(onsets), lo + _CANDIDATES)):
            gap = onsets[j] - t
            in_rest = j == 0 or offsets[j - 1] <= t + 1e-6
            cost = gap * (_REST_DISCOUNT if in_rest else 1.0) if gap >= 0 else -gap * _LATE_WEIGHT
            if cost < tolerance:
                candidates.append((j, cost))
        # States before every note this or any later syllable can take are alike from
        # here on (syllables come in time order): keep the cheapest of them.
        behind = [s for s in states if s < lo]
        if len(behind) > 1:
            keep = min(behind, key=states.__getitem__)
            states = {s: c for s, c in states.items() if s >= lo or s == keep}
        new: dict[int, float] = {}
        links: dict[int, tuple[int, bool]] = {}
        for last, cost in states.items():
            if cost + tolerance < new.get(last, float("inf")):
                new[last], links[last] = cost + tolerance, (last, False)
            for j, step in candidates:
                if j > last and cost + step < new.get(j, float("inf")):
                    new[j], links[j] = cost + step, (last, True)
        states = new
        back.append(links)
    state = min(states, key=states.__getitem__)
    chosen: list[int | None] = [None] * len(syllables)
    for i in range(len(syllables) - 1, -1, -1):
        previous, matched = back[i][state]
        chosen[i] = state if matched else None
        state = previous
    return chosen


def default_tolerance(onsets: list[float]) -> float:
    """How far a syllable may sit from its note: 0.6 of the melody's typical note
    spacing, kept within 0.12..0.6 s."""
    gaps = sorted(b - a for a, b in zip(onsets, onsets[1:]) if b > a)
    typical = gaps[len(gaps) // 2] if gaps else 0.5
    return min(2 * SYLLABLE_EARLY_S, max(SYLLABLE_LATE_S * 1.5, 0.6 * typical))


@dataclass
class Placed:
    per_note: list[Syllable | None]
    joined: list[str]  # syllables with no note of their own, joined to the one before
    dropped: int  # of those, the ones left out because the note's text was already MAX_NOTE_TEXT long
    unplaced: list[str]  # syllables before any syllable found a note (titles, credits...)


def place(syllables: list[Syllable], chosen: list[int | None], n_notes: int, spaced: bool) -> Placed:
    per_note: list[Syllable | None] = [None] * n_notes
    joined: list[str] = []
    unplaced: list[str] = []
    dropped = 0
    last: int | None = None
    for syl, j in zip(syllables, chosen):
        if j is not None:
            per_note[j], last = replace(syl), j
            continue
        if last is None:
            unplaced.append(syl.text)
            continue
        into = per_note[last]
        if into is None:  # cannot happen: ``last`` is a note given a syllable
            continue
        if len(into.text) >= MAX_NOTE_TEXT:
            dropped += 1
            continue
        space = " " if spaced and (into.word_after or syl.word_before) and not into.joins_next else ""
        into.text += space + syl.text
        into.word_after, into.joins_next = syl.word_after, syl.joins_next
        into.line_after = into.line_after or syl.line_after or syl.line_before
        joined.append(syl.text)
    return Placed(per_note, joined, dropped, unplaced)
