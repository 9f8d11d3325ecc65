"""`rfid-edge kiosk`: run a kiosk station.

``--headless --scenario FILE`` runs a station against the simulator with a scripted patron and
prints every state change and outcome as JSON lines (the last line is a ``summary``). The
patron's card is laid on a simulated PC/SC reader behind the real pcscd (``--cards script``
skips pcscd). Without
``--headless`` the touch UI starts: :func:`_run_ui` hands over to ``kiosk.ui.launch.run(args)``
(owned by the UI), so this module stays the one entry point for both.

Example::

    rfid-edge kiosk --headless --scenario self_checkout
"""

from __future__ import annotations

import argparse

from rfid_edge.output import CommandError, emit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("kiosk", help="run a kiosk station (touch UI, or --headless with a scenario)")
    p.add_argument("--headless", action="store_true", help="no UI: run a scripted scenario")
    p.add_argument("--scenario", help="scenario TOML file, or the name of a built-in one")
    p.add_argument("--list-scenarios", action="store_true", help="list the built-in scenarios")
    p.add_argument("--realistic", action="store_true", help="realistic simulator timing")
    p.add_argument("--mqtt", action="store_true",
                   help="go through mosquitto, the central bridge and the uplink")
    p.add_argument("--cards", choices=("pcsc", "script"),
                   help="patron cards through pcscd (a simulated vpcd reader) or by script"
                        " (default: the scenario's, else pcsc)")
    p.add_argument("--config", help="device TOML file (default: RFID_EDGE_CONFIG or defaults)")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    if args.list_scenarios:
        from kiosk.scenario import builtin

        for name in builtin():
            emit({"scenario": name})
        return 0
    if args.headless:
        return _run_headless(args)
    return _run_ui(args)


def _run_headless(args: argparse.Namespace) -> int:
    from hwsim.pcsc.vpcd import SlotBusy
    from hwsim.pcscd import PcscdError
    from kiosk.scenario import load, run

    if not args.scenario:
        raise CommandError("--headless needs --scenario FILE (or a built-in name)")
    try:
        scenario = load(args.scenario)
    except (FileNotFoundError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
    try:
        run(scenario, emit=emit, realistic=True if args.realistic else None,
            mqtt=True if args.mqtt else None, cards=args.cards)
    except (SlotBusy, PcscdError) as exc:
        raise CommandError(f"no PC/SC card reader: {exc} (try --cards script)") from exc
    return 0


def _run_ui(args: argparse.Namespace) -> int:
    """The touch UI; replaced by ``kiosk.ui.launch.run`` once the UI ships it."""
    try:
        from kiosk.ui.launch import run  # type: ignore[import-not-found]
    except ImportError:
        raise CommandError("UI not available (use --headless --scenario FILE)") from None
    return int(run(args) or 0)
