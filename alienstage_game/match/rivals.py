"""CPU rivals: a skill profile sings a chart voice as the pitch tracker would hear it.

A performance is planned note by note (when each note starts and ends, at what pitch,
whether it is sung at all), then sampled on the tracker's 10 ms grid in song time. All
randomness comes from one seed, so the same rival sings the same way every time, and the
frames are computed once: streaming them by song time or taking them whole gives the
same list.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import asdict, dataclass, fields
from typing import Iterable

import numpy as np
from scipy.signal import lfilter

from ..charts.model import NoteKind, Song
from ..pitch.frame import PitchFrame, midi_to_hz

FRAME_RATE = 100  # the tracker's hop: 10 ms
ROOM_DB = -65.0  # level of a quiet room between phrases
SCOOP_CENTS = 35.0  # singers land on a note from slightly below
SCOOP_S = 0.03
VIBRATO_DELAY_S = 0.15  # vibrato fades in after the onset...
VIBRATO_RAMP_S = 0.25  # ...over this long
WOBBLE_TAU_S = 0.08  # pitch drift changes on this time scale


@dataclass(frozen=True)
class SkillProfile:
    """How a CPU contestant sings. Cents are hundredths of a semitone.

    Per note: the pitch lands ``pitch_bias_cents`` + N(0, ``pitch_error_cents``) off, or a
    whole semitone or two off with ``sour_note_rate``, or an octave off with
    ``octave_slip_rate`` (the judge folds octaves, so this costs nothing but looks human).
    Onsets come ``late_start_ms`` late on average, onsets and releases jitter by
    N(0, ``timing_jitter_ms``). ``dropout_rate`` skips single notes,
    ``line_dropout_rate`` whole lines. Within a note the pitch drifts by ``wobble_cents``
    (smooth noise) and, on longer notes, swings ``vibrato_cents`` at ``vibrato_hz``.
    """

    pitch_error_cents: float
    pitch_bias_cents: float = 0.0
    wobble_cents: float = 6.0
    sour_note_rate: float = 0.0
    timing_jitter_ms: float = 15.0
    late_start_ms: float = 0.0
    dropout_rate: float = 0.0
    line_dropout_rate: float = 0.0
    vibrato_cents: float = 0.0
    vibrato_hz: float = 5.5
    octave_shift: int = 0
    octave_slip_rate: float = 0.0
    level_db: float = -18.0

    def to_dict(self) -> dict[str, float | int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "SkillProfile":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True, slots=True)
class PlannedNote:
    """One note the rival actually sings (dropped notes have none)."""

    line_index: int
    note_index: int  # index within the line
    kind: NoteKind
    start_s: float
    end_s: float
    midi: float  # the pitch it aims at, errors included


def _seed_sequence(seed: int, voice_id: str) -> np.random.SeedSequence:
    return np.random.SeedSequence([int(seed) & 0xFFFFFFFF, zlib.crc32(voice_id.encode())])


def plan_notes(song: Song, profile: SkillProfile, voice_id: str = "P1", seed: int = 0,
               lines: Iterable[int] | None = None) -> list[PlannedNote]:
    """Decide when and at what pitch each note is sung.

    Random draws are made for every note of the voice, in order, whether or not its line
    is selected: restricting ``lines`` never changes how the other lines are sung.
    """
    voice = song.voice(voice_id)
    clock = song.clock
    rng = np.random.default_rng(_seed_sequence(seed, voice_id).spawn(2)[0])
    wanted = None if lines is None else set(lines)
    jitter = profile.timing_jitter_ms / 1000.0
    plan: list[PlannedNote] = []
    for li, line in enumerate(voice.lines):
        line_lost = rng.random() < profile.line_dropout_rate
        for ni, note in enumerate(line.notes):
            draws = rng.random(6)
            normals = rng.standard_normal(3)
            if line_lost or (wanted is not None and li not in wanted):
                continue
            if draws[0] < profile.dropout_rate:
                continue
            start = clock.beat_to_ms(note.beat) / 1000.0
            end = clock.beat_to_ms(note.end_beat) / 1000.0
            onset = start + profile.late_start_ms / 1000.0 + normals[0] * jitter
            release = end - 0.02 + normals[1] * jitter * 0.5
            cents = profile.pitch_bias_cents + normals[2] * profile.pitch_error_cents
            if draws[1] < profile.sour_note_rate:
                cents += (100.0 if draws[3] < 0.5 else -100.0) * (2 if draws[4] < 0.3 else 1)
            octave = profile.octave_shift
            if draws[2] < profile.octave_slip_rate:
                octave += 1 if draws[5] < 0.5 else -1
            midi = note.midi + 12 * octave + cents / 100.0
            plan.append(PlannedNote(li, ni, note.kind, onset, max(release, onset + 0.03), midi))
    plan.sort(key=lambda p: p.start_s)
    # A note cannot start before the previous one ended: a late release becomes legato.
    fixed: list[PlannedNote] = []
    for note in plan:
        if fixed and fixed[-1].end_s > note.start_s:
            prev = fixed[-1]
            cut = max(prev.start_s + 0.02, note.start_s)
            fixed[-1] = PlannedNote(prev.line_index, prev.note_index, prev.kind, prev.start_s, cut, prev.midi)
            if note.start_s < cut:
                note = PlannedNote(note.line_index, note.note_index, note.kind, cut,
                                   max(note.end_s, cut + 0.02), note.midi)
        fixed.append(note)
    return fixed


def _smooth_noise(rng: np.random.Generator, n: int) -> np.ndarray:
    """Unit-variance noise that drifts on a WOBBLE_TAU_S time scale (AR(1))."""
    a = math.exp(-1.0 / (FRAME_RATE * WOBBLE_TAU_S))
    white = rng.standard_normal(n) * math.sqrt(1.0 - a * a)
    out, _ = lfilter([1.0], [1.0, -a], white, zi=[rng.standard_normal() * a])
    return out


def render_frames(plan: list[PlannedNote], profile: SkillProfile, seed: int, voice_id: str,
                  end_s: float) -> list[PitchFrame]:
    """Sample the plan on the 10 ms grid from 0 to ``end_s`` as tracker-like frames."""
    n = max(0, int(math.floor(end_s * FRAME_RATE + 1e-9)) + 1)
    rng = np.random.default_rng(_seed_sequence(seed, voice_id).spawn(2)[1])
    times = np.arange(n) / FRAME_RATE
    wobble = _smooth_noise(rng, n) * profile.wobble_cents
    level_noise = rng.standard_normal(n)
    conf_noise = rng.standard_normal(n)
    room_conf = rng.uniform(0.05, 0.4, n)
    vib_phase = rng.uniform(0.0, 2 * math.pi, max(1, len(plan)))
    note_gain = rng.normal(0.0, 1.5, max(1, len(plan)))

    midi = np.zeros(n)
    voiced = np.zeros(n, dtype=bool)
    level = ROOM_DB + 2.0 * level_noise
    prev_end, prev_midi = -1.0, None
    for i, note in enumerate(plan):
        k0 = max(0, int(math.ceil(note.start_s * FRAME_RATE - 1e-9)))
        k1 = min(n, int(math.ceil(note.end_s * FRAME_RATE - 1e-9)))
        if k1 <= k0:
            continue
        t = times[k0:k1] - note.start_s
        legato = prev_midi is not None and note.start_s - prev_end < 0.02
        if legato:  # glide from the previous pitch
            scoop = (prev_midi - note.midi) * np.exp(-t / SCOOP_S)
        else:
            scoop = -SCOOP_CENTS / 100.0 * np.exp(-t / SCOOP_S)
        ramp = np.clip((t - VIBRATO_DELAY_S) / VIBRATO_RAMP_S, 0.0, 1.0)
        vibrato = profile.vibrato_cents / 100.0 * ramp * np.sin(2 * math.pi * profile.vibrato_hz * t + vib_phase[i])
        midi[k0:k1] = note.midi + scoop + vibrato + wobble[k0:k1] / 100.0
        voiced[k0:k1] = True
        attack = np.minimum(t / 0.03, 1.0)
        level[k0:k1] = (profile.level_db + note_gain[i] - 12.0 * (1.0 - attack) - 1.5 * t
                        + 0.8 * level_noise[k0:k1])
        prev_end, prev_midi = note.end_s, note.midi

    confidence = np.where(voiced, np.clip(0.92 + 0.03 * conf_noise, 0.6, 1.0), room_conf)
    frames: list[PitchFrame] = []
    for k in range(n):
        t = k / FRAME_RATE
        if voiced[k]:
            frames.append(PitchFrame.sung(t, midi_to_hz(float(midi[k])), float(confidence[k]), float(level[k])))
        else:
            frames.append(PitchFrame.unvoiced(t, float(confidence[k]), float(level[k])))
    return frames


class RivalPerformance:
    """A CPU contestant singing one voice of a chart, as PitchFrames in song time.

    ``frames`` is the whole take; ``frames_until(t)`` hands out the frames up to song time
    ``t`` not handed out before, for the live stage.
    """

    def __init__(self, song: Song, profile: SkillProfile, voice_id: str = "P1", seed: int = 0,
                 *, end_s: float | None = None, lines: Iterable[int] | None = None) -> None:
        self.song = song
        self.profile = profile
        self.voice_id = song.voice(voice_id).id
        self.seed = seed
        self.planned = plan_notes(song, profile, self.voice_id, seed, lines)
        if end_s is None:
            last = song.clock.beat_to_ms(song.voice(self.voice_id).end_beat) / 1000.0
            end_s = max(last, max((p.end_s for p in self.planned), default=0.0)) + 1.0
        self.end_s = end_s
        self.frames = render_frames(self.planned, profile, seed, self.voice_id, end_s)
        self._next = 0

    def frames_until(self, song_time: float) -> list[PitchFrame]:
        """Frames with ``time <= song_time`` that earlier calls have not returned."""
        start = self._next
        # frame k is at k / FRAME_RATE s, so the frames up to t are those with k <= t * rate
        stop = min(len(self.frames), max(start, math.floor(song_time * FRAME_RATE + 1e-6) + 1))
        self._next = stop
        return self.frames[start:stop]

    @property
    def done(self) -> bool:
        return self._next >= len(self.frames)

    def reset(self) -> None:
        self._next = 0


def perform(song: Song, profile: SkillProfile, voice_id: str = "P1", seed: int = 0) -> list[PitchFrame]:
    """The whole performance at once."""
    return RivalPerformance(song, profile, voice_id, seed).frames
