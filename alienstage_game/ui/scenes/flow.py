"""How the modes chain their scenes.

Duet battle: choose a song -> contestants (2 seats) -> mic setup (only when a human seat
has no microphone mapped) -> the stage -> results -> back to the title.
Pass the mic: the same, but the humans share player 1's microphone and take turns.
Practice: choose a song -> the practice door (voice, tempo, key, loop) -> the room.
Season: new or resume -> contestants (2-8) -> the board -> each match on the stage, or
simulated at once when both are CPU rivals -> the board -> the champion.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from ... import settings as settings_io
from ...charts.library import SongEntry
from ...match.contestants import Contestant
from .. import theme
from . import audio_link, prefs


def open_mode(app, label: str) -> None:
    """The title menu's choices."""
    if label == "Duet battle":
        DuelFlow(app).begin()
    elif label == "Pass the mic":
        DuelFlow(app, pass_the_mic=True).begin()
    elif label == "Medley":
        from .medley import MedleyFlow

        MedleyFlow(app).begin()
    elif label == "Season":
        from .season_start import SeasonStartScene

        app.push(SeasonStartScene())
    elif label == "Song library":
        from .library import LibraryScene

        app.push(LibraryScene())
    elif label == "Settings":
        from .settings import SettingsScene

        app.push(SettingsScene())
    elif label == "Editor":
        from .editor_door import EditorDoorScene

        app.push(EditorDoorScene())  # a new chart, any chart of the library, or a recent one
    elif label == "Practice":
        begin_practice(app)
    else:
        raise ValueError(f"unknown mode {label!r}")


def begin_practice(app, folders: list[Path] | None = None) -> None:
    """Practice: pick a song, then the practice door for it (over the browser: Esc goes back
    to the song list, one screen at a time)."""
    from .library import LibraryScene

    def chosen(entry: SongEntry) -> None:
        from ...charts import ChartError, load_song
        from .notice import NoticeScene
        from .practice_setup import PracticeSetupScene

        try:
            song = load_song(entry.path)
        except ChartError as err:  # changed on disk since the scan
            app.push(NoticeScene("Cannot practise this song", str(err), colour=theme.WARNING))
            return
        app.push(PracticeSetupScene(song))

    app.push(LibraryScene(folders, on_choose=chosen, heading="Practice: pick a song"))


def difficulty():
    return prefs.Preferences.read(settings_io.load()).difficulty


def seats_without_mic(pair: list[Contestant], shared: bool = False) -> list[int]:
    """Human seats (0-based; seat i sings into player i's mic, or every human into player
    1's when they share one) whose microphone has no mapping saved."""
    mapped = audio_link.player_inputs(settings_io.load())
    return [i for i, who in enumerate(pair) if not who.is_cpu and (0 if shared else i) >= len(mapped)]


def mic_trouble(pair: list[Contestant], shared: bool = False) -> str | None:
    """Why the humans of ``pair`` cannot sing into the mics saved for them (a mono mic
    for two, an unplugged device...), or None. Only on a machine that has microphones:
    without any, the mic setup's "no microphone" screen is the answer already."""
    humans = [i for i, who in enumerate(pair) if not who.is_cpu]
    if not humans or not audio_link.input_choices():
        return None
    mapped = audio_link.player_inputs(settings_io.load())
    players = max(0 if shared else i for i in humans) + 1
    problems = audio_link.mapping_warnings(mapped[:players])
    return problems[0] if problems else None


def back_to_title(app) -> None:
    from .title import TitleScene

    app.pop_to(TitleScene)


def show_results(app, outcome: Any, on_continue, saves=None, choices=None, on_back=None) -> None:
    """Swap the finished stage for the results (or put them on top when the stage already
    left); ``saves`` are the duel's records, shown as not saved while they wait for a retry;
    ``choices`` the results' menu in place of a single Continue."""
    from .results import ResultsScene

    scene = ResultsScene(outcome, on_continue=on_continue, saves=saves, choices=choices, on_back=on_back)
    from .stage import StageScene

    if isinstance(app.scene, StageScene):  # a watched season match's stage too
        app.replace(scene)
    else:
        app.push(scene)


