"""Library scan benchmark: a generated library of N song folders, scanned cold and warm.

Targets (issue 16): 10,000 song folders in <= 3 s cold (empty cache) and <= 0.3 s warm
(cached, nothing changed) on a 2-core machine, printed next to floors measured in the
same run: reading every chart once (cold) and stat'ing every chart (warm). The generated
charts are varied the way a singer's collection is: solo and duet, legacy (#MP3, no
#VERSION) and v1.1.0, CRLF files, CP1252 files, relative timing, a readme here and there,
a few broken charts, covers and backgrounds named by header or by convention ([CO],
[BG]), and some songs whose audio is missing.
The "cold" scan starts from an empty cache; the files themselves were just written, so
they sit in the OS page cache (dropping it needs root). A library is older than a clock
tick: the scan starts 2 s after the last folder was written (a folder listed within 2 s
of its last change is listed again next time, for file systems with coarse clocks).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from pathlib import Path

DESCRIPTION = "song library scan of a generated library (cold and warm)"
COLD_TARGET_S = 3.0
WARM_TARGET_S = 0.3
TARGET_SONGS = 10_000
SETTLE_S = 2.0

_SYLLABLES = ("zo", "ra", "vel", "ki", "mun", "tae", "lo", "shi", "an", "dre", "ux", "neb",
              "o", "la", "qir", "sen", "wa", "tor", "ely", "pha", "gri", "mo", "iss", "den")
_WORDS_A = ("Silver", "Quiet", "Burning", "Hollow", "Electric", "Distant", "Velvet", "Cosmic",
            "Broken", "Golden", "Midnight", "Crystal", "Restless", "Neon", "Frozen", "Wild")
_WORDS_B = ("Orbit", "Signal", "Harbor", "Comet", "Garden", "Engine", "Mirror", "Horizon",
            "Lantern", "Tide", "Echo", "Satellite", "Parade", "Canyon", "Voltage", "Aurora")
_LANGUAGES = ("English", "German", "French", "Spanish", "Italian", "Swedish", "Japanese", None)
_GENRES = ("Pop", "Rock", "Synthwave", "Folk", "Disco", "Ballad")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--songs", type=int, default=TARGET_SONGS, metavar="N",
                        help=f"song folders to generate (default {TARGET_SONGS})")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="reading processes for the cold scan (default: automatic)")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the generated library")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR",
                        help="generate into DIR and keep it (default: a temporary folder)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")


def run(args: argparse.Namespace) -> int:
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        return _measure(args.keep, args)
    with tempfile.TemporaryDirectory(prefix="alienstage-bench-") as tmp:
        return _measure(Path(tmp), args)


def _measure(base: Path, args: argparse.Namespace) -> int:
    from ..charts.library import scan_library

    library = base / "songs"
    cache = base / "library.sqlite3"
    cache.unlink(missing_ok=True)
    started = time.perf_counter()
    made = generate_library(library, args.songs, seed=args.seed)
    generated_s = time.perf_counter() - started
    time.sleep(SETTLE_S)

    floors = _floors(library)
    cold, cold_cpu = _timed(lambda: scan_library([library], cache, workers=args.workers))
    warm, warm_cpu = _timed(lambda: scan_library([library], cache))
    edited = _edit_one_chart(library)
    touched, touched_cpu = _timed(lambda: scan_library([library], cache))
    figures = {
        "songs_generated": made["songs"],
        "broken_generated": made["broken"],
        "generate_seconds": round(generated_s, 3),
        "cold": _figures(cold, cold_cpu),
        "warm": _figures(warm, warm_cpu),
        "one_chart_edited": _figures(touched, touched_cpu),
        "floors": {k: round(v, 4) for k, v in floors.items()},
        "playable": sum(1 for e in warm.entries if e.playable),
        "load_average": _load_average(),
        "targets": {"songs": TARGET_SONGS, "cold_seconds": COLD_TARGET_S, "warm_seconds": WARM_TARGET_S},
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    scale = f" (targets are for {TARGET_SONGS} songs)" if args.songs != TARGET_SONGS else ""
    print(f"library: {made['songs']} song folders ({made['broken']} broken charts), "
          f"generated in {generated_s:.2f} s")
    for name, scan, cpu, target in (("cold", cold, cold_cpu, COLD_TARGET_S), ("warm", warm, warm_cpu, WARM_TARGET_S)):
        rate = len(scan.entries) / scan.seconds if scan.seconds else float("inf")
        verdict = "ok" if scan.seconds <= target else "MISSED"
        print(f"{name:>5} scan: {len(scan.entries):5d} songs, {len(scan.broken):3d} broken, "
              f"{scan.seconds:6.3f} s ({cpu:.2f} s CPU), {rate:6.0f} songs/s  "
              f"[target <= {target} s: {verdict}; floor {floors[name]:.3f} s]{scale}")
    print(f"  one chart edited ({edited}): {touched.seconds:.3f} s ({touched_cpu:.2f} s CPU), "
          f"{touched.parsed} read again (no target: the folder listings and rows are used, not the snapshot)")
    playable = sum(1 for e in warm.entries if e.playable)
    print(f"  {len(warm.entries) - playable} songs listed without their audio (generated: {made['no_audio']}); "
          f"covers {sum(1 for e in warm.entries if e.cover)}, backgrounds {sum(1 for e in warm.entries if e.background)}")
    print("  floors: cold = reading every chart once; warm = one stat per chart")
    load = _load_average()
    if load is not None:
        # Wall time on a shared machine depends on what else runs; CPU time does not.
        print(f"load average while measuring: {load:.2f} on {os.cpu_count()} cores")
    return 0


def _edit_one_chart(library: Path) -> str:
    """Change one chart's title in place (the folder's mtime does not move)."""
    chart = next(path for path in sorted(library.rglob("*.txt")) if path.name != "readme.txt")
    data = chart.read_bytes()
    chart.write_bytes(data.replace(b"#TITLE:", b"#TITLE:Edited ", 1))
    return chart.name


def _floors(library: Path) -> dict[str, float]:
    """What no scan can beat: reading each chart once, and stat'ing each one."""
    charts = [os.path.join(folder, name) for folder, _, names in os.walk(library)
              for name in names if name.endswith(".txt")]
    started = time.perf_counter()
    for path in charts:
        with open(path, "rb") as handle:
            handle.read()
    cold = time.perf_counter() - started
    started = time.perf_counter()
    for path in charts:
        os.stat(path)
    return {"cold": cold, "warm": time.perf_counter() - started}


