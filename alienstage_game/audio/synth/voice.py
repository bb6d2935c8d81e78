"""The chart's own singer: a voice of a chart rendered as a sung-like signal.

With the default ``SingerStyle`` it is the game's guide voice, singing every note on
pitch and on time; the other style fields make it a player of a given skill (sharp,
late, sloppy, forgetful) for bots, tests, practice and benchmarks. Pure numpy: the
sound comes from ``pitch.synthetic.sing`` (harmonics through vowel formants, vibrato,
legato glides, breath), rendered one chart line at a time so only sung regions cost
anything and a region render is a slice of the whole song's render.

Times are song seconds (the backing track's position; the chart's beat 0 is at #GAP);
chart pitch 0 is MIDI 60.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np

from ...charts import Note, NoteKind, Song
from ...pitch import realistic
from ...pitch.synthetic import TRUTH_HOP_S, VOWELS, SungNote, SyntheticTake, sing

MIDI_C4 = 60
MAX_HARMONIC_HZ = 4000.0  # above F3 the formants add little; fewer harmonics, faster
_MARGIN_S = 0.05  # silence before a line's first note in its own render
_TAIL_S = 0.15  # ...and after its last (the release and breath tail)


@dataclass(frozen=True)
class SingerStyle:
    """How the synthetic singer sings a chart; all zero is the perfect guide voice."""

    pitch_error_cents: float = 0.0  # mean absolute per-note error, random sign per note
    pitch_bias_cents: float = 0.0  # constant: sharp (+) or flat (-)
    timing_offset_s: float = 0.0  # constant: late (+) or early (-)
    timing_jitter_s: float = 0.0  # per-note random onset error (standard deviation)
    dropout_rate: float = 0.0  # fraction of notes left unsung (0..1)
    octave_shift: int = 0  # sings this many octaves above (+) or below (-) the chart
    vibrato_cents: float = 0.0  # vibrato depth on held notes
    register: str = "auto"  # "low" (male formants), "high" (female) or "auto" (chart range)
    seed: int = 0
    # A real-like amateur (see ``pitch.synthetic.sing`` and ``REAL_LIKE``); all off here.
    consonant_rate: float = 0.0  # share of syllables starting with a 20-60 ms noise burst
    breathiness: float = 0.0  # 0..1: aspiration noise, dull harmonics, soft attacks
    dynamics_db: float = 0.0  # phrase swells/fades and phrase-end decays of about this size
    scoop_cents: float = 0.0  # attacked notes start up to this far below...
    scoop_rate: float = 0.0  # ...this share of them
    glide_s: float = 0.06  # portamento between legato notes
    natural_vibrato: bool = False  # held notes: 30-80 cents at 5-6 Hz from 0.2-0.35 s in
    male_fundamental_db: float = 0.0  # low register: the fundamental's level change (dB)
    male_subharmonic_db: float | None = None  # low register: period doubling at this level
    # The room it is sung in: reverb (0 = dry) and its noise with mains hum (None = none),
    # both before any mic; the noise is keyed to song time, so a region is a slice.
    room_rt60_s: float = 0.0
    room_noise_dbfs: float | None = None
    room_hum_dbfs: float | None = None

    def __post_init__(self) -> None:
        if self.register not in ("auto", "low", "high"):
            raise ValueError(f"register must be auto, low or high, not {self.register!r}")
        if not 0.0 <= self.dropout_rate <= 1.0:
            raise ValueError(f"dropout_rate must be within 0..1, not {self.dropout_rate}")


GUIDE = SingerStyle()
# An amateur on a phone in a living room: what the benches call "real-like".
REAL_LIKE = SingerStyle(
    consonant_rate=float(realistic.REAL_LIKE["consonant_rate"]),
    breathiness=float(realistic.REAL_LIKE["breathiness"]),
    dynamics_db=float(realistic.REAL_LIKE["dynamics_db"]),
    scoop_cents=float(realistic.REAL_LIKE["scoop_cents"]),
    scoop_rate=float(realistic.REAL_LIKE["scoop_rate"]),
    glide_s=float(realistic.REAL_LIKE["glide_s"]),
    natural_vibrato=True,
    male_fundamental_db=realistic.MALE_FUNDAMENTAL_DB,
    male_subharmonic_db=realistic.MALE_SUBHARMONIC_DB,
    room_rt60_s=realistic.RT60_S,
    room_noise_dbfs=realistic.ROOM_NOISE_DBFS,
    room_hum_dbfs=realistic.HUM_DBFS,
)


def real_like(**fields: object) -> SingerStyle:
    """The real-like preset with some fields changed (a skill, a seed, an octave)."""
    return replace(REAL_LIKE, **fields)


class _Planned(NamedTuple):
    sung: SungNote
    kind: NoteKind
    line: int  # index of the chart line, the unit of rendering


def _vowel(text: str, previous: str) -> str:
    """The syllable's vowel; a held-over syllable ("~", "-") keeps the previous one."""
    for ch in text.lower():
        if ch in VOWELS:
            return ch
        if ch == "y":
            return "i"
    return previous if text.strip() in ("", "~", "-") else "a"


