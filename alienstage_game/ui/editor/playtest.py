"""Playtest the selection on the real stage: a small chart of just the selected lines
(every voice's lines in that span) with the matching cut of the backing track, written
to a temporary folder, then a StageScene with a guide (autoplay) or a microphone seat.

Cutting the audio keeps the stage unchanged: it plays a song from its start, so the
cut's first sample becomes song time 0 and #GAP moves back by the same amount.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ...charts import Line, Song, Voice, write_song
from ...charts.media import audio_file
from ...charts.ultrastar_write import format_number
from ...editor import ChartDocument
from ...paths import data_dir

LEAD_S = 2.0  # heard before the first selected note
TAIL_S = 1.5


def playtest_dir() -> Path:
    return data_dir() / "editor-playtest"


def _span(doc: ChartDocument) -> tuple[int, int]:
    """Beats from the first to the last selected line (the whole song without a selection)."""
    refs = doc.selection
    if refs:
        lines = {(r.voice, r.line) for r in refs}
        chosen = [doc.song.voice(v).lines[k] for v, k in lines]
    else:
        chosen = [line for voice in doc.song.voices for line in voice.lines]
    return min(l.start_beat for l in chosen), max(l.end_beat for l in chosen)


def playtest_chart(doc: ChartDocument, folder: Path | None = None) -> Path:
    """Write the playtest chart (and its audio cut) and return the chart's path."""
    folder = folder or playtest_dir()
    folder.mkdir(parents=True, exist_ok=True)
    song = doc.song
    start, end = _span(doc)
    clock = song.clock
    cut_s = max(0.0, clock.beat_to_seconds(start) - LEAD_S)
    stop_s = clock.beat_to_seconds(end) + TAIL_S
    voices = []
    for voice in song.voices:
        lines = [Line(notes=list(l.notes), break_beat=l.break_beat) for l in voice.lines
                 if l.notes and l.start_beat < end and l.end_beat > start]
        if lines:
            lines[-1] = Line(notes=lines[-1].notes, break_beat=None)
            voices.append(Voice(voice.id, voice.name, lines))
    if len(voices) == 1 and voices[0].id != "P1":
        voices[0] = Voice("P1", voices[0].name, voices[0].lines)  # a lone P2 line sings as a solo
    headers = {k: v for k, v in song.headers.items()
               if k not in ("AUDIO", "MP3", "VOCALS", "INSTRUMENTAL", "VIDEO", "START", "END",
                            "PREVIEWSTART", "MEDLEYSTARTBEAT", "MEDLEYENDBEAT")}
    headers["GAP"] = format_number(round(song.gap_ms - cut_s * 1000.0, 3))
    audio = audio_file(song)  # inside the song folder only
    if audio is not None:
        from ...audio.audiofile import read_audio
        import soundfile

        samples, sr = read_audio(audio)
        piece = samples[int(cut_s * sr): int(stop_s * sr)]
        soundfile.write(str(folder / "playtest.wav"), np.ascontiguousarray(piece), sr)
        headers["AUDIO"] = "playtest.wav"
    path = folder / "song.txt"
    write_song(Song(path=path, headers=headers, voices=voices), path)
    return path


def playtest_scene(doc: ChartDocument, voice_id: str, source: str, on_finish, **stage_options):
    """A StageScene for the playtest chart: ``source`` "guide" (autoplay) or "mic"."""
    from ...show import DuelSetup, SeatSource, SeatSpec
    from ..scenes.stage import StageScene
    from . import style

    chart = playtest_chart(doc)
    tester = SeatSource.guide(seed=0) if source == "guide" else SeatSource.mic(player=0)
    you = SeatSpec("Guide" if source == "guide" else "You", style.voice_colour(voice_id), tester)
    rival = SeatSpec("Echo", style.voice_colour("P2" if voice_id == "P1" else "P1"), SeatSource.cpu(seed=3))
    # A duet gives seat 0 voice P1 and seat 1 voice P2: sit the tester where their voice is.
    from ...charts import load_song

    seats = (rival, you) if voice_id == "P2" and load_song(chart).is_duet else (you, rival)
    from ..scenes.flow import difficulty

    setup = DuelSetup(seats=seats, chart=chart, title=f"Playtest · {doc.song.title or 'untitled'}",
                      difficulty=difficulty())  # the settings' difficulty, as every duel sings it
    return StageScene(setup, on_finish=on_finish, **stage_options)
