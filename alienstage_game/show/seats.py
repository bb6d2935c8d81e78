"""A performer for each kind of seat (CPU rival, microphone, file, guide voice)."""

from __future__ import annotations

from ..charts import Song, Voice
import numpy as np

from .autoplay import autoplay_frames
from .performers import ArraySource, FramesPerformer, Performer, TrackedPerformer
from .setup import SeatSpec, SourceKind

TRACKER_SR = 22050  # the tracker's rate for files and the guide voice (C6 still far below Nyquist)


class _RivalAdapter:
    """The match package's RivalPerformance as a Performer."""

    lost = False

    def __init__(self, performance) -> None:
        self.performance = performance

    def poll(self, until: float):
        return self.performance.frames_until(until)

    def restart(self) -> None:
        self.performance.reset()

    def close(self) -> None:
        pass


def rival_performer(song: Song, voice: Voice, spec: SeatSpec) -> Performer:
    """A CPU rival from the match package (contract-match.md) when it is there, else the
    stand-in autoplay with the seat's skill."""
    source = spec.source
    try:
        from ..match.contestants import contestant
        from ..match.rivals import RivalPerformance
    except ImportError:
        return FramesPerformer(autoplay_frames(song, voice, skill_cents=source.skill_cents, seed=source.seed))
    profile = None
    if source.rival is not None:
        try:
            profile = contestant(source.rival).skill
        except KeyError:
            profile = None
    if profile is None:
        return FramesPerformer(autoplay_frames(song, voice, skill_cents=source.skill_cents, seed=source.seed))
    return _RivalAdapter(RivalPerformance(song, profile, voice_id=voice.id, seed=source.seed))


def guide_signal(song: Song, voice: Voice, sr: int, *, seed: int, skill_cents: float) -> np.ndarray:
    """The chart voice sung by the audio package's synthetic singer (the guide voice);
    the stand-in renderer in ``autoplay`` where that is missing."""
    try:
        from ..audio.synth.voice import SingerStyle, render_voice
    except ImportError:
        from .autoplay import guide_signal as stand_in

        return stand_in(song, voice, sr, seed=seed, skill_cents=skill_cents)
    style = SingerStyle(pitch_error_cents=skill_cents, vibrato_cents=20.0, seed=seed)
    return render_voice(song, voice.id, style, sr=sr, start_s=0.0).signal


def build_performers(song: Song, voices: tuple[Voice, Voice], specs, clock) -> tuple[Performer, Performer]:
    """One performer per seat; microphone seats share one capture of the players' devices."""
    mic_players = [s.source.player for s in specs if s.source.kind is SourceKind.MIC]
    hub = None
    if mic_players:
        from .audio_seam import MicHub

        hub = MicHub(mic_players, clock)
    return tuple(_performer(song, v, s, hub) for v, s in zip(voices, specs))  # type: ignore[return-value]


def _performer(song: Song, voice: Voice, spec: SeatSpec, hub) -> Performer:
    source = spec.source
    if source.kind is SourceKind.CPU:
        return rival_performer(song, voice, spec)
    if source.kind is SourceKind.GUIDE:
        signal = guide_signal(song, voice, TRACKER_SR, seed=source.seed, skill_cents=source.skill_cents)
        return TrackedPerformer(ArraySource(signal, TRACKER_SR))
    if source.kind is SourceKind.FILE:
        from ..pitch.offline import load_audio

        samples, sr = load_audio(source.path, TRACKER_SR)
        return TrackedPerformer(ArraySource(samples, sr))
    from .audio_seam import MicSource

    return TrackedPerformer(MicSource(hub, source.player))
