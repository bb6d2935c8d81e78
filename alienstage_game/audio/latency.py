"""Input latency as the settings keep it: a measured offset per input device plus the
player's manual offset. Capture subtracts their sum from every block's song time.

Positive offsets mean the microphone's sound is stamped late (the game hears the
player after they sang); both are stored in milliseconds, under settings key "audio".
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from ..settings import Settings
from .devices import PlayerInput, resolve
from .mapping import audio_settings

GOOD_ENOUGH = 0.3  # a confidence below this (or fewer than 3 agreeing clicks) is no measurement


@dataclass(frozen=True)
class Calibration:
    """One automatic measurement of an input device's offset."""

    input: str  # input device id
    output: str  # output device name the clicks were played on
    offset_s: float  # median (heard - played) song time, outliers rejected
    spread_s: float  # median absolute deviation of the kept clicks
    confidence: float  # 0..1: share of clicks found and kept, discounted by spread
    clicks: int  # clicks played
    kept: int  # clicks that agreed

    @property
    def ok(self) -> bool:
        """Good enough to replace what the settings hold."""
        return self.kept >= 3 and self.confidence >= GOOD_ENOUGH and math.isfinite(self.offset_s)

    def describe(self) -> str:
        return (f"input {self.input!r} via output {self.output!r}: offset {self.offset_s * 1000:+.1f} ms "
                f"(spread {self.spread_s * 1000:.1f} ms, {self.kept}/{self.clicks} clicks, "
                f"confidence {self.confidence:.2f})")


def _device_key(device: str | None) -> str:
    dev = resolve(device, "input")
    return dev.id if dev is not None else (device or "")


def save_calibration(settings: Settings, cal: Calibration) -> bool:
    """Remember ``cal`` for its input device (the caller saves the settings); a failed
    measurement (``not cal.ok``) keeps the value there was, and returns False."""
    if not cal.ok:
        return False
    table = audio_settings(settings).setdefault("calibration", {})
    if not isinstance(table, dict):
        table = audio_settings(settings)["calibration"] = {}
    record = asdict(cal)
    table[cal.input] = {
        "offset_ms": round(cal.offset_s * 1000, 2), "spread_ms": round(cal.spread_s * 1000, 2),
        "confidence": round(cal.confidence, 3), "output": record["output"],
        "clicks": cal.clicks, "kept": cal.kept,
    }
    return True


def stored_offset_s(settings: Settings, device: str | None) -> float | None:
    """The measured offset of an input device (by name; None = default input)."""
    table = audio_settings(settings).get("calibration")
    if not isinstance(table, dict):
        return None
    entry: Any = table.get(_device_key(device)) or table.get(device or "")
    try:
        value = float(entry["offset_ms"]) / 1000.0
    except (TypeError, KeyError, ValueError, OverflowError):
        return None
    return value if math.isfinite(value) and abs(value) < 2.0 else None  # a hand-edited file


def manual_offset_s(settings: Settings) -> float:
    try:
        value = float(audio_settings(settings).get("manual_offset_ms", 0.0)) / 1000.0
    except (TypeError, ValueError, OverflowError):
        return 0.0
    return value if math.isfinite(value) and abs(value) < 2.0 else 0.0


def set_manual_offset(settings: Settings, seconds: float) -> None:
    audio_settings(settings)["manual_offset_ms"] = round(seconds * 1000.0, 2)


def input_offset_s(settings: Settings, device: str | None) -> float:
    """What capture subtracts for this device: measured offset (0 if never measured)
    plus the manual offset."""
    return (stored_offset_s(settings, device) or 0.0) + manual_offset_s(settings)


def capture_offsets(settings: Settings, inputs: list[PlayerInput]) -> dict[str, float]:
    """``Capture(offsets=...)`` for these players: keyed by ``PlayerInput.device or ""``."""
    return {p.device or "": input_offset_s(settings, p.device) for p in inputs}
