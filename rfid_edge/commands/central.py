"""`rfid-edge central`: the centre — the bridge service and the reference ILS's demo data."""

from __future__ import annotations

import argparse

from rfid_edge.commands import load_config
from rfid_edge.output import CommandError, emit, say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("central", help="the central bridge and the reference ILS")
    p.add_argument("--config", help="TOML file (default: $RFID_EDGE_CONFIG)")
    s = p.add_subparsers(dest="central_command", metavar="ACTION", required=True)
    run = s.add_parser("run", help="apply the fleet's transactions through the ILS until "
                                   "SIGINT/SIGTERM. Example: rfid-edge central run --port 1883")
    run.add_argument("--host", help="broker host (default from config)")
    run.add_argument("--port", type=int, help="broker port (default from config)")
    run.add_argument("--group", help="shared-subscription group (default from config)")
    run.add_argument("--client-id", dest="client_id",
                     help="MQTT client id; distinct per bridge (default bridge-GROUP-HOSTNAME)")
    run.set_defaults(func=_run)
    seed = s.add_parser("seed", help="create the reference ILS with the demo data. "
                                     "Example: rfid-edge central seed")
    seed.add_argument("--force", action="store_true", help="replace an existing database")
    seed.add_argument("--items", type=int, default=3000)
    seed.add_argument("--patrons", type=int, default=200)
    seed.set_defaults(func=_seed)
    dl = s.add_parser("dead-letters", help="list messages the bridge could not accept, one JSON "
                                           "line each. Example: rfid-edge central dead-letters")
    dl.set_defaults(func=_dead_letters)


def _run(args: argparse.Namespace) -> int:
    from sync.centre.service import open_bridge, open_ils
    from sync.service import stop_on_signals

    cfg = load_config(args, "central", broker_host=args.host, broker_port=args.port, group=args.group,
                client_id=args.client_id)
    with open_ils(cfg) as ils, stop_on_signals() as stop:
        bridge = open_bridge(cfg, ils).start()
        if not bridge.connected.wait(10):
            say(f"central: broker {bridge.host}:{bridge.port} not reachable yet; retrying")
        emit({"event": "running", "host": bridge.host, "port": bridge.port,
              "group": bridge.group, "client_id": bridge.client_id, "ils": cfg["central"]["ils"],
              "ordering": "rebase" if ils.sequencer.rebase else "arrival",
              "offline_cache": bridge.cache_builder is not None})
        stop.wait()
        bridge.stop()
        emit({"event": "stopped", **bridge.stats})
    return 0


def _seed(args: argparse.Namespace) -> int:
    from sync.ils import seed
    from sync.ils.reference import ReferenceILS
    from sync.service import data_path

    cfg = load_config(args)
    path = data_path(cfg, cfg["central"]["ils_db"])
    if path.exists():
        if not args.force:
            raise CommandError(f"{path} exists; use --force to replace it")
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    data = seed.demo_data(seed=int(cfg["central"]["seed"]), items=args.items,
                          patrons=args.patrons)
    with ReferenceILS(path) as ils:
        seed.seed(ils, data)
    emit({"ils_db": str(path), "branches": len(seed.BRANCHES), "items": len(data.items),
          "patrons": len(data.patrons), "loans": len(data.loans),
          "holds_ready": sum(1 for h in data.holds if h[3] == "ready")})
    return 0


def _dead_letters(args: argparse.Namespace) -> int:
    from sync.centre.bridge import Ledger
    from sync.centre.service import ledger_path

    cfg = load_config(args)
    ledger = Ledger(ledger_path(cfg))
    try:
        for row in ledger.dead_letters():
            row["body"] = bytes(row["body"]).decode("utf-8", errors="replace")
            emit(row)
    finally:
        ledger.close()
    return 0
