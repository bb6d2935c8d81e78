"""The pitch benchmark's peer adapters, its note-based scoring and its skip lines."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from alienstage_game.bench import pitch_peers
from alienstage_game.bench.pitch_notes import read_notes, score_notes
from alienstage_game.pitch.synthetic import tone

SR = 44100


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


@pytest.fixture(scope="module")
def a3() -> np.ndarray:
    return tone(220.0, 0.6, SR, start=0.2).signal  # 0.2 s rest, 0.6 s of A3, then rest


@pytest.mark.parametrize("name", ["ours", *pitch_peers.PEERS])
def test_each_installed_tracker_hears_a_220_hz_tone(name: str, a3: np.ndarray) -> None:
    if name == "ours":
        track = pitch_peers.ours().track
    else:
        track, _, module, package = pitch_peers.PEERS[name]
        if not _installed(module):
            pytest.skip(f"{package} not installed: {pitch_peers.EXTRA_HINT}")
    times, f0 = track(a3, SR)
    assert times.shape == f0.shape and np.all(np.diff(times) > 0)
    assert np.all(np.isfinite(f0)) and np.all(f0 >= 0)
    note = (times > 0.3) & (times < 0.7)
    assert note.sum() >= 15
    assert np.mean(f0[note] > 0) >= 0.9
    assert np.median(f0[note][f0[note] > 0]) == pytest.approx(220.0, rel=0.01)
    assert np.mean(f0[times < 0.1] > 0) <= 0.2  # the rest before it is mostly unvoiced


def test_a_missing_peer_is_skipped_with_one_line_saying_how_to_get_it(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "parselmouth", None)  # makes `import parselmouth` fail
    chosen, skipped = pitch_peers.choose(["praat", "pyin"])
    assert [t.name for t in chosen] == ["pyin"]
    assert skipped == ["praat-parselmouth not installed: pip install 'alienstage-game[peers]'"]


def test_latency_of_ours_is_its_algorithmic_latency_and_offline_peers_say_so() -> None:
    assert pitch_peers.ours().latency.endswith(" ms")
    assert float(pitch_peers.ours().latency.split()[0]) <= 30.0
    assert pitch_peers.PEERS["pyin"][1] == pitch_peers.PEERS["praat"][1] == "offline (whole take)"


# Two notes: A4 (69) from 1.0 to 2.0 s and C5 (72) from 3.0 to 3.5 s; frames every 10 ms,
# centred between the 10 ms marks so that none sits exactly on a trim or guard edge.
NOTES = np.array([[1.0, 2.0, 69.0], [3.0, 3.5, 72.0]])
TIMES = np.arange(500) * 0.01 + 0.005


def test_note_scores_on_a_hand_made_take() -> None:
    f0 = np.zeros(TIMES.size)
    first = (TIMES > 1.03) & (TIMES < 1.97)  # note 1 less 30 ms each end: 1.035 .. 1.965
    second = (TIMES > 3.03) & (TIMES < 3.47)  # note 2 likewise: 3.035 .. 3.465
    assert first.sum() == 94 and second.sum() == 44
    f0[first] = 440.0
    f0[np.flatnonzero(first)[:15]] = 440.0 * 2 ** (80 / 1200)  # 15 frames 80 cents sharp
    f0[np.flatnonzero(second)[:25]] = 523.25 * 2 ** (-30 / 1200)  # 25 voiced, 30 cents flat
    f0[(TIMES > 0.5) & (TIMES < 0.6)] = 200.0  # 10 false-alarm frames outside
    f0[(TIMES > 0.95) & (TIMES < 1.0)] = 300.0  # within 60 ms of an onset: not counted
    f0[(TIMES > 1.0) & (TIMES < 1.03)] = 100.0  # in the trimmed first 30 ms: not counted
    f0[(TIMES > 2.0) & (TIMES < 2.06)] = 100.0  # within 60 ms after an offset: not counted

    scores = score_notes(TIMES, f0, NOTES)
    assert scores.inside == 94 + 44
    # outside: 0.005 .. 0.935 (94), 2.065 .. 2.935 (88), 3.565 .. 4.995 (144)
    assert scores.outside == 94 + 88 + 144
    assert scores.voicing_recall == pytest.approx((94 + 25) / 138)
    assert scores.false_alarm == pytest.approx(10 / 326)
    assert scores.note_pitch_accuracy == pytest.approx((79 + 25) / 119)


def test_note_scores_when_nothing_is_voiced_are_nan_not_a_crash() -> None:
    scores = score_notes(TIMES, np.zeros(TIMES.size), NOTES)
    assert scores.voicing_recall == 0.0 and scores.false_alarm == 0.0
    assert np.isnan(scores.note_pitch_accuracy)
    empty = score_notes(TIMES, np.zeros(TIMES.size), np.zeros((0, 3)))
    assert np.isnan(empty.voicing_recall) and empty.false_alarm == 0.0


def test_read_notes_takes_tab_separated_rows_and_skips_junk(tmp_path: Path) -> None:
    path = tmp_path / "take.txt"
    path.write_text("0.1300\t0.2500\t51.06\n\nonset\toffset\tmidi\n0.35\t0.64\t47.79\n0.9\t0.8\t50\n")
    assert read_notes(path).tolist() == [[0.13, 0.25, 51.06], [0.35, 0.64, 47.79]]