def _timed(scan):
    before = os.times()
    result = scan()
    after = os.times()
    cpu = sum(after[i] - before[i] for i in range(4))  # user + system, self + workers
    return result, cpu


def _load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def _figures(scan, cpu: float) -> dict:
    return {
        "songs": len(scan.entries),
        "broken": len(scan.broken),
        "seconds": round(scan.seconds, 4),
        "cpu_seconds": round(cpu, 3),
        "songs_per_second": round(len(scan.entries) / scan.seconds) if scan.seconds else None,
        "parsed": scan.parsed,
        "cached": scan.cached,
    }


# -- the generated library ----------------------------------------------------------------
def generate_library(root: Path, songs: int, seed: int = 7) -> dict[str, int]:
    """Write ``songs`` song folders under ``root`` (Artist/Artist - Title/...)."""
    rng = random.Random(seed)
    broken = no_audio = 0
    for index in range(songs):
        artist = f"{rng.choice(_WORDS_A)} {rng.choice(_WORDS_B)}s {index // 7}"
        title = f"{rng.choice(_WORDS_A)} {rng.choice(_WORDS_B)} {index}"
        folder = root / artist / f"{artist} - {title}"
        folder.mkdir(parents=True, exist_ok=True)
        is_broken = index % 97 == 13  # about 1 %
        broken += is_broken
        text, encoding, newline = _chart(rng, artist, title, index, is_broken)
        data = text.replace("\n", newline).encode(encoding, errors="replace")
        (folder / f"{artist} - {title}.txt").write_bytes(data)
        if index % 50 != 7:  # about 2 %: the audio never came with the chart
            (folder / "song.ogg").write_bytes(b"OggS\x00fake")
        elif not is_broken:
            no_audio += 1
        picture = b"\xff\xd8\xff\xe0fake"
        if index % 5 == 4:  # named by convention, not by #COVER
            (folder / f"{artist} - {title} [CO].jpg").write_bytes(picture)
            (folder / f"{artist} - {title} [BG].jpg").write_bytes(picture)
        else:
            (folder / "cover.jpg").write_bytes(picture)
        if index % 25 == 0:
            (folder / "readme.txt").write_text("Ripped from my own recording. Have fun!\n")
    return {"songs": songs, "broken": broken, "no_audio": no_audio}


