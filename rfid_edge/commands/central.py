"""`rfid-edge central`: the centre — the bridge service and the reference ILS's demo data."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rfid_edge.commands import load_config
from rfid_edge.output import CommandError, emit, say

if TYPE_CHECKING:
    from sync.centre.settings import CentralSettings
    from sync.device import DeviceSettings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("central", help="the central bridge and the reference ILS")
    p.add_argument("--config", help="TOML file (default: $RFID_EDGE_CONFIG)")
    s = p.add_subparsers(dest="central_command", metavar="ACTION", required=True)
    run = s.add_parser("run", help="apply the fleet's transactions through the ILS until "
                                   "SIGINT/SIGTERM. Example: rfid-edge central run --port 1883")
    run.add_argument("--host", help="broker host (default from config; --host or --port "
                                    "replaces a [central] brokers list)")
    run.add_argument("--port", type=int, help="broker port (default from config)")
    run.add_argument("--group", help="shared-subscription group (default from config)")
    run.add_argument("--client-id", dest="client_id",
                     help="MQTT client id; distinct per bridge; a configured one resumes its "
                          "session after a restart (default bridge-GROUP-HOSTNAME-PID)")
    run.set_defaults(func=_run)
    seed = s.add_parser("seed", help="create the reference ILS with the demo data. "
                                     "Example: rfid-edge central seed")
    seed.add_argument("--force", action="store_true", help="replace an existing database")
    seed.add_argument("--items", type=int, default=3000, help="demo items to create")
    seed.add_argument("--patrons", type=int, default=200, help="demo patrons to create")
    seed.set_defaults(func=_seed)
    dl = s.add_parser("dead-letters", help="list messages the bridge could not accept, one JSON "
                                           "line each. Example: rfid-edge central dead-letters")
    dl.set_defaults(func=_dead_letters)


def central_settings(cfg: Mapping[str, Any]) -> tuple[CentralSettings, DeviceSettings]:
    """The typed ``[central]`` and ``[device]`` sections; a wrong key or value is one line on
    stderr naming it."""
    from pydantic import ValidationError

    from sync.centre.service import settings

    try:
        return settings(cfg)
    except ValidationError as exc:
        raise CommandError(f"configuration: {exc}") from exc


def _run(args: argparse.Namespace) -> int:
    from sync.centre.service import open_bridge, open_ils
    from sync.linkstate import announce
    from sync.service import stop_on_signals

    cfg = load_config(args, "central", broker_host=args.host, broker_port=args.port,
                      brokers=_one_broker(args), group=args.group, client_id=args.client_id)
    central, device = central_settings(cfg)
    with open_ils(cfg) as applier, stop_on_signals() as stop:
        if central.uses_reference:
            from sync.db import shown

            _warn_if_empty(applier.adapter, shown(central.database
                                                  or device.path(central.ils_db)))
        announce()  # connecting, connected, lost and why, retries, a client-id clash
        bridge = open_bridge(cfg, applier).start()
        bridge.connected.wait(10)  # the link says on stderr what keeps it
        emit({"event": "running", "host": bridge.host, "port": bridge.port,
              "group": bridge.group, "client_id": bridge.client_id,
              "ils": central.ils,
              "ordering": "rebase" if applier.rebases else "arrival",
              "offline_cache": bridge.cache_builder is not None})
        stop.wait()
        bridge.stop()
        emit({"event": "stopped", **bridge.stats})
    return 0


def _warn_if_empty(ils: Any, path: str) -> None:
    """Say so when the reference ILS has nothing to lend or no one to lend to: every checkout
    would be refused, and nothing else would tell why."""
    from sync.ils.reference import catalogue

    n = catalogue.counts(ils)
    empty = [k for k in ("items", "patrons") if not n[k]]
    if empty:
        say(f"central: WARNING: the reference ILS {path} has no {' and no '.join(empty)}: "
            "every checkout will be refused. Load the demo data with `rfid-edge central seed` "
            "or the library's own with `rfid-edge central import --branches/--items/--patrons "
            "FILE`")


def _seed(args: argparse.Namespace) -> int:
    from sync.ils import seed
    from sync.ils.reference import ReferenceILS

    central, device = central_settings(load_config(args))
    path: Any = central.database or device.path(central.ils_db)
    if central.database:
        _empty_database(central.database, force=args.force)
    elif path.exists():
        if not args.force:
            raise CommandError(f"{path} exists; use --force to replace it")
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    data = seed.demo_data(seed=central.seed, items=args.items,
                          patrons=args.patrons)
    with ReferenceILS(path) as ils:
        seed.seed(ils, data)
    from sync.db import shown

    emit({"ils_db": shown(path), "branches": len(seed.BRANCHES), "items": len(data.items),
          "patrons": len(data.patrons), "loans": len(data.loans),
          "holds_ready": sum(1 for h in data.holds if h[3] == "ready")})
    return 0


def _empty_database(dsn: str, *, force: bool) -> None:
    """``central seed`` on PostgreSQL: an empty database, or (``--force``) one emptied."""
    from sync.db import open_db, shown

    conn = open_db(dsn)
    try:
        if conn.table_exists("items"):
            if not force:
                raise CommandError(f"{shown(dsn)} holds a reference ILS already; use --force "
                                   "to replace it")
            conn.executescript("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    finally:
        conn.close()


def _dead_letters(args: argparse.Namespace) -> int:
    from sync.centre.ledger import Ledger

    central, device = central_settings(load_config(args))
    ledger = Ledger(central.database or device.path(central.ledger_file))
    try:
        for row in ledger.dead_letters():
            row["body"] = bytes(row["body"]).decode("utf-8", errors="replace")
            emit(row)
    finally:
        ledger.close()
    return 0


def _one_broker(args: argparse.Namespace) -> list[str] | None:
    """``--host``/``--port`` name one broker: they replace a ``[central] brokers`` list."""
    return [] if args.host is not None or args.port is not None else None
