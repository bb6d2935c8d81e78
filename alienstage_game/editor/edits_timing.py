"""Changing a chart's #BPM or #GAP: keep the notes' beats, or keep their times.

Keeping beats is the header alone: every note moves in time (what a re-sync wants: the
chart slides onto the audio). Keeping note times re-counts every note, line break and
medley bound on the new grid, so the song sounds the same: the start and end of each
note go to the nearest beat of the new clock (at most half a new beat away; exactly
where the new grid holds the old times, as when a detected tempo replaces a guess).
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from ..charts.timing import BeatClock, parse_number
from ..charts.ultrastar_write import format_number
from .changes import Change, HeadersChange
from .edits_base import Edit, LineRewrite, Plan
from .edits_song import _check_header
from .refs import EditError

if TYPE_CHECKING:
    from .document import ChartDocument

BEAT_HEADERS = ("MEDLEYSTARTBEAT", "MEDLEYENDBEAT")  # v1 headers counted in beats


class Keep(Enum):
    """What stays put when the chart's clock changes."""

    NOTE_TIMES = "keep note times"
    BEATS = "keep beats"


class SetTiming(Edit):
    """Set #BPM and/or #GAP, keeping the notes' times (rescaling beats) or their beats."""

    def __init__(self, bpm: float | None = None, gap_ms: float | None = None, keep: Keep = Keep.NOTE_TIMES) -> None:
        super().__init__()
        if bpm is None and gap_ms is None:
            raise EditError("nothing to change: give a BPM or a GAP")
        self.bpm, self.gap_ms, self.keep = bpm, gap_ms, keep
        self.worst_ms = 0.0  # the most any note start or end moved in time (keep note times)
        what = " and ".join(k for k, v in (("#BPM", bpm), ("#GAP", gap_ms)) if v is not None)
        self.label = f"set {what} ({keep.value})"

    def plan(self, doc: ChartDocument) -> Plan:
        song = doc.song
        headers = dict(song.headers)
        if self.bpm is not None:
            headers["BPM"] = format_number(round(float(self.bpm), 4))
            _check_header("BPM", headers["BPM"])
        if self.gap_ms is not None:
            headers["GAP"] = format_number(round(float(self.gap_ms), 3))
            _check_header("GAP", headers["GAP"])
        changes: list[Change] = []
        if self.keep is Keep.NOTE_TIMES and song.bpm:
            old = song.clock
            new = BeatClock.for_chart(parse_number(headers["BPM"]), parse_number(headers["GAP"]), song.v2_units)
            changes.extend(self._recount(doc, old, new))
            for key in BEAT_HEADERS:
                if key in headers and not song.v2_units:
                    try:
                        beat = parse_number(headers[key])
                    except ValueError:
                        continue
                    headers[key] = format_number(round(new.ms_to_beat(old.beat_to_ms(beat))))
        changes.insert(0, HeadersChange(dict(song.headers), headers))
        return changes, doc.selection

    def _recount(self, doc: ChartDocument, old: BeatClock, new: BeatClock) -> list[Change]:
        def on_new(beat: int) -> int:
            return int(round(new.ms_to_beat(old.beat_to_ms(beat))))

        changes: list[Change] = []
        worst = 0.0
        for voice in doc.song.voices:
            rewrite = LineRewrite(doc.song, voice.id)
            previous_end: int | None = None
            for line in rewrite.lines:
                for note in line.notes:
                    start, end = on_new(note.beat), on_new(note.end_beat)
                    if previous_end is not None and start < previous_end:
                        start = previous_end  # two notes never overlap on a coarser grid
                    end = max(end, start + 1)
                    worst = max(worst, abs(new.beat_to_ms(start) - old.beat_to_ms(note.beat)),
                                abs(new.beat_to_ms(end) - old.beat_to_ms(note.end_beat)))
                    note.beat, note.length = start, end - start
                    previous_end = end
                if line.break_beat is not None:
                    line.break_beat = on_new(line.break_beat)
            changes.append(rewrite.finish()[0])
        self.worst_ms = worst
        return changes


GRIDS = (1, 2, 4)  # beats per sixteenth note: sixteenths, 32nds, 64ths


def finest_needed(doc: ChartDocument, quarter_bpm: float, gap_ms: float | None = None) -> tuple[float, float]:
    """(#BPM, worst move in ms) for a detected quarter tempo on a chart that has notes:
    the coarsest grid (sixteenths, 32nds, 64ths) on which keeping the note times moves no
    note further than the chart's own grid already allowed (half an old beat), else the
    finest. A new chart gets sixteenths."""
    song = doc.song
    if not any(v.notes for v in song.voices) or not song.bpm:
        return quarter_bpm * GRIDS[0], 0.0
    allowed = song.clock.ms_per_beat / 2.0 + 0.5
    worst = 0.0
    for grid in GRIDS:
        probe = SetTiming(quarter_bpm * grid, gap_ms, Keep.NOTE_TIMES)
        probe.plan(doc)  # plans only: the song is not touched
        worst = probe.worst_ms
        if worst <= allowed:
            return quarter_bpm * grid, worst
    return quarter_bpm * GRIDS[-1], worst


def timing_change(doc: ChartDocument, key: str, text: str) -> tuple[float | None, float | None]:
    """(bpm, gap_ms) for a typed #BPM or #GAP value; EditError when it is not one."""
    _check_header(key, text)
    value = parse_number(text)
    return (value, None) if key == "BPM" else (None, value)


__all__ = ["GRIDS", "Keep", "SetTiming", "finest_needed", "timing_change"]
