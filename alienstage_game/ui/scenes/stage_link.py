"""From the menus to the stage (contract: /work/notes/contract-stage.md): a song and two
contestants become a DuelSetup and a StageScene."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence

from ...charts.library import SongEntry
from ...match.contestants import Contestant
from ...scoring import Difficulty
from ..app import Scene

# Extra keyword arguments for every StageScene the menus start (tests set a faster clock
# and no audio here: ``{"speed": 20.0, "play_audio": False, "sounds": False}``).
STAGE_OPTIONS: dict[str, Any] = {}


def song_source(entry: SongEntry | Path) -> dict[str, Path]:
    """``level_dir=`` for a level pack (the stage then uses its theme), else ``chart=``."""
    if isinstance(entry, SongEntry) and entry.level is not None:
        return {"level_dir": entry.level.folder}
    path = entry.path if isinstance(entry, SongEntry) else Path(entry)
    if path.is_dir():
        return {"level_dir": path}
    return {"chart": path}


def duel_setup(entry: SongEntry | Path, pair: Sequence[Contestant], difficulty: Difficulty,
               seed: int = 0, extras: dict | None = None, *, pass_the_mic: bool = False,
               turns: Any = None) -> Any:
    """Two contestants as the stage's seats: a CPU rival sings from its skill profile, a human
    from the microphone mapped for the seat (seat 1 = player 1's mic, seat 2 = player 2's).
    Pass the mic: the humans share player 1's microphone, taking turns by ``turns`` (by
    default by verse, or by voice in a duet); a CPU rival sings its own turns. Two humans on their own mics bring
    the mic setup's room check along (``DuelSetup.room``), when it matches the mapping."""
    from ...match.passmic import TurnUnit
    from ...show.setup import DuelSetup, SeatSource, SeatSpec, SourceKind

    seats = []
    for index, person in enumerate(pair):
        if person.is_cpu:
            source = SeatSource.cpu(rival=person.id, seed=seed + index)
        else:
            source = SeatSource.shared_mic() if pass_the_mic else SeatSource.mic(player=index)
        seats.append(SeatSpec(person.name, tuple(person.colour), source))
    turns = (turns or TurnUnit.AUTO) if pass_the_mic else None  # the player's choice: by line, verse or voice
    both_mics = all(s.source.kind is SourceKind.MIC for s in seats)
    return DuelSetup(seats=tuple(seats), difficulty=difficulty, extras=dict(extras or {}), turns=turns,
                     room=stored_room() if both_mics else None, hear_original=hear_original(),
                     **song_source(entry))


def hear_original() -> bool:
    """The settings' "Duel backing": the song as recorded instead of its #INSTRUMENTAL."""
    from ... import settings as settings_io
    from . import prefs

    return prefs.Preferences.read(settings_io.load()).hear_original


def stored_room() -> Any:
    """The mic setup's room check, if it was measured on the mapping the stage will open."""
    from ... import settings as settings_io
    from ...show import room

    return room.stage_reading(settings_io.load())


def stage_scene(setup: Any, on_finish: Callable[[Any, Any], None] | None = None) -> Scene:
    from .stage import StageScene

    return StageScene(setup, on_finish=on_finish, **STAGE_OPTIONS)
