from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "charts" / "fixtures"

SOLO = """#TITLE:Quiet Orbit
#ARTIST:Test Choir
#AUDIO:orbit.ogg
#BPM:300
#GAP:1200
: 0 4 0 Un
: 4 4 2 der
: 8 6 4  the
- 16
: 18 4 5 moons
* 22 4 7  we
F 26 2 0  sing
- 30
: 32 8 -2 Far
R 40 4 0  a
G 44 4 0 way
E
"""


@pytest.fixture
def solo_chart(tmp_path: Path) -> Path:
    path = tmp_path / "solo" / "song.txt"
    path.parent.mkdir()
    path.write_text(SOLO, encoding="utf-8")
    return path


@pytest.fixture
def duet_chart(tmp_path: Path) -> Path:
    path = tmp_path / "duet" / "song.txt"
    path.parent.mkdir()
    path.write_bytes((FIXTURES / "duet.txt").read_bytes())
    return path
