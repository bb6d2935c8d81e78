"""The readers of outside data a fuzz campaign feeds, with the good files mutants start from.

A target's ``read`` does what the game does with such a file, not only the parse: a chart
is summarised as ``chart info --json`` prints it, validated, planned for scoring, written
back and read again (a chart the writer makes must be one the reader takes). Only the
target's ``refusals`` (the reader's own error type) may come out of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from ..paths import bundled_levels_dir
from .mutate import BINARY_OPERATORS, STRUCTURED_OPERATORS, TEXT_OPERATORS, Mutator, Operator

_REPO_FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "charts" / "fixtures"
# Where mutated files claim to live: a folder that does not exist, so no media resolve.
FUZZ_PATH = Path("/nonexistent-fuzz-song-folder")


class Defect(Exception):
    """The game did something wrong with an input it had accepted."""


@dataclass(frozen=True)
class Target:
    name: str
    seeds: Callable[[], list[bytes]]
    read: Callable[[bytes], None]
    refusals: tuple[type[BaseException], ...]
    operators: Sequence[Operator] = TEXT_OPERATORS
    suffix: str = ".txt"

    def mutator(self, seed: int) -> Mutator:
        return Mutator(self.seeds(), self.operators, seed)


def _chart_seeds() -> list[bytes]:
    files = sorted(bundled_levels_dir().glob("*/*.txt")) + sorted(_REPO_FIXTURES.glob("*.txt"))
    return [path.read_bytes() for path in files]


def read_chart(data: bytes) -> None:
    from ..charts import ChartError
    from ..charts.summary import song_summary
    from ..charts.ultrastar_read import parse_song
    from ..charts.ultrastar_write import dump_song
    from ..editor.validate import validate
    from ..intake import dumps
    from ..scoring.plan import ScoringPlan

    path = FUZZ_PATH / "song.txt"
    song = parse_song(data, path)
    dumps(song_summary(song), ensure_ascii=False)
    validate(song)
    for voice in song.voices:
        ScoringPlan.for_voice(song, voice.id)
    written = dump_song(song)
    try:
        again = parse_song(written.encode("utf-8"), path)
    except ChartError as err:
        raise Defect(f"the writer made a chart the reader refuses: {err}") from None
    if len(again.voices) != len(song.voices):
        raise Defect("the written chart lost a voice")


def _chart_refusals() -> tuple[type[BaseException], ...]:
    from ..charts import ChartError

    return (ChartError,)


def _level_seeds() -> list[bytes]:
    return [path.read_bytes() for path in sorted(bundled_levels_dir().glob("*/level.toml"))]


def read_level(data: bytes) -> None:
    from ..charts.level import parse_level_bytes
    from ..intake import dumps

    # Beside a real chart, so the whole level is checked, not only its TOML.
    level = parse_level_bytes(data, sorted(bundled_levels_dir().glob("*/level.toml"))[0])
    dumps(level.to_json())


def _settings_seeds() -> list[bytes]:
    from ..settings import Settings, settings_text

    plain = Settings()
    return [settings_text(plain).encode("utf-8"),
            b'{"song_folders": ["/home/me/Songs", "~/UltraStar"], "latency_ms": 140, "difficulty": "hard", '
            b'"music_volume": 0.5, "players": {"1": {"device": "USB Mic", "channel": 0}}}']


def read_settings(data: bytes) -> None:
    """Settings never refuse: a bad file gives defaults and a notice; the result must save."""
    from ..settings import settings_from_bytes, settings_text

    settings, _notice = settings_from_bytes(data)
    again, notice = settings_from_bytes(settings_text(settings).encode("utf-8"))
    if notice is not None:
        raise Defect(f"settings the game saved read back with a problem: {notice}")


def midi_seeds() -> list[bytes]:
    """Small songs made with mido: lyrics as ``lyrics`` events and as .kar ``text`` events,
    tempo changes, a key signature, chords and two tracks."""
    import io

    import mido

    def song(kind: str, tempos: tuple[int, ...], chord: bool) -> bytes:
        midi = mido.MidiFile(ticks_per_beat=480)
        conductor = mido.MidiTrack([mido.MetaMessage("key_signature", key="Eb", time=0)])
        for k, tempo in enumerate(tempos):
            conductor.append(mido.MetaMessage("set_tempo", tempo=tempo, time=0 if k == 0 else 1920))
        melody = mido.MidiTrack([mido.MetaMessage("track_name", name="Voice")])
        for k, (pitch, word) in enumerate(zip((60, 62, 64, 65, 67, 65, 64, 62), ("Sil", "ver ", "moons ", "/and ",
                                                                                   "the ", "tide", "~", "\\falls"))):
            melody.append(mido.MetaMessage(kind, text=word, time=0 if k == 0 else 120))
            melody.append(mido.Message("note_on", note=pitch, velocity=90, time=0))
            if chord:
                melody.append(mido.Message("note_on", note=pitch - 12, velocity=60, time=0))
            melody.append(mido.Message("note_off", note=pitch, velocity=0, time=360))
            if chord:
                melody.append(mido.Message("note_off", note=pitch - 12, velocity=0, time=0))
        midi.tracks.extend([conductor, melody])
        out = io.BytesIO()
        midi.save(file=out)
        return out.getvalue()

    return [song("lyrics", (500_000,), False), song("text", (600_000, 400_000), True),
            song("lyrics", (450_000, 450_000, 700_000), False)]


def read_midi(data: bytes) -> None:
    from ..charts import ChartError
    from ..charts.midi_import import import_midi_bytes
    from ..charts.ultrastar_read import parse_song
    from ..charts.ultrastar_write import dump_song

    imported = import_midi_bytes(data, FUZZ_PATH / "song.mid")
    try:
        parse_song(dump_song(imported.song).encode("utf-8"), FUZZ_PATH / "song.txt")
    except ChartError as err:
        raise Defect(f"a chart made from MIDI is one the reader refuses: {err}") from None


def _midi_refusals() -> tuple[type[BaseException], ...]:
    from ..charts.midi_import import MidiImportError

    return (MidiImportError,)


def _autosave_seeds() -> list[bytes]:
    import json

    from ..charts.ultrastar_read import parse_song
    from ..editor.autosave import song_to_json

    seeds = []
    for data in _chart_seeds()[:6]:
        song = parse_song(data, FUZZ_PATH / "song.txt")
        seeds.append(json.dumps({"format": 1, "id": "fuzz", "original_path": str(FUZZ_PATH / "song.txt"),
                                 "saved_at": 1.0e9, "title": song.title, "artist": song.artist,
                                 "song": song_to_json(song)}, indent=1).encode())
    return seeds


def read_autosave(data: bytes) -> None:
    """What recovery does with an autosave: list it, rebuild the document, show its text."""
    from ..editor.autosave import read_recovery
    from ..editor.document import ChartDocument

    recovery, song = read_recovery(data, FUZZ_PATH / "autosave" / "fuzz.json")
    ChartDocument(song, recovery.original_path, doc_id=recovery.id).text()


def _autosave_refusals() -> tuple[type[BaseException], ...]:
    from ..editor.autosave import AutosaveError

    return (AutosaveError,)


def resolve(name: str) -> Target:
    """A target by name, or ``module:ATTRIBUTE`` for one defined elsewhere (tests)."""
    if ":" in name:
        import importlib

        module, attribute = name.split(":", 1)
        return getattr(importlib.import_module(module), attribute)
    return TARGETS[name]


TARGETS: dict[str, Target] = {
    "chart": Target("chart", _chart_seeds, read_chart, _chart_refusals()),
    "settings": Target("settings", _settings_seeds, read_settings, (), STRUCTURED_OPERATORS, ".json"),
    "midi": Target("midi", midi_seeds, read_midi, _midi_refusals(), BINARY_OPERATORS, ".mid"),
    "autosave": Target("autosave", _autosave_seeds, read_autosave, _autosave_refusals(), STRUCTURED_OPERATORS,
                       ".json"),
    "level": Target("level", _level_seeds, read_level, _chart_refusals(), STRUCTURED_OPERATORS, ".toml"),
}
