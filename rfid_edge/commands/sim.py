"""`rfid-edge sim up`: run simulated readers (behind real ptys / pcscd) until SIGINT or SIGTERM.

Prints one JSON line per reader — ``name``, ``protocol``, ``port`` — once all are up; a driver
opens ``port`` exactly as it would a real device (``feig://PORT``, ``m810://PORT``, ``pcsc://NAME``).

Example::

    rfid-edge sim up --demo
    rfid-edge sim up --scenario hardware-sim/scenarios/selfcheck-faults.toml --instant
"""

from __future__ import annotations

import argparse
import signal
import threading

from rfid_edge.output import CommandError, emit, say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sim", help="run simulated readers, tags and cards")
    verbs = p.add_subparsers(dest="sim_command", metavar="VERB", required=True)
    up = verbs.add_parser("up", help="start a scenario's readers and keep them running")
    src = up.add_mutually_exclusive_group(required=True)
    src.add_argument("--scenario", metavar="FILE", help="scenario TOML file")
    src.add_argument("--demo", action="store_true", help="the built-in demo scenario")
    up.add_argument("--instant", action="store_true", help="no air time or line pacing (fast tests)")
    up.add_argument("--no-timeline", action="store_true", help="start the readers but play no timeline")
    up.set_defaults(func=_up)


def _up(args: argparse.Namespace) -> int:
    from hwsim import scenario as sc

    try:
        scenario = sc.load_builtin("demo") if args.demo else sc.load(args.scenario)
    except (OSError, sc.ScenarioError) as exc:
        raise CommandError(f"cannot load scenario: {exc}") from exc
    done = threading.Event()

    def _stop(signum: int, _frame: object) -> None:
        done.set()

    previous = {s: signal.signal(s, _stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        run = sc.start(scenario, realistic=not args.instant, timeline=not args.no_timeline)
    except Exception as exc:
        raise CommandError(f"cannot start scenario {scenario.name!r}: {exc}") from exc
    try:
        for reader in run.readers:
            emit(reader.describe())
        for name in run.skipped:
            say(f"reader {name} skipped: its emulator is not available")
        say(f"scenario {scenario.name!r} running; Ctrl-C to stop")
        while not done.wait(0.5):
            pass
    finally:
        run.stop()
        for s, handler in previous.items():
            signal.signal(s, handler)
    return 0
