"""The backing-track synthesizer: theory, loudness, limiter, Ogg writer, arrangement
loading and rendering -- on tiny arrangements so the whole file runs in seconds."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import numpy as np
import pytest
import soundfile

from alienstage_game.audio.synth import (
    ArrangementError, decode_ogg, encode_ogg, integrated_loudness, load_arrangement, peak_dbfs,
    render_backing, render_stems, render_track,
)
from alienstage_game.audio.synth.dsp import peak_limit
from alienstage_game.audio.synth.oggfile import STREAM_SERIAL, _ogg_crc, fix_serial
from alienstage_game.audio.synth.theory import parse_chord, parse_key

RATE = 44100

CHART = """\
#VERSION:1.1.0
#TITLE:Test Tune
#ARTIST:alienstage studio
#AUDIO:backing.ogg
#BPM:120
#GAP:250
: 0 4 -3 La
: 4 4 0  la
* 8 8 4  laa
- 18
: 20 4 0 Lo
: 24 8 -3  loo
E
"""

ARRANGEMENT = """\
[song]
chart = "song.txt"
tempo = 120
gap_ms = 250
key = "A minor"
tail_seconds = 0.5
seed = 7

[mix]
kick = -4
snare = -10
hat = -14
bass = -6
pad = -10
lead = -16

[drums.beat]
kick  = "X.......X......."
snare = "....X.......X..."
hat   = "x.x.x.x.x.x.x.x."

[bass.pulse]
steps = "R---.-R-5---.-8-"

