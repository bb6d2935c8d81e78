import random

import pytest

from alienstage_game.charts import load_song
from alienstage_game.match.crosstalk import CrosstalkGate, reject_crosstalk
from alienstage_game.match.duel import duel_frames
from alienstage_game.pitch.frame import PitchFrame
from alienstage_game.scoring import judge_frames
from alienstage_game.scoring.autoplay import silent_frames, sung_frames

FIRST_LIGHT = "levels/first-light/song.txt"


def leak_of(frames, db=-12.0, cents=2.0):
    """What the other mic hears of these frames: the same voice, quieter."""
    return [PitchFrame.sung(f.time, f.f0_hz * 2 ** (cents / 1200), f.confidence * 0.9, f.level_db + db)
            if f.voiced else PitchFrame.unvoiced(f.time, 0.1, -72.0) for f in frames]


def wobble(frames, cents, seed, db=0.0):
    rng = random.Random(seed)
    return [PitchFrame.sung(f.time, f.f0_hz * 2 ** (rng.gauss(0, cents) / 1200), f.confidence, f.level_db + db)
            if f.voiced else f for f in frames]


def test_a_silent_mic_that_hears_the_other_singer_earns_nothing():
    song = load_song(FIRST_LIGHT)
    a = wobble(sung_frames(song), 5, 1)
    b = leak_of(a)
    assert judge_frames(song, b).points > 9_000  # without rejection the leak would score
    kept_a, kept_b, rejected = reject_crosstalk(a, b)
    assert kept_a == a
    assert not any(f.voiced for f in kept_b) and rejected == (0, sum(f.voiced for f in a))
    verdict = duel_frames(song, a, b)
    assert verdict.totals[1] == 0 and verdict.winner == 0
    assert verdict.rejected_frames[1] > 1000


def test_two_singers_of_one_melody_keep_their_frames():
    song = load_song(FIRST_LIGHT)
    a = wobble(sung_frames(song, cents=10), 8, 2)
    b = wobble(sung_frames(song, cents=-25), 8, 3, db=-3.0)  # a softer singer, same notes
    kept_a, kept_b, rejected = reject_crosstalk(a, b)
    assert rejected == (0, 0) and kept_a == a and kept_b == b


def test_a_duet_harmony_is_never_taken_for_bleed():
    song = load_song(FIRST_LIGHT)
    a = sung_frames(song)
    b = [PitchFrame.sung(f.time, f.f0_hz * 2 ** (4 / 12), 0.9, -32.0) if f.voiced else f for f in a]
    _, kept_b, rejected = reject_crosstalk(a, b)
    assert rejected == (0, 0) and kept_b == b


def test_a_low_gain_mic_is_normalised_by_its_own_singing_level():
    song = load_song(FIRST_LIGHT)
    quiet = lambda f: PitchFrame.unvoiced(f.time, 0.1, -70)  # noqa: E731
    # B's mic is 20 dB down. A sings the first lines alone, B the next ones, then both
    # sing the same melody together: each mic's solo frames tell its own level.
    a = [f if f.time < 16 or f.time >= 27 else quiet(f) for f in sung_frames(song, cents=5)]
    b = [f if f.time >= 16 else quiet(f) for f in wobble(sung_frames(song, cents=-20), 6, 4, db=-20.0)]
    gate = CrosstalkGate()
    kept = ([], [])
    for seat, frame in gate.push(0, a) + gate.push(1, b) + gate.flush():
        kept[seat].append(frame)
    assert gate.rejected == [0, 0] and kept[1] == b
    assert gate.own_level_db(0) - gate.own_level_db(1) == pytest.approx(20.0)
    # without that evidence, raw levels would call B's singing a leak of A
    raw = CrosstalkGate()
    together = next(k for k, f in enumerate(a) if f.time >= 28 and f.voiced and b[k].voiced)
    assert raw.judge_pair(a[together], b[together]) == (False, True)


def test_symmetric_under_seat_swap():
    song = load_song(FIRST_LIGHT)
    a = wobble(sung_frames(song, cents=10), 6, 5)
    b = leak_of(a, db=-9.0)
    ka, kb, ra = reject_crosstalk(a, b)
    kb2, ka2, rb = reject_crosstalk(b, a)
    assert (ka, kb) == (ka2, kb2) and ra == rb[::-1]


def test_streaming_in_ragged_blocks_matches_one_shot():
    song = load_song(FIRST_LIGHT)
    a = wobble(sung_frames(song), 5, 6)
    b = [f if f.time < 20 else g for f, g in zip(leak_of(a), wobble(sung_frames(song, cents=30), 5, 7))]
    ka, kb, _ = reject_crosstalk(a, b)
    gate = CrosstalkGate()
    out = ([], [])
    rng = random.Random(2)
    i = j = 0
    while i < len(a) or j < len(b):
        n0, n1 = rng.randint(0, 12), rng.randint(0, 12)
        for seat, frame in gate.push(0, a[i:i + n0]) + gate.push(1, b[j:j + n1]):
            out[seat].append(frame)
        i, j = i + n0, j + n1
    for seat, frame in gate.flush():
        out[seat].append(frame)
    assert out == (ka, kb)
    assert sum(f.voiced for f in kb if f.time < 20) == 0 and sum(f.voiced for f in kb if f.time >= 21) > 500


def test_unpaired_frames_pass_after_the_wait():
    gate = CrosstalkGate()
    frames = silent_frames(1.0)
    assert gate.push(0, frames) == []
    released = gate.release_until(0.5)
    assert [f for _, f in released] == [f for f in frames if f.time < 0.5 - gate.config.max_wait_s]


def test_mic_levels_from_a_mic_check_are_trusted_at_once():
    song = load_song(FIRST_LIGHT)
    a = wobble(sung_frames(song, cents=5), 6, 8)
    b = wobble(sung_frames(song, cents=-20), 6, 9, db=-20.0)  # same melody, same timing
    assert reject_crosstalk(a, b)[2][1] > 1000  # no evidence: B looks like A's leak
    _, kept_b, rejected = reject_crosstalk(a, b, mic_levels_db=(-20.0, -40.0))
    assert rejected == (0, 0) and kept_b == b
    # and a real leak on that quiet mic is still a leak
    leak = leak_of(a, db=-32.0)
    assert not any(f.voiced for f in reject_crosstalk(a, leak, mic_levels_db=(-20.0, -40.0))[1])
