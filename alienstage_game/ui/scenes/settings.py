"""Settings: audio output, microphones, manual latency offset, difficulty, fullscreen and
volumes. Saved to the settings file a moment after each change and again on leaving, so a
crash loses at most the last half second of fiddling. A save the disk refuses is said on
screen and tried again at the next change; one refused on leaving is told on the title."""

from __future__ import annotations

import pygame

from ... import settings as settings_io
from ...scoring import Difficulty
from ...storage import StorageError
from .. import theme, widgets
from ..app import Scene
from ..input import Action
from ..sky import AlienSky
from ..widgets_form import Button, Choice, Form, Row, Slider, Toggle
from . import audio_link, prefs
from .saving import draw_notice

SAVE_AFTER_S = 0.5
DEFAULT_OUTPUT = "System default"
BACKINGS = ("Instrumental (karaoke)", "Original song")  # a chart with #INSTRUMENTAL, in duels

DIFFICULTY_HINTS = {
    Difficulty.EASY: "Easy: full credit within 25 cents of the note, none beyond 150 cents.",
    Difficulty.MEDIUM: "Medium: full credit within 10 cents of the note, none beyond 100 cents.",
    Difficulty.HARD: "Hard: full credit within 5 cents of the note, none beyond 60 cents.",
}


def _offset(value: float) -> str:
    """"+20 ms", "-5 ms", and "0 ms" for anything that rounds to nought (never "+0"/"-0")."""
    whole = round(value)
    return f"{whole:+d} ms" if whole else "0 ms"


class SettingsScene(Scene):
    def __init__(self) -> None:
        self.sky = AlienSky(seed=19)
        self.seconds = 0.0
        self.saved, self.prefs = prefs.load()
        self.outputs = [DEFAULT_OUTPUT, *audio_link.output_names()]
        current = self.prefs.output_device
        if current and current not in self.outputs:
            self.outputs.append(current)  # a device that is unplugged now stays chosen
        self.difficulties = list(Difficulty)
        self.output_row = Choice("Audio output", options=self.outputs,
                                 index=self.outputs.index(current) if current else 0,
                                 hint="Where the music and effects play." + (
                                     "" if len(self.outputs) > 1 else " No output device found: the game runs silent."))
        self.mics_row = Button("Microphones", action=self._open_mics,
                               hint="Device and channel per player, level meters, calibration.")
        self.offset_row = Slider("Latency offset", low=-300.0, high=300.0, value=self.prefs.latency_offset_ms,
                                 increment=5.0, unit=_offset,
                                 hint="Added to the calibrated delay. Raise it if your notes score late.")
        self.difficulty_row = Choice("Difficulty", options=[d.label for d in self.difficulties],
                                     index=self.difficulties.index(self.prefs.difficulty))
        self.backing_row = Choice("Duel backing", options=list(BACKINGS),
                                  index=1 if self.prefs.hear_original else 0,
                                  hint="Songs with an instrumental track: sing over it, or over the original.")
        self.fullscreen_row = Toggle("Fullscreen", on=self.prefs.fullscreen, hint="F11 switches it anywhere.")
        self.music_row = Slider("Music volume", value=self.prefs.volume_music, hint="The backing track.")
        self.effects_row = Slider("Effects volume", value=self.prefs.volume_effects,
                                  hint="Menu sounds, count-in, the audience.")
        self.monitor_row = Slider("Mic monitor", value=self.prefs.volume_monitor,
                                  hint="Hear your own voice through the speakers (0 = off).")
        self.back_row = Button("Back", action=self._leave, hint="Settings are saved as you change them.")
        self.form = Form([self.output_row, self.mics_row, self.offset_row, self.difficulty_row,
                          self.backing_row, self.fullscreen_row, self.music_row, self.effects_row, self.monitor_row,
                          self.back_row],
                         on_change=self._changed, row_height=48)
        self._dirty_for: float | None = None
        self.saved_note = 0.0
        self.save_problem: str | None = None  # why the last save failed; cleared by the next good one

    # -- changes and saving ---------------------------------------------------------------------
    def _changed(self, row: Row) -> None:
        p = self.prefs
        p.output_device = None if self.output_row.value == DEFAULT_OUTPUT else self.output_row.value
        p.latency_offset_ms = self.offset_row.value
        p.difficulty = self.difficulties[self.difficulty_row.index]
        p.fullscreen = self.fullscreen_row.on
        p.hear_original = self.backing_row.index == 1
        p.volume_music = self.music_row.value
        p.volume_effects = self.effects_row.value
        p.volume_monitor = self.monitor_row.value
        if row is self.fullscreen_row:
            self.app.set_fullscreen(p.fullscreen)
        self.app.effects_volume = p.volume_effects
        self._dirty_for = 0.0

    def save(self) -> bool:
        """Write the settings now; on a full disk or a read-only folder say so (the next
        change tries again) instead of taking the game down."""
        self._dirty_for = None
        try:
            prefs.save(self.saved, self.prefs)
        except StorageError as err:
            self.save_problem = err.reason
            return False
        self.save_problem = None
        self.saved_note = 1.5
        return True

    def _open_mics(self) -> None:
        from .mic_setup import MicSetupScene

        self.app.push(MicSetupScene())

    def _leave(self) -> None:
        self.app.pop()

    def on_enter(self) -> None:
        # Mic setup saves the mapping itself; read the file again so we never write it back stale.
        fresh, _ = prefs.load()
        self.prefs.write(fresh)
        self.saved = fresh

    def on_leave(self) -> None:
        if (self._dirty_for is not None or self.save_problem) and not self.save():
            settings_io.tell(f"Your last settings changes were not saved: {self.save_problem}.")

    # -- input ------------------------------------------------------------------------------------
    def handle(self, action: Action) -> None:
        if action is Action.BACK:
            self._leave()
        else:
            self.form.handle(action)

    def on_event(self, event: pygame.event.Event) -> None:
        self.form.on_event(event, self.app.to_canvas)

    def update(self, seconds: float) -> None:
        self.seconds += seconds
        self.saved_note = max(0.0, self.saved_note - seconds)
        if self._dirty_for is not None:
            self._dirty_for += seconds
            if self._dirty_for >= SAVE_AFTER_S:
                self.save()

    # -- drawing -----------------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        self.sky.draw(canvas, self.seconds)
        widgets.heading(canvas, "Settings", "Keyboard, gamepad or mouse: every row changes with Left / Right")
        area = pygame.Rect(140, 118, 1000, len(self.form.rows) * self.form.row_height + 20)
        widgets.panel(canvas, area)
        mapped = audio_link.player_inputs(self.saved)
        self.mics_row.text = (f"{len(mapped)} player{'s' if len(mapped) != 1 else ''} set up" if mapped
                              else "not set up yet")
        self.form.draw(canvas, area.inflate(-24, -20))
        hint = self.form.current.hint
        if self.form.current is self.difficulty_row:
            hint = DIFFICULTY_HINTS[self.difficulties[self.difficulty_row.index]]
        if self.save_problem:  # in the hint's place, where the eye is after a change
            draw_notice(canvas, f"Settings not saved: {self.save_problem}. Saved again at your next change.",
                        area.bottom + 32)
        else:
            theme.draw_text(canvas, hint, (canvas.get_width() // 2, area.bottom + 32), size=28,
                            colour=theme.STARLIGHT, anchor="center")
        if self.saved_note > 0 and not self.save_problem:
            theme.draw_text(canvas, "Saved", (area.right, 84), size=26, colour=theme.ACCENT, anchor="topright")
        widgets.footer(canvas, "Up/Down choose   Left/Right change   Enter / A press   Esc / B back")
