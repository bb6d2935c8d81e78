"""``alienstage devices`` and ``alienstage calibrate``: microphones, outputs, latency.

``devices`` lists what PortAudio sees and which microphone each player sings into
(optionally changing it); ``calibrate`` plays chirps on an output, hears them on an
input, and stores the measured offset for that input in the settings.
"""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    devices = subparsers.add_parser(
        "devices", help="list audio devices and the players' microphones",
        description="List input and output devices (name, host API, channels, default rate) "
                    "and each player's microphone (device, channel) from the settings.")
    devices.add_argument("--player", type=int, choices=(1, 2), metavar="N",
                         help="change player N's microphone (with --device/--channel) and save")
    devices.add_argument("--device", metavar="NAME", help="input device name for --player")
    devices.add_argument("--channel", type=int, default=1, metavar="C",
                         help="input channel for --player, counted from 1 (default 1)")
    devices.set_defaults(handler=run_devices)

    cal = subparsers.add_parser(
        "calibrate", help="measure and store the microphone latency",
        description="Play chirps on the output, hear them on the input, and store the "
                    "measured offset for the input device (about 6 seconds). With a real "
                    "microphone, hold it near the speaker; with a loopback, just run it.")
    cal.add_argument("--device", metavar="NAME", help="input device (default: player 1's)")
    cal.add_argument("--channel", type=int, default=None, metavar="C", help="input channel, from 1")
    cal.add_argument("--output", metavar="NAME", help="output device (default: the settings' or system's)")
    cal.add_argument("--manual-ms", type=float, default=None, metavar="MS",
                     help="instead of measuring, set the manual offset (ms, + = mic is late)")
    cal.add_argument("--dry-run", action="store_true", help="measure and print, do not save")
    cal.set_defaults(handler=run_calibrate)


def run_devices(args: argparse.Namespace) -> int:
    from .. import settings as settings_mod
    from ..audio.devices import (PlayerInput, format_devices, list_devices, mapping_warnings,
                                 player_mapping, set_player_mapping)
    from ..audio.latency import input_offset_s

    cfg = settings_mod.load()
    devices = list_devices()
    mapping = player_mapping(cfg)
    if args.player is not None:
        if args.channel < 1:
            print(f"--channel counts from 1, not {args.channel}", file=sys.stderr)
            return 2
        mapping[args.player - 1] = PlayerInput(args.device, args.channel - 1)
        set_player_mapping(cfg, mapping)
        settings_mod.save(cfg)
    print(format_devices(devices))
    print()
    for player, p in enumerate(mapping, start=1):
        print(f"player {player}: {p.describe()}  (input offset {input_offset_s(cfg, p.device) * 1000:+.1f} ms)")
    for warning in mapping_warnings(mapping, devices):
        print(f"warning: {warning}")
    return 0


def run_calibrate(args: argparse.Namespace) -> int:
    from .. import settings as settings_mod
    from ..audio.calibration import calibrate
    from ..audio.devices import AudioUnavailable, PlayerInput, output_device_name, player_mapping
    from ..audio.latency import save_calibration, set_manual_offset

    cfg = settings_mod.load()
    if args.manual_ms is not None:
        set_manual_offset(cfg, args.manual_ms / 1000.0)
        settings_mod.save(cfg)
        print(f"manual offset set to {args.manual_ms:+.1f} ms")
        return 0
    first = player_mapping(cfg)[0]
    device = args.device if args.device is not None else first.device
    channel = (args.channel - 1) if args.channel is not None else (first.channel if args.device is None else 0)
    output = args.output if args.output is not None else output_device_name(cfg)
    try:
        cal = calibrate(PlayerInput(device, channel), output)
    except AudioUnavailable as exc:
        print(f"calibrate: {exc}", file=sys.stderr)
        return 1
    print(cal.describe())
    if cal.kept == 0:
        print("calibrate: no chirp was heard: is the microphone near the speaker, the volume up?",
              file=sys.stderr)
        return 1
    if cal.confidence < 0.5:
        print("warning: low confidence; try again in a quieter room, or set --manual-ms")
    if not args.dry_run:
        save_calibration(cfg, cal)
        settings_mod.save(cfg)
        print(f"saved for input {cal.input!r}")
    return 0
