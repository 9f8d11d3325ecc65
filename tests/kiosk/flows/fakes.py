"""In-memory ports for the kiosk core's unit tests (no pty, no pcscd, no broker), and a harness
that feeds a :class:`kiosk.core.machine.KioskMachine` and collects what it emits (h11-style:
inputs in, the exact list of events out)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from drivers.errors import NoTransponder, TagError
from drivers.tags.item import Item
from drivers.tags.marker import MarkerSettings
from kiosk.core import commands as C
from kiosk.core import events as E
from kiosk.core.context import Ports
from kiosk.core.machine import Input, KioskMachine
from kiosk.core.ports import CardEvent, FastBookSlot, PadEvent
from kiosk.settings import KioskSettings, StationSettings
from sync.device import DeviceSettings
from sync.errors import Offline, OutboxError
from sync.messages import Payload
from sync.results import (
    Account,
    CheckoutResult,
    Hold,
    ItemInfo,
    ItemStatus,
    Loan,
    Outcome,
    PatronStatus,
    RenewResult,
)

TODAY = dt.date.today()
DUE = TODAY + dt.timedelta(days=14)
AFI_IN, AFI_OUT = 0x07, 0xC2
BRANCH = "TPML-MAIN"
PATRON = "2300000001"


class FakePad:
    """Tags by UID: their library data and AFI. ``refuse_write`` tags keep their AFI (the
    write fails with a tag error), ``gone`` tags do not answer at all, and ``bug`` is raised
    by every write (a programming error in a port)."""

    name, url = "pad", "fake://pad"

    def __init__(self) -> None:
        self.items: dict[str, Item] = {}
        self.afi: dict[str, int] = {}
        self.refuse_write: set[str] = set()
        self.gone: set[str] = set()
        self.bug: Exception | None = None
        self.ok = True

    def add(self, uid: str, item_id: str, *, afi: int = AFI_IN, parts: int | None = None,
            part: int | None = None, usage: int = 1) -> None:
        self.items[uid] = Item(model="iso28560-3", primary_item_id=item_id, owner_library="TW-TPML",
                               parts_in_item=parts, part_number=part, type_of_usage=usage)
        self.afi[uid] = afi

    def start(self, listener: Callable[[PadEvent], None]) -> None: ...

    def stop(self) -> None: ...

    def _there(self, uid: str) -> None:
        if uid in self.gone or uid not in self.items:
            raise NoTransponder("no answer", uid)

    def read_item(self, uid: str) -> Item:
        self._there(uid)
        return self.items[uid]

    def write_afi(self, uid: str, afi: int) -> None:
        if self.bug is not None:
            raise self.bug
        self._there(uid)
        if uid in self.refuse_write:
            raise TagError("write refused", uid)
        self.afi[uid] = afi

    def read_afi(self, uid: str) -> int:
        self._there(uid)
        return self.afi[uid]

    def set_eas(self, uid: str) -> None: ...

    def reset_eas(self, uid: str) -> None: ...

    def eas_armed(self, uid: str) -> bool:
        return False

    def diagnostics(self) -> dict[str, Any]:
        return {"ok": self.ok, "detail": "fake"}


class FakeCentre:
    """The centre's answers from dicts; ``online = False`` raises :class:`Offline` as the online
    client does on a timeout."""

    def __init__(self) -> None:
        self.online = True
        self.patrons: dict[str, PatronStatus] = {
            PATRON: PatronStatus(outcome=Outcome.APPLIED, patron_id=PATRON, valid=True,
                                 name="Lin", patron_type="adult", loans_count=1, loan_limit=10)}
        self.items: dict[str, ItemInfo] = {}
        self.refuse: dict[str, str] = {}  # item_id -> reason authorise_checkout gives
        self.loans: dict[str, list[Loan]] = {}
        self.holds: dict[str, list[Hold]] = {}
        self.calls: list[str] = []
        #: the due date authorise_renew answers with (the reference ILS: today + the period)
        self.renew_due = DUE + dt.timedelta(days=14)

    def item(self, item_id: str, *, title: str = "A book", status: ItemStatus = ItemStatus.AVAILABLE,
             **kw: Any) -> None:
        kw.setdefault("home_branch", BRANCH)
        self.items[item_id] = ItemInfo(outcome=Outcome.APPLIED, item_id=item_id, status=status,
                                       title=title, item_type="book", **kw)

    def _check(self, name: str) -> None:
        self.calls.append(name)
        if not self.online:
            raise Offline("the centre does not answer")

    def patron_status(self, patron_id: str, *, pin: str | None = None) -> PatronStatus:
        self._check("patron_status")
        return self.patrons.get(patron_id) or PatronStatus(
            outcome=Outcome.REFUSED, reason="unknown_patron", patron_id=patron_id, valid=False)

    def item_info(self, item_id: str) -> ItemInfo:
        self._check("item_info")
        return self.items.get(item_id) or ItemInfo(outcome=Outcome.REFUSED, reason="unknown_item",
                                                   item_id=item_id, screen_message="Unknown item.")

    def authorise_checkout(self, patron_id: str, item_id: str) -> CheckoutResult:
        self._check("authorise_checkout")
        reason = self.refuse.get(item_id)
        if reason is not None:
            return CheckoutResult(outcome=Outcome.REFUSED, reason=reason, patron_id=patron_id,
                                  item_id=item_id, screen_message="Not for you.")
        return CheckoutResult(outcome=Outcome.APPLIED, patron_id=patron_id, item_id=item_id,
                              due_date=DUE)

    def authorise_renew(self, patron_id: str, item_id: str) -> RenewResult:
        self._check("authorise_renew")
        return RenewResult(outcome=Outcome.APPLIED, patron_id=patron_id, item_id=item_id,
                           due_date=self.renew_due)

    def account(self, patron_id: str) -> Account:
        self._check("account")
        return Account(outcome=Outcome.APPLIED, patron_id=patron_id,
                       loans=tuple(self.loans.get(patron_id, ())),
                       holds=tuple(self.holds.get(patron_id, ())))


class FakeOffline:
    """Cached rules: fresh (``age`` seconds old), with holds and blocks as set."""

    def __init__(self) -> None:
        self.age: float | None = 60.0
        self.on_hold: set[str] = set()
        self.blocks: dict[str, tuple[str, str]] = {}
        self.limit: int | None = 5

    def age_s(self) -> float | None:
        return self.age

    def patron_block(self, patron_id: str) -> tuple[str, str] | None:
        return self.blocks.get(patron_id)

    def item_on_hold(self, item_id: str) -> bool:
        return item_id in self.on_hold

    def loan_limit(self, patron_type: str | None) -> int | None:
        return self.limit

    def due_date(self, today: dt.date, *, patron_type: str | None, item_type: str | None) -> dt.date:
        return today + dt.timedelta(days=21)


class FakeOutbox:
    """The outbox as a list of ``(type, payload, offline)``; ``refuse`` makes the disk say no."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, dict[str, Any], bool]] = []
        self.refuse = False

    def enqueue(self, message: Payload, *, offline: bool = False,
                branch: str | None = None, wall_time: dt.datetime | None = None) -> None:
        if self.refuse:
            raise OutboxError("disk full")
        self.rows.append((message.TYPE, message.to_wire(), offline))

    def status(self, *, now: float | None = None) -> dict[str, Any]:
        return {"queue_depth": len(self.rows)}

    def types(self) -> list[str]:
        return [t for t, _, _ in self.rows]


