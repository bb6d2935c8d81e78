"""Settings and user folders: saved atomically, unknown keys kept, bad files never fatal."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from alienstage_game import paths, settings
from alienstage_game.settings import Settings


def test_user_folders_live_under_alienstage_home(alienstage_home: Path) -> None:
    for folder in (paths.data_dir(), paths.config_dir(), paths.cache_dir()):
        assert alienstage_home in folder.parents
    assert len({paths.data_dir(), paths.config_dir(), paths.cache_dir()}) == 3


def test_without_alienstage_home_platformdirs_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("ALIENSTAGE_HOME")
    assert paths.data_dir() == platformdirs.user_data_path("alienstage", appauthor=False)
    assert paths.config_dir() == platformdirs.user_config_path("alienstage", appauthor=False)
    assert paths.cache_dir() == platformdirs.user_cache_path("alienstage", appauthor=False)


def test_bundled_levels_dir_is_the_repository_levels_folder() -> None:
    assert paths.bundled_levels_dir() == Path(paths.__file__).resolve().parents[1] / "levels"
    assert paths.bundled_levels_dir().is_dir()


def test_defaults_when_nothing_saved() -> None:
    assert settings.load() == Settings()
    assert not settings.settings_path().exists()  # loading alone writes nothing


def test_save_then_load_round_trips(tmp_path: Path, alienstage_home: Path) -> None:
    saved = Settings(song_folders=[tmp_path / "Songs", tmp_path / "More Songs"])
    path = settings.save(saved)
    assert path == paths.config_dir() / "settings.json"
    assert settings.load() == saved
    assert json.loads(path.read_text())["song_folders"] == [str(tmp_path / "Songs"), str(tmp_path / "More Songs")]
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temp files left


def test_unknown_keys_survive_a_save() -> None:
    path = settings.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"song_folders": ["/music"], "mic_delay_ms": 140, "future": {"a": [1, 2]}}))
    loaded = settings.load()
    assert loaded.song_folders == [Path("/music")]
    loaded.song_folders.append(Path("/more"))
    settings.save(loaded)
    data = json.loads(path.read_text())
    assert data == {"song_folders": ["/music", "/more"], "mic_delay_ms": 140, "future": {"a": [1, 2]}}


@pytest.mark.parametrize("content", [b"{ not json", b"[1, 2, 3]", b"\xff\xfe\x00garbage", b""])
def test_corrupt_file_is_moved_aside(content: bytes, caplog: pytest.LogCaptureFixture) -> None:
    path = settings.settings_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING):
        assert settings.load() == Settings()
    assert not path.exists()
    aside = [p for p in path.parent.iterdir() if p.name.startswith("settings.json.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes() == content
    assert str(path) in caplog.text and "using default settings" in caplog.text
    settings.save(Settings(song_folders=[Path("/songs")]))  # and the game can save again
    assert settings.load().song_folders == [Path("/songs")]


def test_wrong_type_costs_only_that_value(caplog: pytest.LogCaptureFixture) -> None:
    path = settings.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"song_folders": "/just/one/string", "volume": 0.5}))
    with caplog.at_level(logging.WARNING):
        loaded = settings.load()
    assert loaded.song_folders == []
    assert loaded.extra == {"volume": 0.5}
    assert "song_folders" in caplog.text
    assert path.exists()  # the file itself was readable: it stays where it is