def _chart(rng: random.Random, artist: str, title: str, index: int, broken: bool) -> tuple[str, str, str]:
    legacy = index % 3 == 0
    duet = index % 6 == 1
    relative = index % 40 == 5 and not duet
    encoding = "cp1252" if index % 10 == 3 else "utf-8"
    newline = "\r\n" if index % 4 == 2 else "\n"
    bpm = rng.choice((180, 200, 240, 256.5, 300, 320))
    headers = [] if legacy else ["#VERSION:1.1.0"]
    headers += [f"#TITLE:{title}{' à la mode' if encoding == 'cp1252' else ''}", f"#ARTIST:{artist}"]
    if encoding == "cp1252":
        headers.append("#ENCODING:CP1252")
    language = rng.choice(_LANGUAGES)
    if language:
        headers.append(f"#LANGUAGE:{language}")
    headers += [f"#GENRE:{rng.choice(_GENRES)}", f"#YEAR:{rng.randint(1962, 2025)}",
                "#MP3:song.ogg" if legacy else "#AUDIO:song.ogg"]
    if index % 5 != 4:
        headers.append("#COVER:cover.jpg")
    if broken and index % 2:
        pass  # no #BPM: cannot be played
    else:
        headers.append(f"#BPM:{str(bpm).replace('.', ',') if legacy else bpm}")
    headers.append(f"#GAP:{rng.randint(0, 20000)}")
    if relative:
        headers.append("#RELATIVE:yes")
    if duet:
        headers += ["#P1:Singer One", "#P2:Singer Two"]
    body: list[str] = []
    if broken and not index % 2:
        body = []  # headers only: no notes
    elif duet:
        for voice in ("P1", "P2"):
            body.append(voice)
            body += _voice_lines(rng, lines=rng.randint(22, 34), relative=False)
    else:
        body = _voice_lines(rng, lines=rng.randint(40, 64), relative=relative)
    return "\n".join(headers + body + ["E", ""]), encoding, newline


def _voice_lines(rng: random.Random, lines: int, relative: bool) -> list[str]:
    out: list[str] = []
    beat = rng.randint(0, 16)
    offset = 0  # #RELATIVE:yes counts beats from the last break's offset
    for number in range(lines):
        for i in range(rng.randint(5, 12)):
            length = rng.choice((1, 2, 2, 3, 4, 6))
            kind = rng.choices((":", "*", "F", "R", "G"), weights=(85, 8, 3, 3, 1))[0]
            word = rng.choice(_SYLLABLES)
            text = (" " + word) if i and rng.random() < 0.5 else word
            out.append(f"{kind} {beat - offset} {length} {rng.randint(-7, 14)} {text}")
            beat += length + rng.choice((0, 0, 1, 2))
        if number < lines - 1:
            rest = beat
            beat += rng.randint(2, 8)
            if relative:
                out.append(f"- {rest - offset} {beat - offset}")
                offset = beat
            else:
                out.append(f"- {rest}")
    return out
