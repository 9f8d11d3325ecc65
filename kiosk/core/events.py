"""What the kiosk core tells a view: frozen, keyword-only events checked when built.

The core emits events; a view (the PySide6 UI, the headless runner, a test) only follows them.
Every event is a dataclass with a ``kind`` (a stable string) and :meth:`Event.to_json`, so the
headless runner prints them as JSON lines and a view can switch on the type.

Codes, not words
----------------
Problems, refusals and outcomes travel as stable machine codes (the string constants below:
:class:`RowStatus`, :class:`Refusal`, :class:`ItemAction`, :class:`ItemResult`, :class:`SortBin`,
:class:`EndReason`, :class:`NoticeCode`). A view translates the code; ``message`` fields carry
the ILS's own words (or an English fallback) for codes a view does not know. Patron identifiers
appear only masked (``2300****0042``); a PIN never appears in any event.

Threading
---------
Listeners are called on the core's worker thread (python-can ``Notifier`` style); a Qt view
must hand each event to its UI thread (a queued signal) and return at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

__all__ = [
    "AccountShown", "ConnectivityChanged", "DispenseProgress", "Event", "EndReason",
    "FastBookCatalogue", "FastBookStored", "FastBookTitle", "HoldRow", "HoldsShown", "IdleWarning", "ItemAction",
    "ItemOutcome", "ItemResult", "LoanRow", "Notice", "NoticeCode", "OutOfOrder",
    "PatronIdentified", "PatronRefused", "PinRequested", "ReaderStatus", "Receipt",
    "ReceiptLine", "ReceiptPrinted", "Refusal", "RowStatus", "SessionEnded", "SessionStarted",
    "SortBin", "SortInstruction", "StackCleared", "StackRow", "StackRowRemoved", "StaffDiagnostics",
    "State", "StateChanged", "StationType",
]


class State(enum.Enum):
    """The station's screen-level state (see :mod:`kiosk.core.session` for the transitions)."""

    IDLE = "IDLE"  # attract screen, waiting for a card, a barcode or a book (return stations)
    IDENTIFYING = "IDENTIFYING"  # asking the centre (or the cache) about the patron
    PIN = "PIN"  # waiting for the patron's PIN
    ACCOUNT = "ACCOUNT"  # loans, due dates, holds ready, fees; renewals from here
    STACK = "STACK"  # items on the pad appear and disappear; checkout / renew-on-rescan
    CONFIRM = "CONFIRM"  # the stack is complete: waiting for the patron to confirm
    PROCESSING = "PROCESSING"  # transactions and security writes under way
    DONE = "DONE"  # outcomes and receipt shown; rating asked
    RETURN = "RETURN"  # returning items: checkin, security set, sorting instruction
    HOLDS = "HOLDS"  # the patron's ready holds: pick, then lend
    FASTBOOK_BROWSE = "FASTBOOK_BROWSE"  # the station's stock, to select from
    FASTBOOK_DISPENSE = "FASTBOOK_DISPENSE"  # the mechanism moves the item to the delivery slot
    OUT_OF_ORDER = "OUT_OF_ORDER"  # a reader or the disk is gone: no patron sessions
    STAFF = "STAFF"  # staff mode (diagnostics, force sync, clear stuck session)


class StationType(enum.Enum):
    SELF_CHECKOUT = "self_checkout"
    SELF_RETURN = "self_return"  # with sorting bins
    COMBINED = "combined"  # checkout and return at one station
    HOLDS_PICKUP = "holds_pickup"
    FASTBOOK = "fastbook"


