"""Recorded singers for the live tests and ``bench live``: a short chart and takes of it, written as WAV files
beside the chart (the chart's audio is the takes, so a loopback from the game's output
into a virtual mic carries each singer in time with the song, as a singer who hears the
song sings with it). The takes are the synthetic singer made real-like: per-note pitch
error, late and early onsets, vibrato and a room's noise floor; where ``../shared/data``
holds real singing, a real take is offered too."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile

from ..audio.synth.voice import SingerStyle, render_voice
from ..charts import parse_song
from . import SHARED_DATA

SR = 48_000
REAL_TAKES = SHARED_DATA / "singing-dev"  # real sung takes with note annotations

# 9 s: two lines with rests, a leap and a held note.
CHART = """#VERSION:1.1.0
#TITLE:Live Check
#ARTIST:alienstage studio
#BPM:240
#GAP:600
#AUDIO:{audio}
: 0 6 0 la
: 8 6 4  la
: 16 6 7  la
: 24 12 5  laa
- 40
: 44 6 2 lo
: 52 6 -1  lo
: 60 6 0  lo
: 68 16 -3  looo
- 88
: 92 8 0 na
: 104 16 4  naa
"""

GOOD = SingerStyle(pitch_error_cents=18.0, timing_jitter_s=0.02, vibrato_cents=25.0, seed=11)
WEAK = SingerStyle(pitch_error_cents=70.0, pitch_bias_cents=-30.0, timing_jitter_s=0.05, vibrato_cents=10.0,
                   dropout_rate=0.15, seed=12)


def _room(signal: np.ndarray, noise_db: float, seed: int) -> np.ndarray:
    noise = np.random.default_rng(seed).standard_normal(signal.size) * 10 ** (noise_db / 20)
    return (signal + noise).astype(np.float32)


def takes(folder: Path, stereo: bool = False) -> tuple[Path, list[Path]]:
    """The chart and its take(s): mono (a good singer) or stereo (good left, weak right)."""
    folder.mkdir(parents=True, exist_ok=True)
    audio = "duo.wav" if stereo else "take.wav"
    chart = folder / "song.txt"
    chart.write_text(CHART.format(audio=audio))
    song = parse_song(chart.read_bytes(), path=chart)
    end_s = song.clock.beat_to_seconds(120) + 1.0
    good = _room(render_voice(song, "P1", GOOD, sr=SR, end_s=end_s).signal, -55.0, 1)
    paths = [folder / "p1.wav"]
    soundfile.write(paths[0], good, SR)
    if not stereo:
        soundfile.write(folder / audio, good, SR)
        return chart, paths
    weak = _room(0.7 * render_voice(song, "P1", WEAK, sr=SR, end_s=end_s).signal, -52.0, 2)
    n = max(good.size, weak.size)
    pair = np.zeros((n, 2), np.float32)
    pair[: good.size, 0], pair[: weak.size, 1] = good, weak
    paths.append(folder / "p2.wav")
    soundfile.write(paths[1], pair[:, 1], SR)
    soundfile.write(folder / audio, pair, SR)
    return chart, paths


def real_names() -> list[str]:
    """The real takes beside the repository ([] when the shared data is absent)."""
    return sorted(p.stem for p in REAL_TAKES.glob("*.flac") if p.with_suffix(".txt").is_file())


def real_take(folder: Path, name: str = "1011", seconds: float = 14.0) -> tuple[Path, Path] | None:
    """A real amateur take (SSVD, phone mic) and a chart of its annotated notes, cut to
    ``seconds``; None when the shared data is not beside the repository."""
    flac = REAL_TAKES / f"{name}.flac"
    if not flac.is_file():
        return None
    from ..charts.ultrastar_write import write_song
    from ..pitch.transcribe import SungSegment, build_song

    y, sr = soundfile.read(flac, dtype="float32")
    folder.mkdir(parents=True, exist_ok=True)
    take = folder / "take.wav"
    soundfile.write(take, y[: int(seconds * sr)], sr)
    from .pitch_notes import read_notes

    notes = [SungSegment(onset, offset, midi) for onset, offset, midi in read_notes(flac.with_suffix(".txt")).tolist()
             if offset < seconds - 0.5]
    song, _ = build_song(notes, 600.0, 0.0, title=f"SSVD {name}", artist="singing-dev", audio=take.name)
    chart = folder / "song.txt"
    write_song(song, chart)
    return chart, take
