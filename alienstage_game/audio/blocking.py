"""Audio calls that can hang: stopping, closing or opening a stream whose device has
vanished or been suspended blocks inside PortAudio (measured: 53 s for a suspended
PulseAudio source). They run on a helper thread; the caller waits a bounded time and
goes on, leaving a stuck call to finish (or not) on its own daemon thread."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from typing import Any, Callable

log = logging.getLogger(__name__)

_in_flight = 0  # helper threads still inside a call that may hang
_count_lock = threading.Lock()


def _track(call: Callable[[], Any]) -> Callable[[], Any]:
    def tracked() -> Any:
        global _in_flight
        with _count_lock:
            _in_flight += 1
        try:
            return call()
        finally:
            with _count_lock:
                _in_flight -= 1
    return tracked


def stuck() -> int:
    """How many audio calls are still running on helper threads."""
    return _in_flight


def exit_when_settled(code: int, wait_s: float = 1.5) -> int:
    """At the end of a command: PortAudio's exit handler waits for every stream, so a
    stream stuck in a vanished device would hang the process at exit. Give stuck calls
    ``wait_s`` to finish; if some never do, leave at once with ``code``."""
    deadline = time.monotonic() + wait_s
    while stuck() and time.monotonic() < deadline:
        time.sleep(0.02)
    if stuck():
        log.warning("audio: %d call(s) stuck in a device; leaving without waiting for them", stuck())
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def bounded(call: Callable[[], Any], timeout_s: float, what: str) -> tuple[bool, Any]:
    """Run ``call`` and wait up to ``timeout_s``: (True, its result) when it returned,
    (False, None) when it is still running or raised (the error is logged)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = call()
        except Exception as exc:  # noqa: BLE001 -- a vanished device fails in many ways
            box["error"] = exc

    thread = threading.Thread(target=_track(run), name=f"audio: {what}", daemon=True)
    thread.start()
    thread.join(timeout_s)
    if thread.is_alive():
        log.warning("audio: %s did not return within %.1f s; left behind", what, timeout_s)
        return False, None
    if "error" in box:
        log.info("audio: %s failed: %s", what, box["error"])
        return False, None
    return True, box.get("result")


def in_background(call: Callable[[], Any], what: str) -> None:
    """Run ``call`` on its own daemon thread and do not wait (closing a stream)."""
    def run() -> None:
        try:
            call()
        except Exception as exc:  # noqa: BLE001
            log.info("audio: %s failed: %s", what, exc)

    threading.Thread(target=_track(run), name=f"audio: {what}", daemon=True).start()


def close_stream(stream: Any, what: str, wait_s: float = 0.0) -> None:
    """Stop and close a PortAudio stream off the caller's thread, waiting for it up to
    ``wait_s`` (0 on the game loop: never wait)."""
    def stop_and_close() -> None:
        try:
            # abort, not stop: nothing left in a vanished device's buffers is worth waiting for
            (getattr(stream, "abort", None) or stream.stop)()
        finally:
            stream.close()

    if wait_s > 0.0:
        bounded(stop_and_close, wait_s, f"closing {what}")
    else:
        in_background(stop_and_close, f"closing {what}")
