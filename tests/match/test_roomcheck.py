"""The room check: each singer alone, both mics listening."""

import pytest

from alienstage_game.match.roomcheck import FLOOR_DB, NEEDS_S, RoomCheck, RoomLevels
from alienstage_game.pitch.frame import PitchFrame


def voiced(t0, seconds, level_db, midi=62.0):
    return [PitchFrame.sung(t0 + k * 0.01, 440.0 * 2 ** ((midi - 69) / 12), 0.9, level_db)
            for k in range(int(seconds * 100))]


def quiet(t0, seconds, level_db):
    return [PitchFrame.unvoiced(t0 + k * 0.01, 0.1, level_db) for k in range(int(seconds * 100))]


def test_each_singer_alone_gives_levels_and_bleed():
    check = RoomCheck()
    check.listen(0)
    check.hear(0, voiced(0.0, 2.0, -18.0))
    check.hear(1, quiet(0.0, 2.0, -31.0))  # mic 2 hears singer 1 13 dB down, too faint to track
    assert check.result() is None  # singer 2 not heard yet
    check.listen(1)
    check.hear(1, voiced(3.0, 1.5, -30.0))  # a low-gain mic
    check.hear(0, voiced(3.0, 1.5, -40.0))  # ...whose singer reaches mic 1 at -10 dB
    check.listen(None)
    check.hear(0, voiced(5.0, 3.0, 0.0))  # nobody is measured: ignored
    assert check.heard_s(0) == pytest.approx(2.0) and check.heard_s(1) == pytest.approx(1.5)
    levels = check.result()
    assert levels.levels_db == (-18.0, -30.0)
    assert levels.bleed_db == pytest.approx((-13.0, -10.0))
    assert "Player 2 sings at -30 dBFS and reaches player 1's mic at -10 dB" in levels.describe()


def test_too_short_a_solo_gives_no_reading_and_silence_is_floored():
    check = RoomCheck()
    check.listen(0)
    check.hear(0, voiced(0.0, 2.0, -18.0))
    check.hear(1, quiet(0.0, 2.0, -100.0))
    check.listen(1)
    check.hear(1, voiced(3.0, NEEDS_S - 0.2, -20.0))
    check.hear(0, quiet(3.0, NEEDS_S - 0.2, -90.0))
    assert check.result() is None
    check.hear(1, voiced(4.0, 0.5, -20.0))
    check.hear(0, quiet(4.0, 0.5, -90.0))
    levels = check.result()
    assert levels.bleed_db == (FLOOR_DB, FLOOR_DB)
    assert "does not reach player 2's mic" in levels.describe()
    with pytest.raises(ValueError):
        check.listen(2)


def test_json_round_trip_and_bad_data():
    levels = RoomLevels((-18.0, -30.0), (-13.0, -10.0))
    assert RoomLevels.from_json(levels.to_json()) == levels
    for bad in (None, {}, {"levels_db": [1], "bleed_db": [1, 2]}, {"levels_db": ["x", 1], "bleed_db": [1, 2]}, "text"):
        assert RoomLevels.from_json(bad) is None


def test_swapped_seats_swap_the_reading():
    levels = RoomLevels((-18.0, -30.0), (-13.0, -10.0))
    assert levels.swapped() == RoomLevels((-30.0, -18.0), (-10.0, -13.0))
