"""A generated song folder for the media tests: songs with instrumental and vocal tracks,
#START/#END, medley marks (v1 beats and v2 milliseconds), an unmarked song whose chorus
repeats, and a chart whose audio file is missing. Audio files are short WAVs."""

from __future__ import annotations

from pathlib import Path

import numpy as np

SR = 8000


def tone(seconds: float, hz: float, sr: int = SR, channels: int = 2) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    mono = (0.2 * np.sin(2 * np.pi * hz * t)).astype(np.float32)
    return np.repeat(mono[:, None], channels, axis=1)


def write_wav(path: Path, seconds: float, hz: float, channels: int = 2) -> Path:
    import soundfile

    soundfile.write(str(path), tone(seconds, hz, channels=channels), SR)
    return path


def _lines(first_beat: int, texts: list[str], pitch: int = 0, beats_per_line: int = 16) -> list[str]:
    """One line per text, two notes each (4 beats apart), a line every ``beats_per_line``."""
    out = []
    for k, text in enumerate(texts):
        beat = first_beat + k * beats_per_line
        a, _, b = text.partition(" ")
        out += [f": {beat} 4 {pitch} {a}", f": {beat + 4} 6 {pitch + 2}  {b or 'la'}", f"- {beat + 12}"]
    return out


def chart(title: str, body: list[str], **headers: str) -> str:
    head = {"VERSION": "1.1.0", "TITLE": title, "ARTIST": "Media Tests", "BPM": "120", "GAP": "1000",
            "AUDIO": f"{title}.wav"}
    head.update({k.upper(): v for k, v in headers.items()})
    lines = [f"#{k}:{v}" for k, v in head.items() if v]
    body = body[:-1] if body and body[-1].startswith("-") else body
    return "\n".join(lines + body + ["E", ""])


# BPM 120 in v1 units: a beat is 125 ms; GAP 1 s. Line k starts at 1 + 2k s (16 beats).
VERSES = ["one two", "three four", "five six", "seven eight", "nine ten", "eleven twelve",
          "thirteen fourteen", "fifteen sixteen"]
CHORUS = ["shine on", "little comet", "burn so bright", "over me", "and away"]


def write_media_library(root: Path) -> dict[str, Path]:
    """The charts by name: karaoke, startend, marked, v2marked, chorus, silent."""
    root.mkdir(parents=True, exist_ok=True)
    songs: dict[str, Path] = {}

    def song(name: str, text: str, audio_s: float | None, hz: float = 220.0, extra: dict | None = None) -> None:
        folder = root / name
        folder.mkdir(exist_ok=True)
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        if audio_s is not None:
            write_wav(folder / f"{name}.wav", audio_s, hz)
        for filename, (seconds, f) in (extra or {}).items():
            write_wav(folder / filename, seconds, f)
        songs[name] = folder / f"{name}.txt"

    # Karaoke: an instrumental and a vocal track beside the original.
    song("karaoke", chart("karaoke", _lines(0, VERSES[:4]), INSTRUMENTAL="karaoke [instr].wav",
                          VOCALS="karaoke [voc].wav", MEDLEYSTARTBEAT="16", MEDLEYENDBEAT="58"),
         10.0, extra={"karaoke [instr].wav": (10.0, 330.0), "karaoke [voc].wav": (10.0, 440.0)})
    # #START 4.5 s and #END 11 s (v1: seconds): lines 0-1 (1-2.4 s, 3-4.4 s) and line 5 (11-12.4 s)
    # lie outside; lines 2-4 (5, 7, 9 s) are sung.
    song("startend", chart("startend", _lines(0, VERSES[:6]), START="4.5", END="11000"), 14.0, hz=262.0)
    # Medley marks in beats (v1): lines 2-3.
    song("marked", chart("marked", _lines(0, VERSES[:6]), MEDLEYSTARTBEAT="32", MEDLEYENDBEAT="58",
                         PREVIEWSTART="4.0"), 14.0, hz=294.0)
    # v2: milliseconds everywhere, BPM counted without the factor 4 (beat = 500 ms at 120).
    v2_body = []
    for k, text in enumerate(VERSES[:5]):
        beat = k * 4
        a, _, b = text.partition(" ")
        v2_body += [f": {beat} 1 3 {a}", f": {beat + 1} 1 5  {b}", f"- {beat + 3}"]
    song("v2marked", chart("v2marked", v2_body, VERSION="2.0.0", MEDLEYSTART="5000", MEDLEYEND="8600"),
         12.0, hz=349.0)
    # No marks: verse, chorus, verse, chorus; the chorus is five lines, 5 s to 14.25 s.
    body = _lines(0, VERSES[:2]) + _lines(32, CHORUS) + _lines(112, VERSES[2:4]) + _lines(144, CHORUS)
    song("chorus", chart("chorus", body), 30.0, hz=392.0)
    # The audio file the chart names is not there.
    song("silent", chart("silent", _lines(0, VERSES[:3])), None)
    return songs
