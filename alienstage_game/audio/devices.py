"""Audio devices: what the machine offers to sing into and to play on, by name.

On Linux with a sound server (PulseAudio or PipeWire) the list is the server's own:
every source (each USB mic, each monitor) and sink, named as the desktop names them,
each opened through PortAudio's bridge device with ``pulse.routed``. PortAudio through
ALSA alone sees only ``pulse`` and ``default``, both the server's default source.
Elsewhere (Windows, macOS, Linux without a server) the list is PortAudio's.

Devices are remembered by ``id`` (the server's name, else PortAudio's name): indices
change between boots and when a USB microphone is plugged in.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["input", "output"]
# Names of PortAudio devices that only lead into the sound server's defaults: with the
# server's own list they mean "the default device", never a device of their own.
DEFAULT_ALIASES = ("pulse", "default", "pipewire", "sysdefault")


class AudioUnavailable(RuntimeError):
    """No PortAudio here, or the device asked for cannot be found or opened."""


@dataclass(frozen=True)
class AudioDevice:
    index: int  # PortAudio's index to open (a server device: the bridge's index)
    name: str  # what the player reads
    host_api: str
    max_input_channels: int
    max_output_channels: int
    default_samplerate: float
    default_input: bool = False
    default_output: bool = False
    server_id: str | None = None  # the sound server's own name, reached through ``bridge``
    bridge: str | None = None  # PortAudio's device into the server ("pulse")
    monitor: bool = False  # what a sink plays (a loopback), not a microphone

    @property
    def id(self) -> str:
        """What the settings keep and what opens this device again."""
        return self.server_id or self.name

    def channels(self, kind: Kind) -> int:
        return self.max_input_channels if kind == "input" else self.max_output_channels

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "id": self.id, "host_api": self.host_api,
                "input_channels": self.max_input_channels, "output_channels": self.max_output_channels,
                "default_input": self.default_input, "default_output": self.default_output,
                "monitor": self.monitor, "samplerate": self.default_samplerate}


@dataclass(frozen=True)
class PlayerInput:
    """A player's microphone: a device (by id or name; None = the default input) and a channel."""

    device: str | None = None
    channel: int = 0

    def describe(self) -> str:
        return f"{self.device or 'default input'} ch {self.channel + 1}"


def sounddevice_module() -> Any:
    """The sounddevice module, or AudioUnavailable when PortAudio is missing."""
    try:
        import sounddevice
    except (OSError, ImportError) as exc:  # its Linux wheel needs the system's libportaudio2
        raise AudioUnavailable(f"PortAudio is not available: {exc}") from exc
    return sounddevice


def _portaudio_devices() -> list[AudioDevice]:
    try:
        sd = sounddevice_module()
        raw = sd.query_devices()
        apis = sd.query_hostapis()
        default_in, default_out = sd.default.device
    except Exception:  # noqa: BLE001 -- AudioUnavailable or a broken audio stack: nothing listed
        return []
    return [AudioDevice(
        index=int(dev["index"]), name=str(dev["name"]), host_api=str(apis[dev["hostapi"]]["name"]),
        max_input_channels=int(dev["max_input_channels"]), max_output_channels=int(dev["max_output_channels"]),
        default_samplerate=float(dev["default_samplerate"]),
        default_input=int(dev["index"]) == default_in, default_output=int(dev["index"]) == default_out)
        for dev in raw]


def list_devices() -> list[AudioDevice]:
    """Every device the player can choose ([] when PortAudio is missing)."""
    portaudio = _portaudio_devices()
    if not sys.platform.startswith("linux"):
        return portaudio
    from . import pulse

    bridge = next((d for d in portaudio for name in pulse.BRIDGES if d.name == name), None)
    server = pulse.server_devices() if bridge is not None else None
    if not server or bridge is None:
        return portaudio
    listed: list[AudioDevice] = []
    seen: dict[tuple[str, str], int] = {}
    for s in server:
        count = seen[s.kind, s.name] = seen.get((s.kind, s.name), 0) + 1
        name = s.name if count == 1 else f"{s.name} ({count})"  # two identical USB mics
        inp = s.kind == "input"
        listed.append(AudioDevice(
            bridge.index, name, "PulseAudio", s.channels if inp else 0, 0 if inp else s.channels, float(s.rate),
            default_input=inp and s.default, default_output=not inp and s.default,
            server_id=s.id, bridge=bridge.name, monitor=s.monitor))
    # PortAudio's other ALSA devices are the hardware the server already holds (busy, or
    # a confusing second name for the same mic); other host APIs (JACK) stay.
    listed += [d for d in portaudio if d.host_api != bridge.host_api]
    return listed


