"""The menu's view of the saved settings: typed values with defaults, read from and written
to ``alienstage_game.settings`` (one JSON file, unknown keys kept).

A key that ``Settings`` declares as a field is used as that field; any other key lives in
``Settings.extra``, so these choices survive even before (or without) a matching field, and
a field added later by the audio code takes over the same key without a migration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ... import settings as settings_io
from ...scoring import Difficulty

# A dotted key lives in a nested object: the audio package owns "audio" (contract-audio.md)
# and reads the manual offset and the output device from there.
DEFAULTS: dict[str, Any] = {
    "audio.manual_offset_ms": 0.0,  # manual latency offset the player sets, on top of calibration
    "audio.output": None,           # output device name; None = the system default
    "difficulty": Difficulty.MEDIUM.value,
    "fullscreen": False,
    "volume_music": 0.8,
    "volume_effects": 0.7,
    "volume_monitor": 0.0,          # how loud the mics are played back to the singers
    "duel_backing": "instrumental",  # a chart's #INSTRUMENTAL in duels (karaoke), or "original"
}


def get(settings: settings_io.Settings, key: str) -> Any:
    head, _, tail = key.partition(".")
    if head in _fields(settings):
        value = getattr(settings, head)
    else:
        value = settings.extra.get(head)
    if tail:
        value = value.get(tail) if isinstance(value, dict) else None
    return DEFAULTS.get(key) if value is None else value


def put(settings: settings_io.Settings, key: str, value: Any) -> None:
    head, _, tail = key.partition(".")
    if tail:
        holder = getattr(settings, head) if head in _fields(settings) else settings.extra.get(head)
        if not isinstance(holder, dict):
            holder = {}
            put(settings, head, holder)
        holder[tail] = value
    elif head in _fields(settings):
        setattr(settings, head, value)
    else:
        settings.extra[head] = value


def _fields(settings: settings_io.Settings) -> set[str]:
    return {name for name in getattr(settings, "__dataclass_fields__", {}) if name != "extra"}


@dataclass
class Preferences:
    """What the settings scene edits."""

    latency_offset_ms: float
    difficulty: Difficulty
    fullscreen: bool
    volume_music: float
    volume_effects: float
    volume_monitor: float
    output_device: str | None
    hear_original: bool = False  # duels play the song as recorded, not its #INSTRUMENTAL

    @classmethod
    def read(cls, settings: settings_io.Settings) -> "Preferences":
        def number(key: str, low: float, high: float) -> float:
            value = get(settings, key)
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                value = DEFAULTS[key]
            return float(min(high, max(low, value)))

        try:
            difficulty = Difficulty(get(settings, "difficulty"))
        except ValueError:
            difficulty = Difficulty.MEDIUM
        device = get(settings, "audio.output")
        return cls(
            latency_offset_ms=number("audio.manual_offset_ms", -500.0, 500.0),
            difficulty=difficulty,
            fullscreen=bool(get(settings, "fullscreen")),
            volume_music=number("volume_music", 0.0, 1.0),
            volume_effects=number("volume_effects", 0.0, 1.0),
            volume_monitor=number("volume_monitor", 0.0, 1.0),
            output_device=device if isinstance(device, str) else None,
            hear_original=get(settings, "duel_backing") == "original",
        )

    def write(self, settings: settings_io.Settings) -> None:
        put(settings, "audio.manual_offset_ms", round(self.latency_offset_ms, 1))
        put(settings, "difficulty", self.difficulty.value)
        put(settings, "fullscreen", self.fullscreen)
        put(settings, "volume_music", round(self.volume_music, 2))
        put(settings, "volume_effects", round(self.volume_effects, 2))
        put(settings, "volume_monitor", round(self.volume_monitor, 2))
        put(settings, "audio.output", self.output_device)
        put(settings, "duel_backing", "original" if self.hear_original else "instrumental")


def load() -> tuple[settings_io.Settings, Preferences]:
    saved = settings_io.load()
    return saved, Preferences.read(saved)


def save(saved: settings_io.Settings, prefs: Preferences) -> None:
    prefs.write(saved)
    settings_io.save(saved)
