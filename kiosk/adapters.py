"""Adapters from the real modules to the kiosk core's ports (:mod:`kiosk.core.ports`).

- :class:`PolledPad` — any :class:`drivers.reader.Reader` as an item pad: a scanner thread runs
  inventories back to back and reports a tag as gone only after it was missed ``miss_rounds``
  rounds in a row (debouncing); tag operations share the reader under one lock.
- :class:`LocalCentre` — an :class:`sync.ils.base.ILSAdapter` answering in-process (an embedded
  ILS, tests); ``online = False`` makes it raise :class:`sync.errors.Offline`.
  :class:`sync.client.OnlineClient` fits the Centre port as it is.
- :class:`CacheOfflineRules` — offline rules from salted hashes of blocked patrons, items on hold
  and loan rules (what issue 6's cache publishes), built from a reference ILS by
  :meth:`CacheOfflineRules.from_reference`.
- :class:`SerialPrinter` — ESC/POS bytes to a serial port (a pty in the simulator).
- :class:`PcscCards` — patron cards on a PC/SC reader through the real pcscd:
  :class:`drivers.pcsc.monitor.PatronWatcher` events turned into the core's card events.
- :class:`ScriptedCards` — a card source driven by calls (headless scenarios, tests).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from drivers.errors import ReaderError
from drivers.reader import Reader
from kiosk.core.ports import CardEvent, PadEvent
from sync.errors import Offline
from sync.ils.base import Account, CheckoutResult, ILSAdapter, ItemInfo, PatronStatus

log = logging.getLogger(__name__)


class PolledPad:
    """A reader as the kiosk's item pad.

    :param miss_rounds: inventories a tag must miss before it counts as lifted.
    :param interval_s: pause between inventories (0: back to back, as a pad reader runs).
    """

    def __init__(self, reader: Reader, *, name: str = "pad", url: str = "", miss_rounds: int = 2,
                 interval_s: float = 0.0) -> None:
        self.reader = reader
        self.name = name
        self.url = url or reader.url
        self.miss_rounds = miss_rounds
        self.interval_s = interval_s
        self.lock = threading.RLock()
        self._present: dict[str, int] = {}  # uid -> consecutive misses
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._listener: Callable[[PadEvent], None] | None = None
        self.error: str | None = None
        self.rounds = 0

    def start(self, listener: Callable[[PadEvent], None]) -> None:
        self._listener = listener
        self._stop.clear()
        self._thread = threading.Thread(target=self._scan, name=f"scan:{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _scan(self) -> None:
        while not self._stop.is_set():
            try:
                with self.lock:
                    tags = self.reader.inventory()
                self.error = None
            except ReaderError as exc:
                self.error = str(exc)
                log.warning("pad inventory failed: %s", exc)
                self._stop.wait(0.5)
                continue
            self.rounds += 1
            now = time.monotonic()
            seen = {t.uid for t in tags}
            for uid in seen:
                if uid not in self._present:
                    self._notify(PadEvent(uid=uid, present=True, at=now))
                self._present[uid] = 0
            for uid in list(self._present):
                if uid in seen:
                    continue
                self._present[uid] += 1
                if self._present[uid] >= self.miss_rounds:
                    del self._present[uid]
                    self._notify(PadEvent(uid=uid, present=False, at=now))
            if self.interval_s:
                self._stop.wait(self.interval_s)
            else:
                time.sleep(0)  # let tag operations take the lock between rounds

    def _notify(self, event: PadEvent) -> None:
        if self._listener is not None:
            self._listener(event)

    def read_item(self, uid: str) -> Any:
        with self.lock:
            return self.reader.read_item(uid)

    def write_afi(self, uid: str, afi: int) -> None:
        with self.lock:
            self.reader.write_afi(uid, afi)

    def read_afi(self, uid: str) -> int:
        with self.lock:
            afi = self.reader.system_info(uid).afi
        if afi is None:
            raise ReaderError("the tag does not report its AFI")
        return afi

    def set_eas(self, uid: str) -> None:
        with self.lock:
            self.reader.set_eas(uid)

    def reset_eas(self, uid: str) -> None:
        with self.lock:
            self.reader.reset_eas(uid)

    def diagnostics(self) -> dict[str, Any]:
        try:
            with self.lock:
                info = self.reader.reader_info()
        except ReaderError as exc:
            return {"ok": False, "detail": str(exc)}
        return {"ok": self.error is None, "detail": self.error or f"{info.protocol} {info.model}".strip(),
                "rounds": self.rounds}


class LocalCentre:
    """An ILS adapter answering online requests in-process (thread-safe by a lock)."""

    def __init__(self, ils: ILSAdapter, *, branch: str) -> None:
        self.ils = ils
        self.branch = branch
        self.online = True
        self._lock = threading.Lock()

    def _check(self) -> None:
        if not self.online:
            raise Offline("the centre is not reachable")

    def patron_status(self, patron_id: str, *, pin: str | None = None) -> PatronStatus:
        self._check()
        with self._lock:
            return self.ils.patron_status(patron_id, pin=pin)

    def item_info(self, item_id: str) -> ItemInfo:
        self._check()
        with self._lock:
            return self.ils.item_info(item_id)

    def authorise_checkout(self, patron_id: str, item_id: str) -> CheckoutResult:
        self._check()
        with self._lock:
            return self.ils.authorise_checkout(patron_id, item_id, branch=self.branch)

    def account(self, patron_id: str) -> Account:
        self._check()
        with self._lock:
            return self.ils.account(patron_id)


def salted_hash(identifier: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{identifier}".encode()).hexdigest()


class CacheOfflineRules:
    """Offline rules held as the cache holds them: no clear patron identifiers.

    :param blocked: salted hash -> (code, words).
    :param on_hold: item ids a hold waits on.
    :param loan_days: (patron type or "*", item type or "*") -> loan period in days.
    :param refreshed: ``time.time()`` of the last refresh (None: never).
    """

    def __init__(self, *, salt: str, blocked: dict[str, tuple[str, str]] | None = None,
                 on_hold: set[str] | None = None, loan_days: dict[tuple[str, str], int] | None = None,
                 loan_limits: dict[str, int] | None = None, default_limit: int | None = 10,
                 refreshed: float | None = None, closed: set[dt.date] | None = None) -> None:
        self.salt = salt
        self.blocked = dict(blocked or {})
        self.on_hold = set(on_hold or ())
        self.loan_days = dict(loan_days or {("*", "*"): 21})
        self.loan_limits = dict(loan_limits or {})
        self.default_limit = default_limit
        self.refreshed = refreshed
        self.closed = set(closed or ())

    def age_s(self) -> float | None:
        return None if self.refreshed is None else max(0.0, time.time() - self.refreshed)

    def patron_block(self, patron_id: str) -> tuple[str, str] | None:
        return self.blocked.get(salted_hash(patron_id, self.salt))

    def item_on_hold(self, item_id: str) -> bool:
        return item_id in self.on_hold

    def loan_limit(self, patron_type: str | None) -> int | None:
        return self.loan_limits.get(patron_type or "*", self.default_limit)

    def due_date(self, today: dt.date, *, patron_type: str | None,
                 item_type: str | None) -> dt.date:
        days = (self.loan_days.get((patron_type or "*", item_type or "*"))
                or self.loan_days.get(("*", item_type or "*"))
                or self.loan_days.get(("*", "*"), 21))
        due = today + dt.timedelta(days=days)
        while due in self.closed:  # branch calendar: due on the next open day
            due += dt.timedelta(days=1)
        return due

    @classmethod
    def from_reference(cls, ils: Any, *, salt: str = "kiosk-cache") -> CacheOfflineRules:
        """Build the cache from a :class:`sync.ils.reference.ReferenceILS` (tests, demo) until
        the centre publishes it (issue 6)."""
        db = ils.db
        blocked: dict[str, tuple[str, str]] = {}
        for p in db.query("SELECT id FROM patrons"):
            status = ils.patron_status(p["id"])
            if status.blocks:
                words = status.block_messages[0] if status.block_messages else "Please see the staff."
                blocked[salted_hash(p["id"], salt)] = (f"patron_{status.blocks[0]}", words)
        on_hold = {r["item_id"] for r in db.query(
            "SELECT item_id FROM holds WHERE status IN ('waiting', 'ready')")}
        loan_days: dict[tuple[str, str], int] = {("*", "*"): 21}
        limits: dict[str, int] = {}
        try:
            for r in db.query("SELECT * FROM loan_rules"):
                loan_days[(r["patron_type"], r["item_type"])] = int(r["loan_days"])
                loan_days.setdefault(("*", r["item_type"]), int(r["loan_days"]))
            for r in db.query("SELECT code, loan_limit FROM patron_types"):
                limits[r["code"]] = int(r["loan_limit"])
        except Exception as exc:  # another schema: keep the defaults
            log.info("loan rules not read: %s", exc)
        return cls(salt=salt, blocked=blocked, on_hold=on_hold, loan_days=loan_days,
                   loan_limits=limits, refreshed=time.time())


class SerialPrinter:
    """A thermal printer on a serial line (``/dev/ttyUSB2`` or a simulator pty)."""

    def __init__(self, port: str, *, baudrate: int = 9600) -> None:
        self.port = port
        self.baudrate = baudrate

    def print_receipt(self, data: bytes) -> None:
        import serial

        try:
            with serial.Serial(self.port, self.baudrate, timeout=2, write_timeout=5) as line:
                line.write(data)
                line.flush()
        except serial.SerialException as exc:
            raise OSError(str(exc)) from exc


class PcscCards:
    """Patron cards on the PC/SC reader(s) a ``pcsc://`` URL names, through pcscd.

    A :class:`drivers.pcsc.monitor.PatronWatcher` identifies every card presented (NDEF record,
    ISO 28560-3 patron tag or UID, per ``[pcsc]`` options) on its monitor thread; this adapter
    hands the core a :class:`CardEvent`: presented with the patron identifier, presented with
    ``patron_id=None`` and the reason (an item tag on the card reader, a card that will not
    answer), or removed (which ends the session). A card pulled while it was being read is
    reported only as removed: there is nothing to refuse. pyscard is imported on :meth:`start`.
    """

    def __init__(self, url: str = "pcsc://*", *, name: str = "card", options: Any = None,
                 apdu_timeout: float = 2.0) -> None:
        self.url = url
        self.name = name
        self.options = options
        self.apdu_timeout = apdu_timeout
        self._listener: Callable[[CardEvent], None] | None = None
        self._watcher: Any = None
        self.readers: set[str] = set()
        self.identified = 0  # cards identified since start (staff diagnostics)
        self.failed = 0

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> PcscCards:
        """From the device config: ``kiosk.card_url`` (else ``pcsc.reader``) and the ``[pcsc]``
        identification options."""
        from drivers.pcsc.patron import IdentifyOptions

        section = config.get("pcsc", {})
        url = str(config.get("kiosk", {}).get("card_url") or section.get("reader", "pcsc://*"))
        return cls(url, options=IdentifyOptions.from_config(section),
                   apdu_timeout=float(section.get("apdu_timeout_s", 2.0)))

    def start(self, listener: Callable[[CardEvent], None]) -> None:
        from drivers.pcsc.monitor import PatronWatcher
        from drivers.pcsc.patron import DEFAULT_OPTIONS

        self._listener = listener
        self._watcher = PatronWatcher(self.url, self._on_event,
                                      options=self.options or DEFAULT_OPTIONS,
                                      apdu_timeout=self.apdu_timeout).start()

    def stop(self) -> None:
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop()
        self._listener = None

    def _on_event(self, event: Any) -> None:
        from drivers.pcsc.apdu import CardRemoved

        kind = event.kind
        if kind == "reader-added":
            self.readers.add(event.reader)
        elif kind == "reader-removed":
            self.readers.discard(event.reader)
        elif kind == "patron-identified":
            self.identified += 1
            self._send(CardEvent(present=True, patron_id=event.patron.value, source="card"))
        elif kind == "patron-failed":
            if isinstance(event.error, CardRemoved):
                return  # the card-removed event follows
            self.failed += 1
            self._send(CardEvent(present=True, patron_id=None, source="card",
                                 error=_card_words(event.error)))
        elif kind == "card-removed":
            self._send(CardEvent(present=False, source="card"))

    def _send(self, event: CardEvent) -> None:
        if self._listener is not None:
            self._listener(event)

    def diagnostics(self) -> dict[str, Any]:
        if self._watcher is None:
            return {"ok": False, "detail": "not started"}
        if not self.readers:
            return {"ok": False, "detail": f"no PC/SC reader matches {self.url}"}
        return {"ok": True, "detail": ", ".join(sorted(self.readers)),
                "identified": self.identified, "failed": self.failed}


def _card_words(error: Exception | None) -> str:
    """What the patron is told about a card that could not be used (no identifiers in it)."""
    from drivers.errors import ReaderTimeout
    from drivers.pcsc.patron import NotAPatronCard

    if isinstance(error, NotAPatronCard):
        return "This is not a library card (a book on the card reader?)."
    if isinstance(error, ReaderTimeout):
        return "The card did not answer. Please present it again."
    return "The card could not be read."


class ScriptedCards:
    """A card source whose cards are presented and removed by calls (scenarios, tests)."""

    def __init__(self, *, name: str = "card", url: str = "script://cards") -> None:
        self.name = name
        self.url = url
        self._listener: Callable[[CardEvent], None] | None = None

    def start(self, listener: Callable[[CardEvent], None]) -> None:
        self._listener = listener

    def stop(self) -> None:
        self._listener = None

    def present(self, patron_id: str | None, *, source: str = "card", error: str | None = None) -> None:
        if self._listener is not None:
            self._listener(CardEvent(present=True, patron_id=patron_id, source=source, error=error))

    def remove(self) -> None:
        if self._listener is not None:
            self._listener(CardEvent(present=False))

    def diagnostics(self) -> dict[str, Any]:
        return {"ok": True, "detail": "scripted"}
