"""The room check's reading, kept in the settings with the microphone mapping it was
measured for.

A reading describes one room *and* one mapping of players to inputs: swap two mics, move
a player to another channel or plug in another device, and the levels and the bleed are
someone else's. So the mapping is stored beside the numbers, and a reading is only handed
out for the mapping it was taken on. Settings key ``"room_check"`` (kept in
``Settings.extra``; the settings file keeps keys it does not know)::

    {"mapping": [{"device": "USB mic", "channel": 0}, {"device": null, "channel": 1}],
     "levels_db": [-20.0, -24.0], "bleed_db": [-12.0, -13.5]}
"""

from __future__ import annotations

from typing import Any, Sequence

from ..audio.devices import PlayerInput
from ..audio.mapping import player_mapping
from ..match.roomcheck import RoomLevels
from ..settings import Settings

ROOM_KEY = "room_check"
PLAYERS = 2  # a room check measures two singers


def _mapping_json(mapping: Sequence[PlayerInput]) -> list[dict[str, Any]]:
    return [{"device": m.device, "channel": int(m.channel)} for m in mapping[:PLAYERS]]


def save(settings: Settings, levels: RoomLevels, mapping: Sequence[PlayerInput]) -> None:
    """Keep ``levels`` as the reading for ``mapping`` (player 1 first), replacing any other."""
    if len(mapping) < PLAYERS:
        raise ValueError(f"a room check reading belongs to {PLAYERS} players' inputs, not {len(mapping)}")
    settings.extra[ROOM_KEY] = {"mapping": _mapping_json(mapping), **levels.to_json()}


def load(settings: Settings, mapping: Sequence[PlayerInput]) -> RoomLevels | None:
    """The stored reading if it was measured on ``mapping``; None when there is none, it
    is unreadable (an old or hand-edited file) or the mapping has changed since."""
    data = settings.extra.get(ROOM_KEY)
    if not isinstance(data, dict) or len(mapping) < PLAYERS:
        return None
    if data.get("mapping") != _mapping_json(mapping):
        return None
    return RoomLevels.from_json(data)


def forget(settings: Settings) -> bool:
    """Drop the stored reading (the mapping changed); True if there was one."""
    return settings.extra.pop(ROOM_KEY, None) is not None


def stage_reading(settings: Settings) -> RoomLevels | None:
    """The reading for the mapping the stage will open: the saved mapping, with players
    nobody mapped yet on the default input, as ``audio.mapping.player_mapping`` does."""
    return load(settings, player_mapping(settings, players=PLAYERS))
