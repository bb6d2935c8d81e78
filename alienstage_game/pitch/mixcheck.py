"""Is this an isolated vocal, or a full mix? A draft chart needs the former.

A transcription follows the loudest pitched line, so on a full mix it charts the bass
(or whatever else is loud) with no complaint. Two things a band adds that a voice
alone, even on a phone in a noisy room, does not:

- loud but unvoiced: a mix keeps sounding loudly between phrases and under notes where
  the tracker finds no single clear pitch (chords, drums, a bass under a voice); a voice
  alone is either singing (voiced) or quiet. On 16 real amateur takes at most 20 % of
  the loud frames are unvoiced (consonants, breaths); under a band as loud as the voice,
  68-95 %; with the band 6 dB down, 25-56 %;
- low-frequency energy: kick drum and bass put a share of the energy below ``LOW_HZ``
  (a sung voice's fundamental is there only for the lowest male notes, and is weak).
  Alone it is not enough (one real take has 16 % there: a phone's rumble), so it only
  confirms a take that is already half way.

(Percussive energy by HPSS was measured too and dropped: real takes' consonants and
clicks gave 2-35 %, a band 14-25 %.) ``bench transcribe`` prints both measures for
every real take, the synthetic voices and generated mixes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LOW_HZ = 120.0
LOUD_UNVOICED = 0.4  # of the loud frames (within 20 dB of the take's loud level), unvoiced: a mix
HALF_LOUD_UNVOICED = 0.25  # ...or this many, with LOW_SHARE of the energy below LOW_HZ
LOW_SHARE = 0.05
LOUD_RANGE_DB = 20.0


@dataclass(frozen=True, slots=True)
class MixCheck:
    low_share: float
    loud_unvoiced: float

    @property
    def is_mix(self) -> bool:
        return self.loud_unvoiced >= LOUD_UNVOICED or (
            self.loud_unvoiced >= HALF_LOUD_UNVOICED and self.low_share >= LOW_SHARE)

    def warning(self) -> str:
        return (f"this sounds like a full mix, not an isolated vocal ({self.loud_unvoiced:.0%} of the loud "
                f"sound has no single sung pitch, {self.low_share:.0%} of the energy is below {LOW_HZ:g} Hz): "
                "the draft may follow the band, not the voice. Give the vocal track alone (a stem, or "
                "separate it first) for a usable draft")


def check_mix(y: np.ndarray, sr: int, voiced: np.ndarray, level_db: np.ndarray) -> MixCheck:
    """Both measures of a mono take, given the tracker's voicing and level (dB) per
    frame (any frame rate)."""
    y = np.asarray(y, dtype=np.float32)
    if y.size < 2048 or not np.any(y):
        return MixCheck(0.0, 0.0)
    spectrum = np.abs(np.fft.rfft(y.astype(np.float64))) ** 2
    freqs = np.fft.rfftfreq(y.size, 1.0 / sr)
    low_share = float(spectrum[freqs < LOW_HZ].sum()) / (float(spectrum.sum()) or 1.0)
    level_db = np.asarray(level_db, dtype=np.float64)
    voiced = np.asarray(voiced, dtype=bool)[: level_db.size]
    level_db = level_db[: voiced.size]
    if level_db.size == 0:
        return MixCheck(low_share, 0.0)
    loud = level_db >= np.percentile(level_db, 95) - LOUD_RANGE_DB
    return MixCheck(low_share, float(np.mean(~voiced[loud])) if loud.any() else 0.0)
