"""The season board: the bracket round by round (byes, who is out, who goes on), the next
match and its song, and the way to sing it. A match between two CPU rivals is decided at
once through the real judge and its result is shown on a card; a match with a human goes to
the stage. When the final is decided, the champion ceremony begins. A save the records
refuse (full disk, read-only folder, a lock held elsewhere) is said on the board, with a
key to try again; the season in play is kept meanwhile."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pygame

from ...match.bracket import BracketMatch
from ...match.season import Season
from .. import theme, widgets
from ..app import Scene
from ..input import Action
from ..sky import AlienSky
from . import flow, season_play, verdict_words
from .saving import PendingSaves, draw_notice

TOP, BOTTOM = 150, 548
ADVANCE_S = 1.2  # the winner's light travels to the next round
BOX_W, BOX_H = 250, 66


@lru_cache(maxsize=32)
def song_title(path: Path) -> str:
    """A level's title, or a chart's #TITLE, for the 'next match' line."""
    try:
        if path.is_dir():
            from ...charts.level import load_level

            return load_level(path, load_chart=False).title
        return season_play.load_chart(path).title or path.stem
    except Exception:
        return path.name


class SeasonBoardScene(Scene):
    def __init__(self, season: Season) -> None:
        self.season = season
        self.sky = AlienSky(seed=43)
        self.seconds = 0.0
        self.menu = widgets.MenuList(["Back"])
        self.card: season_play.SimulatedMatch | None = None  # the CPU result being shown
        self.last_line: str | None = None
        self.ceremony_shown = season.finished
        self.error: str | None = None
        # Who went through: each newly decided match's winner travels along the bracket's
        # line to their next box (after the card closes, or back from the stage's results).
        self.shown_results = len(season.results)
        self.advancing: list[tuple[str, str]] = []  # (match id, winner id)
        self.advance_t = ADVANCE_S
        self._refresh_menu()

    # -- state ------------------------------------------------------------------------------------
    @property
    def unsaved(self) -> PendingSaves | None:
        """The season's saves that wait for a retry (a store that keeps none has no such list)."""
        pending = getattr(self.season.store, "unsaved", None)
        return pending if isinstance(pending, PendingSaves) else None

    @property
    def next_match(self) -> BracketMatch | None:
        """The bracket's next match, or after the final the title duel (the reigning
        champion against the season's winner) when the season has one waiting."""
        match = self.season.next_match()
        pair = self.season.title_duel_pair() if match is None else None
        if pair is not None:
            from ...match.season import TITLE_DUEL

            return BracketMatch(TITLE_DUEL, len(self.season.bracket.rounds) + 1, 1, pair[0].id, pair[1].id)
        return match

    def _both_cpu(self, match: BracketMatch) -> bool:
        return self.season.contestant(match.a).is_cpu and self.season.contestant(match.b).is_cpu

    def _refresh_menu(self) -> None:
        match = self.next_match
        if self.season.finished:
            items = ["Champion ceremony", "Back to the title"]
        elif match is None:
            items = ["Back to the title"]
        elif self._both_cpu(match):  # summarised at once on a card, or watched on the stage at 4x
            items = ["Decide the match", "Watch the match", "Back to the title"]
        else:
            items = ["Sing the next match", "Back to the title"]
        if match is not None and match.id == "TITLE":
            items = [item.replace("the match", "the title duel").replace("the next match", "the title duel")
                     for item in items]
        self.menu = widgets.MenuList(items, min(self.menu.selected, len(items) - 1))

    def song_for(self, match: BracketMatch) -> Path:
        chart = self.season.chart_for(match.id)
        if chart:
            return Path(chart)
        from ...show.setup import bundled_level

        return bundled_level()

    # -- playing ------------------------------------------------------------------------------------
    def play_next(self, watch: bool = False) -> None:
        """The next match: two CPU rivals are decided at once (a card with their scores), or
        with ``watch`` sung on the real stage at 4x (Enter skips to the decision); a match
        with a human goes to the stage."""
        match = self.next_match
        if match is None:
            return
        path = self.song_for(match)
        if self._both_cpu(match) and watch:
            from .season_watch import watch_scene
            from .stage_link import duel_setup

            pair = [self.season.contestant(match.a), self.season.contestant(match.b)]
            setup = duel_setup(path, pair, self.season.difficulty, seed=self.season.seed,
                               extras={"season": self.season.id, "match": match.id})
            self.app.push(watch_scene(setup, on_finish=lambda app, outcome: self._sung(app, match, outcome),
                                      on_skip=self.play_next))
            return
        if self._both_cpu(match):
            try:
                song = season_play.load_chart(path)
                self.card = season_play.simulate_cpu_match(self.season, match, song)
            except Exception as exc:  # a chart that fails to load: say so, keep the season
                self.error = f"Could not decide {match.id}: {exc}"
                return
            self.last_line = self.card.headline()
            self._refresh_menu()
            return
        from .stage_link import duel_setup, stage_scene

        pair = [self.season.contestant(match.a), self.season.contestant(match.b)]
        setup = duel_setup(path, pair, self.season.difficulty, seed=self.season.seed,
                           extras={"season": self.season.id, "match": match.id})
        self.app.push(stage_scene(setup, on_finish=lambda app, outcome: self._sung(app, match, outcome)))

    def _sung(self, app, match: BracketMatch, outcome) -> None:
        result = season_play.record_outcome(self.season, match, outcome)
        if result is not None:
            self.last_line = outcome.summary()
            # A human's season match counts on the song's highscore board, as a duel does.
            pair = [self.season.contestant(match.a), self.season.contestant(match.b)]
            pending = self.unsaved if self.unsaved is not None else PendingSaves()
            for write in flow.highscore_writes(outcome, pair):
                pending.attempt(write)
        flow.show_results(app, outcome, on_continue=lambda: app.pop_to(SeasonBoardScene), saves=self.unsaved)

    def on_enter(self) -> None:
        self._refresh_menu()
        if self.card is None:
            self._advance_new_results()

    def _advance_new_results(self) -> None:
        """Start the went-through animation for results the board has not shown yet."""
        new = self.season.results[self.shown_results:]
        self.shown_results = len(self.season.results)
        if new:
            self.advancing = [(r.match_id, r.winner) for r in new]
            self.advance_t = 0.0

    def handle(self, action: Action) -> None:
        if self.card is not None:
            if action in (Action.CONFIRM, Action.BACK, Action.PAUSE):
                self.card = None
                self._advance_new_results()
                self._maybe_ceremony()
            return
        if action is Action.NEXT_SORT and self.unsaved is not None:
            self.unsaved.retry()
            return
        if self.menu.steer(action):
            return
        if action is Action.BACK:  # one screen back: the season menu (the season is saved)
            self.app.pop()
        elif action in (Action.CONFIRM, Action.PAUSE):
            self.choose(self.menu.current)

    def on_event(self, event: pygame.event.Event) -> None:
        if self.card is not None:
            if event.type == pygame.MOUSEBUTTONDOWN:
                self.card = None
                self._advance_new_results()
                self._maybe_ceremony()
        elif self.menu.pointer(event, self.app.to_canvas) is not None:
            self.choose(self.menu.current)

    def choose(self, label: str) -> None:
        if label.startswith("Decide") or label.startswith("Sing"):
            self.play_next()
        elif label.startswith("Watch"):
            self.play_next(watch=True)
        elif label == "Champion ceremony":
            self._ceremony()
        else:
            flow.back_to_title(self.app)

    def _maybe_ceremony(self) -> None:
        if self.season.finished and not self.ceremony_shown:
            self._ceremony()

    def _ceremony(self) -> None:
        from .champion import ChampionScene

        self.ceremony_shown = True
        self.app.push(ChampionScene(self.season))

    def update(self, seconds: float) -> None:
        self.seconds += seconds
        self.advance_t = min(ADVANCE_S, self.advance_t + seconds)
        if self.card is None and self.app.scene is self:
            self._maybe_ceremony()

    # -- drawing -------------------------------------------------------------------------------------
    def draw(self, canvas: pygame.Surface) -> None:
        self.sky.draw(canvas, self.seconds)
        status = "finished" if self.season.finished else _sung_status(self.season)
        widgets.heading(canvas, self.season.name, f"{len(self.season.contestants)} contestants · "
                        f"{self.season.difficulty.label} · {status}")
        self._draw_bracket(canvas)
        self._draw_next(canvas, pygame.Rect(40, 560, 1200, 112))
        if self.card is not None:
            self._draw_card(canvas)
            widgets.footer(canvas, "Enter / A: back to the board")
        elif self.unsaved is not None and self.unsaved.failed:  # in the footer's place
            draw_notice(canvas, self.unsaved.notice("Season not saved"), 698)
        else:
            widgets.footer(canvas, "Up/Down choose   Enter / A confirm   Esc / B back (the season is saved)")

    def _centre_y(self, round_index: int, slot: int) -> int:
        count = len(self.season.bracket.rounds[round_index])
        return TOP + int((slot + 0.5) * (BOTTOM - TOP) / count)

    def _draw_bracket(self, canvas: pygame.Surface) -> None:
        rounds = self.season.bracket.rounds
        columns = len(rounds) + 1
        step = (1200 - BOX_W) // max(1, columns - 1)
        nxt = self.next_match
        for r, matches in enumerate(rounds):
            x = 40 + r * step
            theme.draw_text(canvas, self.season.bracket.round_name(r + 1), (x + BOX_W // 2, TOP - 20), size=22,
                            colour=theme.MUTED, anchor="center")
            for m, match in enumerate(matches):
                cy = self._centre_y(r, m)
                box = pygame.Rect(x, cy - BOX_H // 2, BOX_W, BOX_H)
                out_x = box.right
                target_y = self._centre_y(r + 1, m // 2) if r + 1 < len(rounds) else cy
                pygame.draw.line(canvas, theme.PANEL_EDGE, (out_x, cy), (out_x + (step - BOX_W) // 2, cy), 2)
                pygame.draw.line(canvas, theme.PANEL_EDGE, (out_x + (step - BOX_W) // 2, cy),
                                 (out_x + (step - BOX_W) // 2, target_y), 2)
                pygame.draw.line(canvas, theme.PANEL_EDGE, (out_x + (step - BOX_W) // 2, target_y),
                                 (x + step, target_y), 2)
                self._draw_match(canvas, box, match, nxt is not None and match.id == nxt.id)
        self._draw_champion_slot(canvas, pygame.Rect(40 + len(rounds) * step, self._centre_y(len(rounds) - 1, 0) - 40,
                                                     BOX_W, 80))
        self._draw_advancing(canvas, step)

    def _arriving(self, ident: str, match: BracketMatch) -> bool:
        """Whether ``ident`` is on their way into ``match`` (the went-through light is still running)."""
        if self.advance_t >= 0.75 * ADVANCE_S:
            return False
        return any(winner == ident and match.round > self.season.bracket.match(source).round
                   for source, winner in self.advancing)

    def _draw_advancing(self, canvas: pygame.Surface, step: int) -> None:
        """Each new winner's light runs along the bracket's line from their match to the next
        box (or the champion's), and rings the box when it arrives."""
        if self.advance_t >= ADVANCE_S or not self.advancing:
            return
        rounds = self.season.bracket.rounds
        progress = self.advance_t / ADVANCE_S
        for match_id, winner in self.advancing:
            found = next(((r, m) for r, matches in enumerate(rounds) for m, match in enumerate(matches)
                          if match.id == match_id), None)
            if found is None:
                continue
            r, m = found
            x = 40 + r * step
            cy = self._centre_y(r, m)
            target_y = self._centre_y(r + 1, m // 2) if r + 1 < len(rounds) else cy
            mid_x = x + BOX_W + (step - BOX_W) // 2
            path = [(x + BOX_W, cy), (mid_x, cy), (mid_x, target_y), (x + step, target_y)]
            lengths = [abs(bx - ax) + abs(by - ay) for (ax, ay), (bx, by) in zip(path, path[1:])]
            along = min(1.0, progress / 0.75) * sum(lengths)
            point = path[-1]
            for (ax, ay), (bx, by), length in zip(path, path[1:], lengths):
                if along <= length and length > 0:
                    f = along / length
                    point = (int(ax + (bx - ax) * f), int(ay + (by - ay) * f))
                    break
                along -= length
            colour = tuple(self.season.contestant(winner).colour)
            glow = pygame.Surface((48, 48), pygame.SRCALPHA)
            pygame.draw.circle(glow, (*colour, 90), (24, 24), 22)
            pygame.draw.circle(glow, (*colour, 255), (24, 24), 9)
            canvas.blit(glow, (point[0] - 24, point[1] - 24))
            if progress >= 0.75:  # arrived: the next box rings in the winner's colour
                ring = pygame.Rect(x + step - 6, target_y - BOX_H // 2 - 6, BOX_W + 12, BOX_H + 12)
                fade = 1.0 - (progress - 0.75) / 0.25
                pygame.draw.rect(canvas, tuple(int(c * (0.4 + 0.6 * fade)) for c in colour), ring, 3,
                                 border_radius=10)

    def _draw_match(self, canvas: pygame.Surface, box: pygame.Rect, match: BracketMatch, is_next: bool) -> None:
        glow = widgets.pulse(self.seconds, 1.5)
        edge = tuple(int(c * (0.6 + 0.4 * glow)) for c in theme.ACCENT) if is_next else theme.PANEL_EDGE
        widgets.panel(canvas, box, alpha=230, edge=edge)
        result = self.season.result_of(match.id)
        for line, ident in enumerate((match.a, match.b)):
            y = box.y + 18 + line * 30
            if ident is None:
                label = "bye" if match.bye else "—"
                theme.draw_text(canvas, label, (box.x + 16, y), size=22, colour=theme.MUTED, anchor="midleft")
                continue
            if self._arriving(ident, match):  # the light has not reached this box yet
                theme.draw_text(canvas, "…", (box.x + 16, y), size=22, colour=theme.MUTED, anchor="midleft")
                continue
            who = self.season.contestant(ident)
            out = match.decided and match.winner != ident
            won = match.decided and match.winner == ident and not match.bye
            widgets.swatch(canvas, (box.x + 16, y), who.colour if not out else (70, 60, 90), radius=7)
            name = theme.fit_text(who.name, 24, BOX_W - 100)
            rect = theme.draw_text(canvas, name, (box.x + 30, y), size=24, bold=won,
                                   colour=theme.MUTED if out else (theme.GOLD if won else theme.STARLIGHT),
                                   anchor="midleft")
            if out:
                pygame.draw.line(canvas, theme.WARNING, (rect.x, rect.centery), (rect.right, rect.centery), 2)
            if result is not None and ident in result.scores:
                theme.draw_text(canvas, f"{round(result.scores[ident]):,}", (box.right - 12, y), size=22,
                                colour=theme.MUTED if out else theme.ACCENT, anchor="midright")

    def _draw_champion_slot(self, canvas: pygame.Surface, box: pygame.Rect) -> None:
        champion = self.season.champion
        widgets.panel(canvas, box, alpha=230, edge=theme.GOLD if champion else theme.PANEL_EDGE)
        theme.draw_text(canvas, "Champion", (box.centerx, box.y - 16), size=22, colour=theme.GOLD, anchor="center")
        if champion is None:
            theme.draw_text(canvas, "?", box.center, size=40, colour=theme.MUTED, anchor="center")
        else:
            theme.draw_text(canvas, "♛ " + theme.fit_text(champion.name, 30, BOX_W - 60), box.center, size=30,
                            bold=True, colour=champion.colour, anchor="center")

    def _draw_next(self, canvas: pygame.Surface, rect: pygame.Rect) -> None:
        widgets.panel(canvas, rect)
        match = self.next_match
        x = rect.x + 20
        if match is not None:
            a, b = self.season.contestant(match.a), self.season.contestant(match.b)
            path = self.song_for(match)
            where = "CPU rivals: decided at once, or watched at 4x" if self._both_cpu(match) else "on stage"
            theme.draw_text(canvas, f"Next · {self.season.round_label(match.id)} · {song_title(path)} · {where}",
                            (x, rect.y + 12), size=22, colour=theme.MUTED)
            name_a = theme.draw_text(canvas, a.name, (x, rect.y + 38), size=34, bold=True, colour=a.colour)
            vs = theme.draw_text(canvas, "vs", (name_a.right + 14, rect.y + 44), size=26, colour=theme.MUTED)
            theme.draw_text(canvas, b.name, (vs.right + 14, rect.y + 38), size=34, bold=True, colour=b.colour)
        elif self.season.finished:
            theme.draw_text(canvas, f"{self.season.champion.name} is the champion of the season.", (x, rect.y + 40),
                            size=32, bold=True, colour=theme.GOLD)
        if self.last_line:
            theme.draw_text(canvas, theme.fit_text("Last: " + self.last_line, 20, 720), (x, rect.bottom - 10), size=20,
                            colour=theme.ACCENT, anchor="bottomleft")
        if self.error:
            theme.draw_text(canvas, theme.fit_text(self.error, 20, 720), (x, rect.bottom - 10), size=20,
                            colour=theme.WARNING, anchor="bottomleft")
        if len(self.menu.items) > 2:  # three choices fit the panel a little smaller
            self.menu.draw(canvas, (rect.right - 190, rect.y + 22), spacing=34, size=26)
        else:
            self.menu.draw(canvas, (rect.right - 190, rect.y + 34), spacing=44, size=30)

    def _draw_card(self, canvas: pygame.Surface) -> None:
        card = self.card
        shade = pygame.Surface(canvas.get_size(), pygame.SRCALPHA)
        shade.fill((0, 0, 0, 150))
        canvas.blit(shade, (0, 0))
        rect = pygame.Rect(0, 0, 860, 380)
        rect.center = (640, 340)
        widgets.panel(canvas, rect, alpha=245, edge=theme.GOLD)
        names = (card.pair[0].name, card.pair[1].name)
        theme.draw_text(canvas, f"{self.season.round_label(card.match_id)} · decided by the judge",
                        (rect.centerx, rect.y + 30), size=24, colour=theme.MUTED, anchor="center")
        for seat, who in enumerate(card.pair):
            x = rect.x + (215 if seat == 0 else 645)
            out = seat == card.verdict.loser
            if not out:
                theme.draw_text(canvas, "♛", (x, rect.y + 78), size=40, colour=theme.GOLD, anchor="center")
            theme.draw_text(canvas, who.name, (x, rect.y + 120), size=38, bold=True,
                            colour=theme.MUTED if out else who.colour, anchor="center")
            theme.draw_text(canvas, f"{card.verdict.totals[seat]:,}", (x, rect.y + 168), size=48, bold=True,
                            colour=theme.MUTED if out else theme.STARLIGHT, anchor="center")
            theme.draw_text(canvas, "is out" if out else "goes on", (x, rect.y + 206), size=24,
                            colour=theme.WARNING if out else theme.GOLD, anchor="center")
        y = rect.y + 240
        for sentence in verdict_words.reasons(card.verdict, names)[:3]:
            y = widgets.paragraph(canvas, sentence, (rect.x + 40, y), rect.width - 80, size=22, spacing=2, max_lines=2)


def _sung_status(season) -> str:
    """"1 match sung", "3 matches sung": the matches a human sang (a match of two CPU rivals
    is decided by the judge, not sung)."""
    def human(ident: str) -> bool:
        try:
            return not season.contestant(ident).is_cpu
        except (KeyError, ValueError, StopIteration):
            return False

    sung = sum(1 for r in season.results if human(r.winner) or human(r.loser))
    return f"{sung} match sung" if sung == 1 else f"{sung} matches sung"
