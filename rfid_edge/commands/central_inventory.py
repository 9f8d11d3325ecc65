"""Inventory at the centre, added to `rfid-edge central`: ``shelf-list`` exports a branch's
shelf list as JSON lines in the edge's columns, the file ``rfid-edge inventory reconcile
--shelf-list`` and the sweep read.

Modules register in name order, so this one finds the ``central`` parser made by
:mod:`rfid_edge.commands.central` (as :mod:`rfid_edge.commands.central_staff` does).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rfid_edge.commands import load_config
from rfid_edge.commands.central import central_settings
from rfid_edge.commands.central_staff import _central_actions
from rfid_edge.output import CommandError, emit

SCHEMES = ("ccl", "dewey", "lc")


def register(sub: argparse._SubParsersAction) -> None:
    s = _central_actions(sub)
    if s is None:
        return
    sl = s.add_parser("shelf-list", help="a branch's shelf list as JSON lines in the edge's "
                                         "columns. Example: rfid-edge central shelf-list "
                                         "--branch TPML-MAIN --range 863..864 > 863.jsonl")
    sl.add_argument("--branch", required=True, help="the items' home branch")
    sl.add_argument("--location", help="only items last seen at this location")
    sl.add_argument("--range", metavar="FROM..TO",
                    help="call numbers FROM ≤ n < TO in shelf order (FROM:TO too; either may "
                         "be left out)")
    sl.add_argument("--scheme", choices=SCHEMES, default="ccl",
                    help="call-number scheme the range is ordered by (default ccl)")
    sl.set_defaults(func=_shelf_list)
    inv = s.add_parser("inventory", help="inventory at the centre. Example: rfid-edge central "
                                         "inventory passes --branch TPML-MAIN")
    iv = inv.add_subparsers(dest="inventory_action", metavar="ACTION", required=True)
    ps = iv.add_parser("passes", help="the inventory passes and what each saw and recorded "
                                      "missing, as JSON lines")
    ps.add_argument("--branch", help="only this branch's passes")
    ps.set_defaults(func=_passes)


def parse_range(text: str | None) -> tuple[str | None, str | None]:
    """``FROM..TO`` (or ``FROM:TO``) as its two ends, None for an end left out."""
    if not text:
        return None, None
    sep = ".." if ".." in text else ":" if ":" in text else None
    if sep is None:
        raise CommandError(f"--range {text!r}: write FROM..TO (e.g. 863..864)")
    low, high = (part.strip() or None for part in text.split(sep, 1))
    return low, high


def _reference_path(args: argparse.Namespace, what: str) -> Path | str:
    central, device = central_settings(load_config(args))
    if not central.uses_reference:
        raise CommandError(f"central {what} reads the reference ILS ([central] ils = "
                           "\"reference\"); a SIP2 ILS keeps its own")
    if central.database:
        return central.database
    path = device.path(central.ils_db)
    if not path.exists():
        raise CommandError(f"{path}: no reference ILS here (central seed or central import)")
    return path


def _passes(args: argparse.Namespace) -> int:
    from sync.ils.reference import ReferenceILS, inventory

    with ReferenceILS(_reference_path(args, "inventory passes")) as ils:
        for row in inventory.passes(ils, args.branch):
            emit(row)
    return 0


def _shelf_list(args: argparse.Namespace) -> int:
    from sync.centre.shelf_list import select
    from sync.ils.reference import ReferenceILS

    path = _reference_path(args, "shelf-list")
    low, high = parse_range(args.range)
    with ReferenceILS(path) as ils, ils.read_transaction():  # one moment, as the pages are
        rows = ils.shelf_rows(args.branch)
    out = sys.stdout
    # the same selection as the pages a handheld fetches over the link (sync.centre.shelf_list)
    for row in select(rows, location=args.location or None, range_from=low, range_to=high,
                      scheme=args.scheme):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    out.flush()
    return 0
