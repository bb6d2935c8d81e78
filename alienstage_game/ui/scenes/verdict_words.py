"""The verdict in words: why the loser lost, told from the Verdict's own numbers (totals,
note/golden/bonus points, line ratings, tie-breaks, forfeits, rejected mic bleed).
Pure text, no pygame: the results screen draws these sentences."""

from __future__ import annotations

from typing import Any, Sequence

from ...match.verdict import forfeit_below_s

GOOD_RATINGS = ("good", "great", "perfect")
PARTS = (("notes", "the notes"), ("golden", "the golden notes"), ("line_bonus", "the line bonus"))


def _value(rating: Any) -> str:
    return str(getattr(rating, "value", rating))


def _good_lines(card: Any) -> int:
    return sum(_value(line.rating) in GOOD_RATINGS for line in card.lines)


def headline(verdict: Any, names: Sequence[str]) -> str:
    reason = _value(verdict.reason)
    if reason == "double_forfeit":
        return "Nobody sang: no verdict, nobody is voted off."
    if reason == "sudden_death":
        line = verdict.sudden_death_line
        again = f"sing line {line + 1} again" if line is not None else "sing again"
        return f"Sudden death: dead level at {verdict.totals[0]:,} points. {again[0].upper()}{again[1:]}."
    win, lose = names[verdict.winner], names[verdict.loser]
    if reason == "forfeit":
        return f"{lose} forfeits; {win} wins."
    return f"{win} wins {verdict.totals[verdict.winner]:,} to {verdict.totals[verdict.loser]:,}. {lose} is voted off."


def reasons(verdict: Any, names: Sequence[str], mic_lost_s: Sequence[float] = (0.0, 0.0)) -> list[str]:
    """Sentences under the headline, most important first."""
    out: list[str] = []
    reason = _value(verdict.reason)
    w, l_ = verdict.winner, verdict.loser
    if reason in ("forfeit", "double_forfeit"):
        for seat, forfeited in enumerate(verdict.forfeited):
            if forfeited:
                needed = forfeit_below_s(verdict.cards[seat])
                out.append(f"{names[seat]} sang only {verdict.sung_s[seat]:.1f} s inside the notes; at least "
                           f"{needed:.2g} s is needed to be judged, so the seat forfeits.")
    elif reason == "sudden_death":
        tried = ", ".join(f"{t.name} {t.p1:,} each" for t in verdict.tiebreaks)
        out.append(f"Every tie-break was level too ({tried}).")
        if verdict.sudden_death_line is not None:
            out.append(f"Sudden death: both sing line {verdict.sudden_death_line + 1} again, and the better "
                       "line stays on stage. Nobody is voted off yet.")
    else:
        win_card, lose_card = verdict.cards[w], verdict.cards[l_]
        if reason == "score":
            gap = verdict.totals[w] - verdict.totals[l_]
            out.append(f"{names[l_]} finished {gap:,} point{'s' if gap != 1 else ''} behind.")
            out.extend(_where_points_went(win_card, lose_card, names[w], names[l_]))
        else:
            out.append(f"Both scored {verdict.totals[0]:,} points, so the tie-breaks decided:")
            for rule in verdict.tiebreaks:
                values = (rule.p1, rule.p2)
                verb = "level" if values[0] == values[1] else f"{names[w]} ahead"
                out.append(f"  {rule.name}: {names[0]} {values[0]:,}, {names[1]} {values[1]:,} ({verb}).")
        out.extend(_lines(win_card, lose_card, names[w], names[l_]))
    for seat, rejected in enumerate(getattr(verdict, "rejected_frames", (0, 0))):
        if rejected:
            out.append(f"{rejected:,} frames on {names[seat]}'s mic were the other singer's voice leaking in; "
                       "they were ignored.")
    together_s = getattr(verdict, "unpulled_s", 0.0)
    if together_s >= 1:
        out.append(f"Each mic also heard the other singer: for {together_s:.0f} s of singing together "
                   "both pitches were corrected for that bleed.")
    for seat, lost in enumerate(mic_lost_s):
        if lost >= 0.5:
            out.append(f"{names[seat]}'s microphone was lost for {lost:.0f} s; those notes scored nothing.")
    return out


def _where_points_went(win_card: Any, lose_card: Any, win: str, lose: str) -> list[str]:
    """Name the part of the score where the loser fell furthest behind."""
    gaps = [(getattr(win_card, attr) - getattr(lose_card, attr), attr, label) for attr, label in PARTS]
    gaps.sort(reverse=True)
    out = []
    biggest, attr, label = gaps[0]
    if biggest >= 1:
        out.append(f"Most of it was lost on {label}: {lose} {round(getattr(lose_card, attr)):,}, "
                   f"{win} {round(getattr(win_card, attr)):,}.")
    for gap, attr, label in gaps[1:]:
        if gap <= -1:
            out.append(f"{lose} did better on {label} ({round(getattr(lose_card, attr)):,} to "
                       f"{round(getattr(win_card, attr)):,}), but not by enough.")
    return out


def _lines(win_card: Any, lose_card: Any, win: str, lose: str) -> list[str]:
    total = len(lose_card.lines)
    if not total:
        return []
    out = [f"{lose} sang {_good_lines(lose_card)} of {total} lines good or better; "
           f"{win} sang {_good_lines(win_card)} of {len(win_card.lines)}."]
    worst = min(lose_card.lines, key=lambda line: line.ratio)
    if _value(worst.rating) not in GOOD_RATINGS:
        out.append(f"{lose}'s weakest moment: line {worst.index + 1}, rated {_value(worst.rating)} "
                   f"({worst.ratio:.0%} of its notes).")
    return out
