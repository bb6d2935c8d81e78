"""Arrangements: the source of a level's backing track, kept in ``arrangement.toml``.

An arrangement names the chart it accompanies and lays bars on the chart's own beat grid
(beat 0 at #GAP, one chart beat per sixteenth), so the music and the notes cannot drift
apart. Tempo and gap are written in both files on purpose -- a reader of either sees the
tempo -- and the loader refuses them when they disagree. The vocal melody is never copied:
the lead hint is read from the chart at render time.

Layout::

    [song]      chart, output, tempo, gap_ms, key, steps_per_bar, tail_seconds, seed,
                loudness_lufs, swing (0..0.5 of a step: how late the off-beat
                sixteenths of drums, bass and keys fall; the chart stays on the grid),
                ceiling_dbfs (the limiter's first ceiling, -1.5 by default: a track whose
                Vorbis encoding overshoots starts lower, so one encode is enough)
    [voices]    instrument colours (colours.py): kit, bass, pad, keys, lead, and
                keys_low (MIDI note the keys' register starts at)
    [mix]       gain in dB per instrument: kick snare hat clap tom ohat crash bass pad
                keys lead
    [drums.NAME]  kick/snare/hat/clap/tom/ohat/crash = one character per step:
                X accent, x hit, . rest
    [bass.NAME]   steps = R root, 3 third, 5 fifth, 7 seventh, 8 octave, - hold, . rest
    [keys.NAME]   steps = 1 3 5 7 8 one chord tone (arpeggio), C the whole chord (stab),
                - hold, . rest
    [[section]]   name, chords ("Am F C G", one per bar), drums, bass, keys, pad, lead,
                drums_first / drums_last (patterns for its first / last bar: a crash in,
                a fill out), mix (dB offsets for this section only, e.g. {pad = -4})
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...charts import ChartError, NoteKind, load_song
from .colours import BASSES, KEYS, KITS, LEADS, PADS
from .theory import Chord, parse_chord, parse_key, scale_pitch_classes

ARRANGEMENT_FILE = "arrangement.toml"
DRUMS = ("kick", "snare", "hat", "clap", "tom", "ohat", "crash")
INSTRUMENTS = (*DRUMS, "bass", "pad", "keys", "lead")
_DRUM_STEP = re.compile(r"[Xx.]+")
_BASS_STEP = re.compile(r"[R3578.-]+")
_KEYS_STEP = re.compile(r"[13578C.-]+")
COLOUR_CHOICES = {"kit": KITS, "bass": BASSES, "pad": PADS, "keys": KEYS, "lead": LEADS}
DEFAULT_COLOURS = {"kit": "classic", "bass": "saw", "pad": "saw", "keys": "epiano", "lead": "whistle"}


class ArrangementError(ChartError):
    """An arrangement that cannot be rendered: ``PATH:LINE: reason``."""


@dataclass(frozen=True)
class DrumPattern:
    name: str
    hits: dict[str, str]  # drum -> one character per step


@dataclass(frozen=True)
class BassPattern:
    name: str
    steps: str


@dataclass(frozen=True)
class Section:
    name: str
    chords: tuple[Chord, ...]  # one per bar
    drums: str | None
    bass: str | None
    pad: bool = True
    lead: bool = True
    keys: str | None = None
    mix: tuple[tuple[str, float], ...] = ()  # (instrument, dB offset) for this section
    drums_first: str | None = None  # pattern of the first bar (else ``drums``)
    drums_last: str | None = None  # pattern of the last bar (else ``drums``)

    def drums_in_bar(self, bar: int) -> str | None:
        """The drum pattern of the section's ``bar``-th bar (0-based)."""
        if bar == self.bars - 1 and self.drums_last is not None:
            return self.drums_last
        if bar == 0 and self.drums_first is not None:
            return self.drums_first
        return self.drums

    @property
    def bars(self) -> int:
        return len(self.chords)


@dataclass(frozen=True)
class MelodyNote:
    """A chart note as the lead hint plays it (chart beats, MIDI pitch)."""

    beat: int
    length: int
    midi: int
    golden: bool