class DuelFlow:
    """A duel, or with ``pass_the_mic`` two singers taking turns on one microphone."""

    def __init__(self, app, folders: list[Path] | None = None, *, pass_the_mic: bool = False) -> None:
        self.app = app
        self.folders = folders
        self.pass_the_mic = pass_the_mic
        self.title = "Pass the mic" if pass_the_mic else "Duet battle"
        self.entry: SongEntry | None = None
        self.pair: list[Contestant] = []
        self.turns = None  # pass the mic: the TurnUnit the players chose (asked once, kept for rematches)

    def begin(self) -> None:
        from .library import LibraryScene

        self.app.push(LibraryScene(self.folders, on_choose=self.song_chosen, heading=f"{self.title}: pick a song"))

    def song_chosen(self, entry: SongEntry) -> None:
        from ...charts import ChartError, load_song
        from .contestants import ContestantsScene
        from .library import no_audio_message
        from .notice import NoticeScene

        if entry.audio_problem is not None:  # a duel in silence is no duel: say why, and what to do
            self.app.push(NoticeScene("Cannot sing this song", no_audio_message(entry)
                                      + " It can still be practised a cappella (Practice).", colour=theme.WARNING))
            return
        try:
            load_song(entry.path)  # the scan only glanced at its headers and bounds
        except ChartError as err:
            self.app.push(NoticeScene("Cannot sing this song", str(err), colour=theme.WARNING))
            return
        self.entry = entry
        ask = "two singers, one microphone" if self.pass_the_mic else "pick two contestants"
        self.app.push(ContestantsScene(2, on_done=self.field_chosen, title=self.title,
                                       subtitle=f"{entry.display_title} · {ask}"))

    def field_chosen(self, pair: list[Contestant], replace: bool = False) -> None:
        """The pair is set: the mic setup when a human needs one, then the stage (in the
        top scene's place with ``replace``: the results of the last duel). Pass the mic asks
        first how the turns go: by verse or by line (or by voice in a duet)."""
        self.pair = pair
        if self.pass_the_mic and self.turns is None:
            from .turns import TurnsScene

            def chosen(unit) -> None:
                self.turns = unit
                self.field_chosen(pair, replace)

            duet = bool(getattr(self.entry, "is_duet", False))
            title = getattr(self.entry, "display_title", "")
            self.app.push(TurnsScene(chosen, duet=duet, subtitle=f"{title} · how the microphone changes hands"))
            return
        missing = seats_without_mic(pair, shared=self.pass_the_mic)
        trouble = None if missing else mic_trouble(pair, shared=self.pass_the_mic)
        if missing or trouble:
            from .mic_setup import MicSetupScene

            humans = missing or [i for i, who in enumerate(pair) if not who.is_cpu]
            players = 1 if self.pass_the_mic else max(humans) + 1
            needs = "the shared microphone" if self.pass_the_mic else "a microphone"
            reason = trouble or f"{pair[missing[0]].name} needs {needs}"
            self.app.push(MicSetupScene(players=players, on_done=lambda: self.go_on_stage(replace), reason=reason))
        else:
            self.go_on_stage(replace)

    def go_on_stage(self, replace: bool = False) -> None:
        from .stage_link import duel_setup, stage_scene

        assert self.entry is not None
        setup = duel_setup(self.entry, self.pair, difficulty(), pass_the_mic=self.pass_the_mic, turns=self.turns)
        scene = stage_scene(setup, on_finish=self.finished)
        if replace:
            self._sync_contestants_below()
        (self.app.replace if replace else self.app.push)(scene)

    def _sync_contestants_below(self) -> None:
        """The contestants screen this duel began on (where Esc on the results goes back to)
        shows the song and the pair of the duel that follows, not the first one's."""
        from .contestants import ContestantsScene

        for scene in self.app.scenes:
            if isinstance(scene, ContestantsScene) and getattr(scene.on_done, "__self__", None) is self:
                if self.entry is not None:
                    ask = "two singers, one microphone" if self.pass_the_mic else "pick two contestants"
                    scene.subtitle = f"{self.entry.display_title} · {ask}"
                for seat, who in zip(scene.seats, self.pair):
                    seat.who = who

    # -- after the duel: the results' menu -----------------------------------------------------------
    def after_duel(self) -> list[tuple[str, Callable[[], None]]]:
        return [("Rematch", self.rematch), ("Next song", self.next_song),
                ("New contestants", self.new_contestants), ("Title", lambda: back_to_title(self.app))]

    def rematch(self) -> None:
        """The same pair, the same song, at once (the results give way to the stage)."""
        self.go_on_stage(replace=True)

    def next_song(self) -> None:
        """The song browser over the results (Esc comes back to them), then the same pair on stage."""
        from .library import LibraryScene

        names = " vs ".join(who.name for who in self.pair)
        self.app.push(LibraryScene(self.folders, on_choose=self._next_song_chosen,
                                   heading=f"{self.title}: the next song for {names}"))

    def _next_song_chosen(self, entry: SongEntry) -> None:
        if self._refuse(entry):
            return
        if getattr(self.turns, "value", None) == "voice" and not entry.is_duet:
            self.turns = None  # by voice needs a duet: ask again
        self.entry = entry
        self.app.pop()  # the browser; the results are on top again
        self.field_chosen(self.pair, replace=True)

    def new_contestants(self) -> None:
        """The contestants for the same song over the results (seated as they were; Esc comes back)."""
        from .contestants import ContestantsScene

        assert self.entry is not None
        scene = ContestantsScene(2, on_done=self._new_pair, title=self.title,
                                 subtitle=f"{self.entry.display_title} · new contestants")
        for seat, who in zip(scene.seats, self.pair):
            seat.who = who
        self.app.push(scene)

    def _new_pair(self, pair: list[Contestant]) -> None:
        self.app.pop()  # the contestants; the results are on top again
        self.field_chosen(pair, replace=True)

    def _refuse(self, entry: SongEntry) -> bool:
        """Whether ``entry`` cannot be sung (said on a notice), as song_chosen checks it."""
        from ...charts import ChartError, load_song
        from .notice import NoticeScene

        if getattr(entry, "audio_problem", None) is not None:
            from .library import no_audio_message

            self.app.push(NoticeScene("Cannot sing this song", no_audio_message(entry)
                                      + " It can still be practised a cappella (Practice).", colour=theme.WARNING))
            return True
        try:
            load_song(entry.path)
        except ChartError as err:
            self.app.push(NoticeScene("Cannot sing this song", str(err), colour=theme.WARNING))
            return True
        return False

    def finished(self, app, outcome: Any) -> None:
        from .saving import PendingSaves

        saves = PendingSaves()
        if not getattr(outcome, "aborted", False):
            for write in record_writes(outcome, self.pair):
                saves.attempt(write)
        # Never straight back to the title: rematch, next song, new contestants or the title.
        # Esc / B is one screen back: the contestants (or the song browser) the duel came from.
        show_results(app, outcome, on_continue=lambda: back_to_title(app), saves=saves,
                     choices=self.after_duel(), on_back=app.pop)


