"""The reference ILS: the embedded default, a small but real circulation system on SQLite.

Rules as a public library runs them (Taipei Public Library's in spirit):

* a patron may borrow when known, not expired, not blocked by staff, owing no more than
  ``fee_limit`` and under the loan limit of their patron type;
* the loan period, renewal limit and daily overdue fine come from ``loan_rules`` by patron type
  and item type; reference items (item types that do not circulate) are never lent;
* an item waiting on the hold shelf (or in transit) for someone else is refused; so is a renewal
  when another patron is waiting for the item;
* borrow anywhere, return anywhere: a return answers where the item goes — the hold shelf here,
  transit to the hold's pickup branch, transit to its home branch, or back on the shelf.

Offline replay (``no_block=True``) applies what physically happened and turns every broken rule
into ``Outcome.CONFLICT`` with the rule as ``reason``; it keeps the due date the kiosk gave the
patron. Online, the centre decides the due date itself (the kiosk's is ignored). Every mutating
call with a ``txn_id`` stores its result in the same SQLite transaction as the change (in
``applied_txns``, or under the ordering layer in its journal), so a repeat returns the stored
result.
PINs are kept only as scrypt hashes with a per-patron salt.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import logging
import math
import os
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from sync import schema
from sync.ils.base import (
    Account,
    CheckinResult,
    CheckoutResult,
    FeePaidResult,
    Hold,
    ILSAdapter,
    ItemInfo,
    ItemStatus,
    Loan,
    Outcome,
    PatronStatus,
    RenewResult,
    Result,
    SortDestination,
)

log = logging.getLogger(__name__)
R = TypeVar("R", bound=Result)

migrations = Migrations("reference_ils")

#: scrypt cost; 2**14 is the interactive-login recommendation. Tests may lower it.
SCRYPT_N = 2**14

MESSAGES = {
    "unknown_patron": "查無此借閱證。Card not recognised.",
    "wrong_pin": "密碼錯誤。Wrong PIN.",
    "patron_expired": "借閱證已過期，請洽櫃台。Your card has expired; please see the staff.",
    "patron_blocked": "借閱權已暫停，請洽櫃台。Borrowing is suspended; please see the staff.",
    "patron_fees": "尚有逾期罰款未繳。Please pay your outstanding fees first.",
    "loan_limit": "已達借閱上限。You have reached your loan limit.",
    "unknown_item": "查無此資料，請洽櫃台。Item not recognised; please see the staff.",
    "item_non_circulating": "此資料僅供館內閱覽。This item is for use in the library only.",
    "item_lost": "此資料已登記遺失，請洽櫃台。This item is recorded as lost.",
    "item_withdrawn": "此資料已註銷，請洽櫃台。This item has been withdrawn.",
    "hold_for_other": "此資料已被他人預約。This item is reserved for another reader.",
    "on_loan_to_other": "此資料借閱中，請洽櫃台。This item is on loan to someone else.",
    "not_on_loan": "此資料未借出。This item is not on loan to you.",
    "renewal_limit": "已達續借次數上限。No more renewals are allowed.",
    "no_hold": "您沒有此資料的預約。There is no hold for you on this item.",
    "no_fees": "沒有待繳費用。You have no outstanding fees.",
    "overpayment": "繳費金額超過應繳金額。The amount exceeds what you owe.",
}


@migrations()
def m001_tables(db: Database) -> None:
    db.executescript("""
    CREATE TABLE branches (code TEXT PRIMARY KEY, name TEXT NOT NULL, isil TEXT NOT NULL);
    CREATE TABLE patron_types (code TEXT PRIMARY KEY, name TEXT NOT NULL,
        loan_limit INTEGER NOT NULL, fee_limit_cents INTEGER NOT NULL DEFAULT 10000);
    CREATE TABLE item_types (code TEXT PRIMARY KEY, name TEXT NOT NULL,
        circulates INTEGER NOT NULL DEFAULT 1);
    CREATE TABLE loan_rules (patron_type TEXT NOT NULL REFERENCES patron_types(code),
        item_type TEXT NOT NULL REFERENCES item_types(code), loan_days INTEGER NOT NULL,
        renewals INTEGER NOT NULL, fine_per_day_cents INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (patron_type, item_type));
    CREATE TABLE patrons (id TEXT PRIMARY KEY, name TEXT NOT NULL,
        type TEXT NOT NULL REFERENCES patron_types(code), home_branch TEXT NOT NULL,
        expires TEXT NOT NULL, blocked TEXT, pin_hash TEXT, language TEXT);
    CREATE TABLE items (id TEXT PRIMARY KEY, title TEXT NOT NULL, author TEXT,
        call_number TEXT, item_type TEXT NOT NULL REFERENCES item_types(code),
        owner TEXT NOT NULL, home_branch TEXT NOT NULL, current_branch TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'available', parts INTEGER NOT NULL DEFAULT 1);
    CREATE TABLE loans (id INTEGER PRIMARY KEY, item_id TEXT NOT NULL REFERENCES items(id),
        patron_id TEXT NOT NULL REFERENCES patrons(id), branch TEXT NOT NULL,
        issued TEXT NOT NULL, due TEXT NOT NULL, renewals INTEGER NOT NULL DEFAULT 0,
        returned TEXT, return_branch TEXT, txn_id TEXT);
    CREATE UNIQUE INDEX loans_current ON loans(item_id) WHERE returned IS NULL;
    CREATE INDEX loans_patron ON loans(patron_id, returned);
    CREATE TABLE holds (id INTEGER PRIMARY KEY, patron_id TEXT NOT NULL REFERENCES patrons(id),
        item_id TEXT NOT NULL REFERENCES items(id), pickup_branch TEXT NOT NULL,
        placed TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'waiting',
        ready_since TEXT, expires TEXT);
    CREATE INDEX holds_item ON holds(item_id, status);
    CREATE INDEX holds_patron ON holds(patron_id, status);
    CREATE TABLE fees (id INTEGER PRIMARY KEY, patron_id TEXT NOT NULL REFERENCES patrons(id),
        amount_cents INTEGER NOT NULL, paid_cents INTEGER NOT NULL DEFAULT 0,
        reason TEXT NOT NULL, item_id TEXT, created TEXT NOT NULL);
    CREATE INDEX fees_patron ON fees(patron_id);
    CREATE TABLE applied_txns (txn_id TEXT PRIMARY KEY, kind TEXT NOT NULL,
        result TEXT NOT NULL);
    """)


def hash_pin(pin: str, *, n: int | None = None) -> str:
    """``scrypt$n$r$p$salt$hash``: a salted, memory-hard hash; the PIN itself is never stored."""
    n = n or SCRYPT_N
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=8, p=1, dklen=32)
    return f"scrypt${n}$8$1${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(digest) // 2)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(got.hex(), digest)


def sql_literal(value: Any) -> str:
    """``value`` as an SQL literal that reads back as the same value (as SQLite's ``quote()``
    writes it): the undo log is SQL text, run again only if the transaction is rolled back."""
    if value is None:
        return "NULL"
    if isinstance(value, bool | int):
        return str(int(value))
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ("NULL" if value != value
                                                          else f"{'-' if value < 0 else ''}9e999")
    if isinstance(value, bytes | bytearray | memoryview):
        return f"X'{bytes(value).hex()}'"
    text = str(value)
    if "\x00" in text:  # a NUL cannot be in SQL text: spell it as UTF-8 bytes
        return f"CAST(X'{text.encode('utf-8', 'surrogatepass').hex()}' AS TEXT)"
    return "'" + text.replace("'", "''") + "'"


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def _money(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


class ReferenceILS(ILSAdapter):
    """The reference ILS on one SQLite file.

    :param path: the database file (``":memory:"`` for throwaway use).
    :param today: a function giving "today" for status checks (tests pin it).
    """

    def __init__(self, path: str | os.PathLike[str], *,
                 today: Callable[[], dt.date] | None = None, durable: bool = True) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        self.db = Database(conn)
        if str(path) != ":memory:":
            self.db.enable_wal()
        self.db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
        self.db.execute("PRAGMA foreign_keys=ON")
        # the random-keyed indexes (txn ids) of a busy centre outgrow SQLite's 2 MB default;
        # a batch dirties pages all over them, so checkpoint less often (a page rewritten by
        # many commits is copied back once): the WAL grows to ~40 MB, commits stay durable
        self.db.execute("PRAGMA cache_size=-65536")
        self.db.execute("PRAGMA wal_autocheckpoint=10000")
        self._today = today or dt.date.today
        self._lock = threading.RLock()
        self._tables: dict[str, dict] | None = None
        #: set by :meth:`all_or_nothing`: operations skip their own savepoint
        self._caller_rolls_back = False
        #: ``(txn_id, journal id)`` set by the ordering layer while it applies a transaction it
        #: journals: the writes log their inverse (None: they do not, and results are
        #: remembered in ``applied_txns``)
        self.undo_ctx: tuple[str, int] | None = None
        #: the inverse SQL of the changes made under ``undo_ctx``, from :meth:`_insert` and
        #: :meth:`_update`; the ordering layer takes them out as each transaction ends
        self.undo_log: list[str] = []
        migrations.apply(self.db)

    def reload_rules(self) -> None:
        """Forget the cached patron types, item types and loan rules (after staff edit them)."""
        self._tables = None

    def _rules(self) -> dict[str, dict]:
        """Patron types, item types and loan rules: small, read on every transaction, cached."""
        if self._tables is None:
            self._tables = {
                "patron_types": {r["code"]: r for r in self._all("SELECT * FROM patron_types")},
                "item_types": {r["code"]: r for r in self._all("SELECT * FROM item_types")},
                "loan_rules": {(r["patron_type"], r["item_type"]): r
                               for r in self._all("SELECT * FROM loan_rules")},
            }
        return self._tables

    def _item(self, item_id: str) -> dict[str, Any] | None:
        row = self._one("SELECT * FROM items WHERE id=?", item_id)
        it = dict(row) if row is not None else None
        if it is not None:
            itype = self._rules()["item_types"].get(it["item_type"])
            it["circulates"] = itype["circulates"] if itype else 1
        return it

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def batch(self) -> Iterator[ReferenceILS]:
        with self._lock, self.db.atomic():
            yield self

    @contextlib.contextmanager
    def all_or_nothing(self) -> Iterator[None]:
        """Inside :meth:`batch`, for a caller that lets every error end (and roll back) the
        whole batch, as the ordering layer does: operations then skip their own savepoint,
        which would only matter if the caller kept going after a failed operation."""
        with self._lock:
            if not self.db.conn.in_transaction:
                raise RuntimeError("all_or_nothing() needs an open batch()")
            before, self._caller_rolls_back = self._caller_rolls_back, True
            try:
                yield
            finally:
                self._caller_rolls_back = before

    # --- helpers -------------------------------------------------------------------------
    def _one(self, sql: str, *args: Any) -> Any:
        """The first row as a read-only mapping (sqlite3.Row), or None."""
        cur = self.db.conn.cursor()
        cur.row_factory = sqlite3.Row
        return cur.execute(sql, args).fetchone()

    def _all(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        cur = self.db.conn.execute(sql, args)
        names = [c[0] for c in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def _idempotent(self, kind: str, txn_id: str | None, cls: type[R],
                    work: Callable[[], R]) -> R:
        """Run ``work`` in its own (nested) transaction with its result stored under txn_id."""
        with self._lock, (contextlib.nullcontext() if self._caller_rolls_back
                          else self._savepoint()):
            if txn_id and self.undo_ctx is None:  # (the ordering layer looked in its journal)
                row = self.db.conn.execute("SELECT result FROM applied_txns WHERE txn_id=?",
                                           (txn_id,)).fetchone()
                if row:
                    return schema.from_json(cls, json.loads(row[0]))
            result = work()
            # under the ordering layer (undo_ctx set) its journal keeps the result, in the same
            # SQLite transaction: a second copy here would only cost a write and its undo row
            if txn_id and self.undo_ctx is None and result.outcome is not Outcome.RETRY_LATER:
                self.db.conn.execute(
                    "INSERT INTO applied_txns (txn_id, kind, result) VALUES (?, ?, ?)",
                    (txn_id, kind, schema.encode(schema.to_json(result)).decode()))
            return result

    @contextlib.contextmanager
    def _savepoint(self) -> Iterator[None]:
        """One operation: its own transaction, or a savepoint inside :meth:`batch` so that a
        failing operation is undone alone."""
        conn = self.db.conn
        if not conn.in_transaction:
            with self.db.atomic():
                yield
            return
        conn.execute("SAVEPOINT op")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK TO op")
            conn.execute("RELEASE op")
            raise
        conn.execute("RELEASE op")

    # --- writes: each logs its own inverse while the ordering layer applies a transaction --
    # (it could use triggers, as it once did; but a trigger firing costs more than the change
    # it records, and every write of the circulation rules goes through these two anyway)
    def _insert(self, table: str, values: dict[str, Any]) -> int:
        """INSERT one row; under ``undo_ctx`` its inverse (a DELETE) goes to ``undo_log``."""
        cur = self.db.conn.execute(
            f"INSERT INTO {table} ({', '.join(values)}) VALUES"
            f" ({', '.join('?' * len(values))})", tuple(values.values()))
        rowid = cur.lastrowid
        if self.undo_ctx is not None:
            self.undo_log.append(f"DELETE FROM {table} WHERE rowid={rowid}")
        return rowid

    def _update(self, table: str, row_id: Any, changes: dict[str, Any],
                old: Any = None) -> None:
        """UPDATE the row whose ``id`` is ``row_id``; under ``undo_ctx`` the inverse (the old
        values of the columns that change) goes to ``undo_log``. ``old``: the row as the
        operation read it in this transaction, if it did (else read here)."""
        if self.undo_ctx is not None:
            if old is None:
                old = self._one(f"SELECT {', '.join(changes)} FROM {table} WHERE id=?", row_id)
            back = ", ".join(f"{k}={sql_literal(old[k])}" for k, v in changes.items()
                             if old[k] != v or type(old[k]) is not type(v))
            if back:
                self.undo_log.append(f"UPDATE {table} SET {back} WHERE id={sql_literal(row_id)}")
        self.db.conn.execute(
            f"UPDATE {table} SET {', '.join(f'{k}=?' for k in changes)} WHERE id=?",
            (*changes.values(), row_id))

    def _owed_cents(self, patron_id: str) -> int:
        row = self._one("SELECT coalesce(sum(amount_cents - paid_cents), 0) AS owed FROM fees"
                        " WHERE patron_id=?", patron_id)
        return int(row["owed"]) if row else 0

    def _patron_blocks(self, p: dict[str, Any], on: dt.date, *, owed: int | None = None
                       ) -> list[str]:
        blocks = []
        if dt.date.fromisoformat(p["expires"]) < on:
            blocks.append("expired")
        if p["blocked"]:
            blocks.append("blocked")
        limit = self._rules()["patron_types"].get(p["type"])
        owed = self._owed_cents(p["id"]) if owed is None else owed
        if limit and owed > limit["fee_limit_cents"]:
            blocks.append("fees")
        return blocks

    def _loan_count(self, patron_id: str) -> int:
        return self._one("SELECT count(*) AS n FROM loans WHERE patron_id=? AND returned IS NULL",
                         patron_id)["n"]

    def _rule(self, patron_type: str, item_type: str) -> dict[str, Any]:
        rule = self._rules()["loan_rules"].get((patron_type, item_type))
        return rule or {"loan_days": 14, "renewals": 0, "fine_per_day_cents": 0}

    def _hold_for_other(self, item_id: str, patron_id: str) -> dict[str, Any] | None:
        """A hold trapped on this item (on the shelf or on its way) for someone else."""
        return self._one("SELECT * FROM holds WHERE item_id=? AND patron_id<>?"
                         " AND status IN ('ready', 'in_transit') ORDER BY placed LIMIT 1",
                         item_id, patron_id)

    def _waiting_for_other(self, item_id: str, patron_id: str) -> bool:
        return self._one("SELECT 1 AS x FROM holds WHERE item_id=? AND patron_id<>?"
                         " AND status IN ('waiting', 'ready', 'in_transit') LIMIT 1",
                         item_id, patron_id) is not None

    # --- queries -------------------------------------------------------------------------
    def patron_status(self, patron_id: str, *, pin: str | None = None) -> PatronStatus:
        with self._lock:
            p = self._one("SELECT * FROM patrons WHERE id=?", patron_id)
            if p is None:
                return PatronStatus(outcome=Outcome.REFUSED, reason="unknown_patron",
                                    screen_message=MESSAGES["unknown_patron"],
                                    patron_id=patron_id, valid=False)
            today = self._today()
            blocks = self._patron_blocks(p, today)
            ptype = self._rules()["patron_types"][p["type"]]
            pin_ok = check_pin(pin, p["pin_hash"]) if pin is not None else None
            ready = self._one("SELECT count(*) AS n FROM holds WHERE patron_id=?"
                              " AND status='ready'", patron_id)["n"]
            overdue = self._one("SELECT count(*) AS n FROM loans WHERE patron_id=?"
                                " AND returned IS NULL AND due < ?", patron_id,
                                today.isoformat())["n"]
            return PatronStatus(
                outcome=Outcome.APPLIED, patron_id=patron_id, valid=True, pin_ok=pin_ok,
                name=p["name"], patron_type=p["type"], home_branch=p["home_branch"],
                expires=dt.date.fromisoformat(p["expires"]), blocks=tuple(blocks),
                block_messages=tuple(MESSAGES[f"patron_{b}"] for b in blocks),
                loans_count=self._loan_count(patron_id), loan_limit=ptype["loan_limit"],
                holds_ready_count=ready, overdue_count=overdue,
                fees_owed=_money(self._owed_cents(patron_id)), language=p["language"])

    def item_info(self, item_id: str) -> ItemInfo:
        with self._lock:
            it = self._item(item_id)
            if it is None:
                return ItemInfo(outcome=Outcome.REFUSED, reason="unknown_item",
                                screen_message=MESSAGES["unknown_item"], item_id=item_id)
            loan = self._one("SELECT due FROM loans WHERE item_id=? AND returned IS NULL", item_id)
            hold = self._one("SELECT pickup_branch FROM holds WHERE item_id=?"
                             " AND status IN ('ready', 'in_transit') LIMIT 1", item_id)
            status = ItemStatus(it["status"])
            if not it["circulates"] and status is ItemStatus.AVAILABLE:
                status = ItemStatus.NON_CIRCULATING
            return ItemInfo(
                outcome=Outcome.APPLIED, item_id=item_id, status=status, title=it["title"],
                author=it["author"], call_number=it["call_number"], item_type=it["item_type"],
                owner=it["owner"], home_branch=it["home_branch"],
                current_branch=it["current_branch"],
                due_date=dt.date.fromisoformat(loan["due"]) if loan else None,
                on_hold_for_other=hold is not None,
                hold_pickup_branch=hold["pickup_branch"] if hold else None, parts=it["parts"])

    def borrower(self, item_id: str) -> str | None:
        """Who has ``item_id`` on loan now (None: nobody). The centre's own view, for staff tools
        and the simulator; the adapter interface never names a borrower (``ItemInfo``)."""
        with self._lock:
            row = self._one("SELECT patron_id FROM loans WHERE item_id=? AND returned IS NULL",
                            item_id)
        return row["patron_id"] if row else None

    def account(self, patron_id: str) -> Account:
        with self._lock:
            if self._one("SELECT 1 AS x FROM patrons WHERE id=?", patron_id) is None:
                return Account(outcome=Outcome.REFUSED, reason="unknown_patron",
                               screen_message=MESSAGES["unknown_patron"], patron_id=patron_id)
            today = self._today()
            loans = []
            for r in self._all(
                    "SELECT l.item_id, l.due, l.renewals, i.title, i.item_type, p.type AS ptype"
                    " FROM loans l JOIN items i ON i.id = l.item_id JOIN patrons p"
                    " ON p.id = l.patron_id WHERE l.patron_id=? AND l.returned IS NULL"
                    " ORDER BY l.due, l.item_id", patron_id):
                rule = self._rule(r["ptype"], r["item_type"])
                due = dt.date.fromisoformat(r["due"])
                loans.append(Loan(item_id=r["item_id"], title=r["title"], due_date=due,
                                  renewals=r["renewals"],
                                  renewable=(r["renewals"] < rule["renewals"]
                                             and not self._waiting_for_other(r["item_id"],
                                                                             patron_id)),
                                  overdue=due < today))
            holds = tuple(
                Hold(item_id=h["item_id"], title=h["title"], pickup_branch=h["pickup_branch"],
                     ready=h["status"] == "ready",
                     expires=dt.date.fromisoformat(h["expires"]) if h["expires"] else None)
                for h in self._all(
                    "SELECT h.*, i.title FROM holds h JOIN items i ON i.id = h.item_id"
                    " WHERE h.patron_id=? AND h.status IN ('waiting', 'in_transit', 'ready')"
                    " ORDER BY h.placed", patron_id))
            return Account(outcome=Outcome.APPLIED, patron_id=patron_id, loans=tuple(loans),
                           holds=holds, fees_owed=_money(self._owed_cents(patron_id)))

    # --- circulation rules, shared by authorise_checkout and checkout ----------------------
    _FACTS = (
        "SELECT"
        " (SELECT coalesce(sum(amount_cents - paid_cents), 0) FROM fees WHERE patron_id=:p),"
        " (SELECT count(*) FROM loans WHERE patron_id=:p AND returned IS NULL),"
        " (SELECT id FROM loans WHERE item_id=:i AND returned IS NULL),"
        " (SELECT patron_id FROM loans WHERE item_id=:i AND returned IS NULL),"
        " (SELECT count(*) FROM holds WHERE item_id=:i AND patron_id<>:p"
        "  AND status IN ('ready', 'in_transit')),"
        " (SELECT count(*) FROM holds WHERE item_id=:i AND patron_id=:p"
        "  AND status IN ('ready', 'in_transit')),"
        " (SELECT count(*) FROM holds WHERE item_id=:i AND patron_id=:p"
        "  AND status IN ('waiting', 'in_transit', 'ready'))")

    def _checkout_rules(self, patron_id: str, item_id: str, on: dt.date, *, pickup: bool = False
                        ) -> tuple[list[str], dict | None, dict | None, dict | None]:
        """Every rule a checkout would break, most serious first, plus the patron, the item and
        the facts the checkout needs (current loan, own holds) — from one query."""
        p = self._one("SELECT * FROM patrons WHERE id=?", patron_id)
        it = self._item(item_id)
        broken: list[str] = []
        if p is None:
            broken.append("unknown_patron")
        if it is None:
            broken.append("unknown_item")
        if broken:
            return broken, p, it, None
        owed, loans, loan_id, loan_patron, held_for_other, ready_own, own = (
            self.db.conn.execute(self._FACTS, {"p": patron_id, "i": item_id}).fetchone())
        facts = {"loan_id": loan_id, "loan_patron": loan_patron, "own_holds": own}
        broken += [f"patron_{b}" for b in self._patron_blocks(p, on, owed=owed)]
        renewal = loan_patron == patron_id
        if not renewal and loans >= self._rules()["patron_types"][p["type"]]["loan_limit"]:
            broken.append("loan_limit")
        if not it["circulates"]:
            broken.append("item_non_circulating")
        if it["status"] in ("lost", "withdrawn"):
            broken.append(f"item_{it['status']}")
        if loan_id is not None and not renewal:
            broken.append("on_loan_to_other")
        if held_for_other:
            broken.append("hold_for_other")
        if pickup and not ready_own:
            broken.append("no_hold")
        return broken, p, it, facts

    def authorise_checkout(self, patron_id: str, item_id: str, *, branch: str) -> CheckoutResult:
        with self._lock:
            today = self._today()
            broken, p, it, _ = self._checkout_rules(patron_id, item_id, today)
            title = it["title"] if it else None
            if broken:
                return CheckoutResult(outcome=Outcome.REFUSED, reason=broken[0],
                                      screen_message=MESSAGES[broken[0]], patron_id=patron_id,
                                      item_id=item_id, title=title)
            rule = self._rule(p["type"], it["item_type"])
            return CheckoutResult(outcome=Outcome.APPLIED, patron_id=patron_id, item_id=item_id,
                                  title=title, due_date=today + dt.timedelta(rule["loan_days"]))

    # --- transactions --------------------------------------------------------------------
    def checkout(self, patron_id: str, item_id: str, *, branch: str, event_time: dt.datetime,
                 no_block: bool = False, due_date: dt.date | None = None,
                 txn_id: str | None = None) -> CheckoutResult:
        return self._idempotent("checkout", txn_id, CheckoutResult, lambda: self._lend(
            patron_id, item_id, branch, event_time, no_block, due_date, txn_id, pickup=False))

    def hold_pickup(self, patron_id: str, item_id: str, *, branch: str, event_time: dt.datetime,
                    no_block: bool = False, due_date: dt.date | None = None,
                    txn_id: str | None = None) -> CheckoutResult:
        return self._idempotent("hold_pickup", txn_id, CheckoutResult, lambda: self._lend(
            patron_id, item_id, branch, event_time, no_block, due_date, txn_id, pickup=True))

    def _lend(self, patron_id: str, item_id: str, branch: str, event_time: dt.datetime,
              no_block: bool, due_date: dt.date | None, txn_id: str | None,
              *, pickup: bool) -> CheckoutResult:
        on = event_time.date()
        broken, p, it, facts = self._checkout_rules(patron_id, item_id, on, pickup=pickup)
        title = it["title"] if it else None
        fatal = {"unknown_patron", "unknown_item"} & set(broken)
        if broken and (not no_block or fatal):
            return CheckoutResult(outcome=Outcome.REFUSED, reason=broken[0],
                                  screen_message=MESSAGES[broken[0]], patron_id=patron_id,
                                  item_id=item_id, title=title)
        when = schema.format_time(event_time)
        rule = self._rule(p["type"], it["item_type"])
        # offline the patron was told the kiosk's date; online the centre's rules decide
        due = (due_date if no_block and due_date else None) or on + dt.timedelta(rule["loan_days"])
        renewal = facts["loan_patron"] == patron_id
        if renewal:
            loan = self._one("SELECT due, renewals FROM loans WHERE id=?", facts["loan_id"])
            self._update("loans", facts["loan_id"],
                         {"due": due.isoformat(), "renewals": loan["renewals"] + 1}, old=loan)
        else:
            if facts["loan_id"] is not None:  # offline: the other loan ended unseen
                self._update("loans", facts["loan_id"], {"returned": when, "return_branch": branch})
            self._insert("loans", {"item_id": item_id, "patron_id": patron_id, "branch": branch,
                                   "issued": when, "due": due.isoformat(), "txn_id": txn_id})
        self._update("items", item_id, {"status": "on_loan", "current_branch": branch}, old=it)
        if facts["own_holds"]:  # lending fills this patron's hold on it, wherever it was lent
            for hold in self._all("SELECT id, status FROM holds WHERE item_id=? AND patron_id=?"
                                  " AND status IN ('waiting', 'in_transit', 'ready')",
                                  item_id, patron_id):
                self._update("holds", hold["id"], {"status": "filled"}, old=hold)
        if broken:
            log.info("checkout %s applied as conflict: %s", item_id, ",".join(broken))
            return CheckoutResult(outcome=Outcome.CONFLICT, reason=broken[0],
                                  screen_message=MESSAGES[broken[0]], patron_id=patron_id,
                                  item_id=item_id, due_date=due, renewal=renewal, title=title)
        return CheckoutResult(outcome=Outcome.APPLIED, patron_id=patron_id, item_id=item_id,
                              due_date=due, renewal=renewal, title=title)

    def checkin(self, item_id: str, *, branch: str, event_time: dt.datetime,
                no_block: bool = False, txn_id: str | None = None) -> CheckinResult:
        return self._idempotent("checkin", txn_id, CheckinResult,
                                lambda: self._return(item_id, branch, event_time))

    def _return(self, item_id: str, branch: str, event_time: dt.datetime) -> CheckinResult:
        it = self._one("SELECT * FROM items WHERE id=?", item_id)
        if it is None:
            return CheckinResult(outcome=Outcome.REFUSED, reason="unknown_item",
                                 screen_message=MESSAGES["unknown_item"], item_id=item_id,
                                 destination=SortDestination.STAFF)
        when = schema.format_time(event_time)
        loan = self._one("SELECT l.*, p.type AS ptype FROM loans l JOIN patrons p"
                         " ON p.id = l.patron_id WHERE l.item_id=? AND l.returned IS NULL",
                         item_id)
        fine = 0
        if loan:
            self._update("loans", loan["id"], {"returned": when, "return_branch": branch},
                         old=loan)
            late = (event_time.date() - dt.date.fromisoformat(loan["due"])).days
            rule = self._rule(loan["ptype"], it["item_type"])
            fine = max(0, late) * rule["fine_per_day_cents"]
            if fine:
                self._insert("fees", {"patron_id": loan["patron_id"], "amount_cents": fine,
                                      "reason": "overdue", "item_id": item_id, "created": when})
        hold = self._one("SELECT * FROM holds WHERE item_id=? AND status IN"
                         " ('waiting', 'in_transit', 'ready') ORDER BY placed LIMIT 1", item_id)
        if hold and hold["pickup_branch"] == branch:
            self._update("holds", hold["id"], {
                "status": "ready", "ready_since": when,
                "expires": (event_time.date() + dt.timedelta(7)).isoformat()}, old=hold)
            status, dest, dest_branch = "on_hold_shelf", SortDestination.HOLD_SHELF, branch
        elif hold:
            self._update("holds", hold["id"], {"status": "in_transit"}, old=hold)
            status, dest, dest_branch = "in_transit", SortDestination.TRANSIT, hold["pickup_branch"]
        elif it["home_branch"] != branch:
            status, dest, dest_branch = "in_transit", SortDestination.TRANSIT, it["home_branch"]
        else:
            status, dest, dest_branch = "available", SortDestination.RESHELVE, branch
        if it["status"] in ("lost", "withdrawn"):  # found again: staff decide
            status, dest, dest_branch = it["status"], SortDestination.STAFF, None
        self._update("items", item_id, {"status": status, "current_branch": branch}, old=it)
        return CheckinResult(outcome=Outcome.APPLIED, item_id=item_id, destination=dest,
                             destination_branch=dest_branch, title=it["title"],
                             was_on_loan=loan is not None, fees_charged=_money(fine))

    def renew(self, patron_id: str, item_id: str, *, branch: str, event_time: dt.datetime,
              no_block: bool = False, due_date: dt.date | None = None,
              txn_id: str | None = None) -> RenewResult:
        def work() -> RenewResult:
            loan, rule, broken = self._renew_rules(patron_id, item_id, event_time.date())
            if loan is None:
                return RenewResult(outcome=Outcome.REFUSED, reason="not_on_loan",
                                   screen_message=MESSAGES["not_on_loan"], patron_id=patron_id,
                                   item_id=item_id)
            left = rule["renewals"] - loan["renewals"]
            if broken and not no_block:
                return RenewResult(outcome=Outcome.REFUSED, reason=broken[0],
                                   screen_message=MESSAGES[broken[0]], patron_id=patron_id,
                                   item_id=item_id, renewals_left=max(0, left),
                                   due_date=dt.date.fromisoformat(loan["due"]))
            own = event_time.date() + dt.timedelta(rule["loan_days"])
            due = (due_date if no_block and due_date else None) or own
            self._update("loans", loan["id"],
                         {"due": due.isoformat(), "renewals": loan["renewals"] + 1}, old=loan)
            return RenewResult(outcome=Outcome.CONFLICT if broken else Outcome.APPLIED,
                               reason=broken[0] if broken else None,
                               screen_message=MESSAGES[broken[0]] if broken else None,
                               patron_id=patron_id, item_id=item_id, due_date=due,
                               renewals_left=max(0, left - 1))
        return self._idempotent("renew", txn_id, RenewResult, work)

    def _renew_rules(self, patron_id: str, item_id: str, on: dt.date
                     ) -> tuple[Any, dict[str, Any], list[str]]:
        """The loan to renew (None: not on loan to this patron), its rule and every rule a
        renewal on ``on`` would break."""
        loan = self._one("SELECT l.*, p.type AS ptype, i.item_type FROM loans l"
                         " JOIN patrons p ON p.id = l.patron_id JOIN items i"
                         " ON i.id = l.item_id WHERE l.item_id=? AND l.patron_id=?"
                         " AND l.returned IS NULL", item_id, patron_id)
        if loan is None:
            return None, {}, ["not_on_loan"]
        p = self._one("SELECT * FROM patrons WHERE id=?", patron_id)
        rule = self._rule(loan["ptype"], loan["item_type"])
        broken = [f"patron_{b}" for b in self._patron_blocks(p, on)]
        if loan["renewals"] >= rule["renewals"]:
            broken.append("renewal_limit")
        if self._waiting_for_other(item_id, patron_id):
            broken.append("hold_for_other")
        return loan, rule, broken

    def authorise_renew(self, patron_id: str, item_id: str, *, branch: str) -> RenewResult:
        """The answer and due date a renewal today would get, without renewing."""
        with self._lock:
            today = self._today()
            loan, rule, broken = self._renew_rules(patron_id, item_id, today)
            if loan is None:
                return RenewResult(outcome=Outcome.REFUSED, reason="not_on_loan",
                                   screen_message=MESSAGES["not_on_loan"], patron_id=patron_id,
                                   item_id=item_id)
            left = rule["renewals"] - loan["renewals"]
            if broken:
                return RenewResult(outcome=Outcome.REFUSED, reason=broken[0],
                                   screen_message=MESSAGES[broken[0]], patron_id=patron_id,
                                   item_id=item_id, renewals_left=max(0, left),
                                   due_date=dt.date.fromisoformat(loan["due"]))
            return RenewResult(outcome=Outcome.APPLIED, patron_id=patron_id, item_id=item_id,
                               due_date=today + dt.timedelta(rule["loan_days"]),
                               renewals_left=max(0, left - 1))

    def fee_paid(self, patron_id: str, amount: Decimal, *, event_time: dt.datetime,
                 payment_type: str = "cash", fee_id: str | None = None,
                 txn_id: str | None = None) -> FeePaidResult:
        def work() -> FeePaidResult:
            cents = _cents(amount)
            sql = ("SELECT id, amount_cents - paid_cents AS due, paid_cents FROM fees"
                   " WHERE patron_id=? AND paid_cents < amount_cents")
            args: list[Any] = [patron_id]
            if fee_id is not None:
                sql += " AND id=?"
                args.append(fee_id)
            fees = self._all(sql + " ORDER BY created, id", *args)
            owed = sum(f["due"] for f in fees)
            reason = "no_fees" if owed == 0 else "overpayment" if cents > owed else None
            if reason:
                return FeePaidResult(outcome=Outcome.REFUSED, reason=reason,
                                     screen_message=MESSAGES[reason], patron_id=patron_id,
                                     amount=amount, currency=self.currency,
                                     fees_owed=_money(self._owed_cents(patron_id)))
            left = cents
            for f in fees:
                pay = min(left, f["due"])
                self._update("fees", f["id"], {"paid_cents": f["paid_cents"] + pay}, old=f)
                left -= pay
                if not left:
                    break
            return FeePaidResult(outcome=Outcome.APPLIED, patron_id=patron_id, amount=amount,
                                 currency=self.currency,
                                 fees_owed=_money(self._owed_cents(patron_id)))
        if self._one("SELECT 1 AS x FROM patrons WHERE id=?", patron_id) is None:
            return FeePaidResult(outcome=Outcome.REFUSED, reason="unknown_patron",
                                 screen_message=MESSAGES["unknown_patron"], patron_id=patron_id,
                                 amount=amount, currency=self.currency)
        return self._idempotent("fee_paid", txn_id, FeePaidResult, work)
