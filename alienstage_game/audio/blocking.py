"""Audio calls that can hang: stopping, closing or opening a stream whose device has
vanished or been suspended blocks inside PortAudio (measured: 53 s for a suspended
PulseAudio source). They run on a helper thread; the caller waits a bounded time and
goes on, leaving a stuck call to finish (or not) on its own daemon thread."""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

log = logging.getLogger(__name__)


def bounded(call: Callable[[], Any], timeout_s: float, what: str) -> tuple[bool, Any]:
    """Run ``call`` and wait up to ``timeout_s``: (True, its result) when it returned,
    (False, None) when it is still running or raised (the error is logged)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = call()
        except Exception as exc:  # noqa: BLE001 -- a vanished device fails in many ways
            box["error"] = exc

    thread = threading.Thread(target=run, name=f"audio: {what}", daemon=True)
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

    threading.Thread(target=run, name=f"audio: {what}", daemon=True).start()


def close_stream(stream: Any, what: str, wait_s: float = 0.0) -> None:
    """Stop and close a PortAudio stream off the caller's thread, waiting for it up to
    ``wait_s`` (0 on the game loop: never wait)."""
    def stop_and_close() -> None:
        try:
            stream.stop()
        finally:
            stream.close()

    if wait_s > 0.0:
        bounded(stop_and_close, wait_s, f"closing {what}")
    else:
        in_background(stop_and_close, f"closing {what}")