def _rng(style: SingerStyle, aspect: int) -> np.random.Generator:
    # One stream per aspect: adding dropouts does not change the pitch errors, etc.
    return np.random.default_rng([style.seed, aspect])


def _plan(song: Song, voice_id: str, style: SingerStyle) -> list[_Planned]:
    clock = song.clock
    notes: list[tuple[int, Note]] = [
        (i, n) for i, line in enumerate(song.voice(voice_id).lines) for n in line.notes
    ]
    count = len(notes)
    signs = _rng(style, 1).choice([-1.0, 1.0], size=count)
    sizes = _rng(style, 2).uniform(0.5, 1.5, size=count)  # mean 1: the mean |error| is as asked
    loose = _rng(style, 3).uniform(-60.0, 60.0, size=count)  # freestyle and rap wander
    jitter = _rng(style, 4).standard_normal(count) * style.timing_jitter_s
    dropped = set(_rng(style, 5).permutation(count)[: int(round(style.dropout_rate * count))].tolist())

    plan: list[_Planned] = []
    last: Note | None = None  # the chart note before this one, sung or dropped
    vowel = "a"
    for k, (line_no, note) in enumerate(notes):
        start = clock.beat_to_seconds(note.beat) + style.timing_offset_s + float(jitter[k])
        end = clock.beat_to_seconds(note.end_beat) + style.timing_offset_s + float(jitter[k])
        cents = style.pitch_bias_cents + signs[k] * sizes[k] * style.pitch_error_cents
        if note.kind.is_rap or note.kind is NoteKind.FREESTYLE:
            cents += loose[k]
        if note.kind.is_rap:  # spoken syllables are short, whatever the chart holds
            end = start + max(0.1, 0.7 * (end - start))
        midi = note.midi + 12 * style.octave_shift + cents / 100.0
        vowel = _vowel(note.text, vowel)
        prev = plan[-1] if plan else None
        touching = last is not None and last.end_beat == note.beat and k - 1 not in dropped
        if prev is not None and prev.line == line_no and touching and not (note.kind.is_rap or prev.kind.is_rap):
            # Touching notes of one line are sung legato, wherever jitter put the onset.
            prev = prev._replace(sung=_with_duration(prev.sung, max(0.03, start - prev.sung.start)))
        if prev is not None and prev.sung.start + prev.sung.duration > start:
            prev = prev._replace(sung=_with_duration(prev.sung, max(0.03, start - prev.sung.start)))
        if prev is not None:
            plan[-1] = prev
        last = note
        if k not in dropped:
            plan.append(_Planned(SungNote(start, max(0.03, end - start), float(midi), vowel), note.kind, line_no))
    return plan


def _with_duration(note: SungNote, duration: float) -> SungNote:
    return SungNote(note.start, duration, note.midi, note.vowel)


def sung_notes(song: Song, voice_id: str = "P1", style: SingerStyle = GUIDE) -> list[SungNote]:
    """What the singer sings: one SungNote per chart note not dropped, in song seconds."""
    return [p.sung for p in _plan(song, voice_id, style)]


