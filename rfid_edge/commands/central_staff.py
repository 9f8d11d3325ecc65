"""Staff actions added to `rfid-edge central`: conflicts, stats and provision.

Modules register in name order, so this one finds the ``central`` parser made by
:mod:`rfid_edge.commands.central` and adds its actions to it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rfid_edge.commands import load_config
from rfid_edge.commands.central import central_settings
from rfid_edge.output import CommandError, emit, say


def _central_actions(sub: argparse._SubParsersAction) -> argparse._SubParsersAction | None:
    parser = sub.choices.get("central")
    if parser is None:
        return None
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def register(sub: argparse._SubParsersAction) -> None:
    s = _central_actions(sub)
    if s is None:
        return
    c = s.add_parser("conflicts", help="offline transactions that broke a rule, as a table "
                                       "(stderr) and JSON lines. Example: rfid-edge central "
                                       "conflicts --csv conflicts.csv")
    c.add_argument("--csv", metavar="FILE", help="also write them as CSV")
    c.add_argument("--all", action="store_true", help="include resolved ones")
    c.add_argument("--branch", help="only this branch's conflicts")
    c.add_argument("--resolve", type=int, metavar="ID", help="mark conflict ID resolved")
    c.add_argument("--note", help="with --resolve: what staff did")
    c.add_argument("--by", default="staff", help="with --resolve: who resolved it")
    c.set_defaults(func=_conflicts)
    st = s.add_parser("stats", help="fleet statistics per branch, device and day or month. "
                                    "Example: rfid-edge central stats --csv s.csv "
                                    "--chart ratio.svg")
    st.add_argument("--by", choices=("day", "month"), default="day", help="period per row")
    st.add_argument("--branches", action="store_true", help="one row per branch, not device")
    st.add_argument("--csv", metavar="FILE", help="also write them as CSV")
    st.add_argument("--chart", metavar="FILE", help="SVG chart of the self-service ratio")
    st.set_defaults(func=_stats)
    pv = s.add_parser("provision", help="create a device's TLS certificate, MQTT password and "
                                        "ACL entry. Example: rfid-edge central provision kiosk-07")
    pv.add_argument("device", help="device id (its MQTT username and certificate CN)")
    pv.add_argument("--dir", help="security dir (default: <data_dir>/central/security)")
    pv.add_argument("--host", action="append", default=[],
                    help="broker host name for its certificate (first run only)")
    pv.set_defaults(func=_provision)


def _conflicts(args: argparse.Namespace) -> int:
    from sync.centre.conflicts import ConflictError, ConflictStore, to_csv, to_table

    central, device = central_settings(load_config(args))
    path = device.path(central.conflicts_file)
    if not central.database and not path.exists():
        raise CommandError(f"{path} does not exist (run `rfid-edge central seed` or "
                           "`rfid-edge central run` first)")
    store = ConflictStore(central.database or path)
    if args.resolve is not None:
        try:
            done = store.resolve(args.resolve, by=args.by, note=args.note)
        except ConflictError as exc:
            raise CommandError(str(exc)) from exc
        emit({"resolved": done.id, "txn_id": done.txn_id, "resolved_by": done.resolved_by})
        return 0
    rows = store.list(status=None if args.all else "open", branch=args.branch)
    say(to_table(rows))
    for row in rows:
        emit(row.__dict__)
    if args.csv:
        Path(args.csv).write_text(to_csv(rows), encoding="utf-8")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from sync.centre import stats

    central, device = central_settings(load_config(args))
    ledger = device.path(central.ledger_file)
    if not central.database and not ledger.exists():
        raise CommandError(f"{ledger} does not exist (has `rfid-edge central run` run?)")
    rows = stats.compute(stats.messages_from_ledger(central.database or str(ledger)), by=args.by,
                         per_device=not args.branches)
    say(stats.to_table(rows))
    for row in rows:
        emit(row.as_dict())
    if args.csv:
        Path(args.csv).write_text(stats.to_csv(rows), encoding="utf-8")
    if args.chart:
        names = (_branch_names(central.database or device.path(central.ils_db))
                 if central.uses_reference else {})
        Path(args.chart).write_text(stats.chart_svg(rows, names=names), encoding="utf-8")
    return 0


def _branch_names(path: Path | str) -> dict[str, str]:
    """Branch code → name from the reference ILS, for the chart's legend (none without it)."""
    from sync.ils.reference import ReferenceILS, catalogue

    if isinstance(path, Path) and not path.exists():
        return {}
    with ReferenceILS(path) as ils:
        return catalogue.branch_names(ils)


def _provision(args: argparse.Namespace) -> int:
    from sync.security import Fleet, SecurityError
    from sync.service import data_path

    cfg = load_config(args)
    root = Path(args.dir) if args.dir else data_path(cfg, "central/security")
    try:
        fleet = Fleet(root, prefix=central_settings(cfg)[0].topic_prefix).init(hosts=args.host)
        creds = fleet.provision(args.device)
    except SecurityError as exc:
        raise CommandError(str(exc)) from exc
    emit({"device": creds.username, "cafile": str(creds.cafile),
          "certfile": str(creds.certfile), "keyfile": str(creds.keyfile),
          "password_file": str(root / "devices" / f"{args.device}.password"),
          "acl": str(fleet.acl), "passwd": str(fleet.passwd), "dynsec": str(fleet.dynsec)})
    return 0
