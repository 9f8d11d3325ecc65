"""`rfid-edge sync`: the edge end of the link — status, the uplink service, enqueue by hand."""

from __future__ import annotations

import argparse
import json
import threading

from rfid_edge.commands import load_config
from rfid_edge.output import CommandError, emit, say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sync", help="the outbox and MQTT uplink of this device")
    p.add_argument("--config", help="device TOML file (default: $RFID_EDGE_CONFIG)")
    s = p.add_subparsers(dest="sync_command", metavar="ACTION", required=True)
    st = s.add_parser("status", help="queue depth, oldest pending age, last contact, clock offset "
                                     "as one JSON line. Example: rfid-edge sync status")
    st.set_defaults(func=_status)
    run = s.add_parser("run", help="drain the outbox to the centre until SIGINT/SIGTERM. "
                                   "Example: rfid-edge sync run --port 1883")
    run.add_argument("--host", help="broker host (default from config; --host or --port "
                                    "replaces a [sync] brokers list)")
    run.add_argument("--port", type=int, help="broker port (default from config)")
    run.set_defaults(func=_run)
    enq = s.add_parser("enqueue", help="commit transactions by hand, one JSON line each after it "
                                       "is on disk. Example: rfid-edge sync enqueue checkin "
                                       "'{\"item_id\": \"3100000001\"}'")
    enq.add_argument("type", help="transaction type, e.g. checkout, checkin, rating")
    enq.add_argument("payload", help="the payload as JSON")
    enq.add_argument("--offline", action="store_true", help="made without online authorisation")
    enq.add_argument("--count", type=int, default=1, help="commit it this many times")
    enq.set_defaults(func=_enqueue)


def _status(args: argparse.Namespace) -> int:
    from sync.edge.service import open_outbox

    with open_outbox(load_config(args)) as outbox:
        emit(outbox.status())
    return 0


def _run(args: argparse.Namespace) -> int:
    from sync.edge.service import open_outbox, open_uplink
    from sync.linkstate import announce
    from sync.service import stop_on_signals

    cfg = load_config(args, "sync", broker_host=args.host, broker_port=args.port,
                      brokers=_one_broker(args))
    announce()  # connecting, connected, lost and why, retries, a client-id clash
    with open_outbox(cfg) as outbox, stop_on_signals() as stop:
        uplink = open_uplink(cfg, outbox)
        say(f"uplink: {outbox.device_id} → {', '.join(map(str, uplink.failover.endpoints))}")
        threading.Thread(target=lambda: (stop.wait(), uplink.stop(0)), daemon=True).start()
        uplink.run()
        emit({"event": "stopped", **outbox.status(), **uplink.counters})
    return 0


def _enqueue(args: argparse.Namespace) -> int:
    from sync.edge.service import open_outbox
    from sync.errors import SyncError
    from sync.messages import payload_from_wire

    cfg = load_config(args)
    try:
        data = json.loads(args.payload)
    except ValueError as exc:
        raise CommandError(f"payload is not JSON: {exc}") from exc
    try:  # checked before the outbox opens: a bad field is named, nothing is stored
        message = payload_from_wire(args.type, data)
    except SyncError as exc:
        raise CommandError(str(exc)) from exc
    with open_outbox(cfg) as outbox:
        for _ in range(args.count):
            try:
                row = outbox.enqueue(message, offline=args.offline)
            except SyncError as exc:
                raise CommandError(str(exc)) from exc
            emit({"txn_id": row.txn_id, "seq": row.seq, "type": row.type})
    return 0


def _one_broker(args: argparse.Namespace) -> list[str] | None:
    """``--host``/``--port`` name one broker: they replace a ``[sync] brokers`` list."""
    return [] if args.host is not None or args.port is not None else None
