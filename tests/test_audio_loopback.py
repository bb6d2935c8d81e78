"""Real audio through a real server: play into PulseAudio's null sink, record its monitor.

These prove the test machine's audio path works end to end (PortAudio -> ALSA pulse
plugin -> PulseAudio -> monitor source -> back), which every later audio test (capture,
playback clock, calibration) relies on. In CI they must run; elsewhere they skip with a
reason when no PulseAudio loopback answers.
"""

from __future__ import annotations

import numpy as np
import pytest

from audio_server import (
    band_level_db,
    dominant_frequency,
    level_dbfs,
    play_and_record,
    sounding_seconds,
    steady_part,
    tone,
)

pytestmark = pytest.mark.audio_server

# A tone at amplitude 0.3 has an RMS level of -13.5 dBFS; the idle monitor is digital
# silence. Anything above -25 dBFS is the tone coming back.
HEARD_DBFS = -25.0
FREQ_TOLERANCE_HZ = 2.0
TONE_S = 1.0
STEADY_S = 0.6  # analysed part: after the onset settles, before the fade-out


def test_a_tone_played_into_the_sink_comes_back_from_the_monitor() -> None:
    recorded = play_and_record(tone(440.0, TONE_S), in_channels=1)

    assert recorded.shape[1] == 1
    # The whole tone comes back, once: nothing dropped, nothing repeated.
    assert sounding_seconds(recorded) == pytest.approx(TONE_S, abs=0.05)
    signal = steady_part(recorded, STEADY_S)[:, 0]
    assert dominant_frequency(signal) == pytest.approx(440.0, abs=FREQ_TOLERANCE_HZ)
    level = level_dbfs(signal)
    assert HEARD_DBFS < level < 0.0, f"monitor level {level:.1f} dBFS"


def test_left_and_right_channels_keep_their_own_tones() -> None:
    # Two singers on one stereo device arrive as left and right: the server must
    # neither swap nor mix them. Mixed channels would be at most ~6 dB apart.
    left_hz, right_hz = 440.0, 660.0
    stereo = np.stack([tone(left_hz, TONE_S), tone(right_hz, TONE_S)], axis=1)

    recorded = play_and_record(stereo, in_channels=2)

    assert recorded.shape[1] == 2
    steady = steady_part(recorded, STEADY_S)
    for channel, own_hz, other_hz in ((0, left_hz, right_hz), (1, right_hz, left_hz)):
        signal = steady[:, channel]
        assert dominant_frequency(signal) == pytest.approx(own_hz, abs=FREQ_TOLERANCE_HZ)
        assert level_dbfs(signal) > HEARD_DBFS
        separation = band_level_db(signal, own_hz) - band_level_db(signal, other_hz)
        assert separation > 30.0, f"channel {channel}: only {separation:.1f} dB apart"
