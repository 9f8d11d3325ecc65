"""Loading a library's own records into the reference ILS: branches, items and patrons, checked
row by row, so ``rfid-edge central import`` can say which rows it refused and why instead of
failing on the first.

Each ``load_*`` function takes plain mappings (whatever the CSV or MARC reader made of a row,
plus the ``line`` it came from), validates every row against the database as it stands
(known branch, item type and patron type; no duplicate id in the file or the database), and
writes the good rows in one transaction — or none with ``dry_run``. Rows refused are returned
with their line and reason; nothing is half-loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sync.db import insert_rows
from sync.fields import is_identifier
from sync.ils.reference.pins import hash_pin

if TYPE_CHECKING:
    from sync.ils.reference.ils import ReferenceILS

__all__ = ["LoadReport", "Rejected", "branch_names", "counts", "load_branches", "load_items",
           "load_patrons"]

#: why an id-like field is refused: what :func:`sync.fields.is_identifier` accepts
_NOT_WIRE_ID = "is not 1–64 characters without a control character (the sync wire refuses it)"


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str
    id: str = ""


@dataclass
class LoadReport:
    """What a load did: rows loaded (or that would be, on a dry run) and rows refused."""

    kind: str
    dry_run: bool = False
    loaded: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "dry_run": self.dry_run, "loaded": self.loaded,
                "rejected": [{"line": r.line, "id": r.id, "reason": r.reason}
                             for r in self.rejected]}


def _codes(ils: ReferenceILS, table: str, column: str = "code") -> set[str]:
    return {r[column] for r in ils.store.all(f"SELECT {column} FROM {table}")}


def _text(row: Mapping[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


def branch_names(ils: ReferenceILS) -> dict[str, str]:
    """Branch code → name."""
    return {r["code"]: r["name"] for r in ils.store.all("SELECT code, name FROM branches")}


def counts(ils: ReferenceILS) -> dict[str, int]:
    """How many branches, items and patrons the ILS holds (``central run`` warns at zero)."""
    return {t: ils.store.one(f"SELECT count(*) AS n FROM {t}")["n"]
            for t in ("branches", "items", "patrons")}


def _load(ils: ReferenceILS, kind: str, table: str, rows: Iterable[Mapping[str, Any]],
          check: Any, *, dry_run: bool) -> LoadReport:
    report = LoadReport(kind=kind, dry_run=dry_run)
    good: list[dict[str, Any]] = []
    column = "code" if table == "branches" else "id"
    with ils.store.lock:
        seen = _codes(ils, table, column)
        for n, row in enumerate(rows, start=1):
            line = int(row.get("line") or n)
            try:
                record = check(row)
            except ValueError as exc:
                report.rejected.append(Rejected(line, str(exc), _text(row, column)))
                continue
            key = record[column]
            if key in seen:
                report.rejected.append(Rejected(line, f"{key!r} already exists", key))
                continue
            seen.add(key)
            good.append(record)
        report.loaded = len(good)
        if good and not dry_run:
            with ils.store.write() as db:
                insert_rows(db, table, good)
    return report


def load_branches(ils: ReferenceILS, rows: Iterable[Mapping[str, Any]], *,
                  dry_run: bool = False) -> LoadReport:
    """Rows with ``code``, ``name`` and optionally ``isil`` (default: ``code``). Every
    transaction carries its branch's code, so a code the sync wire refuses
    (:func:`sync.fields.is_identifier`) is refused here, not by each device's first batch; the
    ISIL is every item's default ``owner``, which item-info answers send as a wire id too."""

    def check(row: Mapping[str, Any]) -> dict[str, Any]:
        code, name = _text(row, "code"), _text(row, "name")
        if not code:
            raise ValueError("no branch code")
        if not is_identifier(code):
            raise ValueError(f"branch code {code!r} {_NOT_WIRE_ID}")
        if not name:
            raise ValueError(f"branch {code!r} has no name")
        isil = _text(row, "isil") or code
        if not is_identifier(isil):
            raise ValueError(f"branch {code!r}: isil {isil!r} {_NOT_WIRE_ID}")
        return {"code": code, "name": name, "isil": isil}

    return _load(ils, "branches", "branches", rows, check, dry_run=dry_run)


