"""What every flow works on: the session, the pad rows, the ports, the settings and the event sink.

The flows (:mod:`kiosk.core.flows`) are functions over one :class:`Context`; they never block on a
queue and never start a thread. Events go out through :attr:`Context.emit` (the worker's
listeners, or a list in a unit test). The few helpers every flow shares live here: state
transitions, online requests with the offline fallback, outbox commits, row events and outcomes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from drivers.tags.item import Item
from kiosk.core import events as E
from kiosk.core.ports import (
    OUTBOX_ERRORS,
    CardSource,
    Centre,
    FastBookMechanism,
    ItemPad,
    OfflineRules,
    ReceiptPrinter,
    TransactionLog,
)
from kiosk.core.session import TransitionError, Trigger, transition
from kiosk.settings import StationSettings
from sync import fields
from sync.errors import Offline
from sync.messages import Payload
from sync.results import Account, Hold

if TYPE_CHECKING:
    from kiosk.core.flows.fastbook import FastBookState

__all__ = ["NOT_EXTENDED", "STALE_WORDS", "TITLE_OID", "tag_title", "Context", "Ports", "Row", "Session"]

log = logging.getLogger(__name__)

R = E.RowStatus
T = TypeVar("T")

STALE_WORDS = "The library system cannot be reached. Please see the staff."
#: ISO 28560-1 data element "title" (a tag may carry the title itself)
TITLE_OID = 17
#: a renewal refused (or not offered) as it would not move the due date (lent this session)
NOT_EXTENDED = "not_extended"


def tag_title(item: Item) -> str | None:
    """The title the tag itself carries, if any: offline, the only title there may be."""
    value = item.element(TITLE_OID)
    return (value.strip() or None) if isinstance(value, str) else None


@dataclass
class Row:
    """One tag on the pad, as its stack row shows it."""

    uid: str
    status: str = R.CHECKING
    item_id: str | None = None
    title: str | None = None
    due_date: dt.date | None = None
    parts: int = 1
    part: int = 1
    item_type: str | None = None
    message: str | None = None
    entered_at: float = 0.0
    present: bool = True
    read: bool = False


@dataclass
class Session:
    """One patron's (or an anonymous return's) session; nothing of it outlives the session."""

    session_id: str
    started: float
    patron_id: str | None = None  # None: anonymous return
    patron_type: str | None = None
    offline: bool = False
    pin_attempts: int = 3
    loans: dict[str, dt.date] = field(default_factory=dict)  # item_id -> due date (online view)
    titles: dict[str, str] = field(default_factory=dict)  # item_id -> title, from the account
    not_renewable: set[str] = field(default_factory=set)  # loans the centre will not renew
    holds_ready: dict[str, Hold] = field(default_factory=dict)  # item_id -> Hold, ready here
    #: item_id -> Hold ready at another branch (shown, never lent here)
    holds_elsewhere: dict[str, Hold] = field(default_factory=dict)
    lent: set[str] = field(default_factory=set)  # lent this session: a renewal would not extend
    loans_count: int = 0
    loan_limit: int | None = None
    fees_owed: Decimal = Decimal(0)
    lines: list[E.ReceiptLine] = field(default_factory=list)
    unverified: dict[str, str] = field(default_factory=dict)  # uid -> item_id awaiting security
    items_done: int = 0
    channel: str = "kiosk"

    def take_account(self, account: Account, *, branch: str) -> None:
        """What the session keeps of the centre's account: due dates and titles of the loans,
        which ones will not renew, and the ready holds: those waiting at ``branch`` (the
        station's; "" takes every one) apart from those waiting elsewhere."""
        self.loans = {loan.item_id: loan.due_date for loan in account.loans}
        self.titles.update({loan.item_id: loan.title for loan in account.loans if loan.title})
        self.titles.update({h.item_id: h.title for h in account.holds if h.item_id and h.title})
        # an ILS's id the wire cannot carry (a control character) is shown, never acted on
        self.not_renewable = {loan.item_id for loan in account.loans
                              if not loan.renewable or not fields.is_identifier(loan.item_id)}
        ready = [h for h in account.holds if h.ready and fields.is_identifier(h.item_id)]
        self.holds_ready = {h.item_id: h for h in ready
                            if h.item_id and (not branch or h.pickup_branch == branch)}
        self.holds_elsewhere = {h.item_id: h for h in ready
                                if h.item_id and h.item_id not in self.holds_ready}


@dataclass(frozen=True, kw_only=True)
class Ports:
    """The station's hardware and sync pieces (:mod:`kiosk.core.ports`); optional ones None."""

    centre: Centre
    outbox: TransactionLog
    offline: OfflineRules | None = None
    pad: ItemPad | None = None
    cards: CardSource | None = None
    printer: ReceiptPrinter | None = None
    fastbook: FastBookMechanism | None = None
    force_sync: Callable[[], None] | None = None


class Context:
    """The core's state and its ports, with public names; one per station."""

    def __init__(self, settings: StationSettings, ports: Ports, *, emit: Callable[[E.Event], None],
                 clock: Callable[[], float], fastbook: FastBookState) -> None:
        self.settings = settings
        self.kiosk = settings.kiosk
        self.ports = ports
        self.station = E.StationType(settings.kiosk.station)
        self.emit = emit
        self.clock = clock
        self.fastbook = fastbook
        self.state = E.State.IDLE
        self.session: Session | None = None
        self.rows: dict[str, Row] = {}
        self.on_pad: set[str] = set()
        self.online: bool | None = None
        self.language = settings.kiosk.language
        self.last_activity = clock()
        self.warned: int | None = None
        self.staff_pending: str | None = None
        self.last_receipt: E.Receipt | None = None
        self.last_health = clock()
        self.last_retry = clock()
        self.retry_online_at = 0.0
        #: tags to read once the events already queued are handled (see ``stack.entered``)
        self.deferred: list[str] = []

    # --- the state machine ------------------------------------------------------------------
    def go(self, trigger: Trigger) -> None:
        new = transition(self.station, self.state, trigger)
        previous, self.state = self.state, new
        if new is not previous:
            self.emit(E.StateChanged(state=new, previous=previous, station=self.station))

    def refuse(self, trigger: Trigger) -> TransitionError:
        """The error for a command the current state does not take (the caller raises it)."""
        return TransitionError(self.station, self.state, trigger)

    def need_session(self, trigger: Trigger) -> Session:
        """The patron's session, or :class:`TransitionError` when there is none."""
        if self.session is None or self.session.patron_id is None:
            raise self.refuse(trigger)
        return self.session

    def activity(self) -> None:
        """The patron did something: restart the idle clock, cancel a warning."""
        self.last_activity = self.clock()
        if self.warned is not None:
            self.warned = None
            self.emit(E.IdleWarning(seconds_left=0))

    # --- the centre and the outbox --------------------------------------------------------------
    def set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            offline = self.ports.offline
            self.emit(E.ConnectivityChanged(online=online,
                                            cache_age_s=offline.age_s() if offline else None))

    def ask(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """An online request: the answer, or None when the centre is offline.

        Once a request found the centre unreachable the core stops asking for
        ``offline_retry_s`` (the cache answers at once): otherwise every item of an offline
        stack would wait out the online timeout first."""
        if self.online is False and self.clock() < self.retry_online_at:
            return None
        try:
            answer = fn(*args, **kwargs)
        except Offline:
            self.retry_online_at = self.clock() + self.kiosk.offline_retry_s
            self.set_online(False)
            return None
        self.set_online(True)
        return answer

    def offline_usable(self) -> bool:
        """May the station lend under its cached rules now? Not without a cache, not with a
        part missing, not past ``offline_max_age_s``, not when offline lending is switched off."""
        if self.ports.offline is None or not self.kiosk.offline_lending:
            return False
        age = self.ports.offline.age_s()
        return age is not None and age <= self.kiosk.offline_max_age_s

    def record(self, message: Payload, *, offline: bool = False) -> bool:
        """Commit one transaction durably; False (and a notice) if the outbox refused it."""
        try:
            self.ports.outbox.enqueue(message, offline=offline)
            return True
        except OUTBOX_ERRORS as exc:
            log.error("outbox refused %s: %s", message.TYPE, exc)
            self.emit(E.Notice(code=E.NoticeCode.SEE_STAFF, message="transaction not stored"))
            return False

    # --- rows and outcomes ---------------------------------------------------------------------
    def row_event(self, row: Row) -> None:
        present = sum(1 for r in self.rows.values() if r.item_id and r.item_id == row.item_id
                      and r.present) if row.item_id else 1
        self.emit(E.StackRow(uid=row.uid, status=row.status, item_id=row.item_id,
                             title=row.title, due_date=row.due_date, parts=max(row.parts, 1),
                             parts_present=min(max(present, 0), max(row.parts, 1)),
                             message=row.message))

    def outcome(self, item_id: str, action: str, result: str, **kw: Any) -> None:
        self.emit(E.ItemOutcome(item_id=item_id, action=action, result=result, **kw))

    def refuse_item(self, rows: list[Row], action: str, reason: str, message: str | None,
                    *, result: str = E.ItemResult.REFUSED) -> None:
        """Every part of the item fails with ``reason``; one outcome for the item."""
        for r in rows:
            r.status, r.message = R.FAILED, message
            self.row_event(r)
        self.outcome(rows[0].item_id or "", action, result, uid=rows[0].uid, title=rows[0].title,
                     reason=reason, message=message)

    def groups(self) -> list[list[Row]]:
        """The actionable rows on the pad, one list (the parts) per item."""
        groups: dict[str, list[Row]] = {}
        for row in self.rows.values():
            if row.present and row.item_id and row.status in R.ACTIONABLE:
                groups.setdefault(row.item_id, []).append(row)
        return list(groups.values())
