"""The menus' one seam to the audio package: device lists, the players' mic mapping in
settings, song previews, a live mic check and latency calibration.

Every function here degrades to an honest answer instead of raising: no PortAudio or no
device gives empty lists, ``None`` and a sentence the scene can show.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ...audio.devices import PlayerInput  # a player's mic: device by name, channel

log = logging.getLogger(__name__)

NO_AUDIO = "audio input/output is not available in this build"


@dataclass(frozen=True)
class InputChoice:
    """A microphone input the player can pick: the name the system gives it, how many
    channels it has, and the id the settings keep."""

    name: str
    channels: int
    id: str = ""

    @property
    def key(self) -> str:
        return self.id or self.name


def _devices():
    from ...audio import devices  # noqa: PLC0415 - lazy: PortAudio may be absent

    return devices


def input_choices() -> list[InputChoice]:
    try:
        return [InputChoice(d.name, int(d.max_input_channels), d.id) for d in _devices().input_devices()
                if d.max_input_channels > 0]
    except Exception as exc:  # ImportError, PortAudio errors: no inputs to offer
        log.info("no input devices: %s", exc)
        return []


def output_names() -> list[str]:
    try:
        return [d.name for d in _devices().output_devices() if d.max_output_channels > 0]
    except Exception as exc:
        log.info("no output devices: %s", exc)
        return []


def player_inputs(settings: Any) -> list[PlayerInput]:
    """The mapping the player saved (player 1 first); empty when none is saved yet.

    Read from the "audio" settings object the audio package owns; the audio package's
    own ``player_mapping`` fills unsaved players with defaults, which is
    right for the stage but would hide here that nobody chose a microphone yet.
    """
    audio = settings.extra.get("audio")
    players = audio.get("players") if isinstance(audio, dict) else None
    out: list[PlayerInput] = []
    for item in players if isinstance(players, list) else []:
        try:
            device = item.get("device")
            out.append(PlayerInput(None if device is None else str(device), int(item.get("channel", 0))))
        except (AttributeError, TypeError, ValueError):
            continue
    return out


def set_player_inputs(settings: Any, inputs: list[PlayerInput]) -> None:
    from ...audio.mapping import set_player_mapping

    set_player_mapping(settings, inputs)


def mapping_warnings(inputs: list[PlayerInput]) -> list[str]:
    """Why a mapping cannot be played, as sentences: two players on one channel of one
    source (one voice would score for both), a mono mic for two, a device or channel
    that is not there, a name that fits several devices."""
    try:
        from ...audio.mapping import mapping_problems

        return [w[0].upper() + w[1:] for w in mapping_problems(inputs)]
    except Exception as exc:  # a broken audio stack: the scene shows no devices anyway
        log.info("mapping warnings unavailable: %s", exc)
        return []


# -- previews -------------------------------------------------------------------------------
class Preview:
    """The song browser's audio preview from #PREVIEWSTART. ``note`` says why it is silent.

    Decoding the track and opening the output happen on a thread, so scrolling the list
    never waits for them; a preview that arrives after the selection moved on is closed.
    """

    def __init__(self) -> None:
        self.playback = None
        self.path: Path | None = None
        self.note: str | None = None
        self.loading = False
        self._ticket = 0
        self._lock = threading.Lock()

    def start(self, path: Path | None, start_s: float, device: str | None = None) -> None:
        if path is not None and path == self.path and (self.playback is not None or self.loading):
            return
        self.stop()
        self.path = path
        if path is None or not path.is_file():
            self.note = "No audio file for this song"
            return
        self.note = None
        self.loading = True
        with self._lock:
            self._ticket += 1
            ticket = self._ticket
        threading.Thread(target=self._open, args=(ticket, path, start_s, device), name="preview",
                         daemon=True).start()

    def _open(self, ticket: int, path: Path, start_s: float, device: str | None) -> None:
        playback, note = None, None
        try:
            from ...audio.audiofile import AudioFileError
            from ...audio.playback import Playback

            playback = Playback.open_file(path, device=device, start_s=start_s, lead_in_s=0.0)
        except ImportError:
            note = "Preview unavailable: " + NO_AUDIO
        except AudioFileError as exc:
            note = f"Preview silent: {exc.path.name}: {exc.reason}"
        except Exception as exc:  # no output device, a device that refuses...
            note = f"Preview silent: no audio output ({_short(exc)})"
        with self._lock:
            current = ticket == self._ticket
            if current:
                self.playback, self.note, self.loading = playback, note, False
        if not current and playback is not None:
            _close(playback)

    def stop(self) -> None:
        with self._lock:
            self._ticket += 1
            playback, self.playback = self.playback, None
            self.loading = False
        if playback is not None:
            _close(playback)
        self.path = None


def _close(playback: Any) -> None:
    try:
        playback.close(wait_s=0.0)  # scrolling the songs never waits for a device
    except Exception as exc:
        log.info("preview close: %s", exc)


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:60]


# -- live mic check -------------------------------------------------------------------------
@dataclass
class MicReading:
    level_db: float | None = None  # None = no signal path (no device, or lost)
    midi: float | None = None      # the last voiced pitch heard, None while silent
    lost: bool = False
    trouble: str | None = None     # samples the device lost ("2 gaps (0.3 s), 1 overflow"), None: none


LIKENESS_EVERY_S = 0.5


class MicCheck:
    """Capture from the chosen inputs through the pitch tracker, for meters and a readout.

    ``listener(player, frames)``, when set, gets every PitchFrame each mic's tracker makes
    (the room check measures levels and bleed from them). ``same_signal`` turns True when
    two players' mics carry one signal (two names for one source, a mono mic copied)."""

    def __init__(self, inputs: list[PlayerInput]) -> None:
        self.readings = [MicReading() for _ in inputs]
        self.listener: Callable[[int, list[Any]], None] | None = None
        self.error: str | None = None
        self.same_signal = False
        self.capture = None
        self.trackers: list[Any] = []
        self._recent: list[list[Any]] = [[] for _ in inputs]  # the last half second of samples
        try:
            from ...audio.capture import Capture
            from ...audio.clock import MonotonicClock
            from ...audio.devices import PlayerInput
            from ...pitch import StreamingPitchTracker

            self.capture = Capture.open([PlayerInput(i.device, i.channel) for i in inputs],
                                        MonotonicClock(reason="mic check"), offsets=0.0)
            self.trackers = [StreamingPitchTracker(self.capture.sr) for _ in inputs]
        except ImportError:
            self.error = "Mic check unavailable: " + NO_AUDIO
        except Exception as exc:
            self.error = f"Could not open the microphone: {_short(exc)}"

    def poll(self) -> list[MicReading]:
        if self.capture is None:
            return self.readings
        try:
            for block in self.capture.blocks():
                reading = self.readings[block.player]
                self._recent[block.player].append(block.samples)
                frames = list(self.trackers[block.player].feed(block.samples, block.song_time))
                for frame in frames:
                    reading.midi = frame.midi if frame.voiced else None
                if self.listener is not None and frames:
                    self.listener(block.player, frames)
            for player, reading in enumerate(self.readings):
                reading.lost = bool(self.capture.lost(player))
                reading.level_db = None if reading.lost else float(self.capture.level_db(player))
                reading.trouble = _trouble(getattr(self.capture, "health", None), player)
            self._compare()
        except Exception as exc:
            self.error = f"Microphone stopped: {_short(exc)}"
            self.close()
        return self.readings

    def _compare(self) -> None:
        """Every half second: do the first two mics carry the same signal?"""
        if len(self._recent) < 2:
            return
        import numpy as np

        sr = self.capture.sr
        n = int(LIKENESS_EVERY_S * sr)
        if min(sum(x.size for x in r) for r in self._recent[:2]) < n:
            return  # (counted, not joined: this runs every frame)
        a, b = (np.concatenate(r)[-n:] for r in self._recent[:2])
        self._recent = [[] for _ in self._recent]
        if min(float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))) for x in (a, b)) < 10 ** (-55 / 20):
            return  # silence proves nothing either way
        from ...audio.likeness import SAME, likeness

        self.same_signal = likeness(a, b, sr) >= SAME

    def close(self) -> None:
        if self.capture is not None:
            try:
                self.capture.close()
            except Exception as exc:
                log.info("mic check close: %s", exc)
        self.capture = None