[[section]]
name = "all"
chords = "Am F"
drums = "beat"
bass = "pulse"
"""


def write_level(folder: Path, arrangement: str = ARRANGEMENT, chart: str = CHART) -> Path:
    (folder / "song.txt").write_text(chart, encoding="utf-8")
    path = folder / "arrangement.toml"
    path.write_text(arrangement, encoding="utf-8")
    return path


@pytest.fixture
def tune(tmp_path: Path):
    return load_arrangement(write_level(tmp_path))


# -- theory ---------------------------------------------------------------------------------
def test_chords_and_keys_are_read_as_pitch_classes():
    assert parse_chord("Am").pitch_classes == {9, 0, 4}
    assert parse_chord("F#7").pitch_classes == {6, 10, 1, 4}
    assert parse_chord("Bbsus4").pitch_classes == {10, 3, 5}
    assert parse_key("A minor") == (9, "minor")
    with pytest.raises(ValueError, match="Hm"):
        parse_chord("Hm")


def test_voicing_keeps_every_tone_inside_the_range():
    notes = parse_chord("G").voicing(53, 65)
    assert all(53 <= n < 65 for n in notes)
    assert {n % 12 for n in notes} == {7, 11, 2}


# -- loudness (ITU-R BS.1770-4) -------------------------------------------------------------
@pytest.mark.parametrize("rate", [48000, 44100])
def test_full_scale_1khz_sine_in_one_channel_reads_minus_3_lufs(rate):
    # The standard's reference: a 0 dBFS 997 Hz sine on one channel measures -3.01 LKFS.
    t = np.arange(rate * 3) / rate
    sine = np.sin(2 * np.pi * 997 * t)
    assert integrated_loudness(sine, rate) == pytest.approx(-3.01, abs=0.03)
    stereo = np.stack([sine, sine], axis=1)
    assert integrated_loudness(stereo, rate) == pytest.approx(0.0, abs=0.03)


def test_gating_ignores_silence_and_silence_has_no_loudness():
    t = np.arange(RATE * 2) / RATE
    tone = 0.1 * np.sin(2 * np.pi * 997 * t)
    padded = np.concatenate([np.zeros(RATE * 3), tone, np.zeros(RATE * 3)])
    # Ungated, 6 s of silence around 2 s of tone would read 6 dB lower; the gates drop
    # the silent blocks and keep only the edge blocks that hold part of the tone.
    assert integrated_loudness(padded, RATE) == pytest.approx(integrated_loudness(tone, RATE), abs=1.0)
    assert integrated_loudness(np.zeros(RATE), RATE) == float("-inf")


def test_k_weighting_counts_deep_bass_less_than_midrange():
    t = np.arange(RATE * 2) / RATE
    low = integrated_loudness(0.5 * np.sin(2 * np.pi * 30 * t), RATE)
    mid = integrated_loudness(0.5 * np.sin(2 * np.pi * 1000 * t), RATE)
    assert mid - low > 5.0


# -- limiter --------------------------------------------------------------------------------
def test_limiter_caps_peaks_and_leaves_far_away_audio_alone():
    t = np.arange(RATE) / RATE
    signal = np.stack([0.2 * np.sin(2 * np.pi * 220 * t)] * 2, axis=1)
    signal[RATE // 2] = 1.5
    limited = peak_limit(signal, 0.8, RATE)
    assert np.abs(limited).max() <= 0.8 + 1e-9
    np.testing.assert_array_equal(limited[:RATE // 4], signal[:RATE // 4])


# -- Ogg writer -----------------------------------------------------------------------------
def test_ogg_crc_matches_the_one_libvorbis_writes():
    buffer = io.BytesIO()
    noise = np.random.default_rng(1).standard_normal((RATE, 2)).astype(np.float32) * 0.1
    soundfile.write(buffer, noise, RATE, format="OGG", subtype="VORBIS")
    data = buffer.getvalue()
    segments = data[26]
    page = bytearray(data[: 27 + segments + sum(data[27:27 + segments])])
    written = struct.unpack_from("<I", page, 22)[0]
    struct.pack_into("<I", page, 22, 0)
    assert _ogg_crc(bytes(page)) == written


def test_encoding_twice_gives_identical_bytes_with_a_fixed_serial():
    t = np.arange(RATE // 2) / RATE
    tone = np.stack([0.3 * np.sin(2 * np.pi * 330 * t)] * 2, axis=1).astype(np.float32)
    first, second = encode_ogg(tone, RATE), encode_ogg(tone, RATE)
    assert first == second
    assert struct.unpack_from("<I", first, 14)[0] == STREAM_SERIAL
    decoded, rate = decode_ogg(first)
    assert rate == RATE and decoded.shape == tone.shape
    assert fix_serial(first) == first  # already fixed: nothing to change


# -- arrangements ---------------------------------------------------------------------------
def test_arrangement_reads_sections_patterns_and_the_chart_melody(tune):
    assert tune.bars == 2 and tune.total_steps == 32
    assert [c.symbol for _s, c, _sec in tune.bar_chords()] == ["Am", "F"]
    assert tune.seconds_per_step == pytest.approx(0.125)
    assert tune.step_seconds(0) == pytest.approx(0.25)  # beat 0 sits at #GAP
    assert [(n.beat, n.midi, n.golden) for n in tune.melody][:3] == [(0, 57, False), (4, 60, False), (8, 64, True)]
    assert tune.melody_clashes() == []


def test_a_melody_note_off_the_chords_is_reported(tmp_path):
    # G#4 held on the downbeat of an F bar: outside A natural minor and not in F.
    chart = CHART.replace(": 24 8 -3  loo", ": 16 8 8  loo")
    tune = load_arrangement(write_level(tmp_path, chart=chart))
    assert [n.midi for n in tune.melody_clashes()] == [68]


@pytest.mark.parametrize(
    ("change", "message", "line_text"),
    [
        (("tempo = 120", "tempo = 100"), "does not match the chart's #BPM", "tempo = 100"),
        (("gap_ms = 250", "gap_ms = 300"), "does not match the chart's #GAP", "gap_ms = 300"),
        (('drums = "beat"', 'drums = "missing"'), "no [drums.missing]", "[[section]]"),
        (('kick  = "X.......X......."', 'kick  = "X...X"'), "must be 16 characters", 'kick  = "X...X"'),
        (('chords = "Am F"', 'chords = "Am Q"'), "unknown chord 'Q'", "[[section]]"),
        (('chords = "Am F"', 'chords = "Am"'), "cover only 16 beats", "[[section]]"),
    ],
)
def test_bad_arrangements_say_file_line_and_reason(tmp_path, change, message, line_text):
    path = write_level(tmp_path, ARRANGEMENT.replace(*change))
    with pytest.raises(ArrangementError) as caught:
        load_arrangement(path)
    expected_line = path.read_text().splitlines().index(line_text) + 1
    assert caught.value.line == expected_line
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{path}:{expected_line}: ")


# -- rendering ------------------------------------------------------------------------------
def test_render_is_deterministic(tune):
    first, second = render_backing(tune), render_backing(tune)
    assert first.samples.dtype == np.float32 and first.samples.shape[1] == 2
    np.testing.assert_array_equal(first.samples, second.samples)


def test_render_length_is_gap_plus_bars_plus_tail(tune):
    backing = render_backing(tune)
    assert backing.seconds == pytest.approx(0.25 + 2 * 16 * 0.125 + 0.5, abs=1 / RATE)
    assert backing.loudness_lufs == pytest.approx(-14.0, abs=0.5)
    assert backing.peak_dbfs <= -1.0


def test_drum_hits_land_on_the_chart_beats(tune):
    stems = render_stems(tune)
    for name, row in tune.drums["beat"].hits.items():
        energy = (stems[name] ** 2).sum(axis=1)
        assert not energy[: int(round(tune.step_seconds(0) * RATE))].any(), f"{name} sounds before #GAP"
        for bar in range(tune.bars):
            for offset, mark in enumerate(row):
                hit = int(round(tune.step_seconds(bar * 16 + offset) * RATE))
                before, after = energy[hit - 40:hit].sum(), energy[hit:hit + 40].sum()
                if mark != ".":
                    assert after > 4 * before + 1e-9, f"{name} missing at bar {bar} step {offset}"


def test_lead_hint_follows_the_chart_an_octave_up(tune):
    lead = render_stems(tune)["lead"].mean(axis=1)
    note = tune.melody[2]  # E4, eight steps long -> hinted at E5 (659 Hz)
    start = int(round(tune.step_seconds(note.beat) * RATE)) + RATE // 20
    window = lead[start:start + RATE // 4] * np.hanning(RATE // 4)
    spectrum = np.abs(np.fft.rfft(window))
    peak_hz = np.fft.rfftfreq(window.size, 1 / RATE)[spectrum.argmax()]
    assert peak_hz == pytest.approx(659.3, abs=8.0)


def test_rendered_track_is_checked_after_decoding(tune):
    track = render_track(tune, bars=1)
    decoded, rate = decode_ogg(track.data)
    assert rate == RATE and decoded.shape[1] == 2
    assert peak_dbfs(decoded) == pytest.approx(track.peak_dbfs) and track.peak_dbfs <= -1.0
    assert render_track(tune, bars=1).data == track.data


# -- the band's other colours ---------------------------------------------------------------
COLOURFUL = ARRANGEMENT.replace("seed = 7\n", "seed = 7\nswing = 0.25\n").replace(
    "[mix]\n",
    '[voices]\nkit = "electro"\nbass = "acid"\npad = "glass"\nkeys = "pluck"\nkeys_low = 64\nlead = "square"\n\n'
    '[mix]\nkeys = -12\nclap = -10\n',
) + '''
[drums.in]
kick  = "X..............."
clap  = "....X..........."
hat   = ".......x........"

[keys.arp]
steps = "1.3.5.8.C---...."
'''
COLOURFUL = COLOURFUL.replace(
    'bass = "pulse"\n', 'bass = "pulse"\nkeys = "arp"\ndrums_first = "in"\nmix = { pad = -6 }\n')


@pytest.fixture
def colourful(tmp_path: Path):
    return load_arrangement(write_level(tmp_path, COLOURFUL))


def test_voices_keys_swing_and_section_mix_are_read(colourful):
    assert colourful.colours == {"kit": "electro", "bass": "acid", "pad": "glass", "keys": "pluck", "lead": "square"}
    assert colourful.keys_low == 64 and colourful.swing == 0.25
    section = colourful.sections[0]
    assert section.keys == "arp" and dict(section.mix) == {"pad": -6.0}
    assert [section.drums_in_bar(bar) for bar in range(section.bars)] == ["in", "beat"]


def test_colourful_render_is_deterministic_and_mastered(colourful):
    first, second = render_backing(colourful), render_backing(colourful)
    np.testing.assert_array_equal(first.samples, second.samples)
    assert first.loudness_lufs == pytest.approx(-14.0, abs=0.5) and first.peak_dbfs <= -1.0
    assert set(render_stems(colourful)) == {"kick", "snare", "hat", "clap", "bass", "pad", "keys", "lead", "echo"}


def test_swing_delays_only_the_off_beat_sixteenths(colourful):
    stems = render_stems(colourful)

    def onset(name: str, step: float) -> bool:
        at = int(round(colourful.step_seconds(step) * RATE))
        energy = (stems[name] ** 2).sum(axis=1)
        return energy[at:at + 40].sum() > 4 * energy[at - 40:at].sum() + 1e-12

    assert onset("clap", 4)  # an even step stays on the grid
    assert onset("hat", 7 + 0.25) and not onset("hat", 7)  # an odd one falls a quarter step late
    assert onset("hat", 16)  # bar 2's hats are on even steps


def test_keys_play_chord_tones_in_their_register(colourful):
    keys = render_stems(colourful)["keys"].mean(axis=1)
    start = int(round(colourful.step_seconds(4) * RATE)) + RATE // 100  # step 4: "5" of Am
    window = keys[start:start + RATE // 8] * np.hanning(RATE // 8)
    spectrum = np.abs(np.fft.rfft(window, 8 * window.size))
    peak_hz = np.fft.rfftfreq(8 * window.size, 1 / RATE)[spectrum.argmax()]
    assert peak_hz == pytest.approx(659.3, rel=0.03)  # E5: the fifth above A4, the lowest A from keys_low 64


def test_section_mix_turns_an_instrument_down_for_that_section(tmp_path):
    loud = render_stems(load_arrangement(write_level(tmp_path, ARRANGEMENT)))["pad"]
    quiet_text = ARRANGEMENT.replace('bass = "pulse"\n', 'bass = "pulse"\nmix = { pad = -6 }\n')
    quiet = render_stems(load_arrangement(write_level(tmp_path, quiet_text)))["pad"]
    middle = slice(RATE, 2 * RATE)
    ratio = np.sqrt((quiet[middle] ** 2).mean() / (loud[middle] ** 2).mean())
    assert ratio == pytest.approx(10 ** (-6 / 20), rel=0.01)


def test_a_duet_line_sung_by_both_voices_is_hinted_once(tmp_path):
    duet = CHART.replace("#GAP:250\n", "#GAP:250\n#P1:A\n#P2:B\nP1\n")
    duet = duet.replace("E\n", "P2\n: 20 4 0 Lo\n: 24 8 -3  loo\nE\n")
    tune = load_arrangement(write_level(tmp_path, chart=duet))
    assert [(n.beat, n.midi) for n in tune.melody].count((20, 60)) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('kit = "electro"', 'kit = "tin"'), "kit colour 'tin' is not one of"),
        (('keys = "pluck"', 'flute = "pluck"'), "unknown instrument 'flute' in [voices]"),
        (("swing = 0.25", "swing = 0.8"), "swing must be between 0 and 0.5"),
        (("swing = 0.25", "swing = 0.25\nceiling_dbfs = -0.5"), "ceiling_dbfs must be between -6 and -1.5"),
        (('steps = "1.3.5.8.C---...."', 'steps = "1.3.5.9.C---...."'), "[keys.arp] steps must be 16 characters"),
        (('keys = "arp"', 'keys = "none"'), "no [keys.none]"),
        (('drums_first = "in"', 'drums_first = "out"'), "no [drums.out]"),
        (("mix = { pad = -6 }", "mix = { tuba = -6 }"), "mix 'tuba' must be an instrument"),
    ],
)
def test_bad_colours_and_patterns_say_where(tmp_path, change, message):
    path = write_level(tmp_path, COLOURFUL.replace(*change))
    with pytest.raises(ArrangementError) as caught:
        load_arrangement(path)
    assert message in caught.value.message and caught.value.line > 0
