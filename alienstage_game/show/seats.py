"""A performer for each kind of seat: a CPU rival, a microphone, a file, the guide voice,
or (pass the mic) a turn on the one shared microphone."""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from ..audio.clock import SongClock
from ..audio.devices import PlayerInput
from ..charts import Song, Voice
from ..match.passmic import MicSchedule
from .microphones import Microphones
from .performers import FramesPerformer, Performer, TrackedPerformer
from .setup import SeatSource, SeatSpec, SourceKind

TRACKER_SR = 22050  # the tracker's rate for files and the guide voice (C6 still far below Nyquist)

ClockOf = Callable[[], SongClock | None]


def rival_performer(song: Song, voice: Voice, source: SeatSource,
                    lines: Sequence[int] | None = None) -> Performer:
    """A CPU rival from the roster (``source.rival``), or an unnamed one whose pitch error
    is ``source.skill_cents``; ``lines`` limits it to those lines (its turns)."""
    from ..match.contestants import contestant
    from ..match.rivals import RivalPerformance, SkillProfile

    try:
        profile = contestant(source.rival).skill if source.rival is not None else None
    except KeyError:
        profile = None
    if profile is None:
        profile = SkillProfile(pitch_error_cents=source.skill_cents)
    return FramesPerformer(RivalPerformance(song, profile, voice_id=voice.id, seed=source.seed, lines=lines).frames)


def guide_signal(song: Song, voice: Voice, sr: int, *, seed: int, skill_cents: float) -> np.ndarray:
    """The chart voice sung by the audio package's synthetic singer (the guide voice)."""
    from ..audio.synth.voice import SingerStyle, render_voice

    style = SingerStyle(pitch_error_cents=skill_cents, vibrato_cents=20.0, seed=seed)
    return render_voice(song, voice.id, style, sr=sr, start_s=0.0).signal


def heard_performer(song: Song, voice: Voice, source: SeatSource, clock_of: ClockOf,
                    live: Microphones | None = None, mics: Sequence[PlayerInput] | None = None) -> TrackedPerformer:
    """A seat whose sound goes through its own tracker: the guide, a file or a mic."""
    if source.kind is SourceKind.GUIDE:
        signal = guide_signal(song, voice, TRACKER_SR, seed=source.seed, skill_cents=source.skill_cents)
        return TrackedPerformer(Microphones.recording([signal], TRACKER_SR, clock_of).seat(0))
    if source.kind is SourceKind.FILE:
        from ..pitch.offline import load_audio

        samples, sr = load_audio(source.path, TRACKER_SR)
        return TrackedPerformer(Microphones.recording([samples], sr, clock_of).seat(0))
    if source.kind is SourceKind.MIC:
        live = live or Microphones.live([source.player], clock_of, mics)
        return TrackedPerformer(live.player(source.player))
    raise ValueError(f"a {source.kind.value} seat is not heard through a tracker of its own")


def build_performers(song: Song, voices: tuple[Voice, Voice], specs: Sequence[SeatSpec], clock_of: ClockOf, *,
                     schedule: MicSchedule | None = None,
                     shared_mic: SeatSource | None = None,
                     mics: Sequence[PlayerInput] | None = None) -> tuple[Performer, Performer]:
    """One performer per seat. Microphone seats share one capture of the players'
    devices; pass-the-mic seats share the one microphone's tracker, turn by turn."""
    mic_players = [s.source.player for s in specs if s.source.kind is SourceKind.MIC]
    live = Microphones.live(mic_players, clock_of, mics) if mic_players else None
    shared = None
    if any(s.source.kind is SourceKind.SHARED for s in specs):
        from .turns import SharedMic

        assert schedule is not None and shared_mic is not None
        shared = SharedMic(heard_performer(song, voices[0], shared_mic, clock_of, mics=mics), schedule)
    out = []
    for index, (voice, spec) in enumerate(zip(voices, specs)):
        source = spec.source
        if source.kind is SourceKind.CPU:
            lines = None
            if schedule is not None:  # a CPU seat in pass the mic sings its own turns only
                lines = [i for v, i in schedule.lines_of(index) if v == voice.id]
            out.append(rival_performer(song, voice, source, lines))
        elif source.kind is SourceKind.SHARED:
            out.append(shared.turns_of(index))
        else:
            out.append(heard_performer(song, voice, source, clock_of, live))
    return tuple(out)  # type: ignore[return-value]
