"""`rfid-edge central import`: load a library's own branches, items and patrons into the
reference ILS (:mod:`sync.ils.reference.catalogue`).

Items come from CSV or MARC; MARC holdings (Koha 952, MARC 21 852, the Taiwanese local 095)
are read by the inventory core's shelf-list reader (:func:`inventory_scanner.shelflist.
marc_source.read_marc`), so both read a library's export the same way. The report is one JSON
object on stdout: rows loaded, rows rejected with their line and reason; nothing raises a
traceback for a bad file.
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rfid_edge.commands import load_config
from rfid_edge.commands.central import central_settings
from rfid_edge.output import CommandError, emit

#: CSV header names (folded to lower case, spaces as ``_``) → the loader's field
ALIASES = {
    "barcode": "id", "item_id": "id", "itemid": "id", "條碼": "id", "條碼號": "id",
    "patron_id": "id", "card": "id", "card_number": "id", "cardnumber": "id", "證號": "id",
    "branch_code": "code", "branchcode": "code", "館別代碼": "code",
    "branch_name": "name", "branchname": "name", "館名": "name", "姓名": "name",
    "題名": "title", "作者": "author", "callnumber": "call_number", "call_no": "call_number",
    "索書號": "call_number", "branch": "home_branch", "homebranch": "home_branch",
    "館別": "home_branch", "itype": "item_type", "type": "type", "categorycode": "type",
    "dateexpiry": "expires", "expiry": "expires", "到期日": "expires",
}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.choices.get("central")
    actions = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)),
                   None) if parser is not None else None
    if actions is None:
        return
    p = actions.add_parser("import", help="load the library's own branches, items (CSV or "
                                          "MARC) or patrons into the reference ILS, and report "
                                          "rejected rows as JSON. Example: rfid-edge central "
                                          "import --items holdings.mrc --dry-run")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--branches", metavar="CSV", help="columns code, name[, isil]")
    what.add_argument("--items", metavar="CSV|MARC",
                      help="CSV: id (barcode), title, home_branch[, author, call_number, "
                           "item_type, parts, owner]; MARC (.mrc/.xml): one item per 952 "
                           "(Koha), 852 or 095 holdings field")
    what.add_argument("--patrons", metavar="CSV",
                      help="columns id, name, home_branch, expires[, type, pin, blocked, "
                           "language]")
    p.add_argument("--dry-run", action="store_true", help="check every row, load nothing")
    p.set_defaults(func=_import)


def _column(name: str) -> str:
    key = name.strip().lstrip("\ufeff").lower().replace(" ", "_")
    return ALIASES.get(key, key)


def csv_rows(path: Path, kind: str) -> Iterator[dict[str, Any]]:
    """Each data row as a mapping with ``line``; header names folded through :data:`ALIASES`
    (``type`` of an item CSV is its item type)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            raise CommandError(f"{path}: empty file (no header line)")
        names = [_column(h) for h in header]
        if kind == "items":
            names = ["item_type" if n == "type" else n for n in names]
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            yield {"line": reader.line_num, **dict(zip(names, row, strict=False))}


def marc_rows(path: Path, rejected: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Items of a MARC file (ISO 2709, or MARCXML when it ends in ``.xml``); records or fields
    the reader refuses go to ``rejected``."""
    from inventory_scanner.shelflist.item import RowError
    from inventory_scanner.shelflist.marc_source import read_marc

    with path.open("rb") as fh:
        for n, entry in enumerate(read_marc(fh, xml=path.suffix.lower() == ".xml"), start=1):
            if isinstance(entry, RowError):
                rejected.append({"line": n, "id": "", "reason": str(entry)})
                continue
            yield {"line": entry.line, "id": entry.item_id, "title": entry.title,
                   "call_number": entry.call_number, "home_branch": entry.branch}


class _DryRun(Exception):
    """Raised to roll a dry run's transaction back."""


def _is_marc(path: Path) -> bool:
    if path.suffix.lower() in (".mrc", ".marc", ".iso", ".xml"):
        return True
    with path.open("rb") as fh:
        head = fh.read(24)
    return len(head) == 24 and head[:5].isdigit() and head[12:17].isdigit()


def _import(args: argparse.Namespace) -> int:
    from sync.ils import seed
    from sync.ils.reference import ReferenceILS, catalogue

    central, device = central_settings(load_config(args))
    if not central.uses_reference:
        raise CommandError("central import loads the reference ILS; [central] ils is "
                           f"{central.ils!r} (load that ILS's own way)")
    kind = "branches" if args.branches else "items" if args.items else "patrons"
    path = Path(args.branches or args.items or args.patrons)
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    db: Any = central.database or device.path(central.ils_db)
    if not central.database:
        db.parent.mkdir(parents=True, exist_ok=True)
    extra: list[dict[str, Any]] = []
    fmt = "marc" if kind == "items" and _is_marc(path) else "csv"
    try:
        rows = marc_rows(path, extra) if fmt == "marc" else csv_rows(path, kind)
        loader = {"branches": catalogue.load_branches, "items": catalogue.load_items,
                  "patrons": catalogue.load_patrons}[kind]
        with ReferenceILS(db) as ils:
            try:  # one transaction; a dry run rolls back the types it added to check against
                with ils.batch():
                    seed.ensure_rules(ils)
                    report = loader(ils, rows, dry_run=args.dry_run).as_dict()
                    if args.dry_run:
                        raise _DryRun
            except _DryRun:
                pass
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise CommandError(f"{path}: {exc}") from exc
    report["rejected"] = sorted(extra + report["rejected"], key=lambda r: r["line"])
    from sync.db import shown

    emit({"ils_db": shown(db), "file": str(path), "format": fmt, **report})
    return 0
