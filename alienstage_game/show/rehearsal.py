"""A practice sitting as it runs: the prepared backing, the singer's input, pass after pass.

Preparing happens on a worker thread (stretching the backing, rendering the guide
melody) while the screen shows its progress. Each pass plays the practice window of the
song -- count-in, the chosen lines, a short tail -- through the audio package's
playback, whose DAC clock stamps the singer's frames; at the window's end the pass is
judged (``PracticeSession.finish_pass``) and kept in the practice history. With a loop
the playback seeks back and the next pass begins with its own count-in. Guide and
metronome changes take effect from the next pass, when the mix is rebuilt.
"""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass
from enum import Enum
from typing import Sequence

import numpy as np

from ..audio.clock import MonotonicClock
from ..charts.media import audio_file, media_path
from ..pitch.frame import PitchFrame
from ..practice.feedback import NoteFeedback, feedback_for_note, folded_cents
from ..practice.session import PassReport, PracticeSession

GUIDE_GAIN = 0.55
VOCALS_GAIN = 0.9  # the chart's own vocal track as the guide
CLICK_GAIN = 0.8
METRONOME_GAIN = 0.45
LIVE_WINDOW_S = 0.15  # live pitch words use the frames of this last stretch


class RehearsalPhase(Enum):
    PREPARING = "preparing"
    READY = "ready"
    SINGING = "singing"
    REVIEW = "review"
    FAILED = "failed"


def guide_source(song) -> str:
    """What the guide sings with: "vocals" (the chart's #VOCALS over the backing),
    "original" (a chart with #INSTRUMENTAL practises over it; the guide is the song as
    recorded) or "melody" (the synthetic singer on the chart's notes)."""
    if media_path(song, "VOCALS") is not None:
        return "vocals"
    if media_path(song, "INSTRUMENTAL") is not None and audio_file(song) is not None:
        return "original"
    return "melody"


class SingerInput(Enum):
    MICROPHONE = "microphone"
    GUIDE = "guide"  # the guide voice sings into the game: a demo of the room, and the tests' autoplay


@dataclass(frozen=True)
class LiveNote:
    """What the singer hears about the note under the "now" line."""

    text: str
    cents: float | None  # median folded error of the last frames; None while silent

    @property
    def words(self) -> str:
        if self.cents is None:
            return ""
        if abs(self.cents) <= 25:
            return "on pitch"
        return f"too {'high' if self.cents > 0 else 'low'} by {abs(self.cents):.0f} cents"


