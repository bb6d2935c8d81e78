"""The chart's synthetic singer: sings the chart, styles do what they say, seeded."""

from __future__ import annotations

import numpy as np
import pytest

from alienstage_game.audio.synth.voice import SingerStyle, render_voice, sung_notes
from alienstage_game.charts import parse_song
from alienstage_game.pitch import StreamingPitchTracker

SR = 22050

# 120 BPM (v1: 0.125 s a beat), GAP 1 s. Line 1: two separate notes and two touching
# ones; line 2: a held note and a rap note; a duet P2 an octave and a fifth up.
CHART = b"""#VERSION:1.1.0
#TITLE:Test Orbit
#ARTIST:alienstage studio
#BPM:120
#GAP:1000
P1
: 0 4 0 la
: 6 4 4  lo
: 12 4 7  mi
: 16 4 5 a
- 24
: 26 6 -5  sol
R 34 3 2  rap
P2
: 0 8 19 oo
: 10 6 24  ee
"""


@pytest.fixture(scope="module")
def song():
    return parse_song(CHART)


def _track(signal: np.ndarray, start_s: float = 0.0):
    tracker = StreamingPitchTracker(SR)
    frames = []
    for i in range(0, signal.size, 441):
        frames += tracker.feed(signal[i : i + 441], start_s + i / SR if i == 0 else None)
    return frames + tracker.flush()


def _median_midi(frames, start: float, end: float) -> float:
    """Median tracked MIDI in the middle of a note (its glide and release excluded)."""
    mid = [f.midi for f in frames if f.voiced and start + 0.07 <= f.time <= end - 0.05]
    assert mid, f"nothing voiced between {start:.2f} and {end:.2f}"
    return float(np.median(mid))


def test_notes_are_in_song_seconds_and_chart_pitch_0_is_middle_c(song) -> None:
    notes = sung_notes(song)
    assert [round(n.start, 3) for n in notes[:3]] == [1.0, 1.75, 2.5]
    assert [n.midi for n in notes[:4]] == [60.0, 64.0, 67.0, 65.0]
    assert [n.vowel for n in notes[:3]] == ["a", "o", "i"]
    # The touching notes (beats 12-16, 16-20) are one legato run; the others are apart.
    assert notes[2].start + notes[2].duration == pytest.approx(notes[3].start)
    assert notes[0].start + notes[0].duration < notes[1].start
    # The rap note is spoken short, at about its pitch.
    assert notes[5].duration < 3 * 0.125 and abs(notes[5].midi - 62.0) <= 0.6


def test_the_rendered_voice_sings_the_chart_through_the_live_tracker(song) -> None:
    take = render_voice(song, sr=SR)
    frames = _track(take.signal)
    for note in sung_notes(song)[:5]:
        got = _median_midi(frames, note.start, note.start + note.duration)
        assert got == pytest.approx(note.midi, abs=0.25), f"note at {note.start:.2f} s"
    # Silent before the first note and between the lines.
    assert not any(f.voiced for f in frames if f.time < 0.95)
    assert not any(f.voiced for f in frames if 3.6 < f.time < 4.15)


def test_truth_is_on_the_song_time_grid(song) -> None:
    take = render_voice(song, sr=SR)
    assert take.times[0] == 0.0 and np.allclose(np.diff(take.times), 0.01)
    first = sung_notes(song)[0]
    voiced = take.times[take.f0 > 0]
    assert voiced[0] == pytest.approx(first.start, abs=0.011)
    at = np.argmin(np.abs(take.times - (first.start + 0.25)))
    assert take.f0[at] == pytest.approx(261.63, rel=0.01)


def test_a_region_render_is_the_slice_of_the_whole_song(song) -> None:
    whole = render_voice(song, sr=SR)
    part = render_voice(song, sr=SR, start_s=2.0, end_s=4.0)
    a = int(2.0 * SR)
    assert part.signal.size == 2 * SR
    assert np.allclose(part.signal, whole.signal[a : a + part.signal.size], atol=1e-6)
    assert part.times[0] == pytest.approx(2.0)
    assert np.array_equal(part.f0, whole.f0[200:400])


def test_duet_voices_sing_their_own_part(song) -> None:
    p2 = render_voice(song, "P2", sr=SR)
    frames = _track(p2.signal)
    note = sung_notes(song, "P2")[0]
    assert _median_midi(frames, note.start, note.start + note.duration) == pytest.approx(79.0, abs=0.25)


def test_pitch_bias_and_octave_shift(song) -> None:
    guide = sung_notes(song)
    sharp = sung_notes(song, style=SingerStyle(pitch_bias_cents=30.0, octave_shift=-1))
    assert [s.midi - g.midi for s, g in zip(sharp, guide)] == pytest.approx([-11.7] * len(guide))
    take = render_voice(song, sr=SR, style=SingerStyle(pitch_bias_cents=30.0, octave_shift=-1),
                        end_s=2.5)
    got = _median_midi(_track(take.signal), guide[0].start, guide[0].start + guide[0].duration)
    assert got == pytest.approx(48.3, abs=0.12)


def test_pitch_error_has_the_asked_mean_size_and_both_signs(song) -> None:
    long = parse_song(CHART.split(b"P2")[0].replace(b"P1\n", b"") + b"".join(
        b": %d 2 0 la\n" % (40 + 3 * i) for i in range(200)))
    guide = sung_notes(long)
    errors = np.array([s.midi - g.midi for s, g in zip(sung_notes(long, style=SingerStyle(pitch_error_cents=40.0)), guide)])
    sung = np.array([n.midi for n in guide]) != 62.0  # the rap note wanders on its own
    cents = errors[sung] * 100.0
    assert np.mean(np.abs(cents)) == pytest.approx(40.0, rel=0.1)
    assert (cents > 0).mean() == pytest.approx(0.5, abs=0.12)
    assert np.all(np.abs(cents) >= 19.9)


