"""What a demo duel shows (attract mode, ``alienstage demo``): a song and two rivals that
vary with the seed, so the title's idle screen is not the same duel every time. Seed 0 is
the classic pair (a blue and a pink contestant) on the first battle level. No pygame."""

from __future__ import annotations

import random

CLASSIC_PAIR = ("juno-vask", "siv-maro")


def demo_levels() -> list[str]:
    """The bundled levels a demo may sing: battles and duets, by folder name, sorted."""
    from ..charts.level import load_level
    from ..paths import bundled_levels_dir

    out = []
    for folder in sorted(p for p in bundled_levels_dir().iterdir() if (p / "level.toml").is_file()):
        try:
            if load_level(folder, load_chart=False).mode.value in ("battle", "duet"):
                out.append(folder.name)
        except Exception:  # a broken level is the library's to report, never the demo's
            continue
    return out


def demo_pick(seed: int) -> tuple[str | None, tuple[str, str]]:
    """(level folder name or None for the default, two distinct rival ids) for ``seed``."""
    if seed == 0:
        return None, CLASSIC_PAIR
    from ..match.contestants import roster

    rng = random.Random(f"demo:{seed}")
    levels = demo_levels()
    ids = [c.id for c in roster()]
    pair = rng.sample(ids, 2)
    return (rng.choice(levels) if levels else None), (pair[0], pair[1])


def fresh_seed() -> int:
    """A seed for the next demo: any but 0 (the classic pair), so each demo differs."""
    return random.SystemRandom().randint(1, 2**31 - 1)