class FakePrinter:
    def __init__(self) -> None:
        self.printed: list[bytes] = []
        self.error: Exception | None = None

    def print_receipt(self, data: bytes) -> None:
        if self.error is not None:
            raise self.error
        self.printed.append(data)


class FakeDispenser:
    """A FastBook mechanism whose delivery bay is the fake pad's field."""

    def __init__(self, pad: FakePad, slots: int = 4) -> None:
        self.pad = pad
        self.slots_: list[FastBookSlot] = [FastBookSlot(slot=i + 1, uid=None) for i in range(slots)]
        self.jam = False

    def load(self, slot: int, uid: str, item_id: str) -> None:
        self.pad.add(uid, item_id)
        self.pad.gone.add(uid)  # in the slot, out of the pad's field
        self.slots_[slot - 1] = FastBookSlot(slot=slot, uid=uid, item_id=item_id)

    def slots(self) -> list[FastBookSlot]:
        return list(self.slots_)

    def dispense(self, slot: int) -> str:
        current = self.slots_[slot - 1]
        if self.jam or current.uid is None:
            raise OSError("jam")
        self.slots_[slot - 1] = FastBookSlot(slot=slot, uid=None, item_id=current.item_id)
        self.pad.gone.discard(current.uid)
        return current.uid

    def store(self, uid: str, item_id: str) -> int:
        for i, sl in enumerate(self.slots_):
            if sl.uid is None:
                self.slots_[i] = FastBookSlot(slot=sl.slot, uid=uid, item_id=item_id)
                self.pad.gone.add(uid)
                return sl.slot
        raise OSError("full")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Harness:
    """A machine over fake ports. :meth:`feed` hands it inputs (and the reads it asks for, as
    the worker does with nothing else queued) and returns the events they caused."""

    def __init__(self, station: str = "self_checkout", *, printer: bool = False,
                 dispenser: bool = False, **kiosk: Any) -> None:
        self.pad, self.centre, self.offline = FakePad(), FakeCentre(), FakeOffline()
        self.outbox, self.clock = FakeOutbox(), Clock()
        self.printer = FakePrinter() if printer else None
        self.dispenser = FakeDispenser(self.pad) if dispenser else None
        settings = StationSettings(kiosk=KioskSettings.from_section({"station": station, **kiosk}),
                                   security=MarkerSettings(), device=DeviceSettings())
        ports = Ports(centre=self.centre, outbox=self.outbox, offline=self.offline, pad=self.pad,
                      printer=self.printer, fastbook=self.dispenser)
        self.events: list[E.Event] = []
        self.machine = KioskMachine(settings, ports, emit=self.events.append, clock=self.clock)
        self.machine.begin()
        self.events.clear()

    @property
    def ctx(self) -> Any:
        return self.machine.context

    def feed(self, *items: Input) -> list[E.Event]:
        start = len(self.events)
        todo = list(items)
        while todo:
            todo.extend(self.machine.handle(todo.pop(0)))
        return self.events[start:]

    def card(self, patron_id: str = PATRON) -> list[E.Event]:
        return self.feed(CardEvent(present=True, patron_id=patron_id))

    def place(self, *uids: str) -> list[E.Event]:
        return self.feed(*(PadEvent(uid=u, present=True, at=self.clock.now) for u in uids))

    def lift(self, *uids: str) -> list[E.Event]:
        return self.feed(*(PadEvent(uid=u, present=False, at=self.clock.now) for u in uids))

    def submit(self, command: C.Command) -> list[E.Event]:
        return self.feed(command)


def plain(events: list[E.Event]) -> list[E.Event]:
    """Events with their random or clock-bound fields fixed, to compare whole lists."""
    out: list[E.Event] = []
    for e in events:
        if isinstance(e, E.SessionStarted):
            e = dataclasses.replace(e, session_id="S")
        elif isinstance(e, E.Receipt):
            e = dataclasses.replace(e, when=dt.datetime(2026, 1, 1))
        out.append(e)
    return out


def state(new: E.State, old: E.State, station: E.StationType = E.StationType.SELF_CHECKOUT
          ) -> E.StateChanged:
    return E.StateChanged(state=new, previous=old, station=station)
