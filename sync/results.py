"""What the centre answers, as both ends see it: the result types of the wire contract.

The ILS adapters (:mod:`sync.ils`) return them, the bridge turns them into replies, and the edge
(:mod:`sync.edge.client`) and the kiosk read them back, so they live at the top of ``sync/``
where neither end has to import the other or the ILS layer.

Theory of operation
-------------------
* Every answer is a frozen, keyword-only dataclass checked when built, carrying an
  :class:`Outcome`: ``APPLIED`` (done), ``REFUSED`` (the ILS said no; ``reason`` is a stable
  machine code such as ``patron_blocked``, ``screen_message`` the words for the patron),
  ``CONFLICT`` (an offline transaction was applied with no-block semantics although a rule was
  broken; the centre reports it to staff) or ``RETRY_LATER`` (the ILS could not decide now).
* Refusals are results, never exceptions.
* Money is :class:`decimal.Decimal` in the library's currency (``currency``, ISO 4217).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = ["Account", "CheckinResult", "CheckoutResult", "FeePaidResult", "Hold", "ItemInfo",
           "ItemStatus", "Loan", "Outcome", "PatronStatus", "RenewResult", "Result",
           "SortDestination"]


class Outcome(enum.Enum):
    APPLIED = "applied"
    REFUSED = "refused"
    CONFLICT = "conflict"
    RETRY_LATER = "retry_later"


class SortDestination(enum.Enum):
    """Where a returned item goes (the kiosk's sorting instruction / bin)."""

    RESHELVE = "reshelve"
    HOLD_SHELF = "hold_shelf"
    TRANSIT = "transit"  # to ``destination_branch`` (its home branch or the hold's pickup branch)
    STAFF = "staff"  # unknown item, damaged, needs a person


class ItemStatus(enum.Enum):
    AVAILABLE = "available"
    ON_LOAN = "on_loan"
    ON_HOLD_SHELF = "on_hold_shelf"
    IN_TRANSIT = "in_transit"
    LOST = "lost"
    MISSING = "missing"
    WITHDRAWN = "withdrawn"
    NON_CIRCULATING = "non_circulating"
    UNKNOWN = "unknown"


@dataclass(frozen=True, kw_only=True)
class Result:
    """Common part of every answer."""

    outcome: Outcome
    reason: str | None = None  # stable machine code, e.g. "patron_blocked", "hold_for_other"
    screen_message: str | None = None  # what the patron is told, in the ILS's words

    def __post_init__(self) -> None:
        if not isinstance(self.outcome, Outcome):
            raise TypeError("outcome must be an Outcome")
        if self.outcome in (Outcome.REFUSED, Outcome.CONFLICT) and not self.reason:
            raise ValueError(f"a {self.outcome.value} result needs a reason")

    @property
    def ok(self) -> bool:
        """True when the operation took effect (applied, or applied as a conflict)."""
        return self.outcome in (Outcome.APPLIED, Outcome.CONFLICT)


@dataclass(frozen=True, kw_only=True)
class PatronStatus(Result):
    patron_id: str
    valid: bool  # the patron exists
    pin_ok: bool | None = None  # None: no PIN was given / the ILS does not check
    name: str | None = None
    patron_type: str | None = None
    home_branch: str | None = None
    expires: dt.date | None = None
    blocks: tuple[str, ...] = ()  # machine codes: "expired", "blocked", "fees", "overdue", "lost_card"
    block_messages: tuple[str, ...] = ()  # the same in words
    loans_count: int = 0
    loan_limit: int | None = None
    holds_ready_count: int = 0
    overdue_count: int = 0
    fees_owed: Decimal = Decimal(0)
    currency: str = "TWD"
    language: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.patron_id:
            raise ValueError("patron_id must not be empty")
        if min(self.loans_count, self.holds_ready_count, self.overdue_count) < 0:
            raise ValueError("counts must not be negative")

    @property
    def can_borrow(self) -> bool:
        return self.valid and self.pin_ok is not False and not self.blocks


@dataclass(frozen=True, kw_only=True)
class ItemInfo(Result):
    item_id: str
    status: ItemStatus = ItemStatus.UNKNOWN
    title: str | None = None
    author: str | None = None
    call_number: str | None = None
    item_type: str | None = None
    owner: str | None = None  # ISIL of the owning library, e.g. "TW-TPML"
    home_branch: str | None = None
    current_branch: str | None = None
    due_date: dt.date | None = None
    on_hold_for_other: bool = False  # a hold is waiting on it for someone (never says who)
    hold_pickup_branch: str | None = None
    parts: int = 1

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.item_id:
            raise ValueError("item_id must not be empty")
        if not isinstance(self.status, ItemStatus):
            raise TypeError("status must be an ItemStatus")
        if self.parts < 1:
            raise ValueError("parts must be >= 1")


@dataclass(frozen=True, kw_only=True)
class CheckoutResult(Result):
    patron_id: str
    item_id: str
    due_date: dt.date | None = None  # None only from authorise_checkout when the ILS can't tell
    renewal: bool = False  # the ILS treated it as a renewal (item already on loan to this patron)
    title: str | None = None


@dataclass(frozen=True, kw_only=True)
class CheckinResult(Result):
    item_id: str
    destination: SortDestination = SortDestination.STAFF
    destination_branch: str | None = None  # for TRANSIT, and HOLD_SHELF at this branch
    title: str | None = None
    was_on_loan: bool = True
    fees_charged: Decimal = Decimal(0)  # overdue fine raised by this return

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.destination, SortDestination):
            raise TypeError("destination must be a SortDestination")
        if self.destination is SortDestination.TRANSIT and not self.destination_branch:
            raise ValueError("a transit destination needs destination_branch")


@dataclass(frozen=True, kw_only=True)
class RenewResult(Result):
    patron_id: str
    item_id: str
    due_date: dt.date | None = None
    renewals_left: int | None = None


@dataclass(frozen=True, kw_only=True)
class FeePaidResult(Result):
    patron_id: str
    amount: Decimal
    currency: str = "TWD"
    fees_owed: Decimal = Decimal(0)  # what is still owed afterwards

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.amount <= 0:
            raise ValueError("amount must be positive")


@dataclass(frozen=True, kw_only=True)
class Loan:
    item_id: str
    title: str | None
    due_date: dt.date
    renewals: int = 0
    renewable: bool = True
    overdue: bool = False
    reason: str | None = None  # why not renewable ("renewal_limit", "hold_for_other"), if known


@dataclass(frozen=True, kw_only=True)
class Hold:
    item_id: str | None  # the item trapped for the hold, once there is one
    title: str | None
    pickup_branch: str
    ready: bool
    expires: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class Account(Result):
    """A patron's loans, holds and fees (the kiosk's account view)."""

    patron_id: str
    loans: tuple[Loan, ...] = ()
    holds: tuple[Hold, ...] = field(default=())
    fees_owed: Decimal = Decimal(0)
    currency: str = "TWD"
