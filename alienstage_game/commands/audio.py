"""``alienstage devices`` and ``alienstage calibrate``: microphones, outputs, latency.

``devices`` lists what the machine offers (on Linux the sound server's own sources and
sinks, by the names the desktop shows) and which microphone each player sings into,
optionally changing it: a mapping that cannot work is refused with the reason.
``calibrate`` plays chirps on the output, hears them on every player's input, and
stores each device's measured offset in the settings (a failed run keeps the old one).
"""

from __future__ import annotations

import argparse
import sys

from ..intake import dump


def register(subparsers: argparse._SubParsersAction) -> None:
    devices = subparsers.add_parser(
        "devices", help="list audio devices and the players' microphones",
        description="List input and output devices (name, channels, default rate, id) and each "
                    "player's microphone (device, channel) from the settings.")
    devices.add_argument("--player", type=int, choices=(1, 2), metavar="N",
                         help="change player N's microphone (with --device/--channel) and save")
    devices.add_argument("--device", metavar="NAME", help="input device name or id for --player")
    devices.add_argument("--channel", type=int, default=1, metavar="C",
                         help="input channel for --player, counted from 1 (default 1)")
    devices.add_argument("--json", action="store_true", help="print devices and mapping as JSON")
    devices.set_defaults(handler=run_devices)

    cal = subparsers.add_parser(
        "calibrate", help="measure and store the microphone latency",
        description="Play chirps on the output, hear them on the input(s), and store the "
                    "measured offset of each input device (about 6 seconds). With real "
                    "microphones, hold them near the speaker; with a loopback, just run it.")
    cal.add_argument("--device", metavar="NAME", help="input device (default: every player's)")
    cal.add_argument("--channel", type=int, default=None, metavar="C", help="input channel, from 1")
    cal.add_argument("--output", metavar="NAME", help="output device (default: the settings' or system's)")
    cal.add_argument("--manual-ms", type=float, default=None, metavar="MS",
                     help="instead of measuring, set the manual offset (ms, + = mic is late)")
    cal.add_argument("--dry-run", action="store_true", help="measure and print, do not save")
    cal.set_defaults(handler=run_calibrate)


def run_devices(args: argparse.Namespace) -> int:
    from .. import settings as settings_mod
    from ..audio.devices import PlayerInput, format_devices, list_devices
    from ..audio.latency import input_offset_s
    from ..audio.mapping import check_mapping, player_mapping, set_player_mapping

    cfg = settings_mod.load()
    devices = list_devices()
    mapping = player_mapping(cfg)
    if args.player is not None:
        if args.channel < 1:
            print(f"--channel counts from 1, not {args.channel}", file=sys.stderr)
            return 2
        proposed = list(mapping)
        proposed[args.player - 1] = PlayerInput(args.device, args.channel - 1)
        choice = check_mapping(proposed, devices)[args.player - 1]
        if choice.problem:
            print(f"not saved: {choice.problem}", file=sys.stderr)
            return 2
        proposed[args.player - 1] = choice.canonical
        mapping = proposed
        set_player_mapping(cfg, mapping)
        settings_mod.save(cfg)
    choices = check_mapping(mapping, devices)
    if args.json:
        dump({"devices": [d.to_json() for d in devices],
                   "players": [{"player": c.player + 1, "device": c.device.id if c.device else c.wanted.device,
                                "name": c.device.name if c.device else None, "channel": c.wanted.channel + 1,
                                "input_offset_ms": round(input_offset_s(cfg, c.wanted.device) * 1000, 2),
                                "problem": c.problem} for c in choices]}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(format_devices(devices))
    print()
    for c in choices:
        print(f"player {c.player + 1}: {c.describe()}  (input offset "
              f"{input_offset_s(cfg, c.wanted.device) * 1000:+.1f} ms)")
    for c in choices:
        if c.problem:
            print(f"warning: {c.problem}")
    return 0


def run_calibrate(args: argparse.Namespace) -> int:
    from .. import settings as settings_mod
    from ..audio.calibration import calibrate_inputs
    from ..audio.devices import AudioUnavailable, PlayerInput
    from ..audio.latency import save_calibration, set_manual_offset, stored_offset_s
    from ..audio.mapping import output_device_name, player_mapping

    cfg = settings_mod.load()
    if args.manual_ms is not None:
        set_manual_offset(cfg, args.manual_ms / 1000.0)
        settings_mod.save(cfg)
        print(f"manual offset set to {args.manual_ms:+.1f} ms")
        return 0
    if args.device is not None or args.channel is not None:
        first = player_mapping(cfg)[0]
        channel = (args.channel - 1) if args.channel is not None else (first.channel if args.device is None else 0)
        inputs = [PlayerInput(args.device if args.device is not None else first.device, channel)]
    else:
        inputs = player_mapping(cfg)
    output = args.output if args.output is not None else output_device_name(cfg)
    try:
        results = calibrate_inputs(inputs, output)
    except AudioUnavailable as exc:
        print(f"calibrate: {exc}", file=sys.stderr)
        return 1
    status = 0
    for cal in results:
        print(cal.describe())
        if not cal.ok:
            old = stored_offset_s(cfg, cal.input)
            kept = f"the stored {old * 1000:+.1f} ms stays" if old is not None else "nothing stored"
            why = "no chirp was heard" if cal.kept == 0 else "too few chirps agreed"
            print(f"calibrate: {cal.input}: {why} ({kept}); is the microphone near the speaker, "
                  "the volume up?", file=sys.stderr)
            status = 1
            continue
        if cal.confidence < 0.5:
            print("warning: low confidence; try again in a quieter room, or set --manual-ms")
        if not args.dry_run:
            save_calibration(cfg, cal)
            print(f"saved for input {cal.input!r}")
    if not args.dry_run:
        settings_mod.save(cfg)
    return status
