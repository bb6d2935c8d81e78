"""Short songs of known timing for the timing tests (a band, a 10 s intro, a synthetic
real-like singer), built once per session and cached in memory."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from alienstage_game.bench import timing_mixes as tm

INTRO_S = 10.0


@lru_cache(maxsize=None)
def song(quarter_bpm: float = 117.3, swing: float = 0.0, seed: int = 7, female: bool = False) -> tm.KnownSong:
    vocal, notes = tm.synthetic_vocal(seed, 8.0, female=female)
    return tm.mix_song(f"test-{quarter_bpm}", vocal, notes, quarter_bpm=quarter_bpm, intro_s=INTRO_S, swing=swing,
                       seed=seed)


def song_folder(folder: Path, known: tm.KnownSong, gap_offset_ms: float = 0.0) -> Path:
    """A chart folder: song.wav (the mix) and song.txt (its notes, GAP moved by the offset)."""
    import soundfile

    from alienstage_game.charts import write_song

    folder.mkdir(parents=True, exist_ok=True)
    soundfile.write(folder / "song.wav", np.asarray(known.mix.T), tm.SR, subtype="PCM_16")
    chart = tm.chart_of(known.notes, quarter_bpm=known.quarter_bpm)
    chart.headers["GAP"] = f"{known.first_vocal_s * 1000.0 + gap_offset_ms:.1f}"
    chart.headers["AUDIO"] = "song.wav"
    write_song(chart, folder / "song.txt")
    return folder / "song.txt"