class RowStatus:
    """Per-item status of a stack row (what the row shows)."""

    CHECKING = "checking"  # read, looking the item up
    OK = "ok"  # ready for the chosen action
    RENEW = "renew"  # already on loan to this patron: placing it again renews it
    UNREADABLE = "unreadable"  # the tag answered inventory but its data could not be read/decoded
    BLANK = "blank"  # a never-programmed tag
    OTHER_LIBRARY = "other_library"  # owner ISIL is not ours
    NOT_CIRCULATING = "not_circulating"  # reference copy, type of usage "not circulating"
    SET_INCOMPLETE = "set_incomplete"  # a multi-part set with parts missing (see present/parts)
    ON_HOLD_FOR_OTHER = "on_hold_for_other"  # reserved for another reader
    ON_LOAN_TO_OTHER = "on_loan_to_other"  # on loan to someone else (return it first)
    NOT_ON_LOAN = "not_on_loan"  # a return station read an item that is not on loan
    UNKNOWN_ITEM = "unknown_item"  # the ILS does not know the item
    REFUSED = "refused"  # the ILS refused for another reason (see message)
    PATRON_CARD = "patron_card"  # a patron card lying on the item pad
    DONE = "done"  # the action was completed for this item
    FAILED = "failed"  # the action failed for this item (see the ItemOutcome)

    ALL = frozenset({CHECKING, OK, RENEW, UNREADABLE, BLANK, OTHER_LIBRARY, NOT_CIRCULATING,
                     SET_INCOMPLETE, ON_HOLD_FOR_OTHER, ON_LOAN_TO_OTHER, NOT_ON_LOAN,
                     UNKNOWN_ITEM, REFUSED, PATRON_CARD, DONE, FAILED})
    #: statuses that let the row take part in the action
    ACTIONABLE = frozenset({OK, RENEW})


class Refusal:
    """Why a patron could not start (or continue) a session."""

    UNKNOWN_PATRON = "unknown_patron"
    WRONG_PIN = "wrong_pin"
    PIN_ATTEMPTS = "pin_attempts"  # too many wrong PINs
    BLOCKED = "patron_blocked"
    EXPIRED = "patron_expired"
    FEES = "patron_fees"
    OVERDUE = "patron_overdue"
    LOST_CARD = "patron_lost_card"
    OFFLINE_RULES_STALE = "offline_rules_stale"  # offline and the cached rules are too old
    CARD_UNREADABLE = "card_unreadable"
    NOT_STAFF = "not_staff"
    OTHER = "other"


class ItemAction:
    CHECKOUT = "checkout"
    RENEW = "renew"
    CHECKIN = "checkin"
    HOLD_PICKUP = "hold_pickup"
    DISPENSE = "dispense"  # FastBook: delivered and lent


class ItemResult:
    """The outcome of one action on one item."""

    DONE = "done"  # recorded (outbox first) and the security marker verified
    REFUSED = "refused"  # the centre/cache said no (``reason`` says why); nothing changed
    SECURITY_FAILED = "security_failed"  # recorded, but the marker could not be verified: see staff
    COMPENSATED = "compensated"  # the marker write failed, the transaction was undone
    LIFTED = "lifted"  # the item left the pad before it was done; undone (or sent to staff)
    ERROR = "error"  # the outbox refused the transaction; nothing changed


class SortBin:
    """Where a returned item goes (the sorting instruction / bin)."""

    RESHELVE = "reshelve"
    HOLD_SHELF = "hold_shelf"
    TRANSIT = "transit"
    STAFF = "staff"


class EndReason:
    PATRON = "patron"
    TIMEOUT = "timeout"
    CARD_REMOVED = "card_removed"
    STAFF = "staff"
    ERROR = "error"

    ALL = frozenset({PATRON, TIMEOUT, CARD_REMOVED, STAFF, ERROR})


class NoticeCode:
    """One-off messages a view shows as a banner or speaks."""

    PLACE_ITEMS = "place_items"
    LIMIT_REACHED = "limit_reached"  # the loan limit: no more items this session
    NOTHING_TO_DO = "nothing_to_do"  # confirm pressed with no actionable item
    OFFLINE_MODE = "offline_mode"  # lending under cached rules
    RATING_THANKS = "rating_thanks"
    SYNC_FORCED = "sync_forced"
    SESSION_CLEARED = "session_cleared"
    BAD_COMMAND = "bad_command"  # a command that does not fit the current state (ignored)
    RECEIPT_FAILED = "receipt_failed"
    SEE_STAFF = "see_staff"
    STATION_QUOTA = "station_quota"  # FastBook: the station quota for this patron is used up
    PICKUP_WINDOW = "pickup_window"  # FastBook: outside the pickup window


def _check_code(name: str, value: str, allowed: frozenset[str] | None = None) -> None:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} must be a non-empty code string")
    if allowed is not None and value not in allowed:
        raise ValueError(f"{name} {value!r} is not one of {sorted(allowed)}")


def _json(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_json(v) for v in value]
    return value


@dataclass(frozen=True, kw_only=True)
class Event:
    """Base of every event. ``kind`` names the event type in JSON (``state``, ``stack_row`` …)."""

    kind: ClassVar[str] = "event"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"event": self.kind}
        for f in dataclasses.fields(self):
            out[f.name] = _json(getattr(self, f.name))
        return out


