"""The contestants of the alien stage: eight CPU singers, and the humans who face them.

The roster is ordered from the weakest singer to the strongest; each CPU contestant's
``skill`` says how it sings (see ``rivals.SkillProfile``). A human is a Contestant too,
with no skill profile: the microphone decides how they sing.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from .rivals import SkillProfile

Colour = tuple[int, int, int]

# Colours a human gets when they choose none (stage-light tones not used by the roster).
# A new singer's colours, first one first. None is the golden notes' gold (a singer in
# gold would read as a golden note on stage).
HUMAN_COLOURS: tuple[Colour, ...] = (
    (120, 220, 255), (255, 140, 200), (150, 255, 170), (255, 170, 110),
    (190, 160, 255), (240, 240, 240), (110, 200, 180), (255, 105, 105),
)


@dataclass(frozen=True)
class Contestant:
    """Someone who sings on the stage. ``id`` is unique within a season."""

    id: str
    name: str
    colour: Colour
    bio: str = ""
    skill: SkillProfile | None = None  # None: a human at the microphone

    @property
    def is_cpu(self) -> bool:
        return self.skill is not None

    @classmethod
    def human(cls, name: str, colour: Colour | None = None, profile_id: int | None = None,
              bio: str = "") -> "Contestant":
        """A human player; ``profile_id`` (from Records) makes the id stable across renames."""
        name = name.strip() or "Singer"
        ident = f"human:{profile_id}" if profile_id is not None else f"human:{slug(name)}"
        if colour is None:
            colour = HUMAN_COLOURS[zlib.crc32(name.encode()) % len(HUMAN_COLOURS)]
        return cls(ident, name, tuple(colour), bio, None)  # type: ignore[arg-type]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "colour": list(self.colour),
            "bio": self.bio,
            "skill": None if self.skill is None else self.skill.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Contestant":
        skill = data.get("skill")
        r, g, b = (int(c) for c in data["colour"])
        return cls(
            id=str(data["id"]),
            name=str(data["name"]),
            colour=(r, g, b),
            bio=str(data.get("bio", "")),
            skill=None if skill is None else SkillProfile.from_dict(skill),
        )


def slug(text: str) -> str:
    """``"Ana María"`` -> ``"ana-mar-a"``: lower-case letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "singer"


ROSTER: tuple[Contestant, ...] = (
    Contestant(
        "pip-orrel", "Pip Orrel", (140, 200, 90),
        "A moss-farmer from the third moon who has never sung for more than one goat.",
        SkillProfile(pitch_error_cents=70, wobble_cents=18, sour_note_rate=0.15,
                     timing_jitter_ms=60, late_start_ms=90, dropout_rate=0.12,
                     line_dropout_rate=0.08, level_db=-27.0),
    ),
    Contestant(
        "juno-vask", "Juno Vask", (90, 170, 255),
        "A shy signal-tower keeper who hums to the static every night.",
        SkillProfile(pitch_error_cents=55, wobble_cents=14, sour_note_rate=0.09,
                     timing_jitter_ms=45, late_start_ms=55, dropout_rate=0.08,
                     line_dropout_rate=0.04, level_db=-24.0),
    ),
    Contestant(
        "tamsin-oru", "Tamsin Oru", (255, 110, 60),
        "Loudest voice in the dust markets; always a little sharp, never sorry.",
        SkillProfile(pitch_error_cents=42, pitch_bias_cents=28, wobble_cents=12,
                     sour_note_rate=0.06, timing_jitter_ms=35, dropout_rate=0.05,
                     line_dropout_rate=0.02, octave_slip_rate=0.05, level_db=-11.0),
    ),
    Contestant(
        "bex-calder", "Bex Calder", (120, 90, 200),
        "A deep-voiced hauler pilot who sings every tune an octave down.",
        SkillProfile(pitch_error_cents=36, wobble_cents=10, sour_note_rate=0.04,
                     timing_jitter_ms=30, late_start_ms=20, dropout_rate=0.04,
                     line_dropout_rate=0.01, vibrato_cents=18, octave_shift=-1, level_db=-17.0),
    ),
    Contestant(
        "orla-quenn", "Orla Quenn", (60, 210, 190),
        "Sang lullabies to a colony ship for forty years; steady, warm, a touch slow.",
        SkillProfile(pitch_error_cents=28, wobble_cents=9, sour_note_rate=0.025,
                     timing_jitter_ms=25, late_start_ms=35, dropout_rate=0.025,
                     vibrato_cents=25, vibrato_hz=5.0, level_db=-19.0),
    ),
    Contestant(
        "siv-maro", "Siv Maro", (235, 70, 140),
        "A twin who lost the last season by one line and came back alone to win it.",
        SkillProfile(pitch_error_cents=20, pitch_bias_cents=-8, wobble_cents=8,
                     sour_note_rate=0.015, timing_jitter_ms=18, dropout_rate=0.015,
                     vibrato_cents=22, vibrato_hz=5.8, octave_slip_rate=0.02, level_db=-16.0),
    ),
    Contestant(
        "kaida-lume", "Kaida Lume", (255, 196, 40),
        "Trained in the echo caves of a ringed world; her held notes light the dome.",
        SkillProfile(pitch_error_cents=12, wobble_cents=6, sour_note_rate=0.005,
                     timing_jitter_ms=12, dropout_rate=0.008, vibrato_cents=28,
                     vibrato_hz=5.5, level_db=-15.0),
    ),
    Contestant(
        "vela-nox", "Vela Nox", (200, 220, 255),
        "Three-time champion of the stage; the audience forgets to breathe.",
        SkillProfile(pitch_error_cents=5, wobble_cents=4, timing_jitter_ms=6,
                     vibrato_cents=20, vibrato_hz=5.6, level_db=-14.0),
    ),
)

_BY_ID = {c.id: c for c in ROSTER}


def roster() -> list[Contestant]:
    """The eight CPU contestants, weakest first."""
    return list(ROSTER)


def contestant(ident: str) -> Contestant:
    """A roster contestant by id (``KeyError`` for an unknown one)."""
    return _BY_ID[ident]
