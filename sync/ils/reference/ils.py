"""The reference ILS: the embedded default, a small but real circulation system on SQLite (or
PostgreSQL for a centre that outgrows one machine).

The rules are :mod:`sync.ils.reference.rules`; this module answers queries and applies the
circulation operations through :class:`~sync.ils.reference.store.Store`. Borrow anywhere,
return anywhere: a return answers where the item goes — the hold shelf here, transit to the
hold's pickup branch, transit to its home branch, or back on the shelf.

Offline replay (``no_block=True``) applies what physically happened and turns every broken rule
into ``Outcome.CONFLICT`` with the rule as ``reason``; it keeps the due date the kiosk gave the
patron. Online, the centre decides the due date itself (the kiosk's is ignored). Every mutating
call with a ``txn_id`` stores its result in the same database transaction as the change (in
``applied_txns``), so a repeat returns the stored result — except while the event-time
sequencer records the undo log (:meth:`ReferenceILS.recording_undo`): its journal keeps the
result then.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from sync import schema
from sync.db import Connection
from sync.db.lease import Lease, open_lease
from sync.ils.base import (
    Account,
    CheckinResult,
    CheckoutResult,
    FeePaidResult,
    Hold,
    ItemInfo,
    ItemStatus,
    Loan,
    Outcome,
    PatronStatus,
    RenewResult,
    Result,
    SortDestination,
)
from sync.ils.reference import inventory
from sync.ils.reference.pins import check_pin
from sync.ils.reference.rules import MESSAGES, Rules, cents, money
from sync.ils.reference.schema import migrations
from sync.ils.reference.store import Store
from sync.ils.undo import UndoLogILS

if TYPE_CHECKING:
    from inventory_scanner.callnumbers import AuthorNumber, Scheme

log = logging.getLogger(__name__)
R = TypeVar("R", bound=Result)


class ReferenceILS(UndoLogILS):
    """The reference ILS on one SQLite file or PostgreSQL database.

    :param path: the database file (``":memory:"`` for throwaway use), or a PostgreSQL
        connection string (``postgresql://…``, multi-host ones included).
    :param today: a function giving "today" for status checks (tests pin it).
    """

    supports_undo_log: ClassVar[bool] = True
    supports_offline_cache: ClassVar[bool] = True
    supports_shelf_list: ClassVar[bool] = True

    def __init__(self, path: str | os.PathLike[str], *,
                 today: Callable[[], dt.date] | None = None, durable: bool = True,
                 inventory_checkin_on_shelf: bool = False,
                 inventory_missing_after: int = 2) -> None:
        self.store = Store(path, durable=durable)
        self._path = path
        self.rules = Rules(self.store)
        self._today = today or dt.date.today
        #: ``[central] inventory_checkin_on_shelf``: an item on loan seen on a shelf is returned
        self.inventory_checkin_on_shelf = inventory_checkin_on_shelf
        #: ``[central] inventory_missing_after_passes``
        self.inventory_missing_after = inventory_missing_after
        with self.store.lock:
            migrations.apply(self.store.db)

    @property
    def db(self) -> Connection:
        """The database (the ordering layer's journal, the ledger and the conflict records may
        live in it and commit with the loans)."""
        return self.store.db

    @property
    def lock(self) -> Any:
        return self.store.lock

    def reload_rules(self) -> None:
        """Forget the cached patron types, item types and loan rules (after staff edit them)."""
        self.rules.reload()

    def read_only_twin(self) -> ReferenceILS | None:
        """This ILS on a connection of its own to the same SQLite file or PostgreSQL database
        (not durable: it only reads); None in memory, which no second connection reaches."""
        if str(self._path) in ("", ":memory:"):
            return None
        return ReferenceILS(self._path, today=self._today, durable=False,
                            inventory_checkin_on_shelf=self.inventory_checkin_on_shelf,
                            inventory_missing_after=self.inventory_missing_after)

    def read_transaction(self) -> contextlib.AbstractContextManager[None]:
        return self.store.read_transaction()

    def lease(self, name: str) -> Lease | None:
        """A flock beside the SQLite file, an advisory lock of this connection's PostgreSQL
        session (:mod:`sync.db.lease`); None in memory."""
        return open_lease(self.store.db, name, self.store.lock)

    def close(self) -> None:
        self.store.close()

    def _one(self, sql: str, *args: Any) -> Any:
        """The first row of a read-only query (kept for the simulator's and tests' checks)."""
        return self.store.one(sql, *args)

    # --- transactions and the undo log (sync.ils.undo.UndoLogILS) ---------------------------
    @contextlib.contextmanager
    def batch(self) -> Iterator[ReferenceILS]:
        """One write transaction (waiting for other writers first) for many operations, each of which still
        succeeds or fails alone (a savepoint each)."""
        with self.store.write():
            yield self

    def all_or_nothing(self) -> contextlib.AbstractContextManager[None]:
        return self.store.all_or_nothing()

    def recording_undo(self) -> contextlib.AbstractContextManager[list[str]]:
        return self.store.recording_undo()

    def undo(self, statements: Iterable[str]) -> None:
        self.store.undo(statements)

    def borrower(self, item_id: str) -> str | None:
        """Who has ``item_id`` on loan now (None: nobody). The centre's own view, for the
        sequencer's rebase closure, staff tools and the simulator; the adapter interface never
        names a borrower (``ItemInfo``)."""
        with self.store.lock:
            row = self.store.db.execute("SELECT patron_id FROM loans WHERE item_id=?"
                                        " AND returned IS NULL", (item_id,)).fetchone()
        return row[0] if row else None

    def borrowers(self, item_ids: Iterable[str]) -> dict[str, str]:
        """:meth:`borrower` of many items in one query per 500 (items on loan only)."""
        items, out = list(item_ids), {}
        with self.store.lock:
            for k in range(0, len(items), 500):
                chunk = items[k:k + 500]
                out.update(self.store.db.execute(
                    f"SELECT item_id, patron_id FROM loans WHERE returned IS NULL"
                    f" AND item_id IN ({','.join('?' * len(chunk))})", chunk).fetchall())
        return out

    # --- stock: tag UIDs --------------------------------------------------------------------
    def tag_programmed(self, item_id: str, uid: str, *, model: str, event_time: dt.datetime,
                       txn_id: str | None = None) -> None:
        """Store tag ``uid`` on ``item_id`` (a tag re-programmed for another item moves with
        it); an unknown item stores nothing (logged)."""
        with self.store.operation():
            conn = self.store.db
            if conn.execute("SELECT 1 FROM items WHERE id=?", (item_id,)).fetchone() is None:
                log.warning("tag_programmed for unknown item %s (tag %s): not stored", item_id, uid)
                return
            conn.execute("INSERT INTO item_tags (uid, item_id, model, programmed) VALUES"
                         " (?, ?, ?, ?) ON CONFLICT(uid) DO UPDATE SET item_id=excluded.item_id,"
                         " model=excluded.model, programmed=excluded.programmed",
                         (uid, item_id, model, schema.format_time(event_time)))

    def inventory_seen(self, item_id: str, *, location: str, branch: str,
                       event_time: dt.datetime, txn_id: str | None = None,
                       pass_id: str | None = None, range_from: str | None = None,
                       range_to: str | None = None, scheme: Scheme = "ccl",
                       author_number: AuthorNumber = "decimal") -> str:
        """One ``inventory_seen`` sighting as one operation (:mod:`.inventory`); what it did.
        ``scheme`` and ``author_number``: how a pass's range and the call numbers are read."""
        store = self.store
        with store.lock:
            if store.caller_rolls_back and not pass_id:  # the hot path under the sequencer
                return inventory.item_seen(self, item_id, location=location, branch=branch,
                                           event_time=event_time, txn_id=txn_id,
                                           checkin_on_shelf=self.inventory_checkin_on_shelf)
            with store.operation():
                if pass_id:
                    inventory.count_pass(self, pass_id, branch=branch, location=location,
                                         range_from=range_from, range_to=range_to,
                                         event_time=event_time, item_id=item_id,
                                         missing_after=self.inventory_missing_after,
                                         scheme=scheme, author_number=author_number)
                return inventory.item_seen(self, item_id, location=location, branch=branch,
                                           event_time=event_time, txn_id=txn_id,
                                           checkin_on_shelf=self.inventory_checkin_on_shelf)

    def tag_uids(self, item_id: str) -> list[str]:
        """The UIDs of the item's tags (one per part programmed), in UID order."""
        with self.store.lock:
            return [r[0] for r in self.store.db.execute(
                "SELECT uid FROM item_tags WHERE item_id=? ORDER BY uid", (item_id,))]

    def shelf_list(self, branch: str | None = None) -> list[dict[str, Any]]:
        """A branch's items (all without ``branch``) as shelf-list rows
        (:mod:`inventory_scanner.shelflist` JSON lines columns), with each item's tag ``uid``
        (the first of a set; ``uids`` all of them), in call-number text order."""
        db = self.store.db
        uids = ("(SELECT group_concat(uid, ' ') FROM (SELECT uid FROM item_tags t"
                "  WHERE t.item_id = i.id ORDER BY uid))" if db.dialect == "sqlite" else
                "(SELECT string_agg(uid, ' ' ORDER BY uid) FROM item_tags t"
                "  WHERE t.item_id = i.id)")
        with self.store.lock:
            rows = db.execute(
                f"SELECT i.id, i.call_number, i.title, i.home_branch, i.status, {uids} AS uids"
                " FROM items i" + (" WHERE i.home_branch=?" if branch else "")
                + " ORDER BY i.call_number NULLS FIRST, i.id",
                (branch,) if branch else ()).fetchall()
        out = []
        for item_id, call, title, home, status, uids in rows:
            row: dict[str, Any] = {"item_id": item_id, "call_number": call or "",
                                   "title": title, "branch": home, "status": status}
            if uids:
                row["uid"], row["uids"] = uids.split()[0], uids.split()
            out.append(row)
        return out

    def shelf_rows(self, branch: str | None = None) -> list[dict[str, Any]]:
        return inventory.shelf_rows(self, branch)

    def _idempotent(self, kind: str, txn_id: str | None, cls: type[R],
                    work: Callable[[], R]) -> R:
        """Run ``work`` as one operation with its result stored under ``txn_id`` (unless the
        sequencer records the undo log: its journal keeps results and looked there first)."""
        store = self.store
        if not txn_id or store.recording:
            with store.lock:
                if store.caller_rolls_back:  # (the hot path under the sequencer)
                    return work()
                with store.write():
                    return work()
        with store.operation():
            row = store.db.execute("SELECT result FROM applied_txns WHERE txn_id=?",
                                   (txn_id,)).fetchone()
            if row:
                return schema.from_json(cls, json.loads(row[0]))
            result = work()
            if result.outcome is not Outcome.RETRY_LATER:
                store.db.execute(
                    "INSERT INTO applied_txns (txn_id, kind, result) VALUES (?, ?, ?)",
                    (txn_id, kind, schema.encode(schema.to_json(result)).decode()))
            return result

    # --- queries -------------------------------------------------------------------------
    def patron_status(self, patron_id: str, *, pin: str | None = None) -> PatronStatus:
        with self.store.lock:
            p = self.store.one("SELECT * FROM patrons WHERE id=?", patron_id)
            if p is None:
                return PatronStatus(outcome=Outcome.REFUSED, reason="unknown_patron",
                                    screen_message=MESSAGES["unknown_patron"],
                                    patron_id=patron_id, valid=False)
            today = self._today()
            blocks = self.rules.patron_blocks(p, today)
            ptype = self.rules.tables()["patron_types"][p["type"]]
            pin_ok = check_pin(pin, p["pin_hash"]) if pin is not None else None
            ready = self.store.one("SELECT count(*) AS n FROM holds WHERE patron_id=?"
                              " AND status='ready'", patron_id)["n"]
            overdue = self.store.one("SELECT count(*) AS n FROM loans WHERE patron_id=?"
                                " AND returned IS NULL AND due < ?", patron_id,
                                today.isoformat())["n"]
            return PatronStatus(
                outcome=Outcome.APPLIED, patron_id=patron_id, valid=True, pin_ok=pin_ok,
                name=p["name"], patron_type=p["type"], home_branch=p["home_branch"],
                expires=dt.date.fromisoformat(p["expires"]), blocks=tuple(blocks),
                block_messages=tuple(MESSAGES[f"patron_{b}"] for b in blocks),
                loans_count=self.rules.loan_count(patron_id), loan_limit=ptype["loan_limit"],
                holds_ready_count=ready, overdue_count=overdue,
                fees_owed=money(self.rules.owed_cents(patron_id)), language=p["language"])

    def item_info(self, item_id: str) -> ItemInfo:
        with self.store.lock:
            it = self.rules.item(item_id)
            if it is None:
                return ItemInfo(outcome=Outcome.REFUSED, reason="unknown_item",
                                screen_message=MESSAGES["unknown_item"], item_id=item_id)
            loan = self.store.one("SELECT due FROM loans WHERE item_id=? AND returned IS NULL", item_id)
            hold = self.store.one("SELECT pickup_branch FROM holds WHERE item_id=?"
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

    def account(self, patron_id: str) -> Account:
        with self.store.lock:
            if self.store.one("SELECT 1 AS x FROM patrons WHERE id=?", patron_id) is None:
                return Account(outcome=Outcome.REFUSED, reason="unknown_patron",
                               screen_message=MESSAGES["unknown_patron"], patron_id=patron_id)
            today = self._today()
            loans = []
            for r in self.store.all(
                    "SELECT l.item_id, l.due, l.renewals, i.title, i.item_type, p.type AS ptype"
                    " FROM loans l JOIN items i ON i.id = l.item_id JOIN patrons p"
                    " ON p.id = l.patron_id WHERE l.patron_id=? AND l.returned IS NULL"
                    " ORDER BY l.due, l.item_id", patron_id):
                rule = self.rules.rule(r["ptype"], r["item_type"])
                due = dt.date.fromisoformat(r["due"])
                why = ("renewal_limit" if r["renewals"] >= rule["renewals"] else "hold_for_other"
                       if self.rules.waiting_for_other(r["item_id"], patron_id) else None)
                loans.append(Loan(item_id=r["item_id"], title=r["title"], due_date=due,
                                  renewals=r["renewals"], renewable=why is None, reason=why,
                                  overdue=due < today))
            holds = tuple(
                Hold(item_id=h["item_id"], title=h["title"], pickup_branch=h["pickup_branch"],
                     ready=h["status"] == "ready",
                     expires=dt.date.fromisoformat(h["expires"]) if h["expires"] else None)
                for h in self.store.all(
                    "SELECT h.*, i.title FROM holds h JOIN items i ON i.id = h.item_id"
                    " WHERE h.patron_id=? AND h.status IN ('waiting', 'in_transit', 'ready')"
                    " ORDER BY h.placed", patron_id))
            return Account(outcome=Outcome.APPLIED, patron_id=patron_id, loans=tuple(loans),
                           holds=holds, fees_owed=money(self.rules.owed_cents(patron_id)))

    # --- circulation --------------------------------------------------------------------
    def authorise_checkout(self, patron_id: str, item_id: str, *, branch: str) -> CheckoutResult:
        with self.store.lock:
            today = self._today()
            broken, p, it, _ = self.rules.checkout(patron_id, item_id, today)
            title = it["title"] if it else None
            if broken:
                return CheckoutResult(outcome=Outcome.REFUSED, reason=broken[0],
                                      screen_message=MESSAGES[broken[0]], patron_id=patron_id,
                                      item_id=item_id, title=title)
            rule = self.rules.rule(p["type"], it["item_type"])
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
        broken, p, it, facts = self.rules.checkout(patron_id, item_id, on, pickup=pickup)
        title = it["title"] if it else None
        fatal = {"unknown_patron", "unknown_item"} & set(broken)
        if broken and (not no_block or fatal):
            return CheckoutResult(outcome=Outcome.REFUSED, reason=broken[0],
                                  screen_message=MESSAGES[broken[0]], patron_id=patron_id,
                                  item_id=item_id, title=title)
        when = schema.format_time(event_time)
        rule = self.rules.rule(p["type"], it["item_type"])
        # offline the patron was told the kiosk's date; online the centre's rules decide
        due = (due_date if no_block and due_date else None) or on + dt.timedelta(rule["loan_days"])
        renewal = facts["loan_patron"] == patron_id
        if renewal:
            loan = self.store.one("SELECT due, renewals FROM loans WHERE id=?", facts["loan_id"])
            self.store.update("loans", facts["loan_id"],
                         {"due": due.isoformat(), "renewals": loan["renewals"] + 1}, old=loan)
        else:
            if facts["loan_id"] is not None:  # offline: the other loan ended unseen
                self.store.update("loans", facts["loan_id"], {"returned": when, "return_branch": branch})
            self.store.insert("loans", {"item_id": item_id, "patron_id": patron_id, "branch": branch,
                                   "issued": when, "due": due.isoformat(), "txn_id": txn_id})
        self.store.update("items", item_id, {"status": "on_loan", "current_branch": branch}, old=it)
        if facts["own_holds"]:  # lending fills this patron's hold on it, wherever it was lent
            for hold in self.store.all("SELECT id, status FROM holds WHERE item_id=? AND patron_id=?"
                                  " AND status IN ('waiting', 'in_transit', 'ready')",
                                  item_id, patron_id):
                self.store.update("holds", hold["id"], {"status": "filled"}, old=hold)
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
        it = self.store.one("SELECT * FROM items WHERE id=?", item_id)
        if it is None:
            return CheckinResult(outcome=Outcome.REFUSED, reason="unknown_item",
                                 screen_message=MESSAGES["unknown_item"], item_id=item_id,
                                 destination=SortDestination.STAFF)
        when = schema.format_time(event_time)
        loan = self.store.one("SELECT l.*, p.type AS ptype FROM loans l JOIN patrons p"
                         " ON p.id = l.patron_id WHERE l.item_id=? AND l.returned IS NULL",
                         item_id)
        fine = 0
        if loan:
            self.store.update("loans", loan["id"], {"returned": when, "return_branch": branch},
                         old=loan)
            fine = self.rules.fine_cents(loan, it["item_type"], event_time.date())
            if fine:
                self.store.insert("fees", {"patron_id": loan["patron_id"], "amount_cents": fine,
                                      "reason": "overdue", "item_id": item_id, "created": when})
        hold = self.store.one("SELECT * FROM holds WHERE item_id=? AND status IN"
                         " ('waiting', 'in_transit', 'ready') ORDER BY placed LIMIT 1", item_id)
        if hold and hold["pickup_branch"] == branch:
            self.store.update("holds", hold["id"], {
                "status": "ready", "ready_since": when,
                "expires": (event_time.date() + dt.timedelta(7)).isoformat()}, old=hold)
            status, dest, dest_branch = "on_hold_shelf", SortDestination.HOLD_SHELF, branch
        elif hold:
            self.store.update("holds", hold["id"], {"status": "in_transit"}, old=hold)
            status, dest, dest_branch = "in_transit", SortDestination.TRANSIT, hold["pickup_branch"]
        elif it["home_branch"] != branch:
            status, dest, dest_branch = "in_transit", SortDestination.TRANSIT, it["home_branch"]
        else:
            status, dest, dest_branch = "available", SortDestination.RESHELVE, branch
        if it["status"] in ("lost", "withdrawn"):  # found again: staff decide
            status, dest, dest_branch = it["status"], SortDestination.STAFF, None
        self.store.update("items", item_id, {"status": status, "current_branch": branch}, old=it)
        return CheckinResult(outcome=Outcome.APPLIED, item_id=item_id, destination=dest,
                             destination_branch=dest_branch, title=it["title"],
                             was_on_loan=loan is not None, fees_charged=money(fine))

    def renew(self, patron_id: str, item_id: str, *, branch: str, event_time: dt.datetime,
              no_block: bool = False, due_date: dt.date | None = None,
              txn_id: str | None = None) -> RenewResult:
        def work() -> RenewResult:
            loan, rule, broken = self.rules.renew(patron_id, item_id, event_time.date())
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
            self.store.update("loans", loan["id"],
                         {"due": due.isoformat(), "renewals": loan["renewals"] + 1}, old=loan)
            return RenewResult(outcome=Outcome.CONFLICT if broken else Outcome.APPLIED,
                               reason=broken[0] if broken else None,
                               screen_message=MESSAGES[broken[0]] if broken else None,
                               patron_id=patron_id, item_id=item_id, due_date=due,
                               renewals_left=max(0, left - 1))
        return self._idempotent("renew", txn_id, RenewResult, work)

    def authorise_renew(self, patron_id: str, item_id: str, *, branch: str) -> RenewResult:
        """The answer and due date a renewal today would get, without renewing."""
        with self.store.lock:
            today = self._today()
            loan, rule, broken = self.rules.renew(patron_id, item_id, today)
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
            paid = cents(amount)
            sql = ("SELECT id, amount_cents - paid_cents AS due, paid_cents FROM fees"
                   " WHERE patron_id=? AND paid_cents < amount_cents")
            args: list[Any] = [patron_id]
            if fee_id is not None:
                sql += " AND id=?"
                args.append(fee_id)
            fees = self.store.all(sql + " ORDER BY created, id", *args)
            owed = sum(f["due"] for f in fees)
            reason = "no_fees" if owed == 0 else "overpayment" if paid > owed else None
            if reason:
                return FeePaidResult(outcome=Outcome.REFUSED, reason=reason,
                                     screen_message=MESSAGES[reason], patron_id=patron_id,
                                     amount=amount, currency=self.currency,
                                     fees_owed=money(self.rules.owed_cents(patron_id)))
            left = paid
            for f in fees:
                pay = min(left, f["due"])
                self.store.update("fees", f["id"], {"paid_cents": f["paid_cents"] + pay}, old=f)
                left -= pay
                if not left:
                    break
            return FeePaidResult(outcome=Outcome.APPLIED, patron_id=patron_id, amount=amount,
                                 currency=self.currency,
                                 fees_owed=money(self.rules.owed_cents(patron_id)))
        if self.store.one("SELECT 1 AS x FROM patrons WHERE id=?", patron_id) is None:
            return FeePaidResult(outcome=Outcome.REFUSED, reason="unknown_patron",
                                 screen_message=MESSAGES["unknown_patron"], patron_id=patron_id,
                                 amount=amount, currency=self.currency)
        return self._idempotent("fee_paid", txn_id, FeePaidResult, work)