def input_devices() -> list[AudioDevice]:
    return [d for d in list_devices() if d.max_input_channels > 0]


def output_devices() -> list[AudioDevice]:
    return [d for d in list_devices() if d.max_output_channels > 0]


def find_device(name: str | None, kind: Kind = "input", devices: list[AudioDevice] | None = None) -> AudioDevice:
    """The device ``name`` means: its id, its name, a default alias (``pulse``,
    ``default``), or one that contains it (case-insensitive). None is the default device.
    AudioUnavailable, saying why, when none or several match."""
    devices = list_devices() if devices is None else devices
    able = [d for d in devices if d.channels(kind) > 0]
    what = "microphone" if kind == "input" else "output"
    if not able:
        raise AudioUnavailable(f"no {what} found (is an audio server running?)")
    served = any(d.server_id is not None for d in able)
    if name is None or (served and name.lower() in DEFAULT_ALIASES):
        default = [d for d in able if (d.default_input if kind == "input" else d.default_output)]
        return (default or able)[0]
    for match in (lambda d: d.id == name, lambda d: d.name == name or _shared_name(d) == name,
                  lambda d: name.lower() in d.name.lower() or name.lower() in d.id.lower()):
        found = [d for d in able if match(d)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(f"'{d.name}' ({d.id})" for d in found[:4])
            raise AudioUnavailable(f"'{name}' could be any of {len(found)} {what}s: {names}; give its full name or id")
    known = ", ".join(f"'{d.name}'" for d in able[:6]) + (" ..." if len(able) > 6 else "")
    raise AudioUnavailable(f"no {what} called '{name}' (there are: {known})")


def _shared_name(dev: AudioDevice) -> str | None:
    """The desktop's name of a server device numbered apart from its twin ("Mic (2)")."""
    if dev.server_id is None or not dev.name.endswith(")") or " (" not in dev.name:
        return None
    base, number = dev.name.rsplit(" (", 1)
    return base if number[:-1].isdigit() else None


def resolve(name: str | None, kind: Kind = "input", devices: list[AudioDevice] | None = None) -> AudioDevice | None:
    """``find_device``, or None when nothing (or more than one device) matches."""
    try:
        return find_device(name, kind, devices)
    except AudioUnavailable:
        return None


def open_stream(dev: AudioDevice, kind: Kind, **stream_args: Any) -> Any:
    """A sounddevice stream (not started) on ``dev``, through the sound server's bridge
    when it is one of the server's devices."""
    sd = sounddevice_module()
    make = sd.InputStream if kind == "input" else sd.OutputStream
    if dev.bridge is None:
        return make(device=dev.index, **stream_args)
    from . import pulse

    with pulse.routed(dev.bridge, kind, dev.server_id):
        return make(device=dev.index, **stream_args)


def format_devices(devices: list[AudioDevice]) -> str:
    """The device table ``alienstage devices`` prints."""
    if not devices:
        return "no audio devices (is PortAudio installed and an audio server running?)"
    rows = [f"{'':2}{'name':34} {'in':>3} {'out':>3} {'rate':>6}  id"]
    for d in devices:
        mark = ("<" if d.default_input else " ") + (">" if d.default_output else " ")
        rows.append(f"{mark}{d.name[:34]:34} {d.max_input_channels:>3} {d.max_output_channels:>3} "
                    f"{d.default_samplerate:>6.0f}  {d.id if d.id != d.name else ''}")
    rows.append("(< default input, > default output)")
    return "\n".join(rows)
