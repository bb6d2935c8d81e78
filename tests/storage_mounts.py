"""Real trouble for save paths: a small tmpfs that fills up, one remounted read-only.

Mounting needs root (CI runs as root). In CI (``CI=true``) a test that cannot mount fails;
elsewhere it skips with the reason. Everything written before the trouble starts lives on
the same mount, so a test can check that it is still there afterwards.
"""

from __future__ import annotations

import errno
import os
import subprocess
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import pytest

BALLAST = ".ballast"


def running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@lru_cache(maxsize=1)
def _mount_problem() -> str | None:
    """None when this process may mount a tmpfs, else why not (checked once)."""
    import tempfile

    probe = tempfile.mkdtemp(prefix="alienstage-mount-probe-")
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", probe],
                              capture_output=True, text=True)
        if done.returncode != 0:
            return f"cannot mount a tmpfs here ({done.stderr.strip() or done.returncode}); run as root"
        subprocess.run(["umount", probe], check=True)
        return None
    except FileNotFoundError:
        return "no mount command on this machine"
    finally:
        os.rmdir(probe)


def require_mounts() -> None:
    problem = _mount_problem()
    if problem is None:
        return
    if running_in_ci():
        pytest.fail(f"storage tests must run in CI: {problem}", pytrace=False)
    pytest.skip(problem)


class Mount:
    """A tmpfs at ``path``: fill it, free it, make it read-only and writable again."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fill(self) -> None:
        """Write a ballast file until the disk refuses another byte."""
        chunk = b"\0" * 4096
        with open(self.path / BALLAST, "ab", buffering=0) as ballast:
            for size in (4096, 512, 1):
                try:
                    while True:
                        ballast.write(chunk[:size])
                except OSError as err:
                    if err.errno != errno.ENOSPC:
                        raise

    def free(self) -> None:
        (self.path / BALLAST).unlink(missing_ok=True)

    def set_read_only(self, on: bool = True) -> None:
        subprocess.run(["mount", "-o", f"remount,{'ro' if on else 'rw'}", str(self.path)], check=True)


@contextmanager
def _tmpfs(path: Path, options: str) -> Iterator[Mount]:
    require_mounts()
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], check=True)
    try:
        yield Mount(path)
    finally:
        # lazy: a connection the test left open must not keep the mount (and the run) alive
        subprocess.run(["umount", "-l", str(path)], check=False)


@contextmanager
def full_disk(path: Path, size: str = "64k") -> Iterator[Mount]:
    """A tmpfs of ``size`` at ``path``; ``fill()`` it once what must survive is written."""
    with _tmpfs(path, f"size={size}") as mount:
        yield mount


@contextmanager
def read_only(path: Path, size: str = "4m") -> Iterator[Mount]:
    """A tmpfs at ``path``, read-only from the start; ``set_read_only(False)`` to write to it
    first (what must survive), then ``set_read_only()`` again."""
    with _tmpfs(path, f"size={size},ro") as mount:
        yield mount