def _trouble(health_of: Callable[[int], Any] | None, player: int) -> str | None:
    """The samples a mic lost, in words (None when it lost none or cannot say)."""
    if health_of is None:
        return None
    health = health_of(player)
    parts = []
    if health.gaps:
        parts.append(f"{health.gaps} gap{'s' if health.gaps != 1 else ''} ({health.gap_s:.1f} s)")
    if health.overflows:
        parts.append(f"{health.overflows} overflow{'s' if health.overflows != 1 else ''}")
    return ", ".join(parts) or None


# -- latency calibration --------------------------------------------------------------------
def delay_ms(seconds: float) -> str:
    """A delay for the screen: "12 ms", and "0 ms" for anything under half a millisecond
    (never "-0 ms")."""
    return f"{round(seconds * 1000) or 0} ms"


class CalibrationRun:
    """Runs the audio package's click calibration on a thread (it takes ~6 s of audio),
    for every player's microphone at once: each device hears the same clicks."""

    def __init__(self, mics: list[PlayerInput], output: str | None) -> None:
        self.results: list[Any] = []
        self.error: str | None = None
        self.done = False
        self._thread = threading.Thread(target=self._run, args=(list(mics), output), name="calibration", daemon=True)
        self._thread.start()

    def _run(self, mics: list[PlayerInput], output: str | None) -> None:
        try:
            from ...audio.calibration import calibrate_inputs

            self.results = calibrate_inputs(mics, output)
        except ImportError:
            self.error = "Calibration unavailable: " + NO_AUDIO
        except Exception as exc:
            self.error = f"Calibration failed: {_short(exc)}"
        finally:
            self.done = True

    def save(self, settings: Any) -> list[str]:
        """Keep each good measurement; a failed one keeps the delay there was. One
        sentence per device, for the screen."""
        from ...audio.latency import save_calibration, stored_offset_s

        lines = []
        for cal in self.results:
            if save_calibration(settings, cal):
                lines.append(f"{cal.input}: delay {delay_ms(cal.offset_s)} ({cal.kept}/{cal.clicks} clicks, "
                             f"confidence {cal.confidence:.0%}), saved")
            else:
                old = stored_offset_s(settings, cal.input)
                kept = f"kept {delay_ms(old)}" if old is not None else "nothing saved"
                lines.append(f"{cal.input}: {'no click heard' if cal.kept == 0 else 'clicks disagreed'}, {kept}")
        return lines
