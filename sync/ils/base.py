"""The ILS adapter interface: what the central bridge and online requests need from an ILS.

Implemented by the reference ILS (:mod:`sync.ils.reference`, the embedded default) and by the
SIP2 adapter (:mod:`sync.ils.sip2_adapter`, also importable as ``sync.ils.sip2``) for
existing systems. Both speak these types only.

Theory of operation
-------------------
* Every answer is one of the result types of :mod:`sync.results` (re-exported here), a frozen,
  keyword-only dataclass carrying an :class:`Outcome` (applied, refused, conflict, retry later).
* Refusals are results, never exceptions. Exceptions (:class:`sync.errors.ILSError`) mean the
  adapter itself failed; :class:`sync.errors.ILSUnavailable` makes the bridge answer "retry".
* Mutating calls take ``txn_id``, the outbox's idempotency key. An adapter that can remember
  it (the reference ILS does, in the same database transaction as the change) returns the stored
  result for a repeat, so a bridge crash between "applied in the ILS" and "recorded in the
  ledger" still applies a transaction once. SIP2 cannot; the bridge's ledger covers it there.
* ``no_block=True`` is offline replay (SIP2's no-block flag): apply what physically happened,
  and report broken rules as ``CONFLICT`` instead of refusing. ``event_time`` is when it happened
  at the kiosk (UTC, aware); ``due_date`` is the due date the kiosk gave offline, if any.
* Money is :class:`decimal.Decimal` in the library's currency (``currency``, ISO 4217).
"""

from __future__ import annotations