# --- station and session -----------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class StateChanged(Event):
    kind: ClassVar[str] = "state"
    state: State
    previous: State | None = None
    station: StationType = StationType.SELF_CHECKOUT

    def __post_init__(self) -> None:
        if not isinstance(self.state, State):
            raise TypeError("state must be a State")


@dataclass(frozen=True, kw_only=True)
class SessionStarted(Event):
    kind: ClassVar[str] = "session_started"
    session_id: str
    channel: str = "kiosk"


@dataclass(frozen=True, kw_only=True)
class SessionEnded(Event):
    """The session is over; a view must drop everything it showed of the patron."""

    kind: ClassVar[str] = "session_ended"
    reason: str
    items: int = 0

    def __post_init__(self) -> None:
        _check_code("reason", self.reason, EndReason.ALL)


@dataclass(frozen=True, kw_only=True)
class PinRequested(Event):
    kind: ClassVar[str] = "pin_requested"
    attempts_left: int = 3
    purpose: str = "patron"  # or "staff" (a staff card was presented)


@dataclass(frozen=True, kw_only=True)
class PatronIdentified(Event):
    kind: ClassVar[str] = "patron_identified"
    patron: str  # masked identifier
    name: str | None = None
    loans_count: int = 0
    loan_limit: int | None = None
    holds_ready_count: int = 0
    overdue_count: int = 0
    fees_owed: Decimal = Decimal(0)
    currency: str = "TWD"
    language: str | None = None
    offline: bool = False  # identified from the offline cache

    def __post_init__(self) -> None:
        if "****" not in self.patron and self.patron != "-":
            raise ValueError("patron must be a masked identifier")


@dataclass(frozen=True, kw_only=True)
class PatronRefused(Event):
    kind: ClassVar[str] = "patron_refused"
    reason: str  # a Refusal code
    message: str = ""  # the ILS's (or cache's) words

    def __post_init__(self) -> None:
        _check_code("reason", self.reason)


# --- the stack ---------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class StackRow(Event):
    """A row appeared or changed (same ``uid`` replaces the row)."""

    kind: ClassVar[str] = "stack_row"
    uid: str
    status: str  # a RowStatus code
    item_id: str | None = None
    title: str | None = None
    due_date: dt.date | None = None  # current due date (renew) or the new one once done
    parts: int = 1  # parts in the set
    parts_present: int = 1  # of those, on the pad now
    message: str | None = None

    def __post_init__(self) -> None:
        _check_code("status", self.status, RowStatus.ALL)
        if self.parts < 1 or not 0 <= self.parts_present <= self.parts:
            raise ValueError("need parts >= 1 and 0 <= parts_present <= parts")


@dataclass(frozen=True, kw_only=True)
class StackRowRemoved(Event):
    kind: ClassVar[str] = "stack_row_removed"
    uid: str


@dataclass(frozen=True, kw_only=True)
class StackCleared(Event):
    kind: ClassVar[str] = "stack_cleared"


@dataclass(frozen=True, kw_only=True)
class ItemOutcome(Event):
    """The result of one action on one item (one per item, per action)."""

    kind: ClassVar[str] = "item_outcome"
    item_id: str
    action: str  # ItemAction
    result: str  # ItemResult
    uid: str | None = None
    title: str | None = None
    due_date: dt.date | None = None
    reason: str | None = None  # machine code when not DONE (ILS reason, "lifted", "afi_write" …)
    message: str | None = None
    offline: bool = False  # done under offline rules
    security_ok: bool | None = None  # AFI/EAS verified in the state matching the loan

    def __post_init__(self) -> None:
        _check_code("action", self.action)
        _check_code("result", self.result)
        if self.result != ItemResult.DONE and not self.reason:
            raise ValueError("an outcome other than done needs a reason")


@dataclass(frozen=True, kw_only=True)
class SortInstruction(Event):
    kind: ClassVar[str] = "sort_instruction"
    item_id: str
    bin: str  # SortBin
    destination_branch: str | None = None
    title: str | None = None


# --- account, holds, FastBook --------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class LoanRow:
    item_id: str
    title: str | None
    due_date: dt.date
    renewable: bool = True
    overdue: bool = False
    #: why not renewable: the ILS's code ("renewal_limit", "hold_for_other"), or
    #: "not_extended" (a renewal now would not move the due date: lent this session)
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class HoldRow:
    item_id: str | None
    title: str | None
    pickup_branch: str
    ready: bool
    expires: dt.date | None = None
    location: str | None = None  # "hold_shelf" or "fastbook:<slot>" where the item waits
    #: ready at another branch than this station's: listed, never offered here
    elsewhere: bool = False