def _female(plan: list[_Planned], style: SingerStyle) -> bool:
    if style.register != "auto":
        return style.register == "high"
    if not plan:
        return False
    return float(np.median([p.sung.midi for p in plan])) >= 63.5  # above E-flat 4: a high voice


def render_voice(
    song: Song,
    voice_id: str = "P1",
    style: SingerStyle = GUIDE,
    sr: int = 44100,
    start_s: float = 0.0,
    end_s: float | None = None,
) -> SyntheticTake:
    """Render a chart voice from ``start_s`` to ``end_s`` (song seconds).

    ``signal[0]`` sounds at ``start_s``; ``times`` are song seconds on a 10 ms grid and
    ``f0`` the exact sung frequency there (0 where nothing is sung). ``end_s`` defaults
    to half a second after the last sung note. About -20 dBFS RMS while singing.
    """
    plan = _plan(song, voice_id, style)
    if end_s is None:
        end_s = max((p.sung.start + p.sung.duration for p in plan), default=start_s) + 0.5
    n = max(0, int(round((end_s - start_s) * sr)))
    signal = np.zeros(n, dtype=np.float32)
    times = start_s + np.arange(int(np.ceil((end_s - start_s) / TRUTH_HOP_S - 1e-9))) * TRUTH_HOP_S
    f0 = np.zeros(times.size)
    female = _female(plan, style)
    tail_s = _TAIL_S + (1.2 * style.room_rt60_s if style.room_rt60_s > 0 else 0.0)
    amateur = dict(
        consonant_rate=style.consonant_rate, breathiness=style.breathiness, dynamics_db=style.dynamics_db,
        scoop_cents=style.scoop_cents, scoop_rate=style.scoop_rate, glide_s=style.glide_s,
        natural_vibrato=style.natural_vibrato,
    )
    if not female:
        amateur.update(fundamental_db=style.male_fundamental_db, subharmonic_db=style.male_subharmonic_db)
    lines: dict[int, list[_Planned]] = {}
    for p in plan:
        lines.setdefault(p.line, []).append(p)
    for line_no, group in lines.items():
        first = min(p.sung.start for p in group)
        last = max(p.sung.start + p.sung.duration for p in group)
        if last + tail_s < start_s or first - _MARGIN_S > end_s:
            continue
        # The line's render starts on the song's 10 ms grid, so truths line up exactly.
        t0 = np.floor((first - _MARGIN_S) / TRUTH_HOP_S) * TRUTH_HOP_S
        rap = sum(p.kind.is_rap for p in group) * 2 > len(group)
        local = [SungNote(p.sung.start - t0, p.sung.duration, p.sung.midi, p.sung.vowel) for p in group]
        take = sing(
            local, sr, seed=style.seed * 100_003 + line_no, duration=last - t0 + tail_s,
            female=female, vibrato_cents=style.vibrato_cents,
            breath_db=-20.0 if rap else -30.0, jitter_cents=25.0 if rap else 4.0,
            max_harmonic_hz=MAX_HARMONIC_HZ, **amateur,
        )
        line_signal = take.signal
        if style.room_rt60_s > 0:  # each line in the room, its whole tail kept
            line_signal = realistic.reverberate(line_signal.astype(np.float64), sr, style.room_rt60_s,
                                                seed=style.seed * 100_003 + line_no)
        _add_at(signal, line_signal, int(round((t0 - start_s) * sr)))
        idx = np.round((t0 + take.times - start_s) / TRUTH_HOP_S).astype(int)
        keep = (idx >= 0) & (idx < f0.size) & (take.f0 > 0)
        f0[idx[keep]] = take.f0[keep]
    if style.room_noise_dbfs is not None:
        signal += realistic.room_noise(n, sr, level_dbfs=style.room_noise_dbfs, hum_dbfs=style.room_hum_dbfs,
                                       seed=style.seed, offset=int(round(start_s * sr))).astype(np.float32)
    return SyntheticTake(signal, times, f0)


def _add_at(out: np.ndarray, part: np.ndarray, offset: int) -> None:
    a, b = max(0, offset), min(out.size, offset + part.size)
    if a < b:
        out[a:b] += part[a - offset : b - offset]
