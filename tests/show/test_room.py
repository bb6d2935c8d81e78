"""The room check's reading: kept in the settings with its mapping, handed out only for
that mapping, and given to the duel's crosstalk gate from the first frame."""

from __future__ import annotations

import json

import pytest

from alienstage_game import settings as settings_io
from alienstage_game.audio.devices import PlayerInput
from alienstage_game.audio.mapping import set_player_mapping
from alienstage_game.match.contestants import Contestant
from alienstage_game.match.roomcheck import RoomLevels
from alienstage_game.scoring import Difficulty
from alienstage_game.scoring.autoplay import sung_frames
from alienstage_game.show import DuelSetup, FramesPerformer, ManualClock, SeatSource, SeatSpec, ShowSession, room
from show.short_show import write_level

READING = RoomLevels(levels_db=(-18.5, -26.0), bleed_db=(-12.0, -14.5))
MAPPING = [PlayerInput("Stage USB mic", 0), PlayerInput("Stage USB mic", 1)]


def test_a_reading_survives_a_restart_with_its_mapping_and_other_keys():
    cfg = settings_io.load()
    cfg.extra["from_a_newer_game"] = {"keep": True}
    set_player_mapping(cfg, MAPPING)
    room.save(cfg, READING, MAPPING)
    settings_io.save(cfg)
    data = json.loads(settings_io.settings_path().read_text())
    assert data[room.ROOM_KEY]["mapping"] == [{"device": "Stage USB mic", "channel": 0},
                                              {"device": "Stage USB mic", "channel": 1}]
    again = settings_io.load()
    assert room.load(again, MAPPING) == READING
    assert room.stage_reading(again) == READING  # the mapping the stage opens is the saved one
    assert again.extra["from_a_newer_game"] == {"keep": True}


@pytest.mark.parametrize("changed", [
    [PlayerInput("Stage USB mic", 1), PlayerInput("Stage USB mic", 0)],  # players swapped
    [PlayerInput("Stage USB mic", 0), PlayerInput("Headset", 0)],  # another device
    [PlayerInput(None, 0), PlayerInput(None, 1)],  # back to the default input
    [PlayerInput("Stage USB mic", 0)],  # one player: no room to check
])
def test_a_reading_belongs_to_one_mapping(changed):
    cfg = settings_io.Settings()
    room.save(cfg, READING, MAPPING)
    assert room.load(cfg, changed) is None
    set_player_mapping(cfg, changed)
    assert room.stage_reading(cfg) is None
    assert room.load(cfg, MAPPING) == READING  # still there for its own mapping


def test_unmapped_players_match_the_default_inputs_the_stage_opens():
    cfg = settings_io.Settings()
    room.save(cfg, READING, [PlayerInput(None, 0), PlayerInput(None, 1)])
    assert room.stage_reading(cfg) == READING


@pytest.mark.parametrize("value", [
    "loud",
    {"mapping": [{"device": "Stage USB mic", "channel": 0}, {"device": "Stage USB mic", "channel": 1}],
     "levels_db": [-18.5], "bleed_db": [-12.0, -14.5]},
    {"mapping": [{"device": "Stage USB mic", "channel": 0}, {"device": "Stage USB mic", "channel": 1}],
     "levels_db": ["quiet", -20], "bleed_db": [-12.0, -14.5]},
    {"mapping": "Stage USB mic", "levels_db": [-18.5, -26.0], "bleed_db": [-12.0, -14.5]},
    {"levels_db": [-18.5, -26.0], "bleed_db": [-12.0, -14.5]},
])
def test_a_corrupt_reading_is_no_reading(value):
    settings_io.atomic_write_text(settings_io.settings_path(), json.dumps({room.ROOM_KEY: value}))
    cfg = settings_io.load()
    assert room.load(cfg, MAPPING) is None


def test_forget_drops_the_reading():
    cfg = settings_io.Settings()
    assert room.forget(cfg) is False
    room.save(cfg, READING, MAPPING)
    assert room.forget(cfg) is True and room.load(cfg, MAPPING) is None


def _mic_setup(folder, players=(0, 1), reading=READING) -> DuelSetup:
    return DuelSetup(seats=(SeatSpec("Ana", (90, 170, 255), SeatSource.mic(players[0])),
                            SeatSpec("Bo", (235, 70, 140), SeatSource.mic(players[1]))),
                     level_dir=folder, room=reading)


def _session(setup: DuelSetup) -> ShowSession:
    song = setup.load()
    # Frames stand in for the two microphones (the gate sees them as it would live ones).
    performers = (FramesPerformer(sung_frames(song, "P1", cents=5)), FramesPerformer(sung_frames(song, "P1", cents=30)))
    return ShowSession(setup, clock=ManualClock(), song=song, performers=performers, play_audio=False)


def test_two_mic_seats_hand_the_reading_to_the_gate_from_the_first_frame(tmp_path):
    session = _session(_mic_setup(write_level(tmp_path)))
    gate = session.duel.gate
    assert gate is not None and gate.paired == 0  # nothing heard yet
    assert (gate.own_level_db(0), gate.own_level_db(1)) == (-18.5, -26.0)
    assert (gate.bleed_db(0), gate.bleed_db(1)) == (-12.0, -14.5)
    session.restart()  # a fresh duel trusts the reading again
    assert session.duel.gate.bleed_db(0) == -12.0


def test_seats_take_their_own_players_figures(tmp_path):
    gate = _session(_mic_setup(write_level(tmp_path), players=(1, 0))).duel.gate
    assert (gate.own_level_db(0), gate.bleed_db(0)) == (-26.0, -14.5)  # seat 0 sings into player 2's mic
    assert (gate.own_level_db(1), gate.bleed_db(1)) == (-18.5, -12.0)


def test_without_a_reading_the_gate_learns_in_the_song(tmp_path):
    gate = _session(_mic_setup(write_level(tmp_path), reading=None)).duel.gate
    assert gate is not None and gate.bleed_db(0) is None and gate.own_level_db(0) is None


def test_the_menus_bring_the_stored_reading_to_a_mic_duel_only(tmp_path):
    from alienstage_game.match.contestants import roster
    from alienstage_game.ui.scenes.stage_link import duel_setup

    folder = write_level(tmp_path)
    cfg = settings_io.load()
    set_player_mapping(cfg, MAPPING)
    room.save(cfg, READING, MAPPING)
    settings_io.save(cfg)
    humans = [Contestant.human("Ana"), Contestant.human("Bo")]
    assert duel_setup(folder, humans, Difficulty.EASY).room == READING
    assert duel_setup(folder, humans, Difficulty.EASY, pass_the_mic=True).room is None  # one mic
    rival = next(c for c in roster() if c.is_cpu)
    assert duel_setup(folder, [humans[0], rival], Difficulty.EASY).room is None
    set_player_mapping(cfg, MAPPING[::-1])  # the players swapped mics since
    settings_io.save(cfg)
    assert duel_setup(folder, humans, Difficulty.EASY).room is None
