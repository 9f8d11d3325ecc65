"""A small library and a day of offline transactions whose conflicts are known by design.

Issue 6 pins: a return synced before the offline checkout it ends; a late checkout older than a
later return on another kiosk; and one transaction per rule the ILS enforces online.
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path
from typing import Any

from sync import schema
from sync.centre.bridge import apply_transaction
from sync.ils import reference
from sync.ils.reference import ReferenceILS
from tests.centredb import PgTemplate

DAY = dt.datetime(2026, 3, 10, tzinfo=dt.UTC)
DEVICES = ("kiosk-a", "kiosk-b", "kiosk-c")
BOOT = "boot-1"


def seed(path: Path | str) -> Path | str:
    """Create the small ILS file, or fill a PostgreSQL database (once per test session; tests
    copy it)."""
    with ReferenceILS(path) as ils, ils.db.atomic():
        c = ils.db.conn
        c.executemany("INSERT INTO branches VALUES (?, ?, ?)",
                      [("MAIN", "總館", "TW-TEST"), ("EAST", "東區分館", "TW-TEST")])
        c.executemany("INSERT INTO patron_types VALUES (?, ?, ?, ?)",
                      [("ADULT", "一般", 5, 10000), ("CHILD", "兒童", 3, 5000)])
        c.executemany("INSERT INTO item_types VALUES (?, ?, ?)",
                      [("BOOK", "圖書", 1), ("REF", "參考書", 0)])
        c.executemany("INSERT INTO loan_rules VALUES (?, ?, ?, ?, ?)",
                      [("ADULT", "BOOK", 14, 1, 0), ("CHILD", "BOOK", 14, 1, 0)])
        patrons = [("P1", "CHILD", "2027-01-01", None), ("P2", "ADULT", "2027-01-01", None),
                   ("P3", "ADULT", "2027-01-01", "staff block"),
                   ("P4", "ADULT", "2026-03-01", None), ("P5", "ADULT", "2027-01-01", None)]
        c.executemany("INSERT INTO patrons (id, name, type, home_branch, expires, blocked)"
                      " VALUES (?, ?, ?, 'MAIN', ?, ?)",
                      [(p, f"讀者{p}", t, e, b) for p, t, e, b in patrons])
        items = [(f"I{n}", "available") for n in range(1, 9)]
        items += [("I9", "lost"), ("I10", "withdrawn"), ("I11", "on_hold_shelf")]
        c.executemany("INSERT INTO items (id, title, item_type, owner, home_branch,"
                      " current_branch, status) VALUES (?, ?, 'BOOK', 'TW-TEST', 'MAIN',"
                      " 'MAIN', ?)", [(i, f"書名{i}", s) for i, s in items])
        c.execute("INSERT INTO holds (patron_id, item_id, pickup_branch, placed, status,"
                  " ready_since, expires) VALUES ('P2', 'I11', 'MAIN',"
                  " '2026-03-01T00:00:00.000Z', 'ready', '2026-03-09T00:00:00.000Z',"
                  " '2026-03-16')")
    return path


def copy_db(template: Path | PgTemplate, dest: Path) -> Path:
    """A copy of the template ILS: at ``dest``, or (a PostgreSQL template) a new database."""
    if isinstance(template, PgTemplate):
        return template.copy(dest.stem)  # type: ignore[return-value]
    shutil.copyfile(template, dest)
    return dest


def _msg(n: int, device: str, minute: float, kind: str, payload: dict[str, Any]) -> dict:
    return {"v": 1, "txn_id": str(uuid.UUID(int=n + 1)), "device_id": device, "seq": n + 1,
            "type": kind, "wall_time": schema.format_time(DAY + dt.timedelta(minutes=minute)),
            "mono_ns": int(minute * 60e9) + 10**12, "boot_id": BOOT,
            "branch": "EAST" if device == "kiosk-b" else "MAIN", "offline": True,
            "payload": payload}


#: (device, minutes after 00:00, type, payload, the rule it breaks or None)
SCRIPT: tuple[tuple[str, float, str, dict[str, Any], str | None], ...] = (
    ("kiosk-a", 600, "checkout", {"patron_id": "P1", "item_id": "I1"}, None),
    ("kiosk-b", 660, "checkin", {"item_id": "I1"}, None),  # ends the checkout above
    ("kiosk-a", 601, "checkout", {"patron_id": "P1", "item_id": "I2"}, None),
    ("kiosk-a", 602, "checkout", {"patron_id": "P1", "item_id": "I3"}, None),
    ("kiosk-c", 630, "checkout", {"patron_id": "P1", "item_id": "I4"}, "loan_limit"),
    ("kiosk-b", 605, "checkout", {"patron_id": "P3", "item_id": "I5"}, "patron_blocked"),
    ("kiosk-c", 606, "checkout", {"patron_id": "P4", "item_id": "I6"}, "patron_expired"),
    ("kiosk-a", 610, "checkout", {"patron_id": "P5", "item_id": "I11"}, "hold_for_other"),
    ("kiosk-b", 612, "checkout", {"patron_id": "P2", "item_id": "I9"}, "item_lost"),
    ("kiosk-c", 613, "checkout", {"patron_id": "P2", "item_id": "I10"}, "item_withdrawn"),
    ("kiosk-a", 620, "checkout", {"patron_id": "P2", "item_id": "I7"}, None),
    ("kiosk-b", 640, "checkout", {"patron_id": "P5", "item_id": "I7"}, "on_loan_to_other"),
    ("kiosk-c", 540, "checkout", {"patron_id": "P2", "item_id": "I8"}, None),  # late, old
    ("kiosk-a", 720, "checkin", {"item_id": "I8"}, None),  # newer return elsewhere
    ("kiosk-a", 690, "renew", {"patron_id": "P1", "item_id": "I2"}, None),
    ("kiosk-b", 700, "renew", {"patron_id": "P1", "item_id": "I2"}, "renewal_limit"),
    ("kiosk-b", 780, "checkin", {"item_id": "I2"}, None),
    ("kiosk-c", 650, "session_start", {"session_id": str(uuid.UUID(int=99))}, None),
)


def messages() -> list[dict[str, Any]]:
    return [_msg(n, d, m, k, p) for n, (d, m, k, p, _) in enumerate(SCRIPT)]


def expected_conflicts() -> dict[str, str]:
    msgs = messages()
    return {msgs[n]["txn_id"]: rule for n, (*_, rule) in enumerate(SCRIPT) if rule}


def oracle(path: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """Apply every transaction once, in event-time order, on a plain reference ILS."""
    from sync.centre.ordering import order_key

    conflicts = {}
    with ReferenceILS(path) as ils:
        for msg in sorted(messages(), key=order_key):
            result = apply_transaction(ils, msg)
            if result is not None and result.outcome.value in ("conflict", "refused"):
                conflicts[msg["txn_id"]] = result.reason
        state = snapshot(ils)
    return state, conflicts


def snapshot(ils: ReferenceILS) -> dict[str, Any]:
    """ILS state that must not depend on arrival order (row ids left out)."""
    q = ils.db.conn.execute
    return {
        "items": q("SELECT id, status, current_branch FROM items ORDER BY id").fetchall(),
        "loans": q("SELECT item_id, patron_id, branch, issued, due, renewals, returned,"
                   " return_branch, txn_id FROM loans ORDER BY issued, item_id").fetchall(),
        "holds": q("SELECT patron_id, item_id, status, ready_since, expires FROM holds"
                   " ORDER BY id").fetchall(),
        "fees": q("SELECT patron_id, amount_cents, paid_cents, reason, item_id, created"
                  " FROM fees ORDER BY created, item_id").fetchall(),
    }


reference.pins.SCRYPT_N = 2**4  # no PINs are checked here
