"""The practice room: one singer, one lane, feedback on every note, pass after pass.

While the backing is prepared (stretched to the tempo, moved to the key) a progress bar
shows; then each pass counts in, scrolls the chosen lines with the singer's pitch trail,
says "too high by 30 cents" under the note being sung and how each finished note went,
and ends with the picture of the pass: every line's share of its notes, the weakest line,
and the way back into a loop of it.
"""

from __future__ import annotations

import pygame

from ...practice.session import PassReport, PracticeSession
from ...show.rehearsal import Rehearsal, RehearsalPhase, SingerInput
from .. import theme, widgets
from ..app import Scene
from ..input import Action
from ..sky import AlienSky
from ..stage.lane import NoteLane
from ..stage.lyrics import LyricsPanel, shown, syllable_label

LANE = pygame.Rect(40, 110, 1200, 330)


class PracticeScene(Scene):
    def __init__(self, session: PracticeSession, singer: SingerInput = SingerInput.MICROPHONE, *,
                 chart_key: str | None = None, play_audio: bool = True, record: bool = True,
                 host_now=None) -> None:
        self.session = session
        self.rehearsal = Rehearsal(session, singer, chart_key=chart_key, play_audio=play_audio, record=record,
                                   host_now=host_now)
        voice = session.song.voice(session.setup.voice_id)
        self.lane = NoteLane(session.song, voice, LANE, theme.SEAT_COLOURS[0])
        self.lyrics = LyricsPanel(session.song, voice, theme.ACCENT)
        self.sky = AlienSky()
        self.seconds = 0.0
        self.review: PassReport | None = None  # the last finished pass, shown until the next ends

    # -- input ------------------------------------------------------------------------------
    def handle(self, action: Action) -> None:
        r = self.rehearsal
        if action is Action.BACK:
            self.app.pop()
        elif action is Action.CONFIRM and r.phase in (RehearsalPhase.READY, RehearsalPhase.REVIEW):
            r.start_pass()
        elif action is Action.PAUSE:
            if r.clock is not None and r.clock.paused:
                r.resume()
            else:
                r.pause()
        elif action is Action.SECONDARY:
            r.toggle_guide()
        elif action is Action.NEXT_SORT:
            r.toggle_metronome()

    def on_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_g:
            self.rehearsal.toggle_guide()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_m:
            self.rehearsal.toggle_metronome()

    def on_leave(self) -> None:
        self.rehearsal.close()

    # -- time -----------------------------------------------------------------------------
    def update(self, seconds: float) -> None:
        self.seconds += seconds
        report = self.rehearsal.tick()
        if report is not None:
            self.review = report

    # -- drawing --------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        self.sky.draw(canvas, self.seconds)
        r = self.rehearsal
        self._draw_header(canvas)
        if r.phase is RehearsalPhase.PREPARING:
            self._draw_progress(canvas, *r.progress)
        elif r.phase is RehearsalPhase.FAILED:
            widgets.card(canvas, pygame.Rect(240, 220, 800, 260), "Practice cannot start", r.error,
                         title_colour=theme.WARNING)
        elif r.phase is RehearsalPhase.READY:
            widgets.card(canvas, pygame.Rect(240, 220, 800, 260), "Ready",
                         "Press Enter (A) to start the pass. It counts in four clicks before the first note.")
        else:
            self._draw_singing(canvas)
            if r.phase is RehearsalPhase.REVIEW and self.review is not None:
                self._draw_review(canvas, self.review)
        if r.notice:
            theme.draw_text(canvas, theme.fit_text(r.notice, 22, 1180), (640, 668), size=22, colour=theme.GOLD,
                            anchor="center")
        widgets.footer(canvas, "Enter start   P pause   G / X guide   M / Y metronome   Esc leave")

    def _draw_header(self, canvas: pygame.Surface) -> None:
        s = self.session.setup
        r = self.rehearsal
        theme.draw_text(canvas, theme.fit_text(self.session.original.title, 40, 560), (40, 24), size=40, bold=True)
        badges = [f"{round(s.tempo * 100)}% tempo", "original key" if not s.transpose else f"{s.transpose:+d} keys",
                  "whole song" if s.loop is None else f"loop lines {s.loop.first}-{s.loop.last}",
                  f"guide {'on' if r.guide else 'off'}", f"clicks {'on' if r.metronome else 'off'}",
                  f"pass {len(r.reports) + (1 if r.phase is RehearsalPhase.SINGING else 0)}"]
        x = 1240
        for text in reversed(badges):
            image = theme.font(20).render(text, True, theme.STARLIGHT)
            box = pygame.Rect(0, 0, image.get_width() + 20, 30)
            box.topright = (x, 30)
            pygame.draw.rect(canvas, theme.DUSK, box, border_radius=15)
            pygame.draw.rect(canvas, theme.PANEL_EDGE, box, width=1, border_radius=15)
            canvas.blit(image, image.get_rect(center=box.center))
            x = box.left - 8

    def _draw_progress(self, canvas: pygame.Surface, fraction: float, what: str) -> None:
        box = pygame.Rect(240, 260, 800, 170)
        widgets.panel(canvas, box)
        theme.draw_text(canvas, "Preparing your practice track", (box.centerx, box.y + 40), size=32, bold=True,
                        anchor="center")
        bar = pygame.Rect(box.x + 40, box.y + 84, box.w - 80, 24)
        pygame.draw.rect(canvas, theme.NIGHT, bar, border_radius=12)
        pygame.draw.rect(canvas, theme.ACCENT, (bar.x, bar.y, int(bar.w * fraction), bar.h), border_radius=12)
        theme.draw_text(canvas, f"{what} ({fraction:.0%})", (box.centerx, box.y + 128), size=22,
                        colour=theme.MUTED, anchor="center")

    def _draw_singing(self, canvas: pygame.Surface) -> None:
        r = self.rehearsal
        now = r.time
        widgets.panel(canvas, LANE.inflate(8, 8), alpha=170)
        beat = self.session.click_s
        self.lane.draw(canvas, now, (now % beat) / beat if beat > 0 else 0.0)
        self.lane.draw_trail(canvas, r.frames, now, theme.SEAT_COLOURS[0])
        self.lyrics.draw(canvas, now, 640, 462)
        clicks = self.session.count_in()
        ahead = [t for t in clicks if t > now - self.session.click_s]
        if ahead and r.phase is RehearsalPhase.SINGING and now >= clicks[0] - 0.05:
            count = len(clicks) - len(ahead) + 1
            theme.draw_text(canvas, str(count) if count < len(clicks) else "sing!", LANE.center, size=110,
                            bold=True, colour=theme.GOLD, anchor="center")
        live = r.live_note()
        if live is not None and live.words:
            colour = theme.ACCENT if live.words == "on pitch" else theme.GOLD
            theme.draw_text(canvas, f"{syllable_label(live.text)}: {live.words}", (self.lane.now_x + 16, LANE.y + 10), size=26,
                            bold=True, colour=colour)
        if r.mic_lost:
            theme.draw_text(canvas, "No microphone heard: check mic setup. The song goes on.", (640, 420), size=24,
                            colour=theme.WARNING, anchor="center")
        if r.clock is not None and r.clock.paused and r.phase is RehearsalPhase.SINGING:
            theme.draw_text(canvas, "Paused: P to go on", LANE.center, size=56, bold=True, anchor="center")
        y = 560
        for item in (r.finished_notes[-3:] if r.phase is RehearsalPhase.SINGING else ()):
            words = item.words or "not sung"
            theme.draw_text(canvas, f"{syllable_label(item.note.text)}: {words}", (60, y), size=22,
                            colour=theme.ACCENT if words.startswith("on pitch, on time") else theme.STARLIGHT)
            y += 28

    def _draw_review(self, canvas: pygame.Surface, report: PassReport) -> None:
        box = pygame.Rect(140, 120, 1000, 500)
        widgets.panel(canvas, box, alpha=240)
        theme.draw_text(canvas, f"Pass {report.number}: {report.total:,} points", (box.x + 30, box.y + 20), size=36,
                        bold=True, colour=theme.GOLD)
        chart = pygame.Rect(box.x + 30, box.y + 80, box.w - 60, 220)
        pygame.draw.rect(canvas, theme.NIGHT, chart, border_radius=8)
        lines = report.lines
        step = min(80.0, chart.w / max(1, len(lines)))
        left = chart.centerx - step * len(lines) / 2
        for i, score in enumerate(lines):
            h = int((chart.h - 36) * score.ratio)
            bar = pygame.Rect(int(left + i * step + 4), chart.bottom - 26 - h, max(2, int(step - 8)), h)
            pygame.draw.rect(canvas, theme.RATING_COLOURS.get(score.rating.lower(), theme.ACCENT), bar,
                             border_radius=4)
            if step >= 26 or i % 5 == 0:
                theme.draw_text(canvas, str(score.line + 1), (bar.centerx, chart.bottom - 22), size=16,
                                colour=theme.MUTED, anchor="midtop")
        weakest = report.weakest
        y = chart.bottom + 20
        if weakest is not None and weakest.ratio >= 0.95:
            theme.draw_text(canvas, "Every line at 95% or better: try a faster tempo or a harder difficulty.",
                            (box.x + 30, y), size=24, bold=True, colour=theme.ACCENT)
        elif weakest is not None:
            text = shown(self.session.song.voice(self.session.setup.voice_id).lines[weakest.line].lyrics).strip()
            theme.draw_text(canvas, f"Weakest: line {weakest.line + 1} ({weakest.ratio:.0%})  \"{theme.fit_text(text, 24, 560)}\"",
                            (box.x + 30, y), size=24, bold=True)
            for item in [n for n in report.notes if n.line == weakest.line and n.words][:3]:
                y += 30
                theme.draw_text(canvas, f"{syllable_label(item.note.text)}: {item.words}", (box.x + 50, y), size=22,
                                colour=theme.MUTED)
        theme.draw_text(canvas, "Enter: sing again    Esc: change the settings (loop the weakest line with Tab there)",
                        (box.centerx, box.bottom - 34), size=22, colour=theme.ACCENT, anchor="center")