import abc
import contextlib
import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from sync.results import (  # re-exported: the result types lived here before sync/results.py
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

if TYPE_CHECKING:
    from sync.db.lease import Lease

__all__ = ["Account", "CheckinResult", "CheckoutResult", "FeePaidResult", "Hold", "ILSAdapter",
           "ItemInfo", "ItemStatus", "Loan", "Outcome", "PatronStatus", "RenewResult", "Result",
           "SortDestination"]


class ILSAdapter(abc.ABC):
    """One ILS, as the bridge sees it. Implementations must be usable from one thread at a time;
    the bridge serialises calls. Patron identifiers and PINs must never be logged in full.
    """

    #: ISO 4217 code of the amounts this ILS uses
    currency: str = "TWD"
    #: capabilities, declared by the class (the centre reads them, never probes):
    #: writes can log their inverse (:class:`sync.ils.undo.UndoLogILS`): event-time rebase
    supports_undo_log: ClassVar[bool] = False
    #: blocked patrons and trapped holds can be listed for the kiosks' offline cache
    supports_offline_cache: ClassVar[bool] = False
    #: a branch's items can be listed for inventory (:meth:`shelf_rows`)
    supports_shelf_list: ClassVar[bool] = False

    # --- queries (online requests) -------------------------------------------------------
    @abc.abstractmethod
    def patron_status(self, patron_id: str, *, pin: str | None = None) -> PatronStatus:
        """The patron's standing; with ``pin`` also whether it is right (``pin_ok``)."""

    @abc.abstractmethod
    def item_info(self, item_id: str) -> ItemInfo:
        """An item's bibliographic data and circulation status (``valid`` items only; an unknown
        item gives ``outcome=REFUSED, reason="unknown_item"``)."""

    @abc.abstractmethod
    def account(self, patron_id: str) -> Account:
        """The patron's loans, holds (ready or not) and fees owed."""

    def authorise_checkout(self, patron_id: str, item_id: str, *, branch: str) -> CheckoutResult:
        """Would a checkout be allowed now? No change is made.

        The default asks :meth:`patron_status` and :meth:`item_info` (enough for SIP2, which has
        no dry run); adapters that know loan limits and periods should override it.
        ``due_date`` is None when the ILS cannot tell before the checkout.
        """
        patron = self.patron_status(patron_id)
        refusal = _patron_refusal(patron)
        if refusal:
            return CheckoutResult(outcome=Outcome.REFUSED, reason=refusal[0],
                                  screen_message=refusal[1], patron_id=patron_id, item_id=item_id)
        item = self.item_info(item_id)
        if item.outcome is not Outcome.APPLIED:
            return CheckoutResult(outcome=Outcome.REFUSED, reason=item.reason or "unknown_item",
                                  screen_message=item.screen_message, patron_id=patron_id,
                                  item_id=item_id)
        if item.on_hold_for_other:
            return CheckoutResult(outcome=Outcome.REFUSED, reason="hold_for_other",
                                  screen_message="This item is reserved for another reader.",
                                  patron_id=patron_id, item_id=item_id, title=item.title)
        if item.status in (ItemStatus.NON_CIRCULATING, ItemStatus.LOST, ItemStatus.WITHDRAWN):
            return CheckoutResult(outcome=Outcome.REFUSED, reason=f"item_{item.status.value}",
                                  screen_message="This item cannot be borrowed here.",
                                  patron_id=patron_id, item_id=item_id, title=item.title)
        return CheckoutResult(outcome=Outcome.APPLIED, patron_id=patron_id, item_id=item_id,
                              title=item.title)

    def authorise_renew(self, patron_id: str, item_id: str, *, branch: str) -> RenewResult:
        """Would a renewal be allowed now, and until when? No change is made.

        The default (what SIP2, which has no dry run, can tell) reads the patron's standing
        and the item: a block, an item not on loan or one held for someone else is
        ``REFUSED``; otherwise ``APPLIED`` with ``due_date`` None — the ILS names the date only
        when it renews. Adapters that know loan rules override it with the date they would give.
        """
        patron = self.patron_status(patron_id)
        refusal = _patron_refusal(patron)
        if refusal:
            return RenewResult(outcome=Outcome.REFUSED, reason=refusal[0],
                               screen_message=refusal[1], patron_id=patron_id, item_id=item_id)
        item = self.item_info(item_id)
        reason = None
        if item.outcome is not Outcome.APPLIED:
            reason = item.reason or "unknown_item"
        elif item.status is not ItemStatus.ON_LOAN:
            reason = "not_on_loan"
        elif item.on_hold_for_other:
            reason = "hold_for_other"
        if reason:
            return RenewResult(outcome=Outcome.REFUSED, reason=reason,
                               screen_message=item.screen_message, patron_id=patron_id,
                               item_id=item_id, due_date=item.due_date)
        return RenewResult(outcome=Outcome.APPLIED, patron_id=patron_id, item_id=item_id)

    # --- transactions (applied by the bridge, exactly once) ------------------------------
    @abc.abstractmethod
    def checkout(self, patron_id: str, item_id: str, *, branch: str, event_time: dt.datetime,
                 no_block: bool = False, due_date: dt.date | None = None,
                 txn_id: str | None = None) -> CheckoutResult:
        """Lend ``item_id`` to ``patron_id``. With ``no_block`` (offline replay) the loan is made
        whatever the rules say and broken rules come back as ``CONFLICT``."""

    @abc.abstractmethod
    def checkin(self, item_id: str, *, branch: str, event_time: dt.datetime,
                no_block: bool = False, txn_id: str | None = None) -> CheckinResult:
        """Return ``item_id`` at ``branch``; the answer says where it goes next."""

    @abc.abstractmethod
    def renew(self, patron_id: str, item_id: str, *, branch: str, event_time: dt.datetime,
              no_block: bool = False, due_date: dt.date | None = None,
              txn_id: str | None = None) -> RenewResult:
        """Extend a loan the patron holds."""

    @abc.abstractmethod
    def fee_paid(self, patron_id: str, amount: Decimal, *, event_time: dt.datetime,
                 payment_type: str = "cash", fee_id: str | None = None,
                 txn_id: str | None = None) -> FeePaidResult:
        """Record a payment (``fee_id`` names one fee; None pays the oldest first)."""

    @abc.abstractmethod
    def hold_pickup(self, patron_id: str, item_id: str, *, branch: str, event_time: dt.datetime,
                    no_block: bool = False, due_date: dt.date | None = None,
                    txn_id: str | None = None) -> CheckoutResult:
        """Lend a held item to the patron it waits for and fill the hold."""

    def tag_programmed(self, item_id: str, uid: str, *, model: str,  # noqa: B027 - optional
                       event_time: dt.datetime, txn_id: str | None = None) -> None:
        """Record that tag ``uid`` now carries ``item_id`` (a ``tag_programmed`` transaction);
        an adapter that cannot store UIDs (SIP2) ignores it."""

    def may_have_applied(self, txn_id: str) -> None:  # noqa: B027 - optional hook
        """The centre sent ``txn_id`` here before and never learnt the answer (its bridge
        died, or its record failed), and is about to send it again. An adapter that remembers
        ``txn_id`` itself needs nothing; one that cannot (SIP2) settles it with the ILS first
        instead of applying it twice."""

    def batch(self) -> contextlib.AbstractContextManager[object]:
        """A scope in which the bridge applies many transactions; adapters that can commit them
        together (the reference ILS: one SQLite transaction) override it. Each call inside still
        succeeds or fails on its own."""
        return contextlib.nullcontext()

    def shelf_rows(self, branch: str | None = None) -> list[dict[str, Any]]:
        """A branch's shelf list (all branches without ``branch``) in the edge's JSON-lines
        columns, in call-number text order; only where :attr:`supports_shelf_list`."""
        raise NotImplementedError(f"{type(self).__name__} cannot list shelves")

    def read_transaction(self) -> contextlib.AbstractContextManager[None]:
        """One read transaction around the reads made inside, so that they see one moment of
        the database (or, inside an open transaction, that one). The default has none: each
        answer of an ILS behind a protocol (SIP2) stands alone."""
        return contextlib.nullcontext()

    def lease(self, name: str) -> Lease | None:
        """The lease ``name`` (:mod:`sync.db.lease`) among every process using this ILS's
        database, held on this adapter's connection: one bridge of many does the job it names.
        None when no other process shares the database (in memory) or there is none of ours
        (SIP2): the caller is alone and does the job.

        :raises Exception: the database cannot be reached now (the caller asks again later).
        """
        return None

    def read_only_twin(self) -> ILSAdapter | None:
        """This ILS on a second connection to the same database, for heavy reads (shelf lists,
        the offline cache) that must neither wait for this adapter's writes nor hold them up;
        or None when it cannot open one (a database in memory, SIP2): the caller then reads
        through this adapter under its own lock. The caller only reads from it (and holds its
        leases on it, :meth:`lease`) and closes it.

        :raises Exception: the database cannot be reached now (the caller asks again later).
        """
        return None

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections; the default has none."""

    def __enter__(self) -> ILSAdapter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _patron_refusal(patron: PatronStatus) -> tuple[str, str] | None:
    if not patron.valid:
        return "unknown_patron", patron.screen_message or "Card not recognised."
    if patron.pin_ok is False:
        return "wrong_pin", "Wrong PIN."
    if patron.blocks:
        message = patron.block_messages[0] if patron.block_messages else "Please see the staff."
        return f"patron_{patron.blocks[0]}", message
    return None
