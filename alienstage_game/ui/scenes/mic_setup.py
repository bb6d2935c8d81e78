"""Mic setup: a device and a channel for each player, live level meters and the pitch each
mic hears, a sing check (one player) or a room check (two: each sings alone while both mics
listen, and the levels and bleed measured are stored for the duel's crosstalk gate),
latency calibration of every player's mic, and the reason a mapping cannot be played (two
players on one channel, a mono mic for two, a device that is not there, two mics that
carry one signal). Saved to settings on every change that can be played; the mic each
player sings into shows what it lost (gaps, overflows). On a machine without microphones it says so plainly and
lets the show go on."""

from __future__ import annotations

from typing import Callable

import pygame

from ... import settings as settings_io
from ...show import room
from .. import theme, widgets
from ..app import Scene
from ..input import Action
from ..sky import AlienSky
from ..widgets_form import Button, Choice, Form, Row
from . import audio_link
from .room_run import RoomRun

DEFAULT_INPUT = "System default input"
REOPEN_AFTER_S = 0.4   # let the choice settle before reopening the capture
CHECK_S = 4.0          # the sing check listens this long
CHECK_NEEDS_S = 1.0    # ... and passes with this much steady voice
LOUD_DB = -45.0        # louder than a quiet room: something sounds, even when no pitch is sung
SILENT_DB = -70.0      # below this the mic hears nothing at all: "Silent" means no sound
NOTE_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")


def note_name(midi: float) -> str:
    nearest = round(midi)
    cents = round((midi - nearest) * 100)
    return f"{NOTE_NAMES[nearest % 12]}{nearest // 12 - 1} ({cents:+d} cents)"


def level_status(level_db: float | None, midi: float | None) -> str:
    """What a mic's meter says in words: the note it hears; "no pitch" when it hears a loud
    sound without a sung note (a hum, a fan, a full mix); "Silent" only when it hears no sound."""
    if midi is not None:
        return f"Hearing {note_name(midi)}"
    if level_db is None:
        return "No signal"
    if level_db > LOUD_DB:
        return f"Loud, no pitch ({level_db:.0f} dBFS): a sound, but no sung note"
    if level_db > SILENT_DB:
        return f"Quiet, no pitch ({level_db:.0f} dBFS)"
    return f"Silent ({level_db:.0f} dBFS): no sound"


