"""What a duel is made of before it starts: the song, two seats, the difficulty."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from ..audio.devices import PlayerInput
from ..charts import Song, Voice, load_song
from ..match.passmic import TurnUnit
from ..match.roomcheck import RoomLevels
from ..scoring import Difficulty

Colour = tuple[int, int, int]


class SourceKind(Enum):
    CPU = "cpu"  # a CPU rival: PitchFrames produced from the chart by a skill profile
    MIC = "mic"  # a live microphone: capture -> StreamingPitchTracker
    FILE = "file"  # an audio file through the same capture -> tracker path
    GUIDE = "guide"  # the synthetic singer rendering the chart voice, through the tracker
    SHARED = "shared"  # pass the mic: the one microphone, heard only during this seat's turns


@dataclass(frozen=True)
class SeatSource:
    """Where a seat's voice comes from."""

    kind: SourceKind
    rival: str | None = None  # CPU: a rival id from the match package (None: a default)
    seed: int = 0
    player: int = 0  # MIC: the player's mic mapping (0 or 1) in settings
    path: Path | None = None  # FILE
    skill_cents: float = 25.0  # CPU without a rival id / GUIDE: typical pitch error

    @classmethod
    def cpu(cls, rival: str | None = None, seed: int = 0, skill_cents: float = 25.0) -> "SeatSource":
        return cls(SourceKind.CPU, rival=rival, seed=seed, skill_cents=skill_cents)

    @classmethod
    def mic(cls, player: int) -> "SeatSource":
        return cls(SourceKind.MIC, player=player)

    @classmethod
    def file(cls, path: Path | str) -> "SeatSource":
        return cls(SourceKind.FILE, path=Path(path))

    @classmethod
    def guide(cls, seed: int = 0, skill_cents: float = 10.0) -> "SeatSource":
        return cls(SourceKind.GUIDE, seed=seed, skill_cents=skill_cents)

    @classmethod
    def shared_mic(cls) -> "SeatSource":
        """Pass the mic: this seat sings into the show's one microphone (``DuelSetup.shared_mic``)."""
        return cls(SourceKind.SHARED)

    @property
    def tracked(self) -> bool:
        """Sound that goes through the pitch tracker (not frames made from the chart)."""
        return self.kind is not SourceKind.CPU


@dataclass(frozen=True)
class SeatSpec:
    name: str
    colour: Colour
    source: SeatSource


@dataclass(frozen=True)
class DuelSetup:
    """A level folder (with level.toml) or a bare UltraStar chart, and exactly two seats."""

    seats: tuple[SeatSpec, SeatSpec]
    level_dir: Path | None = None
    chart: Path | None = None
    difficulty: Difficulty = Difficulty.MEDIUM
    title: str | None = None  # shown on the stage; defaults to the level's or chart's title
    stage_theme: str | None = None  # None: the level's own theme (nebula for a bare chart)
    extras: dict = field(default_factory=dict, compare=False)  # room for season ids etc.
    # Pass the mic: turns by this unit on one microphone (None: a duel, a microphone each).
    turns: TurnUnit | None = None
    shared_mic: SeatSource = field(default_factory=lambda: SeatSource.mic(0))  # what that one mic is
    # Two mic seats in one room: the mic setup's room check for the current mapping (indexed
    # by settings player, as SeatSource.player), so the crosstalk gate knows each mic's level
    # and each voice's bleed from the first frame. None: the gate learns them in the song.
    room: RoomLevels | None = field(default=None, compare=False)
    # The microphones of settings players 1 and 2 for this show (the live command's --mic);
    # None: the mapping saved in the settings.
    mics: tuple[PlayerInput, ...] | None = None
    # The song as recorded rather than its #INSTRUMENTAL (the settings' "Duel backing").
    hear_original: bool = False

    def __post_init__(self) -> None:
        if len(self.seats) != 2:
            raise ValueError("a duel has exactly two seats")
        if (self.level_dir is None) == (self.chart is None):
            raise ValueError("give either level_dir or chart")
        shared = any(s.source.kind is SourceKind.SHARED for s in self.seats)
        if shared and self.turns is None:
            raise ValueError("a seat on the shared microphone needs pass-the-mic turns")
        if self.shared_mic.kind in (SourceKind.SHARED, SourceKind.CPU):
            raise ValueError("the shared microphone is a mic, a file or the guide voice")

    @property
    def pass_the_mic(self) -> bool:
        return self.turns is not None

    def load(self) -> Song:
        """The chart to sing (ChartError / LevelError when it cannot be played)."""
        if self.chart is not None:
            return load_song(self.chart)
        from ..charts.level import load_level

        return load_level(self.level_dir).song

    def display_title(self, song: Song) -> str:
        if self.title:
            return self.title
        if self.level_dir is not None:
            from ..charts.level import load_level

            return load_level(self.level_dir, load_chart=False).title
        return song.title

    def theme_name(self) -> str:
        """The stage theme: the one asked for, else the level's, else nebula."""
        if self.stage_theme:
            return self.stage_theme
        if self.level_dir is not None:
            from ..charts.level import LevelError, load_level

            try:
                return load_level(self.level_dir, load_chart=False).stage_theme
            except LevelError:
                pass
        return "nebula"


def seat_voices(song: Song) -> tuple[Voice, Voice]:
    """A duet gives P1 to seat 0 and P2 to seat 1; a battle or solo chart gives both the
    same voice (the shared lane)."""
    if song.is_duet and len(song.voices) >= 2:
        return song.voices[0], song.voices[1]
    return song.voices[0], song.voices[0]


def bundled_level(level_id: str | None = None) -> Path:
    """A bundled level folder by id; None picks the first battle/duet level, else any."""
    from ..charts.level import load_level
    from ..paths import bundled_levels_dir

    root = bundled_levels_dir()
    folders = sorted(p for p in root.iterdir() if (p / "level.toml").is_file())
    if level_id is not None:
        for folder in folders:
            if folder.name == level_id or load_level(folder, load_chart=False).id == level_id:
                return folder
        raise LookupError(f"no bundled level {level_id!r} (have: {', '.join(f.name for f in folders)})")
    if not folders:
        raise LookupError(f"no levels in {root}")
    for folder in folders:
        if load_level(folder, load_chart=False).mode.value in ("battle", "duet"):
            return folder
    return folders[0]
