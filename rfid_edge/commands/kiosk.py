"""`rfid-edge kiosk`: run a kiosk station.

Three ways to run:

- ``--config FILE`` whose ``[kiosk] pad_url`` names a reader: the station on real hardware
  (:func:`kiosk.station.build_station`: the readers, pcscd, the outbox, the MQTT uplink, the
  online client and the offline cache the file names). With ``--headless`` every core event is
  printed as a JSON line until SIGINT/SIGTERM; without it the touch UI runs over it.
- ``--headless --scenario FILE`` runs a station against the simulator with a scripted patron and
  prints every state change and outcome as JSON lines (the last line is a ``summary``). The
  patron's card is laid on a simulated PC/SC reader behind the real pcscd (``--cards script``
  skips pcscd).
- neither: the touch UI over a simulated station with the simulator control window
  (:func:`kiosk.ui.launch.run`).

Example::

    rfid-edge kiosk --headless --scenario self_checkout
    rfid-edge kiosk --headless --config /etc/rfid-edge/kiosk.toml
"""

from __future__ import annotations

import argparse
import os

from rfid_edge.commands import load_config
from rfid_edge.output import CommandError, emit, say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("kiosk", help="run a kiosk station (touch UI, or --headless with a scenario)")
    p.add_argument("--headless", action="store_true",
                   help="no UI: run a scripted scenario, or the --config station printing its"
                        " events as JSON lines")
    p.add_argument("--scenario", help="scenario TOML file, or the name of a built-in one")
    p.add_argument("--list-scenarios", action="store_true", help="list the built-in scenarios")
    p.add_argument("--realistic", action="store_true", help="realistic simulator timing")
    p.add_argument("--mqtt", action="store_true",
                   help="go through mosquitto, the central bridge and the uplink")
    p.add_argument("--cards", choices=("pcsc", "script"),
                   help="patron cards through pcscd (a simulated vpcd reader) or by script"
                        " (default: the scenario's, else pcsc)")
    p.add_argument("--config", help="device TOML file (default: RFID_EDGE_CONFIG or defaults);"
                                    " with [kiosk] pad_url set, the station on real readers")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    if args.list_scenarios:
        from kiosk.sim.scenario import builtin

        for name in builtin():
            emit({"scenario": name})
        return 0
    config = _device_config(args)
    if not args.headless:
        _require_display()
    if config is not None and not args.scenario:
        return _run_device(args, config)
    if args.headless:
        return _run_headless(args)
    return _run_ui(args)


def _require_display() -> None:
    """Fail in one line, before Qt aborts the process, when the touch UI has nowhere to show."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return
    if platform and platform.split(":")[0] not in ("xcb", "wayland", "wayland-egl"):
        return  # offscreen, minimal, eglfs, linuxfb, vnc: no display server needed
    raise CommandError("no display for the touch UI ($DISPLAY and $WAYLAND_DISPLAY are unset); "
                       "use --headless (with --scenario NAME, or --config FILE naming a pad)")


def _device_config(args: argparse.Namespace) -> dict | None:
    """The device config when it names real readers (``kiosk.pad_url``), else None."""
    from kiosk.settings import KioskSettings

    config = load_config(args)  # checked: every section as its owner's model reads it
    return config if KioskSettings.from_section(config.get("kiosk")).pad_url else None


def _run_device(args: argparse.Namespace, config: dict) -> int:
    """The station the config describes, on real hardware (or simulator ports named in it)."""
    from kiosk.station import StationError, build_station
    from sync.service import stop_on_signals

    headless = bool(args.headless)
    listeners = [lambda ev: emit(ev.to_json())] if headless else []
    try:
        station = build_station(config, listeners=listeners)
        station.start()
    except StationError as exc:
        raise CommandError(str(exc)) from exc
    try:
        s, brokers = station.settings, station.feed.failover.endpoints
        say(f"kiosk {s.device.id}: {s.kiosk.station}, pad {s.kiosk.pad_url}, cards "
            f"{station.cards.url}, centre {', '.join(map(str, brokers))}"
            f" (uplink: {station.uplink_mode})")
        if not headless:
            return _run_ui(args, core=station.core)
        with stop_on_signals() as stop:
            stop.wait()
        status = station.outbox.status()
        station.stop()  # the session ends: its last events come first
        emit({"event": "stopped", **status})
        return 0
    finally:
        station.stop()


def _run_headless(args: argparse.Namespace) -> int:
    from hwsim.pcsc.vpcd import SlotBusy
    from hwsim.pcscd import PcscdError
    from kiosk.sim.scenario import load, run

    if not args.scenario:
        raise CommandError("--headless needs --scenario FILE (or a built-in name), or --config FILE"
                           " with [kiosk] pad_url set")
    try:
        scenario = load(args.scenario)
    except (FileNotFoundError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
    try:
        run(scenario, emit=emit, config=load_config(args), realistic=True if args.realistic else None,
            mqtt=True if args.mqtt else None, cards=args.cards)
    except (SlotBusy, PcscdError) as exc:
        raise CommandError(f"no PC/SC card reader: {exc} (try --cards script)") from exc
    return 0


def _run_ui(args: argparse.Namespace, *, core: object = None) -> int:
    """The touch UI (:func:`kiosk.ui.launch.run`), over ``core`` or a simulated station."""
    try:
        from kiosk.ui.launch import run
    except ImportError as exc:
        raise CommandError(f"UI not available ({exc}); use --headless") from None
    return int(run(args, config=load_config(args), core=core) or 0)