def load_items(ils: ReferenceILS, rows: Iterable[Mapping[str, Any]], *,
               dry_run: bool = False) -> LoadReport:
    """Rows with ``id``, ``title``, ``home_branch`` and optionally ``author``,
    ``call_number``, ``item_type`` (default ``BOOK``), ``owner`` (the branch's ISIL),
    ``parts`` (default 1). Item-info answers send ``owner`` as a wire id
    (:func:`sync.fields.identifier`), so an owner the wire refuses is refused here."""
    branches = {r["code"]: r["isil"] for r in ils.store.all("SELECT code, isil FROM branches")}
    types = _codes(ils, "item_types")

    def check(row: Mapping[str, Any]) -> dict[str, Any]:
        item_id, title = _text(row, "id"), _text(row, "title")
        branch, item_type = _text(row, "home_branch"), _text(row, "item_type") or "BOOK"
        if not item_id:
            raise ValueError("no item id (barcode)")
        if not item_id.isprintable() or len(item_id) > 32:
            raise ValueError(f"item id {item_id!r} is not printable text of at most 32 characters")
        if not title:
            raise ValueError("no title")
        if branch not in branches:
            raise ValueError(f"unknown branch {branch!r} (known: {', '.join(sorted(branches))})")
        if item_type not in types:
            raise ValueError(f"unknown item type {item_type!r} (known: {', '.join(sorted(types))})")
        try:
            parts = int(_text(row, "parts") or 1)
        except ValueError:
            raise ValueError(f"parts {_text(row, 'parts')!r} is not a number") from None
        if not 1 <= parts <= 255:
            raise ValueError(f"parts {parts} is not 1…255")
        owner = _text(row, "owner")
        if owner and not is_identifier(owner):
            raise ValueError(f"owner {owner!r} {_NOT_WIRE_ID}")
        if not owner and not is_identifier(owner := branches[branch]):
            raise ValueError(f"owner {owner!r} (the ISIL of branch {branch!r}) {_NOT_WIRE_ID}")
        return {"id": item_id, "title": title, "author": _text(row, "author") or None,
                "call_number": _text(row, "call_number") or None, "item_type": item_type,
                "owner": owner, "home_branch": branch,
                "current_branch": branch, "status": "available", "parts": parts}

    return _load(ils, "items", "items", rows, check, dry_run=dry_run)


def load_patrons(ils: ReferenceILS, rows: Iterable[Mapping[str, Any]], *,
                 dry_run: bool = False, pin_cost: int | None = None) -> LoadReport:
    """Rows with ``id``, ``name``, ``home_branch``, ``expires`` (YYYY-MM-DD) and optionally
    ``type`` (default ``ADULT``), ``pin`` (stored hashed), ``blocked`` (a reason),
    ``language``."""
    branches = _codes(ils, "branches")
    types = _codes(ils, "patron_types")

    def check(row: Mapping[str, Any]) -> dict[str, Any]:
        patron_id, name = _text(row, "id"), _text(row, "name")
        branch, ptype = _text(row, "home_branch"), _text(row, "type") or "ADULT"
        if not patron_id:
            raise ValueError("no patron id")
        if not patron_id.isprintable():
            raise ValueError(f"patron id {patron_id!r} is not printable text")
        if not name:
            raise ValueError("no name")
        if branch not in branches:
            raise ValueError(f"unknown branch {branch!r} (known: {', '.join(sorted(branches))})")
        if ptype not in types:
            raise ValueError(f"unknown patron type {ptype!r} (known: {', '.join(sorted(types))})")
        try:
            expires = dt.date.fromisoformat(_text(row, "expires"))
        except ValueError:
            raise ValueError(f"expires {_text(row, 'expires')!r} is not a date YYYY-MM-DD") from None
        pin = _text(row, "pin")
        return {"id": patron_id, "name": name, "type": ptype, "home_branch": branch,
                "expires": expires.isoformat(), "blocked": _text(row, "blocked") or None,
                "pin_hash": hash_pin(pin, n=pin_cost) if pin else None,
                "language": _text(row, "language") or None}

    return _load(ils, "patrons", "patrons", rows, check, dry_run=dry_run)