@dataclass
class Arrangement:
    path: Path
    chart_path: Path
    output_path: Path
    tempo: float  # quarter notes per minute (the chart's #BPM in v1 units)
    gap_ms: float
    key: tuple[int, str]  # tonic pitch class, "major" | "minor"
    steps_per_bar: int
    tail_seconds: float
    seed: int
    loudness_lufs: float
    mix_db: dict[str, float]
    drums: dict[str, DrumPattern]
    bass: dict[str, BassPattern]
    sections: list[Section]
    melody: list[MelodyNote] = field(default_factory=list)
    sample_rate: int = 44100
    keys: dict[str, BassPattern] = field(default_factory=dict)  # same shape as a bass line
    colours: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLOURS))
    keys_low: int = 60
    swing: float = 0.0
    ceiling_dbfs: float = -1.5  # mixer.PEAK_CEILING_DBFS: where the limiter starts (render.py may go lower)

    @property
    def seconds_per_step(self) -> float:
        return 15.0 / self.tempo  # a chart beat is a sixteenth note

    @property
    def bars(self) -> int:
        return sum(s.bars for s in self.sections)

    @property
    def total_steps(self) -> int:
        return self.bars * self.steps_per_bar

    def step_seconds(self, step: float) -> float:
        """Song time of a chart beat: beat 0 sits at #GAP."""
        return self.gap_ms / 1000.0 + step * self.seconds_per_step

    @property
    def duration_seconds(self) -> float:
        return self.step_seconds(self.total_steps) + self.tail_seconds

    def bar_chords(self) -> list[tuple[int, Chord, Section]]:
        """(first step, chord, section) for every bar in order."""
        out, step = [], 0
        for section in self.sections:
            for chord in section.chords:
                out.append((step, chord, section))
                step += self.steps_per_bar
        return out

    def chord_at(self, step: float) -> Chord:
        bar = min(int(step // self.steps_per_bar), self.bars - 1)
        return self.bar_chords()[max(bar, 0)][1]

    def melody_clashes(self) -> list[MelodyNote]:
        """Notes that sound wrong over the backing: outside the key, or a long note on
        the beat that is not a tone of its chord. An empty list means the melody fits."""
        scale = scale_pitch_classes(*self.key)
        clashes = []
        for note in self.melody:
            pc = note.midi % 12
            held = note.length >= 4 and note.beat % 4 == 0
            if pc not in scale or (held and pc not in self.chord_at(note.beat).pitch_classes):
                clashes.append(note)
        return clashes


def load_arrangement(path: Path | str, *, with_melody: bool = True) -> Arrangement:
    """Read ``arrangement.toml`` (and, with ``with_melody``, its chart for the lead hint).

    Raises ArrangementError for a bad arrangement and ChartError for an unreadable chart.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ArrangementError(path, 0, f"cannot read: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ArrangementError(path, getattr(exc, "lineno", 0) or 0, f"not valid TOML: {exc}") from None
    return _Reader(path, text, data).read(with_melody)


class _Reader:
    def __init__(self, path: Path, text: str, data: dict[str, Any]) -> None:
        self.path, self.lines, self.data = path, text.splitlines(), data

    def line_of(self, pattern: str, nth: int = 0, within: str | None = None) -> int:
        """1-based line of the nth line matching ``pattern`` (0 when absent); with
        ``within``, only lines after the table header ``within`` (e.g. ``[drums.beat]``)."""
        seen, inside = 0, within is None
        for number, line in enumerate(self.lines, 1):
            text = line.strip()
            if within is not None and text.startswith("["):
                inside = text.split("#")[0].strip() == within
                continue
            if inside and re.match(pattern, text):
                if seen == nth:
                    return number
                seen += 1
        return 0

    def fail(self, message: str, pattern: str = r"$^", nth: int = 0, within: str | None = None) -> ArrangementError:
        return ArrangementError(self.path, self.line_of(pattern, nth, within), message)

    def get(self, table: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str,
            default: Any = ...) -> Any:
        if key not in table:
            if default is ...:
                raise self.fail(f"{where} is missing '{key}'", re.escape(where))
            return default
        value = table[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
            raise self.fail(f"'{key}' in {where} has the wrong type", rf"{re.escape(key)}\s*=", within=where)
        return value

    def read(self, with_melody: bool) -> Arrangement:
        song = self.data.get("song")
        if not isinstance(song, dict):
            raise self.fail("missing [song] table")
        folder = self.path.parent
        steps_per_bar = self.get(song, "steps_per_bar", int, "[song]", 16)
        if steps_per_bar <= 0:
            raise self.fail("steps_per_bar must be positive", r"steps_per_bar\s*=", within="[song]")
        try:
            key = parse_key(self.get(song, "key", str, "[song]"))
        except ValueError as exc:
            raise self.fail(str(exc), r"key\s*=", within="[song]") from None
        arrangement = Arrangement(
            path=self.path,
            chart_path=folder / self.get(song, "chart", str, "[song]", "song.txt"),
            output_path=folder / self.get(song, "output", str, "[song]", "backing.ogg"),
            tempo=float(self.get(song, "tempo", (int, float), "[song]")),
            gap_ms=float(self.get(song, "gap_ms", (int, float), "[song]")),
            key=key,
            steps_per_bar=steps_per_bar,
            tail_seconds=float(self.get(song, "tail_seconds", (int, float), "[song]", 2.0)),
            seed=self.get(song, "seed", int, "[song]", 0),
            loudness_lufs=float(self.get(song, "loudness_lufs", (int, float), "[song]", -14.0)),
            mix_db=self.mix(),
            drums=self.drums(steps_per_bar),
            bass=self.bass(steps_per_bar),
            sections=[],
        )
        if arrangement.tempo <= 0:
            raise self.fail("tempo must be positive", r"tempo\s*=", within="[song]")
        arrangement.swing = float(self.get(song, "swing", (int, float), "[song]", 0.0))
        if not 0.0 <= arrangement.swing <= 0.5:
            raise self.fail("swing must be between 0 and 0.5 (of a step)", r"swing\s*=", within="[song]")
        arrangement.ceiling_dbfs = float(self.get(song, "ceiling_dbfs", (int, float), "[song]", -1.5))
        if not -6.0 <= arrangement.ceiling_dbfs <= -1.5:
            raise self.fail("ceiling_dbfs must be between -6 and -1.5", r"ceiling_dbfs\s*=", within="[song]")
        arrangement.colours, arrangement.keys_low = self.voices()
        arrangement.keys = self.steps_tables("keys", _KEYS_STEP, "1 3 5 7 8 C - .", steps_per_bar)
        arrangement.sections = self.sections(arrangement)
        if with_melody:
            self.check_chart(arrangement)
        return arrangement

    def mix(self) -> dict[str, float]:
        table = self.data.get("mix", {})
        for name in table:
            if name not in INSTRUMENTS:
                raise self.fail(f"unknown instrument '{name}' in [mix] (known: {', '.join(INSTRUMENTS)})",
                                rf"{re.escape(name)}\s*=", within="[mix]")
        return {name: float(self.get(table, name, (int, float), "[mix]", 0.0)) for name in INSTRUMENTS}

    def voices(self) -> tuple[dict[str, str], int]:
        table = self.data.get("voices", {})
        colours = dict(DEFAULT_COLOURS)
        for name, value in table.items():
            if name == "keys_low":
                continue
            if name not in COLOUR_CHOICES:
                raise self.fail(f"unknown instrument '{name}' in [voices] (known: {', '.join(COLOUR_CHOICES)}, "
                                "keys_low)", rf"{re.escape(name)}\s*=", within="[voices]")
            if value not in COLOUR_CHOICES[name]:
                raise self.fail(f"{name} colour {value!r} is not one of {', '.join(COLOUR_CHOICES[name])}",
                                rf"{re.escape(name)}\s*=", within="[voices]")
            colours[name] = value
        keys_low = self.get(table, "keys_low", int, "[voices]", 60)
        if not 36 <= keys_low <= 84:
            raise self.fail("keys_low must be a MIDI note between 36 and 84", r"keys_low\s*=", within="[voices]")
        return colours, keys_low

    def drums(self, steps: int) -> dict[str, DrumPattern]:
        patterns = {}
        for name, table in self.data.get("drums", {}).items():
            hits = {}
            for drum, row in table.items():
                if drum not in DRUMS:
                    raise self.fail(f"unknown drum '{drum}' in [drums.{name}]", rf"{re.escape(drum)}\s*=",
                                    within=f"[drums.{name}]")
                if not isinstance(row, str) or not _DRUM_STEP.fullmatch(row) or len(row) != steps:
                    raise self.fail(f"[drums.{name}] {drum} must be {steps} characters of X x .",
                                    rf"{re.escape(drum)}\s*=", within=f"[drums.{name}]")
                hits[drum] = row
            patterns[name] = DrumPattern(name, hits)
        return patterns

    def bass(self, steps: int) -> dict[str, BassPattern]:
        return self.steps_tables("bass", _BASS_STEP, "R 3 5 7 8 - .", steps)

    def steps_tables(self, kind: str, allowed: re.Pattern[str], shown: str, steps: int) -> dict[str, BassPattern]:
        patterns = {}
        for name, table in self.data.get(kind, {}).items():
            row = table.get("steps")
            if not isinstance(row, str) or not allowed.fullmatch(row) or len(row) != steps:
                raise self.fail(f"[{kind}.{name}] steps must be {steps} characters of {shown}",
                                r"steps\s*=", within=f"[{kind}.{name}]")
            patterns[name] = BassPattern(name, row)
        return patterns

    def sections(self, arrangement: Arrangement) -> list[Section]:
        raw = self.data.get("section")
        if not isinstance(raw, list) or not raw:
            raise self.fail("no [[section]] tables: an arrangement needs at least one")
        sections = []
        for index, table in enumerate(raw):
            where = r"\[\[section\]\]"
            name = table.get("name", f"section {index + 1}")
            symbols = str(table.get("chords", "")).split()
            if not symbols:
                raise self.fail(f"section '{name}' has no chords", where, index)
            try:
                chords = tuple(parse_chord(s) for s in symbols)
            except ValueError as exc:
                raise self.fail(f"section '{name}': {exc}", where, index) from None
            drums, bass, keys = table.get("drums"), table.get("bass"), table.get("keys")
            first, last = table.get("drums_first"), table.get("drums_last")
            for pattern in (drums, first, last):
                if pattern is not None and pattern not in arrangement.drums:
                    raise self.fail(f"section '{name}' uses drum pattern '{pattern}' that has no "
                                    f"[drums.{pattern}]", where, index)
            if bass is not None and bass not in arrangement.bass:
                raise self.fail(f"section '{name}' uses bass pattern '{bass}' that has no [bass.{bass}]",
                                where, index)
            if keys is not None and keys not in arrangement.keys:
                raise self.fail(f"section '{name}' uses keys pattern '{keys}' that has no [keys.{keys}]",
                                where, index)
            sections.append(Section(name, chords, drums, bass, bool(table.get("pad", True)),
                                    bool(table.get("lead", True)), keys, self.section_mix(table, name, index),
                                    first, last))
        return sections

    def section_mix(self, table: dict[str, Any], name: str, index: int) -> tuple[tuple[str, float], ...]:
        """Per-section dB offsets; the key ``drums`` stands for every drum."""
        raw = table.get("mix", {})
        if not isinstance(raw, dict):
            raise self.fail(f"section '{name}': mix must be a table of dB offsets", r"\[\[section\]\]", index)
        out: dict[str, float] = {}
        for instrument, value in raw.items():
            targets = DRUMS if instrument == "drums" else (instrument,)
            if instrument != "drums" and instrument not in INSTRUMENTS or not isinstance(value, (int, float)) \
                    or isinstance(value, bool):
                raise self.fail(f"section '{name}': mix '{instrument}' must be an instrument "
                                "(or 'drums') with a number of dB", r"\[\[section\]\]", index)
            for target in targets:
                out[target] = out.get(target, 0.0) + float(value)
        return tuple(sorted(out.items()))

    def check_chart(self, arrangement: Arrangement) -> None:
        song = load_song(arrangement.chart_path)
        clock = song.clock
        if abs(clock.ms_per_beat - arrangement.seconds_per_step * 1000.0) > 1e-6:
            raise self.fail(f"tempo {arrangement.tempo:g} does not match the chart's #BPM:{song.bpm:g}",
                            r"tempo\s*=", within="[song]")
        if abs(clock.gap_ms - arrangement.gap_ms) > 1e-6:
            raise self.fail(f"gap_ms {arrangement.gap_ms:g} does not match the chart's #GAP:{song.gap_ms:g}",
                            r"gap_ms\s*=", within="[song]")
        if song.last_beat > arrangement.total_steps:
            raise self.fail(f"the chart's last note ends at beat {song.last_beat} but the sections "
                            f"cover only {arrangement.total_steps} beats", r"\[\[section\]\]")
        # A set: a duet's lines sung together appear in both voices but are hinted once.
        arrangement.melody = sorted(
            {MelodyNote(n.beat, n.length, n.midi, n.kind.is_golden)
             for voice in song.voices for n in voice.notes
             if n.kind in (NoteKind.NORMAL, NoteKind.GOLDEN)},
            key=lambda n: (n.beat, n.midi, n.length),
        )


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)
