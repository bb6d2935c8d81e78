"""The desktop's sound server on Linux (PulseAudio, or PipeWire's pulse server): every
capture source and playback sink it offers, by the names the desktop shows, and a way
to open a PortAudio stream on any one of them.

PortAudio reaches the server only through ALSA's ``pulse`` device, which opens the
server's default source or sink. libpulse reads ``PULSE_SOURCE``/``PULSE_SINK`` when a
client connects, and ALSA's pulse plugin connects while PortAudio opens the stream, so
setting the variable around the open picks the device per stream, with no config file
(measured on PulseAudio 16: two streams on two null-sink monitors at once, each with its
own signal). PipeWire's own ALSA plugin reads ``PIPEWIRE_NODE`` the same way.

The list comes from ``pulsectl`` (libpulse through ctypes), which knows each device's
description, channel count and the server's defaults; nothing here needs the server to
be there: without it (or without libpulse) ``server_devices`` returns None.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from dataclasses import dataclass
from typing import Iterator

from .devices import Kind

log = logging.getLogger(__name__)

FRESH_FOR_S = 1.0  # a device list younger than this is reused (menus ask several times a frame)
# PortAudio's names for its bridge into the server: the environment variable each reads.
BRIDGES = {"pulse": ("PULSE_SOURCE", "PULSE_SINK"), "pipewire": ("PIPEWIRE_NODE", "PIPEWIRE_NODE")}

_open_lock = threading.Lock()  # the environment is process-wide: one stream opens at a time
_cache: tuple[float, list["ServerDevice"] | None] | None = None
_cache_lock = threading.Lock()


@dataclass(frozen=True)
class ServerDevice:
    """A source (input) or sink (output) of the sound server."""

    id: str  # the server's own name, e.g. alsa_input.usb-0d8c_USB_Sound-00.mono-fallback
    name: str  # what the desktop shows, e.g. "USB Sound Device Mono"
    kind: Kind
    channels: int
    rate: int
    default: bool
    monitor: bool  # a sink's monitor: what that sink plays, not a microphone


def server_devices(refresh: bool = False) -> list[ServerDevice] | None:
    """The server's sources and sinks, or None when no server answers (or this is not
    Linux, or libpulse is missing). Cached for a second."""
    global _cache
    with _cache_lock:
        if not refresh and _cache is not None and time.monotonic() - _cache[0] < FRESH_FOR_S:
            return _cache[1]
    devices = _query()
    with _cache_lock:
        _cache = (time.monotonic(), devices)
    return devices


def _query() -> list[ServerDevice] | None:
    try:
        import pulsectl
    except (ImportError, OSError) as exc:  # not installed, or no libpulse.so
        log.debug("no sound-server client: %s", exc)
        return None
    try:
        # (connect(timeout=...) waits out the whole timeout even when the server answers at
        # once, measured 1.0 s against 2 ms: a dead server's socket fails at once anyway.)
        with pulsectl.Pulse("alienstage-devices", connect=False) as pulse:
            pulse.connect()
            info = pulse.server_info()
            sources, sinks = pulse.source_list(), pulse.sink_list()
    except Exception as exc:  # noqa: BLE001 -- PulseError, a dead socket, a refused connection
        log.debug("sound server not reachable: %s", exc)
        return None
    out = []
    for kind, items, default in (("input", sources, info.default_source_name),
                                 ("output", sinks, info.default_sink_name)):
        for item in items:
            out.append(ServerDevice(
                id=str(item.name), name=str(item.description or item.name), kind=kind,  # type: ignore[arg-type]
                channels=int(item.channel_count), rate=int(getattr(item.sample_spec, "rate", 48000) or 48000),
                default=item.name == default,
                monitor=kind == "input" and _is_monitor(item)))
    return out


def _is_monitor(source) -> bool:
    of_sink = getattr(source, "monitor_of_sink", None)
    return (of_sink is not None and of_sink != 0xFFFFFFFF) or source.proplist.get("device.class") == "monitor"


def forget_devices() -> None:
    """Drop the cached list (a device was plugged in or out)."""
    global _cache
    with _cache_lock:
        _cache = None


@contextlib.contextmanager
def routed(bridge: str, kind: Kind, device_id: str | None) -> Iterator[None]:
    """Open a PortAudio stream on ``bridge`` inside this block to reach ``device_id``
    (None: the server's default). One stream opens at a time; the environment is put
    back as it was."""
    if device_id is None or bridge not in BRIDGES:
        with _open_lock:
            yield
        return
    variable = BRIDGES[bridge][0 if kind == "input" else 1]
    with _open_lock:
        before = os.environ.get(variable)
        os.environ[variable] = device_id
        try:
            yield
        finally:
            if before is None:
                os.environ.pop(variable, None)
            else:
                os.environ[variable] = before
