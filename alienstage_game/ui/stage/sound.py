"""Stage sounds through pygame.mixer: the effects (contract-sfx.md) and, when the audio
package cannot play the backing, the backing track following the stand-in clock.
Every call is safe without a mixer or without the files: the show goes on silently."""

from __future__ import annotations

from pathlib import Path

import pygame

RATING_STINGS = {"perfect": "rating-perfect", "great": "rating-great", "good": "rating-good",
                 "ok": "rating-good", "fair": "rating-good", "poor": "rating-poor", "awful": "rating-poor"}


def _mixer() -> bool:
    """pygame's mixer, on the output chosen in the settings when SDL knows it by that
    name (SDL's PulseAudio backend names sinks as the desktop does), else the default."""
    if pygame.mixer.get_init():
        return True
    try:
        from ...audio.playback import chosen_output

        chosen = chosen_output()
    except ImportError:
        chosen = None
    for devicename in ([chosen] if chosen else []) + [None]:
        try:
            if devicename is None:
                pygame.mixer.init(44100)
            else:
                pygame.mixer.init(44100, devicename=devicename)
            if pygame.mixer.get_init():
                return True
        except pygame.error:
            continue
    return False


class StageSounds:
    """The stage's effects. ``output`` (the show's Backing), when given, mixes them into
    the song's own output (the device chosen in the settings, on the song's clock); when
    it cannot (no output playing), pygame's mixer plays them."""

    def __init__(self, enabled: bool = True, output=None) -> None:
        self.wanted = enabled
        self.enabled = enabled and _mixer()
        self.output = output
        self._sounds: dict[str, pygame.mixer.Sound | None] = {}
        self._samples: dict[tuple[str, int], object] = {}  # (name, rate) -> samples, read once

    def play(self, name: str, volume: float = 0.7) -> None:
        if self.wanted and self.output is not None and self._routed(name, volume):
            return
        if not self.enabled:
            return
        if name not in self._sounds:
            self._sounds[name] = None
            try:
                from ...audio.sfx import sound_path

                path = sound_path(name)
                if path.is_file():
                    self._sounds[name] = pygame.mixer.Sound(str(path))
            except (ImportError, KeyError, pygame.error, OSError):
                pass
        sound = self._sounds[name]
        if sound is not None:
            sound.set_volume(volume)
            sound.play()

    def stop(self) -> None:
        """Silence the effects the mixer plays (those routed into the song's output stop
        with it)."""
        if self.enabled:
            try:
                pygame.mixer.stop()
            except pygame.error:
                pass

    def _routed(self, name: str, volume: float) -> bool:
        rate = self.output.effect_rate
        if rate is None:
            return False
        if (name, rate) not in self._samples:  # resampled once per rate, not on every play
            self._samples[name, rate] = None
            try:
                from ...audio.audiofile import read_audio_at
                from ...audio.sfx import sound_path

                self._samples[name, rate] = read_audio_at(sound_path(name), rate)[0]
            except Exception:  # noqa: BLE001 -- a missing or unreadable effect: the mixer tries
                pass
        samples = self._samples[name, rate]
        return samples is not None and self.output.play_effect(samples, rate, volume)


class MixerBacking:
    """The backing track through pygame.mixer.music, kept in step with a stand-in clock:
    it starts, pauses, resumes and seeks when the show does."""

    def __init__(self, path: Path | None) -> None:
        self.ok = path is not None and path.is_file() and _mixer()
        if self.ok:
            try:
                pygame.mixer.music.load(str(path))
            except pygame.error:
                self.ok = False

    def play(self, at: float = 0.0) -> None:
        if self.ok:
            try:
                pygame.mixer.music.play(start=max(0.0, at))
            except pygame.error:
                self.ok = False

    def pause(self) -> None:
        if self.ok:
            pygame.mixer.music.pause()

    def resume(self) -> None:
        if self.ok:
            pygame.mixer.music.unpause()

    def stop(self) -> None:
        if self.ok:
            pygame.mixer.music.fadeout(400)