class Rehearsal:
    def __init__(self, session: PracticeSession, singer: SingerInput = SingerInput.MICROPHONE, *,
                 chart_key: str | None = None, play_audio: bool = True, record: bool = True,
                 host_now=None) -> None:
        self.session = session
        self._host_now = host_now  # tests drive a silent rehearsal with their own time
        self.singer = singer
        self.chart_key = chart_key
        self.play_audio = play_audio
        self.record = record
        self.phase = RehearsalPhase.PREPARING
        self.progress = (0.0, "waiting")
        self.error = ""
        self.notice = ""  # e.g. why the clock is a stand-in, or a records problem
        self.guide = session.setup.guide
        self.metronome = session.setup.metronome
        self.frames: list[PitchFrame] = []  # this pass
        self.reports: list[PassReport] = []
        self.finished_notes: list[NoteFeedback] = []  # this pass, as notes end
        self._backing: np.ndarray | None = None
        self._rate = 44100
        self._guide_voice: np.ndarray | None = None
        self._guide_track: np.ndarray | None = None  # the original vocal (or the original song)
        self.guide_kind = "melody"
        self._clicks: tuple[np.ndarray, np.ndarray] | None = None
        self._playback = None
        self.clock = None
        self._capture = None
        self._tracker = None
        self._mix_key: tuple[bool, bool] | None = None
        self._notes = self._pass_notes()
        self._next_note = 0
        self._thread = threading.Thread(target=self._prepare, name="practice-prepare", daemon=True)
        self._thread.start()

    # -- preparing (worker thread) ----------------------------------------------------------
    def _prepare(self) -> None:
        from ..audio.audiofile import read_audio, read_audio_at
        from ..audio.sfx import sound_path
        from ..audio.synth.voice import render_voice
        from ..practice.backing import prepare_backing

        try:
            song = self.session.original
            # Karaoke: the instrumental when the chart has one; the original vocal is the guide.
            audio = media_path(song, "INSTRUMENTAL") or audio_file(song)  # inside the song folder only
            kind = guide_source(song)
            share = 0.4 if kind != "melody" else 0.8
            backing = None
            if audio is not None:
                try:
                    prepared = prepare_backing(audio, self.session.setup.tempo, self.session.setup.transpose,
                                               progress=lambda f, what: self._set_progress(share * f, what))
                    backing, rate = read_audio(prepared.path)
                except OSError as exc:  # a file that will not decode: practise a cappella, and say why
                    why = getattr(exc, "reason", exc)
                    self.notice = f"the backing track will not play ({why}): practising to the clicks alone"
            if backing is not None and kind != "melody":
                guide = media_path(song, "VOCALS") if kind == "vocals" else audio_file(song)
                try:
                    prepared = prepare_backing(guide, self.session.setup.tempo, self.session.setup.transpose,
                                               progress=lambda f, what: self._set_progress(0.4 + 0.4 * f,
                                                                                          "the original vocal"))
                    self._guide_track = _fit(read_audio_at(prepared.path, rate)[0], backing.shape)
                    self.guide_kind = kind
                except OSError as exc:
                    why = getattr(exc, "reason", exc)
                    self.notice = f"the original vocal will not play ({why}): the guide sings the melody"
            if backing is None:
                rate = 44100
                backing = np.zeros((int(rate * (self.session.window()[1] + 1.0)), 2), np.float32)
                self.notice = self.notice or "this chart has no backing track: practising to the clicks alone"
            self._set_progress(0.85, "rendering the guide melody")
            take = render_voice(self.session.song, self.session.setup.voice_id, sr=rate)
            self._guide_voice = take.signal
            self._clicks = tuple(read_audio_at(sound_path(name), rate)[0] for name in ("count-tick", "count-go"))
            self._backing, self._rate = backing, rate
            self._set_progress(1.0, "ready")
            self.phase = RehearsalPhase.READY
        except Exception as exc:  # noqa: BLE001 -- every failure is shown to the singer
            self.error = f"cannot prepare the practice track: {exc}"
            self.phase = RehearsalPhase.FAILED

    def _set_progress(self, fraction: float, what: str) -> None:
        self.progress = (fraction, what)

    def wait_ready(self, timeout_s: float = 60.0) -> bool:
        self._thread.join(timeout_s)
        return self.phase is RehearsalPhase.READY

    # -- the mix ------------------------------------------------------------------------------
    def _mix(self) -> np.ndarray:
        assert self._backing is not None and self._clicks is not None
        mix = self._backing.copy()
        if self.guide and self._guide_track is not None:
            if self.guide_kind == "original":  # the song as recorded, vocal and all
                mix = self._guide_track.copy()
            else:
                mix += VOCALS_GAIN * self._guide_track
        elif self.guide and self._guide_voice is not None:
            n = min(len(mix), len(self._guide_voice))
            mix[:n] += GUIDE_GAIN * self._guide_voice[:n, None]
        tick, go = self._clicks
        clicks = self.session.count_in()
        for k, t in enumerate(clicks):
            self._add(mix, go if k == len(clicks) - 1 else tick, t, CLICK_GAIN)
        if self.metronome:
            for t in self.session.metronome():
                if not any(abs(t - c) < 0.02 for c in clicks):
                    self._add(mix, tick, t, METRONOME_GAIN)
        np.clip(mix, -1.0, 1.0, out=mix)
        return mix

    def _add(self, mix: np.ndarray, sound: np.ndarray, at_s: float, gain: float) -> None:
        start = int(round(at_s * self._rate))
        if start < 0 or start >= len(mix):
            return
        piece = sound[: len(mix) - start]
        mix[start : start + len(piece)] += gain * (piece if piece.ndim == 2 else piece[:, None])

    # -- passes ---------------------------------------------------------------------------------
    def start_pass(self) -> None:
        """Play the practice window from its start (after preparing, or again)."""
        if self.phase not in (RehearsalPhase.READY, RehearsalPhase.REVIEW, RehearsalPhase.SINGING):
            return
        start, _ = self.session.window()
        key = (self.guide, self.metronome)
        if self._playback is None and self.clock is None or key != self._mix_key:
            self._open_output(start, key)
        else:
            self.clock.seek(start)
            if self.clock.paused:
                self.clock.resume()
        self._open_input()
        self.frames = []
        self.finished_notes = []
        self._next_note = 0
        if self._tracker is not None:
            self._tracker.reset(start)
        self.phase = RehearsalPhase.SINGING

    def _open_output(self, start: float, key: tuple[bool, bool]) -> None:
        from ..audio.playback import open_playback_or_clock

        self._close_output()
        self._mix_key = key
        if self.play_audio:
            self._playback, self.clock = open_playback_or_clock(self._mix(), self._rate, start_s=start)
            if self._playback is None:
                self.notice = f"silent practice: {getattr(self.clock, 'reason', 'no sound output')}"
        else:
            kwargs = {"now": self._host_now} if self._host_now is not None else {}
            self._playback, self.clock = None, MonotonicClock(start_s=start, reason="sound switched off", **kwargs)

    def _open_input(self) -> None:
        from ..audio.sources import ArraySource
        from ..pitch.tracker import StreamingPitchTracker

        start, end = self.session.window()
        if self.singer is SingerInput.GUIDE:
            assert self._guide_voice is not None
            a, b = int(start * self._rate), int(end * self._rate)
            self._capture = ArraySource([self._guide_voice[a:b]], self._rate, self.clock, start_s=a / self._rate)
        elif self._capture is None:
            self._capture = self._open_microphone()
        else:
            self._capture.clock = self.clock
        if self._capture is not None and self._tracker is None:
            self._tracker = StreamingPitchTracker(self._capture.sr)

    def _open_microphone(self):
        from .. import settings as settings_mod
        from ..audio.capture import Capture
        from ..audio.mapping import player_mapping
        from ..audio.latency import capture_offsets

        cfg = settings_mod.load()
        inputs = player_mapping(cfg)[:1]
        try:
            return Capture.open(inputs, self.clock, offsets=capture_offsets(cfg, inputs))
        except Exception as exc:  # noqa: BLE001 -- no microphone: say so, the song still plays
            self.notice = f"no microphone: {exc}"
            return None

    @property
    def time(self) -> float:
        return self.clock.now() if self.clock is not None else self.session.window()[0]

    @property
    def mic_lost(self) -> bool:
        return self.singer is SingerInput.MICROPHONE and (self._capture is None or self._capture.lost(0))

    def tick(self) -> PassReport | None:
        """Call once per frame: takes in the singer's frames; returns a report when a pass ends."""
        if self.phase is not RehearsalPhase.SINGING or self.clock is None:
            return None
        if self._capture is not None and self._tracker is not None:
            blocks = self._capture.blocks()  # drained even while paused: those are never judged
            if not self.clock.paused:
                for block in blocks:
                    self.frames.extend(self._tracker.feed(block.samples, block.song_time))
        now = self.clock.now()
        self._close_notes(now)
        if now < self.session.window()[1]:
            return None
        report = self.session.finish_pass(self.frames)
        self.reports.append(report)
        self._keep(report)
        if self.session.setup.loop is not None:
            self.start_pass()  # seek back: the next pass counts in at once
        else:
            self.phase = RehearsalPhase.REVIEW
            self.clock.pause()
        return report

    def _pass_notes(self) -> list:
        clock = self.session.pass_song.clock
        voice = self.session.pass_song.voice(self.session.setup.voice_id)
        return [(clock.beat_to_seconds(n.end_beat), line, n)
                for line, notes in enumerate(voice.lines) for n in notes.notes if n.kind.is_scored]

    def _close_notes(self, now: float) -> None:
        """Feedback for each note as it ends (for the words that pop beside the lane),
        from the frames since just before it only: this runs inside the frame loop."""
        while self._next_note < len(self._notes) and self._notes[self._next_note][0] + 0.12 <= now:
            end, line, note = self._notes[self._next_note]
            self._next_note += 1
            begin = self.session.pass_song.clock.beat_to_seconds(note.beat) - 0.5
            near = self.frames[bisect.bisect_left(self.frames, begin, key=lambda f: f.time):]
            self.finished_notes.append(feedback_for_note(self.session.pass_song, line, note, near))

    def live_note(self) -> LiveNote | None:
        """The note under the "now" line and how the last frames sit against it."""
        now = self.time
        song = self.session.pass_song
        clock = song.clock
        for note in song.voice(self.session.setup.voice_id).notes:
            start, end = clock.beat_to_seconds(note.beat), clock.beat_to_seconds(note.end_beat)
            if start <= now < end and note.kind.is_scored and not note.kind.is_rap:
                recent = [f.midi for f in self._recent() if f.voiced]
                cents = float(np.median([folded_cents(m, note.midi) for m in recent])) if recent else None
                return LiveNote(note.text.strip(), cents)
        return None

    def _recent(self) -> Sequence[PitchFrame]:
        now = self.time
        out = []
        for frame in reversed(self.frames):
            if frame.time < now - LIVE_WINDOW_S:
                break
            out.append(frame)
        return out

    def _keep(self, report: PassReport) -> None:
        if not self.record or self.chart_key is None:
            return
        from ..match.records import Records
        from ..practice.history import PracticeHistory

        try:
            with Records.open() as records:
                PracticeHistory(records).record_pass(self.chart_key, self.session.setup, report)
                if records.notice:
                    self.notice = records.notice
        except Exception as exc:  # noqa: BLE001 -- a full disk must not stop the practice
            self.notice = f"this pass was not saved: {exc}"

    # -- controls --------------------------------------------------------------------------------
    def toggle_guide(self) -> None:
        self.guide = not self.guide

    def toggle_metronome(self) -> None:
        self.metronome = not self.metronome

    def pause(self) -> None:
        if self.clock is not None and not self.clock.paused:
            self.clock.pause()

    def resume(self) -> None:
        if self.clock is not None and self.clock.paused and self.phase is RehearsalPhase.SINGING:
            self.clock.resume()

    def _close_output(self) -> None:
        if self._playback is not None:
            self._playback.close(wait_s=0.0)  # the room never waits for a device
        self._playback = None

    def close(self) -> None:
        self._close_output()
        if self._capture is not None:
            self._capture.close()
        self._capture = None


def _fit(track: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``track`` cut or padded to the backing's frames, in the backing's channels."""
    frames, channels = shape[0], (shape[1] if len(shape) > 1 else 1)
    track = track if track.ndim == 2 else track[:, None]
    if channels == 1 or track.shape[1] == 1:
        track = np.repeat(track.mean(axis=1, keepdims=True), channels, axis=1)
    else:
        track = track[:, :channels]
    out = np.zeros((frames, channels), np.float32)
    out[:min(frames, len(track))] = track[:frames]
    return out if len(shape) > 1 else out[:, 0]
