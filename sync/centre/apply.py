"""The applier interface: how the centre's batch component (:mod:`sync.centre.batch`) hands
validated transactions to the ILS, whichever way they are ordered.

Two implementations: :class:`sync.centre.inorder.InOrderApplier` (arrival order, any adapter:
SIP2, or any adapter without an undo log) and :class:`sync.centre.rebase.RebasingApplier`
(event-time order with exact rebase, for an adapter that declares ``supports_undo_log``).
:func:`sync.centre.ordering.applier_for` picks one from the adapter's declared capabilities.

Failure contract: :meth:`Applier.apply` answers each transaction with a result, or puts the
exception that stopped it in :attr:`Applied.failed` (``ILSUnavailable``: answer "retry";
anything else: reject it). An applier that applies a batch all or nothing raises
:class:`ApplyError` naming the transaction that failed, after rolling the batch back; the
caller applies the rest again without it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from sync import schema
from sync.ils.base import ILSAdapter, Result


class ApplyError(Exception):
    """Transaction ``txn_id`` failed inside an all-or-nothing batch (rolled back): apply the
    others again without it."""

    def __init__(self, txn_id: str, cause: BaseException) -> None:
        super().__init__(f"{txn_id}: {type(cause).__name__}: {cause}")
        self.txn_id = txn_id
        self.cause = cause


@dataclass
class Applied:
    """What :meth:`Applier.apply` did, by ``txn_id``."""

    #: the result (a repeat: its current result; None for types the ILS never sees)
    results: dict[str, Result | None] = field(default_factory=dict)
    #: transactions not applied, with the reason
    failed: dict[str, Exception] = field(default_factory=dict)
    #: results already converted to JSON (the reply carries them)
    json: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: transactions found applied already (by an earlier call, or another bridge on the same
    #: database): their ``results`` are the journal's, and the reply says duplicate
    repeats: set[str] = field(default_factory=set)


class Applier(Protocol):
    """Applies validated transaction messages through one ILS adapter."""

    #: the adapter (online requests query it directly)
    adapter: ILSAdapter
    #: True when late arrivals are rebased over (event-time order), False: arrival order
    rebases: bool
    #: True when a failed :meth:`apply` leaves nothing behind (one ILS transaction), so the
    #: batch may be applied again without the transaction that failed; False when each
    #: transaction reaches the ILS on its own (SIP2) and apply() reports failures per
    #: transaction instead of raising
    atomic: bool

    def transaction(self) -> contextlib.AbstractContextManager[object]:
        """The scope one batch is applied in; a ledger sharing the adapter's database records
        the batch inside it, in the same commit."""
        ...

    def apply(self, messages: Sequence[dict[str, Any]], *,
              received: float | None = None) -> Applied:
        """Apply these validated transactions (duplicates within them are applied once)."""
        ...

    def compact(self, before: dt.datetime) -> int:
        """Forget what no rebase can reach any more (older than ``before``); rows deleted."""
        ...

    def close(self) -> None:
        ...

    def __enter__(self) -> Applier:
        ...

    def __exit__(self, *exc: object) -> None:
        ...


def apply_transaction(ils: ILSAdapter, msg: dict[str, Any]) -> Result | None:
    """Apply one validated transaction message through ``ils``; None for types that have no
    result (station events, stock: ``tag_programmed`` stores the UID, ``inventory_seen`` the
    sighting where the ILS keeps them — the reference ILS; a SIP2 ILS is not told).

    :raises ILSUnavailable: when the ILS cannot decide now.
    """
    kind, p = msg["type"], msg["payload"]
    if kind == "tag_programmed":  # stock: the ILS stores the tag's UID on the item
        ils.tag_programmed(p["item_id"], p["uid"], model=p["model"],
                           event_time=schema.parse_time(msg["wall_time"]), txn_id=msg["txn_id"])
        return None
    if kind == "inventory_seen" and hasattr(ils, "inventory_seen"):  # the reference ILS's
        ils.inventory_seen(p["item_id"], location=p["location"], branch=msg["branch"],
                           event_time=schema.parse_time(msg["wall_time"]), txn_id=msg["txn_id"],
                           pass_id=p.get("pass_id"), range_from=p.get("range_from"),
                           range_to=p.get("range_to"), scheme=p.get("scheme", "ccl"),
                           author_number=p.get("author_number", "decimal"))
        return None
    if kind not in schema.CIRCULATION_TYPES:  # station events, other stock: never applied
        return None
    when = schema.parse_time(msg["wall_time"])
    branch, no_block, txn_id = msg["branch"], msg["offline"], msg["txn_id"]
    due = dt.date.fromisoformat(p["due_date"]) if "due_date" in p else None
    if kind == "checkout":
        return ils.checkout(p["patron_id"], p["item_id"], branch=branch, event_time=when,
                            no_block=no_block, due_date=due, txn_id=txn_id)
    if kind == "checkin":
        return ils.checkin(p["item_id"], branch=branch, event_time=when, no_block=no_block,
                           txn_id=txn_id)
    if kind == "renew":
        return ils.renew(p["patron_id"], p["item_id"], branch=branch, event_time=when,
                         no_block=no_block, due_date=due, txn_id=txn_id)
    if kind == "hold_pickup":
        return ils.hold_pickup(p["patron_id"], p["item_id"], branch=branch, event_time=when,
                               no_block=no_block, due_date=due, txn_id=txn_id)
    if kind == "fee_paid":
        return ils.fee_paid(p["patron_id"], Decimal(p["amount"]), event_time=when,
                            payment_type=p.get("payment_type", "cash"), fee_id=p.get("fee_id"),
                            txn_id=txn_id)
    return None