class MicSetupScene(Scene):
    def __init__(self, players: int = 2, on_done: Callable[[], None] | None = None, reason: str | None = None) -> None:
        self.sky = AlienSky(seed=53)
        self.seconds = 0.0
        self.on_done = on_done
        self.reason = reason
        self.settings = settings_io.load()
        self.devices = audio_link.input_choices()
        saved = audio_link.player_inputs(self.settings)
        self.players = max(players, len(saved), 1) if self.devices else players
        self.players = min(self.players, 2)
        self.device_rows: list[Choice] = []
        self.channel_rows: list[Choice] = []
        names = [DEFAULT_INPUT, *(d.name for d in self.devices)]
        rows: list[Row] = []
        for player in range(self.players):
            mic = saved[player] if player < len(saved) else audio_link.PlayerInput(None, player)
            device_index = self._device_index(mic.device)
            device = Choice(f"Player {player + 1} microphone", options=names, index=device_index,
                            enabled=bool(self.devices))
            channel = Choice(f"Player {player + 1} channel", enabled=bool(self.devices))
            self.device_rows.append(device)
            self.channel_rows.append(channel)
            self._fill_channels(player, mic.channel)
            rows += [device, channel]
        check_label, check_hint = (
            ("Room check", "Each player sings alone for a few seconds while both mics listen, "
                           "so the duel knows how much of each voice reaches the other mic.")
            if self.players == 2 else
            ("Sing check", "Sing a steady note for a few seconds: each mic should show its level and pitch."))
        self.check_row = Button(check_label, action=self.start_check, enabled=bool(self.devices), hint=check_hint)
        self.calibrate_row = Button("Calibrate latency", action=self.start_calibration, enabled=bool(self.devices),
                                    hint="Clicks play through the speakers; every player's mic measures how late "
                                         "they arrive.")
        done_label = "Done" if self.devices else "Continue without a microphone"
        self.done_row = Button(done_label, action=self.done)
        self.form = Form([*rows, self.check_row, self.calibrate_row, self.done_row], on_change=self._changed)
        if not self.devices:
            self.form.focus = len(self.form.rows) - 1  # the only row that does anything
        self.check: audio_link.MicCheck | None = None
        self._reopen_in: float | None = 0.0 if self.devices else None
        self.check_left = 0.0
        self.check_heard = [0.0] * self.players
        self.check_result: str | None = None
        self.room_run: RoomRun | None = None
        self.room_ok = False  # the last room check's outcome, for the colour of check_result
        self._show_stored_reading()
        self.calibration: audio_link.CalibrationRun | None = None
        self.calibration_text: str | None = None
        self._problems: tuple[tuple, float, list[str]] | None = None  # (mapping, when, why it cannot play)

    # -- the mapping ----------------------------------------------------------------------------------
    def _device_index(self, saved: str | None) -> int:
        """The row option of a saved device (by its id, or a name from an older settings file)."""
        for k, d in enumerate(self.devices, start=1):
            if saved is not None and saved in (d.key, d.name):
                return k
        return 0

    def _fill_channels(self, player: int, keep: int = 0) -> None:
        device = self.device_rows[player]
        count = 2
        if device.index > 0:
            count = max(1, self.devices[device.index - 1].channels)
        row = self.channel_rows[player]
        row.options = [f"Channel {c + 1}" for c in range(count)]
        row.index = min(keep, count - 1)

    def inputs(self) -> list[audio_link.PlayerInput]:
        return [audio_link.PlayerInput(None if d.index == 0 else self.devices[d.index - 1].key, c.index)
                for d, c in zip(self.device_rows, self.channel_rows)]

    @property
    def warnings(self) -> list[str]:
        if not self.devices:
            return []
        key = tuple(self.inputs())
        if self._problems is None or self._problems[0] != key or self.seconds - self._problems[1] > 2.0:
            self._problems = (key, self.seconds, audio_link.mapping_warnings(list(key)))  # not every frame
        found = list(self._problems[2])
        if not found and self.check is not None and getattr(self.check, "same_signal", False):
            found.append("Player 1's and player 2's mics hear the very same signal: both would score one "
                         "voice. Choose two microphones (or two channels of a stereo one), or pass the mic.")
        return found

    def _changed(self, row: Row) -> None:
        if row in self.device_rows:
            self._fill_channels(self.device_rows.index(row), 0)
        if row in self.device_rows or row in self.channel_rows:
            # A reading belongs to the mapping it was measured on.
            self._cancel_room_check(None)
            if room.forget(self.settings):
                self.check_result, self.room_ok = "The mapping changed: run the room check again.", False
            self.check_row.text = ""
        self.save()
        self._reopen_in = 0.0

    def save(self) -> None:
        """Keep the mapping on screen, unless it cannot be played (the warning says why;
        the last playable mapping stays)."""
        if not self.devices or audio_link.mapping_warnings(self.inputs()):
            return
        audio_link.set_player_inputs(self.settings, self.inputs())
        settings_io.save(self.settings)

    # -- live check, sing check, calibration ----------------------------------------------------------
    def _reopen(self) -> None:
        self._close_check()
        self._cancel_room_check("Room check stopped: the microphones reopened. Nothing was saved.")
        self.check = audio_link.MicCheck(self.inputs())
        self.check.listener = self._heard

    def _close_check(self) -> None:
        if self.check is not None:
            self.check.close()
        self.check = None

    def start_check(self) -> None:
        if self.players == 2:
            self.start_room_check()
            return
        self.check_left = CHECK_S
        self.check_heard = [0.0] * self.players
        self.check_result = "Listening… sing a steady note now."

    def _finish_check(self) -> None:
        verdicts = []
        for player, heard in enumerate(self.check_heard):
            ok = heard >= CHECK_NEEDS_S
            verdicts.append(f"Player {player + 1}: {'heard you' if ok else 'heard nothing steady'} ({heard:.1f} s)")
        self.check_result = "   ".join(verdicts)

    # -- the room check (two players) ---------------------------------------------------------------
    def _show_stored_reading(self) -> None:
        stored = room.load(self.settings, self.inputs()) if self.players == 2 and self.devices else None
        self.check_row.text = "Reading saved" if stored is not None else ""

    def start_room_check(self) -> None:
        if self.check is None or self.check.error:
            self.check_result, self.room_ok = "Room check needs both microphones open.", False
            return
        self.room_run = RoomRun()
        self.check_result = None

    def _heard(self, player: int, frames: list) -> None:
        if self.room_run is not None:
            self.room_run.hear(player, frames)

    def _cancel_room_check(self, message: str | None) -> None:
        if self.room_run is not None:
            self.room_run = None
            if message:
                self.check_result, self.room_ok = message, False

    def _finish_room_check(self, run: RoomRun) -> None:
        self.room_run = None
        if run.levels is None:
            self.check_result, self.room_ok = run.failure(), False
            return
        self.save()  # the mapping the reading belongs to, as it is on screen
        room.save(self.settings, run.levels, self.inputs())
        settings_io.save(self.settings)
        self.check_row.text = "Reading saved"
        self.check_result, self.room_ok = "Saved. " + run.levels.describe(), True

    def start_calibration(self) -> None:
        from . import prefs

        self._cancel_room_check("Room check stopped for the calibration. Nothing was saved.")
        self._close_check()  # the calibration needs the mic to itself
        self.calibration = audio_link.CalibrationRun(self.inputs(), prefs.Preferences.read(self.settings).output_device)
        self.calibration_text = "Calibrating: keep the room quiet for a few seconds…"

    def _poll_calibration(self) -> None:
        run = self.calibration
        if run is None or not run.done:
            return
        self.calibration = None
        if run.results:
            lines = run.save(self.settings)
            try:
                settings_io.save(self.settings)
            except OSError as exc:
                lines = [f"Could not save the calibration: {exc}"]
            self.calibration_text = "Calibration: " + "; ".join(lines) + "."
        else:
            self.calibration_text = run.error or "Calibration failed; the delays stay as they were."
        self._reopen_in = 0.0

    def done(self) -> None:
        self._cancel_room_check(None)
        self.save()
        self._close_check()
        if self.on_done is not None:
            self.app.pop()
            self.on_done()
        else:
            self.app.pop()

    def on_leave(self) -> None:
        self._close_check()

    def on_enter(self) -> None:
        if self.devices and self.check is None:
            self._reopen_in = 0.0

    # -- input ------------------------------------------------------------------------------------
    def handle(self, action: Action) -> None:
        if action is Action.BACK and self.room_run is not None:
            self._cancel_room_check("Room check cancelled. Nothing was saved.")
        elif action is Action.BACK:
            self._close_check()
            self.app.pop()
        elif action is Action.PAUSE:
            self.done()
        else:
            self.form.handle(action)

    def on_event(self, event: pygame.event.Event) -> None:
        self.form.on_event(event, self.app.to_canvas)

    def update(self, seconds: float) -> None:
        self.seconds += seconds
        if self._reopen_in is not None and self.calibration is None:
            self._reopen_in += seconds
            if self._reopen_in >= REOPEN_AFTER_S or self.check is None and self._reopen_in >= 0:
                self._reopen_in = None
                self._reopen()
        if self.check is not None:
            readings = self.check.poll()  # hands the frames to the room check too
            if self.check.error:
                self._cancel_room_check("Room check stopped: " + self.check.error + ". Nothing was saved.")
            run = self.room_run
            if run is not None and run.advance(seconds):
                self._finish_room_check(run)
            if self.check_left > 0:
                for player, reading in enumerate(readings):
                    if reading.midi is not None:
                        self.check_heard[player] += seconds
                self.check_left -= seconds
                if self.check_left <= 0:
                    self._finish_check()
        self._poll_calibration()

    # -- drawing ------------------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        self.sky.draw(canvas, self.seconds)
        widgets.heading(canvas, "Microphones", self.reason or "A microphone and a channel for each player")
        form_rect = pygame.Rect(40, 124, 700, len(self.form.rows) * 58 + 20)
        widgets.panel(canvas, form_rect)
        self.form.draw(canvas, form_rect.inflate(-24, -20))
        side = pygame.Rect(760, 124, 480, form_rect.height)
        widgets.panel(canvas, side)
        if self.devices:
            self._draw_meters(canvas, side)
        else:
            self._draw_no_mic(canvas, side)
        y = form_rect.bottom + 16
        for warning in self.warnings:
            y = widgets.paragraph(canvas, "⚠ " + warning, (40, y), 1200, size=22, colour=theme.WARNING, spacing=4,
                                  max_lines=2)
        result_colour = theme.ACCENT if self.players < 2 or self.room_ok else theme.WARNING
        for text, colour in ((self.check_result, result_colour), (self.calibration_text, theme.GOLD)):
            if text:
                y = widgets.paragraph(canvas, text, (40, y), 1200, size=22, colour=colour, spacing=4, max_lines=2)
        if y == form_rect.bottom + 16 and self.form.current.hint:
            widgets.paragraph(canvas, self.form.current.hint, (40, y), 1200, size=22, spacing=4, max_lines=2)
        back = "Esc / B stop the room check" if self.room_run is not None else "Esc / B back"
        widgets.footer(canvas, f"Up/Down choose   Left/Right change   Enter / A press   {back}")

    def _draw_meters(self, canvas: pygame.Surface, rect: pygame.Rect) -> None:
        x = rect.x + 24
        theme.draw_text(canvas, "What each mic hears", (x, rect.y + 18), size=30, bold=True)
        readings = self.check.readings if self.check is not None else []
        for player in range(self.players):
            y = rect.y + 74 + player * 130
            reading = readings[player] if player < len(readings) else audio_link.MicReading()
            theme.draw_text(canvas, f"Player {player + 1}", (x, y), size=26, colour=theme.ACCENT)
            run = self.room_run
            if run is not None and run.step.singer == player:
                tag = f"singing alone · heard {run.heard_s(player):.1f} s" if run.step.singing else "get ready"
                theme.draw_text(canvas, tag, (rect.right - 24, y + 2), size=22, colour=theme.GOLD, anchor="topright")
            widgets.level_meter(canvas, pygame.Rect(x, y + 32, rect.width - 48, 22), reading.level_db)
            if reading.trouble and not reading.lost:
                theme.draw_text(canvas, "lost " + reading.trouble, (rect.right - 24, y + 70), size=20,
                                colour=theme.WARNING, anchor="topright")
            if reading.lost:
                status, colour = "Microphone lost", theme.WARNING
            elif reading.midi is not None or reading.level_db is not None:
                status = level_status(reading.level_db, reading.midi)
                colour = theme.STARLIGHT if reading.midi is not None else (
                    theme.GOLD if reading.level_db > LOUD_DB else theme.MUTED)
            else:
                status, colour = "Opening…" if self.check is None or self.check.error is None else "No signal", theme.MUTED
            theme.draw_text(canvas, status, (x, y + 66), size=26, colour=colour)
        if self.room_run is not None:
            self._draw_room_prompt(canvas, rect, self.room_run)
        elif self.check is not None and self.check.error:
            widgets.paragraph(canvas, self.check.error, (x, rect.bottom - 80), rect.width - 48, size=22,
                              colour=theme.WARNING)

    @staticmethod
    def _draw_room_prompt(canvas: pygame.Surface, rect: pygame.Rect, run: RoomRun) -> None:
        """The room check's instruction under the meters, with the time left of this step."""
        box = pygame.Rect(rect.x + 16, rect.bottom - 96, rect.width - 32, 80)
        pygame.draw.rect(canvas, theme.DUSK, box, border_radius=10)
        pygame.draw.rect(canvas, theme.GOLD, box, width=2, border_radius=10)
        step = run.step
        title = f"Player {step.singer + 1}: {'sing alone' if step.singing else 'get ready'}"
        theme.draw_text(canvas, title, (box.x + 16, box.y + 12), size=30, bold=True, colour=theme.GOLD)
        other = 2 - step.singer
        line = (f"A steady note; player {other} stays quiet" if step.singing
                else f"Player {other}, stay quiet while player {step.singer + 1} sings")
        theme.draw_text(canvas, theme.fit_text(line, 22, box.width - 90), (box.x + 16, box.y + 50), size=22,
                        colour=theme.STARLIGHT)
        theme.draw_text(canvas, str(max(1, int(run.left + 0.999))), (box.right - 18, box.centery), size=52,
                        bold=True, colour=theme.GOLD, anchor="midright")

    @staticmethod
    def _draw_no_mic(canvas: pygame.Surface, rect: pygame.Rect) -> None:
        x = rect.x + 24
        theme.draw_text(canvas, "No microphone found", (x, rect.y + 24), size=38, bold=True, colour=theme.WARNING)
        widgets.paragraph(canvas, "This computer reports no audio input device. Plug in a USB microphone or a "
                          "headset and open this screen again.", (x, rect.y + 82), rect.width - 48, size=26)
        widgets.paragraph(canvas, "Without one, human seats stay silent on stage (the song goes on), and the "
                          "CPU rivals still sing. Practise against them, or watch a CPU duel.",
                          (x, rect.y + 230), rect.width - 48, size=24, colour=theme.MUTED)