@dataclass(frozen=True, kw_only=True)
class AccountShown(Event):
    kind: ClassVar[str] = "account"
    loans: tuple[LoanRow, ...] = ()
    holds: tuple[HoldRow, ...] = ()
    fees_owed: Decimal = Decimal(0)
    currency: str = "TWD"


@dataclass(frozen=True, kw_only=True)
class HoldsShown(Event):
    kind: ClassVar[str] = "holds"
    holds: tuple[HoldRow, ...] = ()
    quota_left: int | None = None  # FastBook station quota left for this patron


@dataclass(frozen=True, kw_only=True)
class FastBookTitle:
    slot: int
    item_id: str
    title: str | None
    available: bool = True
    reserved_for_patron: bool = False  # a hold of this patron waits in the slot


@dataclass(frozen=True, kw_only=True)
class FastBookCatalogue(Event):
    kind: ClassVar[str] = "fastbook_catalogue"
    titles: tuple[FastBookTitle, ...] = ()
    quota_left: int | None = None


@dataclass(frozen=True, kw_only=True)
class DispenseProgress(Event):
    kind: ClassVar[str] = "dispense"
    slot: int
    item_id: str
    stage: str  # "moving", "delivered", "verified", "failed"
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class FastBookStored(Event):
    """A returned item went from the bay into a slot (checked in, marker set and verified); the
    slot inventory now lists it."""

    kind: ClassVar[str] = "fastbook_stored"
    slot: int
    item_id: str
    title: str | None = None


# --- receipt -------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class ReceiptLine:
    action: str  # ItemAction
    item_id: str
    title: str | None = None
    due_date: dt.date | None = None
    result: str = ItemResult.DONE
    sort_bin: str | None = None
    destination_branch: str | None = None  # where a transit return goes


@dataclass(frozen=True, kw_only=True)
class Receipt(Event):
    """What a receipt says; rendered as text / ESC/POS by :mod:`kiosk.core.receipt`."""

    kind: ClassVar[str] = "receipt"
    library: str
    branch: str
    station: str
    patron: str | None  # masked
    when: dt.datetime
    lines: tuple[ReceiptLine, ...] = ()
    offline: bool = False
    loans_count: int | None = None
    fees_owed: Decimal | None = None
    currency: str = "TWD"

    def __post_init__(self) -> None:
        if self.patron is not None and "****" not in self.patron and self.patron != "-":
            raise ValueError("a receipt shows only a masked patron identifier")


@dataclass(frozen=True, kw_only=True)
class ReceiptPrinted(Event):
    kind: ClassVar[str] = "receipt_printed"
    ok: bool
    reason: str | None = None


# --- station-wide -------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class IdleWarning(Event):
    """The session ends in ``seconds_left`` unless the patron touches something; 0 cancels."""

    kind: ClassVar[str] = "idle_warning"
    seconds_left: int

    def __post_init__(self) -> None:
        if self.seconds_left < 0:
            raise ValueError("seconds_left must be >= 0")


@dataclass(frozen=True, kw_only=True)
class ConnectivityChanged(Event):
    kind: ClassVar[str] = "connectivity"
    online: bool
    cache_age_s: float | None = None  # age of the offline rules, when known


@dataclass(frozen=True, kw_only=True)
class Notice(Event):
    kind: ClassVar[str] = "notice"
    code: str  # NoticeCode
    message: str | None = None

    def __post_init__(self) -> None:
        _check_code("code", self.code)


@dataclass(frozen=True, kw_only=True)
class OutOfOrder(Event):
    kind: ClassVar[str] = "out_of_order"
    reason: str  # "item_reader", "card_reader", "outbox", "printer" …
    message: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReaderStatus:
    name: str  # "pad", "card", "printer", "fastbook"
    url: str
    ok: bool
    detail: str | None = None


@dataclass(frozen=True, kw_only=True)
class StaffDiagnostics(Event):
    kind: ClassVar[str] = "staff_diagnostics"
    readers: tuple[ReaderStatus, ...] = ()
    queue_depth: int = 0
    oldest_pending_age_s: float | None = None
    last_sync_age_s: float | None = None
    online: bool = False
    cache_age_s: float | None = None
    session_active: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