def record_writes(outcome: Any, pair: list[Contestant]) -> list[Callable[[], None]]:
    """The saves a finished duel asks for, each one transaction, safe to retry alone: the
    humans' scores on the chart's highscore board, the duel in the match history."""
    from functools import partial

    from . import records_link

    key, _ = records_link.chart_key(outcome.song)
    level = outcome.setup.difficulty
    writes = highscore_writes(outcome, pair)
    if outcome.winner >= 0:
        from ...match.season import MatchResult

        result = MatchResult("duel", pair[outcome.winner].id, pair[outcome.loser].id,
                             {pair[0].id: outcome.seats[0].score, pair[1].id: outcome.seats[1].score},
                             reason=getattr(getattr(outcome.verdict, "reason", None), "value", "score"),
                             chart=key, difficulty=level.value, details={"explanation": outcome.reason})
        writes.append(partial(records_link.record_match, result, {p.id: p.name for p in pair}))
    return writes


def highscore_writes(outcome: Any, pair: list[Contestant]) -> list[Callable[[], None]]:
    """The humans' scores on the chart's highscore board (a duel's, or a season match's)."""
    from functools import partial

    from . import records_link

    key, digest = records_link.chart_key(outcome.song)
    level = outcome.setup.difficulty
    writes: list[Callable[[], None]] = []
    for person, seat in zip(pair, outcome.seats):
        if not person.is_cpu and seat.score > 0:  # a silent seat is not a highscore
            number = person.id.split(":", 1)[-1]
            profile_id = int(number) if ":" in person.id and number.isdigit() else None
            writes.append(partial(records_link.add_highscore, key, level, seat.name, seat.score, chart_hash=digest,
                                  voice=seat.voice_id, profile_id=profile_id))
    return writes