def test_timing_offset_and_jitter(song) -> None:
    guide = sung_notes(song)
    late = sung_notes(song, style=SingerStyle(timing_offset_s=0.08))
    assert [l.start - g.start for l, g in zip(late, guide)] == pytest.approx([0.08] * len(guide))
    jittery = sung_notes(song, style=SingerStyle(timing_jitter_s=0.03, seed=5))
    shifts = np.array([j.start - g.start for j, g in zip(jittery, guide)])
    assert np.any(np.abs(shifts) > 0.005) and np.all(np.abs(shifts) < 0.15)
    # Legato survives jitter: the touching notes still touch.
    assert jittery[2].start + jittery[2].duration == pytest.approx(jittery[3].start)
    # A late singer is heard late.
    take = render_voice(song, sr=SR, style=SingerStyle(timing_offset_s=0.2), end_s=2.0)
    voiced = [f.time for f in _track(take.signal) if f.voiced]
    assert voiced[0] == pytest.approx(1.2, abs=0.03)


def test_dropouts_leave_out_exactly_that_share_and_change_nothing_else(song) -> None:
    guide = sung_notes(song)
    half = sung_notes(song, style=SingerStyle(dropout_rate=0.5, pitch_error_cents=20.0, seed=2))
    assert len(half) == round(0.5 * len(guide))
    full = sung_notes(song, style=SingerStyle(pitch_error_cents=20.0, seed=2))
    by_start = {round(n.start, 6): n.midi for n in full}
    assert all(by_start[round(n.start, 6)] == n.midi for n in half)
    assert sung_notes(song, style=SingerStyle(dropout_rate=1.0)) == []
    assert not render_voice(song, sr=SR, style=SingerStyle(dropout_rate=1.0), end_s=3.0).signal.any()


def test_register_picks_formants_and_auto_follows_the_range(song) -> None:
    low = render_voice(song, sr=SR, style=SingerStyle(register="low"), end_s=2.0).signal
    high = render_voice(song, sr=SR, style=SingerStyle(register="high"), end_s=2.0).signal
    assert not np.allclose(low, high)
    assert np.array_equal(render_voice(song, sr=SR, end_s=2.0).signal, low)  # P1 (median MIDI 63) is low
    assert np.array_equal(render_voice(song, "P2", sr=SR, end_s=2.0).signal,
                          render_voice(song, "P2", sr=SR, style=SingerStyle(register="high"), end_s=2.0).signal)


def test_vibrato_moves_the_truth(song) -> None:
    plain = render_voice(song, sr=SR, style=SingerStyle(), start_s=4.0, end_s=5.0)
    wavy = render_voice(song, sr=SR, style=SingerStyle(vibrato_cents=50.0), start_s=4.0, end_s=5.0)
    held = (plain.f0 > 0) & (plain.times > 4.45) & (plain.times < 4.95)
    spread = lambda f0: np.ptp(1200 * np.log2(f0[held]))  # noqa: E731
    assert spread(wavy.f0) > 60.0 > 20.0 > spread(plain.f0)


def test_same_seed_same_voice_other_seed_other_voice(song) -> None:
    style = SingerStyle(pitch_error_cents=30.0, timing_jitter_s=0.02, seed=7)
    a = render_voice(song, sr=SR, style=style, end_s=3.0)
    b = render_voice(song, sr=SR, style=style, end_s=3.0)
    c = render_voice(song, sr=SR, style=SingerStyle(pitch_error_cents=30.0, timing_jitter_s=0.02, seed=8), end_s=3.0)
    assert np.array_equal(a.signal, b.signal) and np.array_equal(a.f0, b.f0)
    assert not np.array_equal(a.f0, c.f0)


def test_bad_styles_are_refused() -> None:
    with pytest.raises(ValueError):
        SingerStyle(register="alto")
    with pytest.raises(ValueError):
        SingerStyle(dropout_rate=1.5)


def test_the_real_like_singer_sings_in_a_room_seeded_and_a_region_is_a_slice(song) -> None:
    from alienstage_game.audio.synth.voice import REAL_LIKE, real_like

    style = real_like(seed=3)
    assert style.consonant_rate > 0 and style.room_rt60_s > 0 and style.room_noise_dbfs is not None
    whole = render_voice(song, sr=SR, style=style)
    again = render_voice(song, sr=SR, style=style)
    assert np.array_equal(whole.signal, again.signal) and np.array_equal(whole.f0, again.f0)
    assert not np.array_equal(whole.signal, render_voice(song, sr=SR, style=real_like(seed=4)).signal)
    rest = whole.signal[: int(0.9 * SR)].astype(np.float64)
    assert -60.0 < 10 * np.log10(np.mean(rest**2)) < -48.0  # the room is heard before anyone sings
    part = render_voice(song, sr=SR, style=style, start_s=2.0, end_s=4.0)
    a = int(2.0 * SR)
    assert np.allclose(part.signal, whole.signal[a : a + part.signal.size], atol=1e-5)
    assert np.array_equal(part.f0, whole.f0[200:400])
    # Sung as written, through the live tracker, despite consonants, scoops and the room.
    frames = _track(whole.signal)
    for note in sung_notes(song, style=REAL_LIKE)[:3]:
        assert _median_midi(frames, note.start + 0.1, note.start + note.duration) == pytest.approx(note.midi, abs=0.35)
