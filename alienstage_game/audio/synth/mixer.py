"""From arrangement to stereo samples: place every hit and note on the chart's beat grid,
mix the stems, then master to the loudness target under a peak ceiling."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .arrangement import DRUMS, Arrangement
from .colours import (BASS_CUTOFF, EXTRA_DRUMS, KEYS_CUTOFF, PAD_CUTOFF, bass_voice, keys_note, kit_hat,
                      kit_kick, kit_snare, lead_voice, pad_voice)
from .dsp import highpass, lowpass, peak_limit
from .instruments import bass_note, hat, kick, lead_note, pad_chord, snare
from .loudness import integrated_loudness, peak_dbfs

PEAK_CEILING_DBFS = -1.5  # leaves room for the codec's overshoot under -1 dBFS
BASS_LOW, PAD_LOW, PAD_HIGH = 36, 53, 65  # MIDI: bass roots C2..B2, pads F3..E4
LEAD_OCTAVE = 12  # the hint whistles an octave above the singer
PANS = {"kick": 0.0, "snare": -0.08, "hat": 0.3, "bass": 0.0, "lead": 0.05,
        "clap": 0.1, "tom": -0.35, "ohat": 0.35, "crash": -0.25, "keys": -0.3}
SECTION_RAMP_SECONDS = 0.03  # per-section mix changes glide instead of clicking
DRUM_VARIANTS = 4  # distinct noise takes per drum, cycled, so hits are not clones


@dataclass
class Backing:
    samples: np.ndarray  # (frames, 2) float32 in [-1, 1]
    rate: int
    loudness_lufs: float
    peak_dbfs: float

    @property
    def seconds(self) -> float:
        return self.samples.shape[0] / self.rate


def _pan(mono: np.ndarray, pan: float) -> np.ndarray:
    """Constant-power pan, -1 left .. +1 right."""
    angle = (pan + 1.0) * np.pi / 4.0
    return np.stack([mono * np.cos(angle), mono * np.sin(angle)], axis=1) * np.sqrt(2.0)


def _held_marks(row: str):
    """(step, mark, length in steps) of each played mark in a pattern row: ``-`` holds the
    note before it, ``.`` rests."""
    for offset, mark in enumerate(row):
        if mark in "-.":
            continue
        length = 1
        while offset + length < len(row) and row[offset + length] == "-":
            length += 1
        yield offset, mark, length


def _add(stem: np.ndarray, start: int, sound: np.ndarray) -> None:
    end = min(start + sound.shape[0], stem.shape[0])
    if end > start >= 0:
        stem[start:end] += sound[: end - start]


class _Renderer:
    def __init__(self, arrangement: Arrangement, bars: int) -> None:
        self.arr = arrangement
        self.rate = arrangement.sample_rate
        self.bars = bars
        self.end_step = bars * arrangement.steps_per_bar
        seconds = arrangement.step_seconds(self.end_step) + arrangement.tail_seconds
        self.frames = int(round(seconds * self.rate))
        self.rng = np.random.default_rng(arrangement.seed)

    def at(self, step: float) -> int:
        return int(round(self.arr.step_seconds(step) * self.rate))

    def band_at(self, step: int) -> int:
        """Where the band plays a step: off-beat sixteenths late by the swing."""
        return self.at(step + self.arr.swing if step % 2 and self.arr.swing else step)

    def stem(self) -> np.ndarray:
        return np.zeros((self.frames, 2))

    def drums(self) -> dict[str, np.ndarray]:
        """Stems of the classic three drums always (the first band's mix), others when used."""
        used = {name for pattern in self.arr.drums.values() for name in pattern.hits}
        names = [name for name in DRUMS if name in ("kick", "snare", "hat") or name in used]
        takes = {name: [self.drum_take(name) for _ in range(DRUM_VARIANTS)] for name in names}
        stems = {name: np.zeros(self.frames) for name in names}
        count = dict.fromkeys(names, 0)
        bar_in_section, previous = 0, None
        for first, _chord, section in self.arr.bar_chords()[: self.bars]:
            bar_in_section = bar_in_section + 1 if section is previous else 0
            previous = section
            pattern = section.drums_in_bar(bar_in_section)
            if pattern is None:
                continue
            for name, row in self.arr.drums[pattern].hits.items():
                for offset, mark in enumerate(row):
                    if mark == ".":
                        continue
                    velocity = 1.0 if mark == "X" else 0.62
                    take = takes[name][count[name] % DRUM_VARIANTS]
                    count[name] += 1
                    _add(stems[name], self.band_at(first + offset), take * velocity)
        return {name: _pan(mono, PANS[name]) for name, mono in stems.items()}

    def drum_take(self, name: str) -> np.ndarray:
        kit = self.arr.colours["kit"]
        if name in EXTRA_DRUMS:
            return EXTRA_DRUMS[name](self.rate, self.rng)
        if kit == "classic":
            return {"kick": kick, "snare": snare, "hat": hat}[name](self.rate, self.rng)
        return {"kick": kit_kick, "snare": kit_snare, "hat": kit_hat}[name](kit, self.rate, self.rng)

    def bass(self) -> np.ndarray:
        mono = np.zeros(self.frames)
        for first, chord, section in self.arr.bar_chords()[: self.bars]:
            if section.bass is None:
                continue
            for offset, mark, length in _held_marks(self.arr.bass[section.bass].steps):
                root = BASS_LOW + (chord.root - BASS_LOW) % 12
                seconds = length * self.arr.seconds_per_step * 0.94  # a hair of air between notes
                _add(mono, self.band_at(first + offset), self.bass_sound(root + chord.tone(mark), seconds))
        colour = self.arr.colours["bass"]
        return _pan(lowpass(mono, BASS_CUTOFF[colour], self.rate, poles=2), PANS["bass"])

    def bass_sound(self, midi: int, seconds: float) -> np.ndarray:
        colour = self.arr.colours["bass"]
        if colour == "saw":
            return bass_note(midi, seconds, self.rate)
        return bass_voice(colour, midi, seconds, self.rate)

    def keys(self) -> np.ndarray:
        """Arpeggios (one chord tone per mark) and stabs (C: the whole chord)."""
        mono = np.zeros(self.frames)
        colour, low = self.arr.colours["keys"], self.arr.keys_low
        for first, chord, section in self.arr.bar_chords()[: self.bars]:
            if section.keys is None:
                continue
            for offset, mark, length in _held_marks(self.arr.keys[section.keys].steps):
                seconds = length * self.arr.seconds_per_step * 0.9
                root = low + (chord.root - low) % 12
                if mark == "C":
                    tones = chord.voicing(low, low + 12)
                    sound = sum(keys_note(colour, m, seconds, self.rate) for m in tones) / np.sqrt(len(tones))
                else:
                    sound = keys_note(colour, root + chord.tone("R" if mark == "1" else mark), seconds, self.rate)
                _add(mono, self.band_at(first + offset), sound)
        return _pan(lowpass(mono, KEYS_CUTOFF[colour], self.rate), PANS["keys"])

    def pad(self) -> np.ndarray:
        stem = self.stem()
        bars = [b for b in self.arr.bar_chords()[: self.bars]]
        index = 0
        while index < len(bars):
            first, chord, section = bars[index]
            span = 1  # a chord held over several bars is one note, not re-attacked
            while (index + span < len(bars) and bars[index + span][1] == chord
                   and bars[index + span][2].pad == section.pad):
                span += 1
            if section.pad:
                seconds = span * self.arr.steps_per_bar * self.arr.seconds_per_step
                last = index + span == len(bars)
                release = min(max(self.arr.tail_seconds * 0.85, 0.9), 2.5) if last else 0.9
                voicing = chord.voicing(PAD_LOW, PAD_HIGH)
                colour = self.arr.colours["pad"]
                sound = (pad_chord(voicing, seconds, self.rate, release) if colour == "saw"
                         else pad_voice(colour, voicing, seconds, self.rate, release))
                _add(stem, self.at(first), sound)
            index += span
        return lowpass(stem, PAD_CUTOFF[self.arr.colours["pad"]], self.rate, poles=2)

    def lead(self) -> np.ndarray:
        mono = np.zeros(self.frames)
        sections = {first: section for first, _c, section in self.arr.bar_chords()}
        for note in self.arr.melody:
            if note.beat >= self.end_step:
                continue
            bar_first = note.beat - note.beat % self.arr.steps_per_bar
            if not sections.get(bar_first, None) or not sections[bar_first].lead:
                continue
            seconds = note.length * self.arr.seconds_per_step
            gain = 1.25 if note.golden else 1.0
            colour = self.arr.colours["lead"]
            sound = (lead_note(note.midi + LEAD_OCTAVE, seconds, self.rate) if colour == "whistle"
                     else lead_voice(colour, note.midi + LEAD_OCTAVE, seconds, self.rate))
            _add(mono, self.at(note.beat), sound * gain)
        return _pan(mono, PANS["lead"])

    def section_gain(self, name: str) -> np.ndarray | None:
        """Per-sample gain from the sections' mix offsets for ``name`` (None: all 0 dB)."""
        offsets = [dict(section.mix).get(name, 0.0) for _f, _c, section in self.arr.bar_chords()[: self.bars]]
        if not any(offsets):
            return None
        gain = np.ones(self.frames)
        ramp = max(int(SECTION_RAMP_SECONDS * self.rate), 1)
        level = 1.0
        for bar, offset in enumerate(offsets):
            target = 10.0 ** (offset / 20.0)
            start = self.at(bar * self.arr.steps_per_bar)
            end = self.at((bar + 1) * self.arr.steps_per_bar) if bar + 1 < len(offsets) else self.frames
            gain[start:end] = target
            glide = min(ramp, end - start)
            gain[start:start + glide] = np.linspace(level, target, glide, endpoint=False)
            level = target
        return gain

    def echo(self, send: np.ndarray) -> np.ndarray:
        """Tempo-locked echo: a dotted eighth on the left, a quarter on the right."""
        out = np.zeros_like(send)
        for side, steps, gain in ((0, 3, 0.3), (1, 4, 0.26)):
            delay = int(round(steps * self.arr.seconds_per_step * self.rate))
            out[delay:, side] += send[:-delay, side] * gain
            out[2 * delay:, side] += send[: -2 * delay, side] * gain * 0.45
        return lowpass(out, 2800.0, self.rate)


def render_stems(arrangement: Arrangement, bars: int | None = None) -> dict[str, np.ndarray]:
    """Each instrument's stereo stem at unit gain, for the first ``bars`` bars (all by default)."""
    renderer = _Renderer(arrangement, arrangement.bars if bars is None else min(bars, arrangement.bars))
    stems = renderer.drums()
    stems["bass"] = renderer.bass()
    stems["pad"] = renderer.pad()
    if any(section.keys for section in arrangement.sections):
        stems["keys"] = renderer.keys()
    stems["lead"] = renderer.lead()
    for name, stem in stems.items():
        gain = renderer.section_gain(name)
        if gain is not None:
            stem *= gain[:, None]
    send = stems["lead"] + 0.35 * stems["snare"]
    if "keys" in stems:
        send = send + 0.3 * stems["keys"]
    stems["echo"] = renderer.echo(send)
    return stems


def mix_stems(arrangement: Arrangement, stems: dict[str, np.ndarray]) -> np.ndarray:
    gains = dict(arrangement.mix_db, echo=arrangement.mix_db["lead"])
    total = sum(stem * 10.0 ** (gains[name] / 20.0) for name, stem in stems.items())
    return highpass(total, 25.0, arrangement.sample_rate)  # no DC or sub-bass rumble


def master(mix: np.ndarray, rate: int, target_lufs: float, ceiling_dbfs: float = PEAK_CEILING_DBFS) -> np.ndarray:
    """Gain to ``target_lufs``, limiting the few peaks that would pass the ceiling.

    The limiter lowers loudness a little, so gain and limiting alternate until the
    loudness settles (three rounds are plenty for a mix whose peaks are drum hits).
    """
    ceiling = 10.0 ** (ceiling_dbfs / 20.0)
    out = mix
    for _ in range(4):
        loudness = integrated_loudness(out, rate)
        if not np.isfinite(loudness):
            return out
        out = peak_limit(out * 10.0 ** ((target_lufs - loudness) / 20.0), ceiling, rate)
    fade = min(int(0.02 * rate), out.shape[0])
    out[out.shape[0] - fade:] *= np.linspace(1.0, 0.0, fade)[:, None]
    return np.clip(out, -ceiling, ceiling)


def render_backing(arrangement: Arrangement, bars: int | None = None) -> Backing:
    """The mastered backing track (or its first ``bars`` bars)."""
    rate = arrangement.sample_rate
    mix = mix_stems(arrangement, render_stems(arrangement, bars))
    samples = master(mix, rate, arrangement.loudness_lufs).astype(np.float32)
    return Backing(samples, rate, integrated_loudness(samples, rate), peak_dbfs(samples))
