"""settings.json from a stranger (or a crash, or a hand edit): the game always starts.

Every unusable file is set aside with a notice and the defaults are used; a file with a
few bad values keeps the rest; a FIFO never blocks; saving always writes UTF-8 JSON. A
seeded mutation campaign checks the bytes-in reader never raises and never dawdles.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from alienstage_game import settings
from alienstage_game.bench.mutate import STRUCTURED_OPERATORS, Mutator
from alienstage_game.cli import main
from alienstage_game.intake import parse_json
from alienstage_game.settings import MAX_SETTINGS_BYTES, Settings, settings_from_bytes, settings_text

GOOD = {
    "song_folders": ["/home/ana/Songs", "/mnt/Müsik/日本"],
    "difficulty": "hard", "fullscreen": True, "volume_music": 0.75, "volume_effects": 0.5,
    "audio": {"manual_offset_ms": -12.5, "output": "USB Audio", "players": [{"device": "Mic 1", "channel": 0}]},
}
CAMPAIGN_SIZE = 2_000
SLOW_S = 1.0


def write_settings(content: bytes) -> Path:
    path = settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def set_aside(path: Path) -> list[Path]:
    return sorted(path.parent.glob("settings.json.corrupt-*"))


@pytest.mark.parametrize("content, reason", [
    (b'{"volume_music": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", "nested too deeply"),
    (b'{"volume_music": ' + b"7" * 5000 + b"}", "not valid JSON"),
    (b'{"volume_music": NaN}', "not a number JSON allows"),
    (b'{"volume_music": -Infinity}', "not a number JSON allows"),
    ('{"difficulty": "hård"}'.encode("latin-1"), "not UTF-8"),
    (b"\xef\xbb\xbf" + json.dumps(GOOD).encode(), "not valid JSON"),  # a BOM: Notepad's way
    (b'"just a string"', "a JSON object"),
])
def test_an_unusable_file_is_set_aside_and_the_defaults_used(content: bytes, reason: str) -> None:
    path = write_settings(content)
    assert settings.load() == Settings()
    notice = settings.take_notice()
    assert notice is not None and reason in notice and "using default settings" in notice
    assert settings.take_notice() is None  # said once
    assert not path.exists() and set_aside(path)[0].read_bytes() == content
    assert settings.load() == Settings() and settings.take_notice() is None  # nothing left to say


def test_a_fifo_never_blocks_the_start() -> None:
    path = settings.settings_path()
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    started = time.monotonic()
    assert settings.load() == Settings()
    assert time.monotonic() - started < SLOW_S
    assert "named pipe" in settings.take_notice()
    assert not path.exists() and set_aside(path)


def test_a_file_too_large_is_not_read() -> None:
    path = write_settings(b'{"x": "' + b"a" * MAX_SETTINGS_BYTES + b'"}')
    assert settings.load() == Settings()
    assert "too large" in settings.take_notice() and set_aside(path)


def test_wrong_types_cost_those_values_only_and_say_so() -> None:
    path = write_settings(json.dumps({**GOOD, "song_folders": {"not": "a list"}}).encode())
    loaded = settings.load()
    assert loaded.song_folders == [] and loaded.extra["difficulty"] == "hard"
    assert "song_folders" in settings.take_notice()
    assert path.exists() and not set_aside(path)  # the rest of the file is good: it stays


def test_a_home_folder_of_nobody_is_kept_as_written() -> None:
    loaded, notice = settings_from_bytes(b'{"song_folders": ["~nosuchuser-here/Songs", "~/Songs"]}')
    assert loaded.song_folders == [Path("~nosuchuser-here/Songs"), Path.home() / "Songs"] and notice is None


def test_a_lone_surrogate_saves_as_utf8_json_and_reads_back() -> None:
    odd = Settings(song_folders=[Path("/songs/\udcff\udc80bad")], extra={"name": "\ud800x", "k\udfff": 1})
    path = settings.save(odd)
    raw = path.read_bytes()
    raw.decode("utf-8")  # strict: valid UTF-8
    assert parse_json(raw.decode("utf-8")) == {"song_folders": ["/songs/\udcff\udc80bad"], "name": "\ud800x",
                                               "k\udfff": 1}
    assert settings.load() == odd and settings.take_notice() is None
    write_settings(b'{"name": "\\udc00", "song_folders": ["\\ud83d"]}')  # the same, from a hand edit
    settings.save(settings.load())
    assert settings.load().extra["name"] == "\udc00"


def test_the_command_line_says_it_in_one_line(capsys: pytest.CaptureFixture) -> None:
    write_settings(b'{"volume_music": NaN}')
    settings.load()
    assert main(["season", "contestants"]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("alienstage: The settings file could not be read")


def test_mutated_settings_never_raise_and_never_dawdle() -> None:
    seeds = [json.dumps(GOOD, indent=2, ensure_ascii=False).encode(), json.dumps(GOOD).encode(),
             settings_text(Settings(song_folders=[Path("/a")], extra=dict(GOOD))).encode(), b"{}\n"]
    mutator = Mutator(seeds, STRUCTURED_OPERATORS, seed=14)
    slowest, refused = 0.0, 0
    for index in range(CAMPAIGN_SIZE):
        data = mutator.mutant(index)
        started = time.perf_counter()
        loaded, notice = settings_from_bytes(data)
        text = settings_text(loaded)  # what the next save would write
        seconds = time.perf_counter() - started
        assert parse_json(text.encode("utf-8").decode("utf-8")) is not None, index
        slowest = max(slowest, seconds)
        assert seconds < SLOW_S, f"mutant {index} took {seconds:.2f} s"
        refused += notice is not None
    assert refused > CAMPAIGN_SIZE // 10  # the mutants did reach the reader's refusals
