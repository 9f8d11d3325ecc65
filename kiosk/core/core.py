"""KioskCore: runs a station's patron sessions on a worker thread and tells listeners.

Theory of operation
-------------------
Everything the station reacts to — a view's command, a tag entering or leaving the pad, a card
presented or removed, the idle clock — goes into one queue; one worker thread takes items off it
in order and does the (blocking) work: reader commands, online requests, outbox commits. So a
view never blocks and the session logic never races with itself. State changes go through the
transition table of :mod:`kiosk.core.session`.

The security marker follows the loan (invariant 2): a loan is committed to the outbox *first*,
then the marker is written and read back. When the write cannot be verified the core either
undoes the loan (a checkin compensation, when the read-back proves the marker unchanged) or keeps
it and tells the patron to put the book back / see staff (when the tag left the pad and its
marker is unknown); a tag that comes back is written again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kiosk.core import commands as C
from kiosk.core import events as E
from kiosk.core.ports import CardEvent, PadEvent
from kiosk.core.receipt import render_escpos
from kiosk.core.session import SESSION_STATES, TransitionError, Trigger, transition
from rfid_edge.config import DEFAULTS
from sync.errors import Offline
from sync.results import ItemStatus, Outcome, SortDestination
from sync.schema import mask

log = logging.getLogger(__name__)

Listener = Callable[[E.Event], None]
R = E.RowStatus


def hash_pin(pin: str, salt: str) -> str:
    """A staff PIN as the config stores it (``pbkdf2$<salt>$<hex>``); PINs are never stored."""
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt.encode(), 100_000)
    return f"pbkdf2${salt}${digest.hex()}"


def _pin_matches(pin: str, stored: str) -> bool:
    try:
        _, salt, _ = stored.split("$", 2)
    except ValueError:
        return False
    return hmac.compare_digest(hash_pin(pin, salt), stored)


@dataclass
class _Row:
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
class _Session:
    session_id: str
    started: float
    patron_id: str | None = None  # None: anonymous return
    patron_type: str | None = None
    offline: bool = False
    pin_attempts: int = 3
    loans: dict[str, dt.date] = field(default_factory=dict)  # item_id -> due date (online view)
    titles: dict[str, str] = field(default_factory=dict)  # item_id -> title, from the account
    not_renewable: set[str] = field(default_factory=set)  # loans the centre will not renew
    holds_ready: dict[str, Any] = field(default_factory=dict)  # item_id -> Hold
    loans_count: int = 0
    loan_limit: int | None = None
    fees_owed: Decimal = Decimal(0)
    lines: list[E.ReceiptLine] = field(default_factory=list)
    unverified: dict[str, str] = field(default_factory=dict)  # uid -> item_id awaiting security
    items_done: int = 0
    channel: str = "kiosk"


def _take_account(s: _Session, account: Any) -> None:
    """What the session keeps of the centre's account: due dates and titles of the loans, which
    ones will not renew, and the ready holds."""
    s.loans = {loan.item_id: loan.due_date for loan in account.loans}
    s.titles.update({loan.item_id: loan.title for loan in account.loans if loan.title})
    s.not_renewable = {loan.item_id for loan in account.loans if not loan.renewable}
    s.holds_ready = {h.item_id: h for h in account.holds if h.ready and h.item_id}


def _hold_row(hold: Any) -> E.HoldRow:
    return E.HoldRow(item_id=hold.item_id, title=hold.title, pickup_branch=hold.pickup_branch,
                     ready=hold.ready, expires=hold.expires)


class KioskCore:
    """One station. Construct with the device config (``rfid_edge.config.load()``) and the ports
    (:mod:`kiosk.core.ports`); ``pad``, ``cards``, ``printer``, ``fastbook`` and ``force_sync``
    are optional.

    Listeners are plain callables called on the worker thread, in order; a listener that raises
    is logged and kept (python-can ``Notifier`` style).
    """

    def __init__(self, config: dict[str, Any], *, centre: Any, outbox: Any, offline: Any,
                 pad: Any = None, cards: Any = None, printer: Any = None, fastbook: Any = None,
                 force_sync: Callable[[], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self.kcfg: dict[str, Any] = config.get("kiosk", {})
        # a partial configuration (tests, embedders) still gets the AFI values of the defaults
        self.security: dict[str, Any] = {**DEFAULTS["security"], **config.get("security", {})}
        self.device: dict[str, Any] = config.get("device", {})
        self.station = E.StationType(self.kcfg.get("station", "self_checkout"))
        self.centre, self.outbox, self.offline = centre, outbox, offline
        self.pad, self.cards, self.printer, self.fastbook = pad, cards, printer, fastbook
        self.force_sync = force_sync
        self.clock = clock
        self._state = E.State.IDLE
        self._listeners: list[Listener] = []
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._idle_event = threading.Event()
        self._session: _Session | None = None
        self._rows: dict[str, _Row] = {}
        self._on_pad: set[str] = set()
        self._delivered: set[str] = set()  # FastBook: dispensed into the bay, not taken yet
        self._online: bool | None = None
        self._last_activity = clock()
        self._warned: int | None = None
        self._staff_pending: str | None = None
        self._last_receipt: E.Receipt | None = None
        self._quota: dict[str, tuple[dt.date, int]] = {}  # salted patron hash -> (day, count)
        self._salt = uuid.uuid4().hex
        self._last_health = clock()
        self._last_retry = clock()
        self._retry_online_at = 0.0

    # --- public ----------------------------------------------------------------------------
    @property
    def state(self) -> E.State:
        return self._state

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add a listener; returns a function that removes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def submit(self, command: C.Command) -> None:
        """Queue a command for the worker thread; returns at once."""
        if not isinstance(command, C.Command):
            raise TypeError("submit() takes a kiosk.core.commands.Command")
        self._put("command", command)

    def pad_event(self, event: PadEvent) -> None:
        """Entry for the pad's scanner thread (also usable directly by tests)."""
        self._put("pad", event)

    def card_event(self, event: CardEvent) -> None:
        """Entry for the card reader's / barcode wedge's thread."""
        self._put("card", event)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until the worker has nothing queued (tests and the headless runner)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._idle_event.clear()
            self._put("sync", None)
            if self._idle_event.wait(max(0.0, deadline - time.monotonic())) and self._queue.empty():
                return True
        return False

    def start(self) -> KioskCore:
        self._thread = threading.Thread(target=self._run, name="kiosk-core", daemon=True)
        self._thread.start()
        if self.pad is not None:
            self.pad.start(self.pad_event)
        if self.cards is not None:
            self.cards.start(self.card_event)
        return self

    def stop(self) -> None:
        for port in (self.pad, self.cards):
            if port is not None:
                try:
                    port.stop()
                except Exception:
                    log.exception("stopping %r", port)
        self._stopping.set()
        self._queue.put(("stop", None))
        if self._thread is not None:
            self._thread.join(timeout=10)

    def __enter__(self) -> KioskCore:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- worker ----------------------------------------------------------------------------
    def _put(self, kind: str, payload: Any) -> None:
        self._queue.put((kind, payload))

    def _emit(self, event: E.Event) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("listener %r failed on %s", listener, event.kind)

    def _go(self, trigger: Trigger) -> None:
        new = transition(self.station, self._state, trigger)
        previous, self._state = self._state, new
        if new is not previous:
            self._emit(E.StateChanged(state=new, previous=previous, station=self.station))

    def _run(self) -> None:
        self._emit(E.StateChanged(state=self._state, station=self.station))
        self._check_health()
        while not self._stopping.is_set():
            try:
                kind, payload = self._queue.get(timeout=self._tick_s())
            except queue.Empty:
                kind, payload = "tick", None
            if kind == "stop":
                break
            try:
                self._handle(kind, payload)
            except TransitionError as exc:
                self._emit(E.Notice(code=E.NoticeCode.BAD_COMMAND, message=str(exc)))
            except Exception as exc:
                log.exception("kiosk core failed on %s", kind)
                self._fault("internal", str(exc))
            if kind == "sync":
                self._idle_event.set()

    def _tick_s(self) -> float:
        return 0.25 if self._session is not None or self._state is E.State.OUT_OF_ORDER else 1.0

    def _handle(self, kind: str, payload: Any) -> None:
        if kind == "command":
            self._activity()
            self._command(payload)
        elif kind == "pad":
            self._activity()
            self._pad(payload)
        elif kind == "card":
            self._card(payload)
        elif kind == "refresh":
            self._refresh_later(payload)
        elif kind == "tick" or kind == "sync":
            self._tick()

    # --- helpers ---------------------------------------------------------------------------
    def _activity(self) -> None:
        self._last_activity = self.clock()
        if self._warned is not None:
            self._warned = None
            self._emit(E.IdleWarning(seconds_left=0))

    def _set_online(self, online: bool) -> None:
        if online != self._online:
            self._online = online
            age = self.offline.age_s() if self.offline is not None else None
            self._emit(E.ConnectivityChanged(online=online, cache_age_s=age))

    def _ask(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """An online request: the answer, or None when the centre is offline.

        Once a request found the centre unreachable the core stops asking for
        ``offline_retry_s`` (the cache answers at once): otherwise every item of an offline
        stack would wait out the online timeout first."""
        if self._online is False and self.clock() < self._retry_online_at:
            return None
        try:
            answer = fn(*args, **kwargs)
        except Offline:
            self._retry_online_at = self.clock() + float(self.kcfg.get("offline_retry_s", 10))
            self._set_online(False)
            return None
        self._set_online(True)
        return answer

    def _fault(self, reason: str, message: str | None = None) -> None:
        if self._session is not None:
            self._end(E.EndReason.ERROR, transition_ok=False)
        self._emit(E.OutOfOrder(reason=reason, message=message))
        if self._state is not E.State.OUT_OF_ORDER:
            self._go(Trigger.FAULT)

    def _check_health(self) -> None:
        if self.pad is None:
            return
        try:
            ok = bool(self.pad.diagnostics().get("ok", False))
        except Exception as exc:
            ok = False
            log.warning("pad diagnostics failed: %s", exc)
        if not ok and self._state is not E.State.OUT_OF_ORDER and self._state is not E.State.STAFF:
            self._fault("item_reader", "the item reader does not answer")
        elif ok and self._state is E.State.OUT_OF_ORDER:
            self._go(Trigger.RECOVERY)

    def _record(self, type_: str, payload: dict[str, Any], *, offline: bool = False) -> bool:
        """Commit one transaction durably; False (and out of order) if the disk refused."""
        try:
            self.outbox.enqueue(type_, payload, offline=offline)
            return True
        except Exception as exc:
            log.error("outbox refused %s: %s", type_, exc)
            self._emit(E.Notice(code=E.NoticeCode.SEE_STAFF, message="transaction not stored"))
            return False

    def _afi(self, on_loan: bool) -> int:
        return int(self.security["afi_on_loan" if on_loan else "afi_in_library"])

    def _row_event(self, row: _Row) -> None:
        present = sum(1 for r in self._rows.values() if r.item_id and r.item_id == row.item_id
                      and r.present) if row.item_id else 1
        self._emit(E.StackRow(uid=row.uid, status=row.status, item_id=row.item_id,
                              title=row.title, due_date=row.due_date, parts=max(row.parts, 1),
                              parts_present=min(max(present, 0), max(row.parts, 1)),
                              message=row.message))

    # --- commands --------------------------------------------------------------------------
    def _command(self, cmd: C.Command) -> None:
        handler = getattr(self, f"_cmd_{cmd.name}", None)
        if handler is None:
            raise TransitionError(self.station, self._state, Trigger.CONTINUATION)
        handler(cmd)

    def _cmd_touch(self, cmd: C.Touch) -> None:
        pass

    def _cmd_set_language(self, cmd: C.SetLanguage) -> None:
        self.kcfg = {**self.kcfg, "language": cmd.language}

    def _cmd_identify_barcode(self, cmd: C.IdentifyBarcode) -> None:
        self._card(CardEvent(present=True, patron_id=cmd.barcode, source="barcode"))

    def _cmd_enter_pin(self, cmd: C.EnterPin) -> None:
        if self._staff_pending is not None:
            staff_id, self._staff_pending = self._staff_pending, None
            self._staff_login(staff_id, cmd.pin)
            return
        s = self._session
        if s is None or self._state is not E.State.PIN:
            raise TransitionError(self.station, self._state, Trigger.PIN_ENTRY)
        self._go(Trigger.PIN_ENTRY)
        self._authenticate(s, cmd.pin)

    def _cmd_choose_mode(self, cmd: C.ChooseMode) -> None:
        trigger = Trigger(f"mode_{cmd.mode}")
        if cmd.mode == C.Mode.ACCOUNT:
            self._show_account()
            return
        self._go(trigger)
        self._enter_main()

    def _cmd_show_account(self, cmd: C.ShowAccount) -> None:
        self._show_account()

    def _cmd_back(self, cmd: C.Back) -> None:
        self._go(Trigger.CONTINUATION)
        self._enter_main()

    def _cmd_confirm(self, cmd: C.ConfirmCheckout) -> None:
        if self._state is E.State.RETURN:
            self._return_ready()
            return
        s = self._need_session(Trigger.CONFIRMATION)
        self._go(Trigger.CONFIRMATION)
        self._lend(s)

    def _cmd_renew(self, cmd: C.RenewItems) -> None:
        s = self._need_session(Trigger.RENEWAL)
        self._go(Trigger.RENEWAL)
        items = cmd.item_ids or tuple(s.loans)
        for item_id in items:
            self._renew(s, item_id, uid=None)
        self._finish_batch(s)

    def _cmd_select_holds(self, cmd: C.SelectHolds) -> None:
        s = self._need_session(Trigger.SELECTION)
        self._go(Trigger.SELECTION)
        for item_id in cmd.item_ids:
            rows = [r for r in self._rows.values() if r.item_id == item_id and r.present]
            if item_id not in s.holds_ready:
                self._outcome(item_id, E.ItemAction.HOLD_PICKUP, E.ItemResult.REFUSED,
                              reason="not_ready_for_patron")
            elif not rows:
                self._outcome(item_id, E.ItemAction.HOLD_PICKUP, E.ItemResult.REFUSED,
                              reason="not_on_pad", message="Place the item on the pad.")
            else:
                self._lend_item(s, rows, action=E.ItemAction.HOLD_PICKUP)
        self._finish_batch(s)

    def _cmd_fastbook_select(self, cmd: C.FastBookSelect) -> None:
        from kiosk.core.fastbook import dispense_and_lend

        s = self._need_session(Trigger.SELECTION)
        self._go(Trigger.SELECTION)
        dispense_and_lend(self, s, cmd.item_ids)
        self._go(Trigger.DISPENSE_END)
        self._finish_batch(s)

    def _cmd_print_receipt(self, cmd: C.PrintReceipt) -> None:
        if self._last_receipt is None:
            raise TransitionError(self.station, self._state, Trigger.CONTINUATION)
        self._print(self._last_receipt)

    def _cmd_rate(self, cmd: C.Rate) -> None:
        payload: dict[str, Any] = {"score": cmd.score}
        if self._session is not None:
            payload["session_id"] = self._session.session_id
        self._record("rating", payload)
        self._emit(E.Notice(code=E.NoticeCode.RATING_THANKS))

    def _cmd_end_session(self, cmd: C.EndSession) -> None:
        if self._session is None:
            raise TransitionError(self.station, self._state, Trigger.SESSION_END)
        self._end(E.EndReason.PATRON)

    def _cmd_staff_login(self, cmd: C.StaffLogin) -> None:
        self._staff_login(cmd.staff_id, cmd.pin)

    def _cmd_staff_diagnose(self, cmd: C.StaffDiagnose) -> None:
        self._need_staff()
        self._diagnostics()

    def _cmd_staff_force_sync(self, cmd: C.StaffForceSync) -> None:
        self._need_staff()
        if self.force_sync is not None:
            self.force_sync()
        self._emit(E.Notice(code=E.NoticeCode.SYNC_FORCED))
        self._diagnostics()

    def _cmd_staff_clear_session(self, cmd: C.StaffClearSession) -> None:
        self._need_staff()
        self._rows.clear()
        self._emit(E.StackCleared())
        self._emit(E.Notice(code=E.NoticeCode.SESSION_CLEARED))
        self._go(Trigger.STAFF_CLEAR)
        self._check_health()

    def _cmd_staff_exit(self, cmd: C.StaffExit) -> None:
        self._need_staff()
        self._go(Trigger.STAFF_EXIT)
        self._check_health()

    def _need_session(self, trigger: Trigger) -> _Session:
        if self._session is None or self._session.patron_id is None:
            raise TransitionError(self.station, self._state, trigger)
        return self._session

    def _need_staff(self) -> None:
        if self._state is not E.State.STAFF:
            raise TransitionError(self.station, self._state, Trigger.STAFF_EXIT)

    # --- staff -----------------------------------------------------------------------------
    def _staff_login(self, staff_id: str, pin: str) -> None:
        stored = self.kcfg.get("staff", {}).get(staff_id)
        if not stored or not _pin_matches(pin, stored):
            self._emit(E.PatronRefused(reason=E.Refusal.NOT_STAFF, message="Not a staff card or wrong PIN."))
            return
        if self._session is not None:
            self._end(E.EndReason.STAFF)
        self._go(Trigger.STAFF_LOGIN)
        self._diagnostics()

    def _diagnostics(self) -> None:
        readers = []
        for name, port in (("pad", self.pad), ("card", self.cards)):
            if port is None:
                continue
            try:
                d = port.diagnostics()
            except Exception as exc:
                d = {"ok": False, "detail": str(exc)}
            readers.append(E.ReaderStatus(name=name, url=getattr(port, "url", ""),
                                          ok=bool(d.get("ok")), detail=d.get("detail")))
        try:
            status = self.outbox.status()
        except Exception as exc:
            status = {"error": str(exc)}
        last = status.get("last_contact_age_s", status.get("last_sync_age_s"))
        self._emit(E.StaffDiagnostics(
            readers=tuple(readers), queue_depth=int(status.get("queue_depth", 0) or 0),
            oldest_pending_age_s=status.get("oldest_pending_age_s"), last_sync_age_s=last,
            online=bool(self._online), cache_age_s=self.offline.age_s() if self.offline else None,
            session_active=self._session is not None))

    # --- cards and identification ------------------------------------------------------------
    def _card(self, ev: CardEvent) -> None:
        s = self._session
        if not ev.present:
            if (s is not None and s.patron_id is not None and ev.source == "card"
                    and self.kcfg.get("end_on_card_removed", True)
                    and self._state not in (E.State.PROCESSING, E.State.FASTBOOK_DISPENSE)):
                self._end(E.EndReason.CARD_REMOVED)
            return
        self._activity()
        if ev.patron_id is None:
            self._emit(E.PatronRefused(reason=E.Refusal.CARD_UNREADABLE,
                                       message=ev.error or "The card could not be read."))
            return
        if ev.patron_id in self.kcfg.get("staff", {}):
            self._staff_pending = ev.patron_id
            self._emit(E.PinRequested(purpose="staff"))
            return
        if s is not None and s.patron_id is not None:
            return  # the same or another card during a session: ignored
        self._go(Trigger.CARD_PRESENTATION)
        if s is None:
            s = self._new_session()
        s.patron_id = ev.patron_id
        s.pin_attempts = int(self.kcfg.get("pin_attempts", 3))
        if self.kcfg.get("pin_required", False):
            self._go(Trigger.PIN_REQUEST)
            self._emit(E.PinRequested(attempts_left=s.pin_attempts))
            return
        self._authenticate(s, None)

    def _new_session(self) -> _Session:
        channel = {E.StationType.FASTBOOK: "fastbook",
                   E.StationType.HOLDS_PICKUP: "holds_pickup"}.get(self.station, "kiosk")
        s = _Session(session_id=str(uuid.uuid4()), started=self.clock(), channel=channel)
        self._session = s
        self._emit(E.SessionStarted(session_id=s.session_id, channel=channel))
        self._record("session_start", {"session_id": s.session_id, "channel": channel,
                                       "language": str(self.kcfg.get("language", "zh-TW"))})
        return s

    def _refuse(self, s: _Session, reason: str, message: str) -> None:
        self._emit(E.PatronRefused(reason=reason, message=message))
        self._record("failure", {"reason": reason, "session_id": s.session_id})
        s.patron_id = None
        self._go(Trigger.REFUSAL)
        self._drop_session(E.EndReason.PATRON)

    def _authenticate(self, s: _Session, pin: str | None) -> None:
        assert s.patron_id is not None
        status = self._ask(self.centre.patron_status, s.patron_id, pin=pin)
        pin = None  # used once, never kept
        if status is None:
            self._authenticate_offline(s)
            return
        if not status.valid:
            self._refuse(s, E.Refusal.UNKNOWN_PATRON, status.screen_message or "Card not recognised.")
            return
        if status.pin_ok is False:
            s.pin_attempts -= 1
            if s.pin_attempts <= 0:
                self._refuse(s, E.Refusal.PIN_ATTEMPTS, "Too many wrong PINs. Please see the staff.")
                return
            self._emit(E.PatronRefused(reason=E.Refusal.WRONG_PIN, message="Wrong PIN."))
            self._go(Trigger.PIN_REQUEST)
            self._emit(E.PinRequested(attempts_left=s.pin_attempts))
            return
        if status.blocks:
            code = f"patron_{status.blocks[0]}"
            known = {E.Refusal.BLOCKED, E.Refusal.EXPIRED, E.Refusal.FEES, E.Refusal.OVERDUE,
                     E.Refusal.LOST_CARD}
            words = status.block_messages[0] if status.block_messages else "Please see the staff."
            self._refuse(s, code if code in known else E.Refusal.BLOCKED, words)
            return
        s.patron_type = status.patron_type
        s.loans_count = status.loans_count
        s.loan_limit = status.loan_limit
        s.fees_owed = status.fees_owed
        account = self._ask(self.centre.account, s.patron_id)
        if account is not None:
            _take_account(s, account)
        self._emit(E.PatronIdentified(
            patron=mask(s.patron_id), name=status.name, loans_count=status.loans_count,
            loan_limit=status.loan_limit, holds_ready_count=status.holds_ready_count,
            overdue_count=status.overdue_count, fees_owed=status.fees_owed,
            currency=status.currency, language=status.language, offline=False))
        self._accept(s)

    STALE_WORDS = "The library system cannot be reached. Please see the staff."

    def _offline_usable(self) -> bool:
        """May the station lend under its cached rules now? Not without a cache, not with a
        part missing, not past ``offline_max_age_s``, not when offline lending is switched off."""
        if self.offline is None or not self.kcfg.get("offline_lending", True):
            return False
        age = self.offline.age_s()
        return age is not None and age <= float(self.kcfg.get("offline_max_age_s", 86400))

    def _authenticate_offline(self, s: _Session) -> None:
        assert s.patron_id is not None
        if not self._offline_usable():
            self._refuse(s, E.Refusal.OFFLINE_RULES_STALE, self.STALE_WORDS)
            return
        block = self.offline.patron_block(s.patron_id)
        if block is not None:
            code, words = block
            self._refuse(s, code if code.startswith("patron_") else E.Refusal.BLOCKED, words)
            return
        s.offline = True
        s.loan_limit = self.offline.loan_limit(None)
        self._emit(E.PatronIdentified(patron=mask(s.patron_id), offline=True,
                                      loan_limit=s.loan_limit))
        self._emit(E.Notice(code=E.NoticeCode.OFFLINE_MODE))
        self._accept(s)

    def _accept(self, s: _Session) -> None:
        self._go(Trigger.ACCEPTANCE)
        self._enter_main()

    def _enter_main(self) -> None:
        s = self._session
        if self._state is E.State.STACK or self._state is E.State.RETURN:
            for row in list(self._rows.values()):
                if row.present:
                    self._refresh(row)
            if not self._rows:
                self._emit(E.Notice(code=E.NoticeCode.PLACE_ITEMS))
        elif self._state is E.State.HOLDS and s is not None:
            self._emit(E.HoldsShown(holds=tuple(self._hold_rows(s))))
            for row in list(self._rows.values()):
                self._refresh(row)
        elif self._state is E.State.FASTBOOK_BROWSE and s is not None:
            from kiosk.core.fastbook import catalogue

            catalogue(self, s)

    def _hold_rows(self, s: _Session) -> list[E.HoldRow]:
        return [_hold_row(h) for h in s.holds_ready.values()]

    def _show_account(self) -> None:
        s = self._need_session(Trigger.MODE_ACCOUNT)
        assert s.patron_id is not None
        account = self._ask(self.centre.account, s.patron_id)
        self._go(Trigger.MODE_ACCOUNT)
        if account is None:
            self._emit(E.Notice(code=E.NoticeCode.OFFLINE_MODE))
            self._emit(E.AccountShown())
            return
        _take_account(s, account)
        self._emit(E.AccountShown(
            loans=tuple(E.LoanRow(item_id=x.item_id, title=x.title, due_date=x.due_date,
                                  renewable=x.renewable, overdue=x.overdue) for x in account.loans),
            holds=tuple(_hold_row(h) for h in account.holds),
            fees_owed=account.fees_owed, currency=account.currency))

    # --- the pad -------------------------------------------------------------------------------
    def _pad(self, ev: PadEvent) -> None:
        if not ev.present:
            self._on_pad.discard(ev.uid)
            self._delivered.discard(ev.uid)
            row = self._rows.get(ev.uid)
            if row is None:
                return
            del self._rows[ev.uid]
            self._emit(E.StackRowRemoved(uid=ev.uid))
            if row.status in (R.DONE, R.FAILED) or self._session is None:
                return
            # the other parts of a set now show as incomplete
            for other in self._rows.values():
                if other.item_id and other.item_id == row.item_id:
                    self._classify(other)
            return
        self._on_pad.add(ev.uid)
        s = self._session
        if s is not None and ev.uid in s.unverified:
            self._retry_security(s, ev.uid)
            return
        existing = self._rows.get(ev.uid)
        if ev.uid in self._delivered or (existing is not None
                                         and existing.status in (R.DONE, R.FAILED)):
            if existing is not None:
                existing.present = True  # the scanner caught up with a tag already handled
            return
        if self._state is E.State.IDLE and self.station in (E.StationType.SELF_RETURN,
                                                              E.StationType.COMBINED,
                                                              E.StationType.FASTBOOK):
            self._go(Trigger.ITEM_PLACEMENT)
            self._new_session()
        elif self._state is E.State.DONE and self.station in (E.StationType.SELF_CHECKOUT,
                                                              E.StationType.COMBINED):
            self._go(Trigger.CONTINUATION)
        row = _Row(uid=ev.uid, entered_at=ev.at)
        self._rows[ev.uid] = row
        if self._session is None or self._state not in (E.State.STACK, E.State.RETURN,
                                                        E.State.HOLDS):
            return  # read when a session needs it
        self._row_event(row)
        # read it after the pad events already queued: a stack placed at once shows all its
        # rows first, then fills them in (each read takes the reader for tens of ms)
        self._put("refresh", ev.uid)

    def _refresh_later(self, uid: str) -> None:
        row = self._rows.get(uid)
        if (row is None or row.read or not row.present or self._session is None
                or self._state not in (E.State.STACK, E.State.RETURN, E.State.HOLDS)):
            return  # gone, or already read (a screen change refreshed it)
        self._refresh(row)

    def _refresh(self, row: _Row) -> None:
        if row.uid in self._delivered:
            return  # a FastBook delivery waiting to be taken is no return
        if not row.read:
            self._read(row)
        self._classify(row)

    def _read(self, row: _Row) -> None:
        row.read = True
        try:
            item = self.pad.read_item(row.uid)
        except Exception as exc:  # a tag error (TagDataError) or a reader error alike
            row.status, row.message = R.UNREADABLE, str(exc)
            return
        if item.is_blank or not item.primary_item_id:
            row.status = R.BLANK
            return
        row.item_id = item.primary_item_id
        row.parts = max(1, item.parts_in_item or 1)
        row.part = max(1, item.part_number or 1)
        if item.type_of_usage == 8:
            row.status = R.PATRON_CARD
            row.item_id = None
            return
        ours = self.device.get("library_isil")
        if item.owner_library and ours and item.owner_library != ours:
            row.status = R.OTHER_LIBRARY
            return
        if item.type_of_usage == 2:
            row.status = R.NOT_CIRCULATING
            return
        row.status = R.CHECKING

    def _classify(self, row: _Row) -> None:
        """Work out the row's status for the current screen and tell the view."""
        if row.item_id is None or row.status in (R.UNREADABLE, R.BLANK, R.PATRON_CARD,
                                                 R.OTHER_LIBRARY, R.NOT_CIRCULATING, R.DONE,
                                                 R.FAILED):
            self._row_event(row)
            return
        parts = [r for r in self._rows.values() if r.item_id == row.item_id and r.present]
        if row.parts > 1 and len({r.part for r in parts}) < row.parts:
            for r in parts:
                r.status = R.SET_INCOMPLETE
                r.message = f"{len(parts)} of {r.parts}"
                self._row_event(r)
            return
        status, title, due, message, item_type = self._lookup(row.item_id)
        for r in parts:
            r.status, r.title, r.due_date, r.message, r.item_type = status, title, due, message, item_type
            self._row_event(r)
        if self._state is E.State.RETURN and status == R.OK:
            self._checkin(parts)

    def _lookup(self, item_id: str) -> tuple[str, str | None, dt.date | None, str | None, str | None]:
        s = self._session
        info = self._ask(self.centre.item_info, item_id)
        returning = self._state is E.State.RETURN
        if info is None:  # offline: the tag and the cache decide
            if not returning and self.offline is not None and self.offline.item_on_hold(item_id) \
                    and not (s and item_id in s.holds_ready):
                return R.ON_HOLD_FOR_OTHER, None, None, None, None
            return R.OK, None, None, None, None
        if info.outcome is not Outcome.APPLIED:
            return R.UNKNOWN_ITEM, None, None, info.screen_message, None
        if returning:
            return R.OK, info.title, None, None, info.item_type
        if info.status is ItemStatus.NON_CIRCULATING:
            return R.NOT_CIRCULATING, info.title, None, info.screen_message, info.item_type
        if s is not None and item_id in s.not_renewable:
            return R.REFUSED, info.title, s.loans.get(item_id), "This loan cannot be renewed.", \
                info.item_type
        if s is not None and item_id in s.loans:
            return R.RENEW, info.title, s.loans[item_id], None, info.item_type
        if info.status is ItemStatus.ON_LOAN:
            return R.ON_LOAN_TO_OTHER, info.title, None, None, info.item_type
        if info.on_hold_for_other and not (s and item_id in s.holds_ready):
            return R.ON_HOLD_FOR_OTHER, info.title, None, info.screen_message, info.item_type
        if info.status in (ItemStatus.LOST, ItemStatus.WITHDRAWN, ItemStatus.MISSING):
            return R.REFUSED, info.title, None, info.screen_message, info.item_type
        if self._state is E.State.HOLDS and s is not None and item_id not in s.holds_ready:
            return R.REFUSED, info.title, None, "Not a hold of yours.", info.item_type
        return R.OK, info.title, None, None, info.item_type

    # --- lending --------------------------------------------------------------------------------
    def _groups(self) -> list[list[_Row]]:
        groups: dict[str, list[_Row]] = {}
        for row in self._rows.values():
            if row.present and row.item_id and row.status in R.ACTIONABLE:
                groups.setdefault(row.item_id, []).append(row)
        return list(groups.values())

    def _lend(self, s: _Session) -> None:
        groups = self._groups()
        if not groups:
            self._emit(E.Notice(code=E.NoticeCode.NOTHING_TO_DO))
        for rows in groups:
            if rows[0].status == R.RENEW:
                self._renew(s, rows[0].item_id or "", uid=rows[0].uid, rows=rows)
            else:
                self._lend_item(s, rows, action=E.ItemAction.CHECKOUT)
        self._finish_batch(s)

    def _due(self, s: _Session, item_type: str | None, *,
             at_least: dt.date | None = None) -> dt.date:
        """The due date the kiosk sets itself (offline, and for renewals): from the cached rules
        for this patron and item type, never today or earlier (a loan due the day it is made is
        no loan), and for a renewal never before the loan's current due date."""
        today = dt.date.today()
        days = max(1, int(self.kcfg.get("loan_days", 28)))
        due = (self.offline.due_date(today, patron_type=s.patron_type, item_type=item_type)
               if self.offline is not None else today + dt.timedelta(days=days))
        if due <= today:
            due = today + dt.timedelta(days=days)
        return max(due, at_least) if at_least is not None else due

    def _lend_item(self, s: _Session, rows: list[_Row], *, action: str) -> bool:
        """Authorise, commit, clear the marker, verify (or compensate). True when done."""
        assert s.patron_id is not None
        item_id = rows[0].item_id or ""
        title, item_type = rows[0].title, rows[0].item_type
        auth = self._ask(self.centre.authorise_checkout, s.patron_id, item_id)
        offline = auth is None
        if auth is not None and auth.outcome is not Outcome.APPLIED and not (
                action == E.ItemAction.HOLD_PICKUP and auth.reason == "hold_for_other"):
            self._refuse_item(rows, action, auth.reason or "refused", auth.screen_message)
            return False
        if offline:
            if not self._offline_usable():  # the centre went away mid-session, the cache is old
                self._refuse_item(rows, action, E.Refusal.OFFLINE_RULES_STALE, self.STALE_WORDS)
                return False
            if (self.offline.item_on_hold(item_id) and item_id not in s.holds_ready
                    and action != E.ItemAction.HOLD_PICKUP):
                self._refuse_item(rows, action, "hold_for_other", "This item is reserved.")
                return False
            if s.loan_limit is not None and s.loans_count >= s.loan_limit:
                self._refuse_item(rows, action, "loan_limit", "Loan limit reached.")
                self._emit(E.Notice(code=E.NoticeCode.LIMIT_REACHED))
                return False
            if action == E.ItemAction.HOLD_PICKUP and item_id not in s.holds_ready:
                self._refuse_item(rows, action, "offline", "Holds cannot be collected offline.")
                return False
        centre_due = auth.due_date if auth is not None else None
        due = centre_due if centre_due and centre_due > dt.date.today() else self._due(s, item_type)
        txn = "hold_pickup" if action == E.ItemAction.HOLD_PICKUP else "checkout"
        if not self._record(txn, {"patron_id": s.patron_id, "item_id": item_id,
                                  "due_date": due.isoformat()}, offline=offline):
            self._refuse_item(rows, action, "outbox", "Not stored; please see the staff.",
                              result=E.ItemResult.ERROR)
            self._fault("outbox", "the outbox refused a transaction")
            return False
        s.loans_count += 1
        s.loans[item_id] = due
        verdict = self._secure(rows, on_loan=True)
        return self._settle(s, rows, action, verdict, due=due, title=title, offline=offline)

    def _refuse_item(self, rows: list[_Row], action: str, reason: str, message: str | None,
                     *, result: str = E.ItemResult.REFUSED) -> None:
        for r in rows:
            r.status, r.message = R.FAILED, message
            self._row_event(r)
        self._outcome(rows[0].item_id or "", action, result, uid=rows[0].uid, title=rows[0].title,
                      reason=reason, message=message)

    def _outcome(self, item_id: str, action: str, result: str, **kw: Any) -> None:
        self._emit(E.ItemOutcome(item_id=item_id, action=action, result=result, **kw))

    def _secure(self, rows: list[_Row], *, on_loan: bool) -> dict[str, str]:
        """Write the marker on every part and read it back.

        uid -> "ok" (the marker says what the loan says), "unchanged" (it still says the
        opposite: nothing was written), "partial" (AFI and EAS disagree: half written) or
        "unknown" (the tag did not answer the read-back). With ``security.use_eas`` the EAS bit
        is set/reset too and read back (NXP EAS Alarm), so invariant 2 covers both markers.
        """
        afi = self._afi(on_loan)
        use_eas = bool(self.security.get("use_eas", False))
        verdict: dict[str, str] = {}
        for r in rows:
            try:
                self.pad.write_afi(r.uid, afi)
            except Exception as exc:
                log.info("AFI write on %s failed: %s", r.uid, exc)
            if use_eas:
                try:
                    (self.pad.reset_eas if on_loan else self.pad.set_eas)(r.uid)
                except Exception as exc:
                    log.info("EAS write on %s failed: %s", r.uid, exc)
            try:
                back = self.pad.read_afi(r.uid)
                armed = self.pad.eas_armed(r.uid) if use_eas else None
            except Exception:
                verdict[r.uid] = "unknown"
                continue
            states = ["ok" if back == afi else (
                "unchanged" if back == self._afi(not on_loan) else "unknown")]
            if use_eas:
                states.append("ok" if armed is (not on_loan) else "unchanged")
            if "unknown" in states:
                verdict[r.uid] = "unknown"
            elif len(set(states)) == 1:
                verdict[r.uid] = states[0]
            else:
                verdict[r.uid] = "partial"
        return verdict

    def _settle(self, s: _Session, rows: list[_Row], action: str, verdict: dict[str, str], *,
                due: dt.date | None, title: str | None, offline: bool) -> bool:
        item_id = rows[0].item_id or ""
        if all(v == "ok" for v in verdict.values()):
            for r in rows:
                r.status, r.due_date, r.message = R.DONE, due, None
                self._row_event(r)
            s.items_done += 1
            s.lines.append(E.ReceiptLine(action=action, item_id=item_id, title=title, due_date=due))
            self._outcome(item_id, action, E.ItemResult.DONE, uid=rows[0].uid, title=title,
                          due_date=due, offline=offline, security_ok=True)
            return True
        if all(v in ("ok", "unchanged", "partial") for v in verdict.values()):
            # every part read back: re-arm what was (even half) disarmed, then undo the loan
            rearm = [r for r in rows if verdict[r.uid] in ("ok", "partial")]
            back = self._secure(rearm, on_loan=False) if rearm else {}
            if all(v == "ok" for v in back.values()):
                self._record("checkin", {"item_id": item_id}, offline=offline)
                s.loans_count = max(0, s.loans_count - 1)
                s.loans.pop(item_id, None)
                self._refuse_item(rows, action, "security_write", "The item could not be lent.",
                                  result=E.ItemResult.COMPENSATED)
                return False
        # a part left the pad (or will not take the marker): keep the loan, tell the patron
        for r in rows:
            if verdict.get(r.uid) != "ok":
                s.unverified[r.uid] = item_id
            r.status, r.due_date = R.FAILED, due
            r.message = "Put the item back on the pad, or see the staff."
            self._row_event(r)
        lifted = any(verdict.get(r.uid) == "unknown" for r in rows)
        s.lines.append(E.ReceiptLine(action=action, item_id=item_id, title=title, due_date=due,
                                     result=E.ItemResult.SECURITY_FAILED))
        self._record("failure", {"reason": "security_unverified", "item_id": item_id,
                                 "session_id": s.session_id})
        self._outcome(item_id, action,
                      E.ItemResult.LIFTED if lifted else E.ItemResult.SECURITY_FAILED,
                      uid=rows[0].uid, title=title, due_date=due, offline=offline,
                      security_ok=False, reason="lifted" if lifted else "security_write",
                      message="Put the item back on the pad, or see the staff.")
        return False

    def _retry_unverified(self, s: _Session) -> None:
        """Write again the marker of items whose tag the pad never reported gone.

        A book at the edge of the field can miss a write and be back before the scanner counts it
        lifted (debounced): no "entered" event will come, so the core tries again on its own, at
        most every ``security_retry_s``."""
        now = self.clock()
        if not s.unverified or now - self._last_retry < float(self.kcfg.get("security_retry_s", 0.5)):
            return
        self._last_retry = now
        for uid in [u for u in s.unverified if u in self._on_pad]:
            self._retry_security(s, uid)

    def _retry_security(self, s: _Session, uid: str) -> None:
        item_id = s.unverified[uid]
        on_loan = item_id in s.loans
        row = self._rows.get(uid)
        if row is None or row.item_id != item_id:  # back on the pad: a fresh row
            row = _Row(uid=uid, item_id=item_id, status=R.FAILED, read=True,
                       message="Put the item back on the pad, or see the staff.")
            self._rows[uid] = row
        verdict = self._secure([row], on_loan=on_loan)
        if verdict[uid] != "ok":
            self._row_event(row)
            return
        del s.unverified[uid]
        row.status, row.due_date, row.message = R.DONE, s.loans.get(item_id), None
        self._row_event(row)
        self._outcome(item_id, E.ItemAction.CHECKOUT if on_loan else E.ItemAction.CHECKIN,
                      E.ItemResult.DONE, uid=uid, due_date=s.loans.get(item_id),
                      security_ok=True)

    def _renew(self, s: _Session, item_id: str, *, uid: str | None,
               rows: list[_Row] | None = None) -> None:
        assert s.patron_id is not None
        if item_id not in s.loans:
            self._outcome(item_id, E.ItemAction.RENEW, E.ItemResult.REFUSED, reason="not_on_loan")
            return
        if item_id in s.not_renewable:
            self._outcome(item_id, E.ItemAction.RENEW, E.ItemResult.REFUSED,
                          reason="not_renewable", message="This loan cannot be renewed.")
            return
        # online, the centre decides (it answers with the due date it would give: the reference
        # ILS exactly, SIP2 with none, as it renews without a dry run); offline, or without a
        # date, the cached rules for this patron type and the item's type decide
        today = dt.date.today()
        ask = getattr(self.centre, "authorise_renew", None)
        auth = self._ask(ask, s.patron_id, item_id) if ask is not None else None
        if auth is not None and auth.outcome is not Outcome.APPLIED:
            s.not_renewable.add(item_id)
            if rows:  # on the pad: its row says why (the marker stays "on loan")
                self._refuse_item(rows, E.ItemAction.RENEW, auth.reason or "refused",
                                  auth.screen_message)
            else:
                self._outcome(item_id, E.ItemAction.RENEW, E.ItemResult.REFUSED, uid=uid,
                              reason=auth.reason or "refused", message=auth.screen_message)
            return
        if auth is not None and auth.due_date is not None and auth.due_date > today:
            due = auth.due_date
        else:
            item_type = rows[0].item_type if rows else None
            if item_type is None:
                info = self._ask(self.centre.item_info, item_id)
                if info is not None and info.outcome is Outcome.APPLIED:
                    item_type = info.item_type
            due = self._due(s, item_type, at_least=s.loans.get(item_id))
        offline = self._online is False
        if offline and not self._offline_usable():
            self._outcome(item_id, E.ItemAction.RENEW, E.ItemResult.REFUSED,
                          reason=E.Refusal.OFFLINE_RULES_STALE, message=self.STALE_WORDS)
            return
        if not self._record("renew", {"patron_id": s.patron_id, "item_id": item_id,
                                      "due_date": due.isoformat()}, offline=offline):
            self._outcome(item_id, E.ItemAction.RENEW, E.ItemResult.ERROR, reason="outbox")
            return
        s.loans[item_id] = due
        title = rows[0].title if rows else s.titles.get(item_id)
        security_ok = None
        if rows:  # on the pad: make sure its marker says "on loan"
            verdict = self._secure(rows, on_loan=True)
            security_ok = all(v == "ok" for v in verdict.values())
            for r in rows:
                r.status, r.due_date = (R.DONE if security_ok else R.FAILED), due
                self._row_event(r)
        s.items_done += 1
        s.lines.append(E.ReceiptLine(action=E.ItemAction.RENEW, item_id=item_id, title=title,
                                     due_date=due))
        self._outcome(item_id, E.ItemAction.RENEW, E.ItemResult.DONE, uid=uid, title=title,
                      due_date=due, offline=offline, security_ok=security_ok)

    # --- returns --------------------------------------------------------------------------------
    def _return_ready(self) -> None:
        for rows in self._groups():
            self._checkin(rows)

    def _checkin(self, rows: list[_Row]) -> None:
        s = self._session
        item_id = rows[0].item_id or ""
        into_slot = self.station is E.StationType.FASTBOOK and self.fastbook is not None
        if into_slot and not self._slot_free_for(rows):
            return
        info = self._ask(self.centre.item_info, item_id)
        branch = self.device.get("branch")
        destination, dest_branch = SortDestination.RESHELVE, None
        if info is not None and info.outcome is Outcome.APPLIED:
            if info.on_hold_for_other or info.status is ItemStatus.ON_HOLD_SHELF:
                if info.hold_pickup_branch and info.hold_pickup_branch != branch:
                    destination, dest_branch = SortDestination.TRANSIT, info.hold_pickup_branch
                else:
                    destination = SortDestination.HOLD_SHELF
            elif info.home_branch and branch and info.home_branch != branch:
                destination, dest_branch = SortDestination.TRANSIT, info.home_branch
        elif info is None and self.offline is not None and self.offline.item_on_hold(item_id):
            destination = SortDestination.HOLD_SHELF
        offline = info is None
        sort_bin = destination.value
        if not self._record("checkin", {"item_id": item_id, "sort_bin": sort_bin}, offline=offline):
            self._refuse_item(rows, E.ItemAction.CHECKIN, "outbox", None, result=E.ItemResult.ERROR)
            self._fault("outbox", "the outbox refused a transaction")
            return
        if s is not None:
            s.loans.pop(item_id, None)
        verdict = self._secure(rows, on_loan=False)
        ok = all(v == "ok" for v in verdict.values())
        if not ok:
            sort_bin, dest_branch = E.SortBin.STAFF, None
            if s is not None:
                for uid, v in verdict.items():
                    if v != "ok":
                        s.unverified[uid] = item_id
        title = rows[0].title
        slot = None
        if ok and into_slot:
            slot = self._store(rows[0], item_id)
            if slot is None:
                sort_bin, dest_branch = E.SortBin.STAFF, None
            else:
                sort_bin = f"fastbook:{slot}"
        for r in rows:
            r.status = R.DONE if ok else R.FAILED
            self._row_event(r)
        if s is not None:
            s.items_done += 1
            s.lines.append(E.ReceiptLine(action=E.ItemAction.CHECKIN, item_id=item_id, title=title,
                                         result=E.ItemResult.DONE if ok else E.ItemResult.SECURITY_FAILED,
                                         sort_bin=sort_bin))
        self._outcome(item_id, E.ItemAction.CHECKIN,
                      E.ItemResult.DONE if ok else E.ItemResult.SECURITY_FAILED, uid=rows[0].uid,
                      title=title, offline=offline, security_ok=ok,
                      reason=None if ok else "security_write")
        if slot is not None:
            self._emit(E.FastBookStored(slot=slot, item_id=item_id, title=title))
            return
        self._emit(E.SortInstruction(item_id=item_id, bin=sort_bin, destination_branch=dest_branch,
                                     title=title))

    def _slot_free_for(self, rows: list[_Row]) -> bool:
        """FastBook takes single items into free slots; a set or a full station goes to the desk
        (refused before anything is recorded)."""
        reason, words = None, None
        if len(rows) > 1 or rows[0].parts > 1:
            reason, words = "fastbook_set", "Please return this set at the desk."
        elif not any(sl.uid is None for sl in self.fastbook.slots()):
            reason, words = "station_full", "This station is full. Please return it at the desk."
        if reason is None:
            return True
        self._refuse_item(rows, E.ItemAction.CHECKIN, reason, words)
        return False

    def _store(self, row: _Row, item_id: str) -> int | None:
        """Move a checked-in, re-armed item from the bay into a free slot (None: see staff)."""
        try:
            slot = self.fastbook.store(row.uid, item_id)
        except OSError as exc:
            log.warning("FastBook could not store %s: %s", item_id, exc)
            self._emit(E.Notice(code=E.NoticeCode.SEE_STAFF, message="The item could not be stored."))
            return None
        self._delivered.discard(row.uid)
        return slot

    # --- batches, receipts and the end -------------------------------------------------------
    def _finish_batch(self, s: _Session) -> None:
        if self._state is not E.State.PROCESSING:
            return  # a fault ended the batch
        self._go(Trigger.COMPLETION)
        self._make_receipt(s, auto=True)

    def _make_receipt(self, s: _Session, *, auto: bool) -> None:
        if not s.lines:
            return
        receipt = E.Receipt(
            library=str(self.device.get("library_isil", "")), branch=str(self.device.get("branch", "")),
            station=str(self.device.get("id", "")), patron=mask(s.patron_id) if s.patron_id else None,
            when=dt.datetime.now().astimezone().replace(microsecond=0), lines=tuple(s.lines),
            offline=s.offline, loans_count=s.loans_count if s.patron_id else None,
            fees_owed=s.fees_owed if s.patron_id else None)
        self._last_receipt = receipt
        self._emit(receipt)
        if auto and self.printer is not None and self.kcfg.get("receipt_auto", True):
            self._print(receipt)

    def _print(self, receipt: E.Receipt) -> None:
        if self.printer is None:
            self._emit(E.ReceiptPrinted(ok=False, reason="no_printer"))
            return
        try:
            self.printer.print_receipt(render_escpos(receipt,
                                                     width=int(self.kcfg.get("receipt_width", 32))))
        except Exception as exc:
            log.warning("receipt printer failed: %s", exc)
            self._emit(E.ReceiptPrinted(ok=False, reason="printer_error"))
            self._emit(E.Notice(code=E.NoticeCode.RECEIPT_FAILED))
            return
        self._emit(E.ReceiptPrinted(ok=True))

    def _end(self, reason: str, *, transition_ok: bool = True) -> None:
        s = self._session
        if s is None:
            return
        if self._state is E.State.RETURN and s.lines and self._last_receipt is None:
            self._make_receipt(s, auto=True)
        if transition_ok and self._state in SESSION_STATES:
            self._go(Trigger.SESSION_END)
        self._drop_session(reason)

    def _drop_session(self, reason: str) -> None:
        s = self._session
        if s is None:
            return
        self._record("session_end", {"session_id": s.session_id, "ended_by": reason,
                                     "duration_s": round(max(0.0, self.clock() - s.started), 3),
                                     "items": s.items_done})
        self._emit(E.SessionEnded(reason=reason, items=s.items_done))
        # nothing of the patron stays: session, rows, receipt
        self._session = None
        self._last_receipt = None
        self._warned = None
        self._rows = {uid: _Row(uid=uid, entered_at=r.entered_at) for uid, r in self._rows.items()
                      if r.present}
        self._emit(E.StackCleared())
        if self._state is not E.State.IDLE and self._state in SESSION_STATES:
            self._go(Trigger.SESSION_END)

    def _tick(self) -> None:
        if self._state is E.State.OUT_OF_ORDER or (self._state is E.State.IDLE
                                                    and self.clock() - self._last_health >= 1.0):
            self._last_health = self.clock()
            self._check_health()
            return
        s = self._session
        if s is None or self._state in (E.State.PROCESSING, E.State.FASTBOOK_DISPENSE):
            return
        self._retry_unverified(s)
        timeout = float(self.kcfg.get("done_timeout_s" if self._state is E.State.DONE
                                      else "idle_timeout_s", 60))
        warning = float(self.kcfg.get("idle_warning_s", 15))
        idle = self.clock() - self._last_activity
        left = timeout - idle
        if left <= 0:
            self._end(E.EndReason.TIMEOUT)
        elif left <= warning:
            secs = max(1, int(left + 0.999))
            if secs != self._warned:
                self._warned = secs
                self._emit(E.IdleWarning(seconds_left=secs))


__all__ = ["KioskCore", "Listener", "hash_pin"]
