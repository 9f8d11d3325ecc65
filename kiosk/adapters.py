"""Adapters from the real modules to the kiosk core's ports (:mod:`kiosk.core.ports`).

- :class:`ReaderPad` — any :class:`drivers.reader.Reader` as an item pad: :class:`drivers.scan.Scanner`
  reports tags entered/left (debounced); tag operations take the reader ahead of the next
  inventory round; each tag's library data is read once while it stays on the pad.
- :class:`LocalCentre` — an :class:`sync.ils.base.ILSAdapter` answering in-process (an embedded
  ILS, tests); ``online = False`` makes it raise :class:`sync.errors.Offline`.
  :class:`sync.edge.client.OnlineClient` fits the Centre port as it is.
- :class:`CachedRules` — issue 6's offline cache (:class:`sync.edge.offline_cache.OfflineCache`) as the
  offline-rules port: blocked patrons by salted hash, items on hold, loan limits and periods,
  the branch calendar, and its age; :class:`CacheFeed` keeps it fed from the retained MQTT parts.
- :class:`SerialPrinter` — ESC/POS bytes to a serial port (a pty in the simulator).
- :class:`PcscCards` — patron cards on a PC/SC reader through the real pcscd:
  :class:`drivers.pcsc.monitor.PatronWatcher` events turned into the core's card events.
- :class:`ScriptedCards` — a card source driven by calls (headless scenarios, tests).
- :class:`MultiCards` — several card sources as one port (the PC/SC reader and a barcode wedge,
  :mod:`kiosk.wedge`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from drivers.errors import ReaderError
from drivers.reader import Reader
from kiosk.core.ports import CardEvent, PadEvent
from sync.errors import Offline
from sync.ils.base import ILSAdapter
from sync.results import Account, CheckoutResult, ItemInfo, PatronStatus, RenewResult

log = logging.getLogger(__name__)


class _ReaderTurns:
    """Who may use the one reader next: tag operations first, inventories when none is due.

    A kiosk's inventory loop never stops, and a tag operation that queued behind it would wait a
    whole round (tens of ms with ten tags, each time). Here an operation waits only for the
    command under way; an inventory round starts only when no operation waits and none ended in
    the last ``quiet_s`` (the core's worker issues the writes of one checkout back to back, with
    a lookup between: that gap must not let a round in).
    """

    def __init__(self, *, quiet_s: float = 0.03) -> None:
        self.quiet_s = quiet_s
        self._cond = threading.Condition()
        self._busy = False
        self._waiting = 0
        self._last_op = 0.0

    @contextlib.contextmanager
    def operation(self, *, own: bool = False) -> Iterator[None]:
        """The reader for one tag operation, next in line. ``own``: the pad's own (prefetch,
        silencing), which starts no quiet period: only the core's sequences need one."""
        with self._cond:
            self._waiting += 1
            try:
                while self._busy:
                    self._cond.wait()
            finally:
                self._waiting -= 1
            self._busy = True
        try:
            yield
        finally:
            self._release(quiet_from_now=not own)

    @contextlib.contextmanager
    def inventory(self) -> Iterator[None]:
        with self._cond:
            while True:
                quiet_for = time.monotonic() - self._last_op
                if not self._busy and not self._waiting and quiet_for >= self.quiet_s:
                    break
                self._cond.wait(None if self._busy or self._waiting else self.quiet_s - quiet_for)
            self._busy = True
        try:
            yield
        finally:
            self._release(quiet_from_now=False)

    def _release(self, *, quiet_from_now: bool) -> None:
        with self._cond:
            self._busy = False
            if quiet_from_now:  # an inventory round waits ``quiet_s`` from here
                self._last_op = time.monotonic()
            self._cond.notify_all()


class _TurnTakingReader:
    """What :class:`drivers.scan.Scanner` inventories: the pad's reader, in its turn.

    With ``quiet_known`` (readers that can send ISO 15693 *stay quiet* and an RF reset: FEIG)
    tags already reported are silenced, so a round costs the air time of the tags just placed,
    not of the whole stack: every tag answering an inventory answers ~4 ms of air plus its
    record on the serial line, and a new tag would otherwise wait for a round of ten (~80 ms).
    A silenced tag still answers addressed commands; one of them is asked for its system
    information each round, in turn, and is reported present while it answers. When one does
    not (lifted, or a glitch), an RF reset wakes every tag and the next round counts the pad
    afresh, so a lifted tag is missed as before. A tag that lost its quiet state (power dip,
    lifted and put back) answers the inventory and is silenced again.
    """

    def __init__(self, reader: Reader, turns: _ReaderTurns, *, quiet_known: bool = False,
                 before_round: Callable[[], None] | None = None) -> None:
        self.reader = reader
        self.turns = turns
        self.before_round = before_round
        self.quiet_known = bool(quiet_known and callable(getattr(reader, "stay_quiet", None))
                                and callable(getattr(reader, "rf_reset", None)))
        self.quiet: dict[str, Any] = {}  # uid -> TagInfo: silenced, answering when pinged
        self._answered: list[Any] = []  # answered the last round: silence them next
        self._ping = 0

    def inventory(self, afi: int | None = None) -> list[Any]:
        if self.before_round is not None:
            self.before_round()
        if self.quiet_known and self._answered:
            with self.turns.operation(own=True):
                self._silence_answered()
        with self.turns.inventory():
            if not self.quiet_known:
                return self.reader.inventory(afi)
            return self._quiet_round(afi)

    def _quiet_round(self, afi: int | None) -> list[Any]:
        """One inventory of the tags not silenced yet, reported with the silenced ones.

        Tags that answered are silenced before the next round (:meth:`inventory`, after the
        pad's prefetch read them), not before this round's events go out; one silenced tag is
        pinged right after an inventory that found nothing new, so the next round starts with
        its inventory and a tag placed meanwhile is seen as soon as possible.
        """
        seen = self.reader.inventory(afi)
        self._answered = list(seen)
        if not seen:
            self._housekeeping()
        merged = {**self.quiet, **{t.uid: t for t in seen}}
        return [merged[u] for u in sorted(merged)]

    def _silence_answered(self) -> None:
        reader: Any = self.reader
        for tag in self._answered:
            try:
                reader.stay_quiet(tag.uid)
                self.quiet[tag.uid] = tag
            except ReaderError:
                self.quiet.pop(tag.uid, None)  # it will answer the next round, if still there
        self._answered = []

    def _housekeeping(self) -> None:
        reader: Any = self.reader
        self._silence_answered()
        if not self.quiet:
            return
        uids = sorted(self.quiet)
        uid = uids[self._ping % len(uids)]
        self._ping += 1
        try:
            reader.system_info(uid)
        except ReaderError:
            self.quiet.clear()
            try:
                reader.rf_reset()  # every tag answers the next inventory again
            except ReaderError as exc:
                log.debug("RF reset failed: %s", exc)


class ReaderPad:
    """Any :class:`drivers.reader.Reader` as the kiosk's item pad.

    A :class:`drivers.scan.Scanner` runs inventories back to back and reports a tag as entered or
    left (debounced: ``miss_rounds`` missed rounds in a row); tag operations take the reader
    before the next round (:class:`_ReaderTurns`). Each tag's library data is read once while it
    stays on the pad (cached by UID, forgotten when it leaves), and for ISO 28560-3 only the
    blocks holding it: the 34-byte basic block, plus the optional blocks when there are any.

    :param miss_rounds: inventories a tag must miss before it counts as lifted.
    :param interval_s: pause between inventories (0: back to back, as a pad reader runs).
    :param quiet_s: how long after a tag operation the next inventory waits.
    :param quiet_known: silence tags already reported (ISO 15693 stay quiet) so a round costs
        only the new tags' air time (readers that can: FEIG; see :class:`_TurnTakingReader`).
    """

    def __init__(self, reader: Reader, *, name: str = "pad", url: str = "", miss_rounds: int = 2,
                 interval_s: float = 0.0, quiet_s: float = 0.03, quiet_known: bool = True) -> None:
        from drivers.scan import Scanner

        self.reader = reader
        self.name = name
        self.url = url or reader.url
        self.turns = _ReaderTurns(quiet_s=quiet_s)
        self.inventories = _TurnTakingReader(reader, self.turns, quiet_known=quiet_known,
                                             before_round=self._prefetch)
        self.scanner = Scanner(self.inventories,  # type: ignore[arg-type]
                               miss_limit=miss_rounds, interval=interval_s,
                               listeners=[self._on_scan])
        self._listener: Callable[[PadEvent], None] | None = None
        self._items: dict[str, Any] = {}  # uid -> decoded Item while the tag is on the pad
        self._dsfid: dict[str, int] = {}
        self._reading: dict[str, threading.Event] = {}  # uid -> set when its read ends
        self._read_lock = threading.Lock()
        self._to_prefetch: list[str] = []  # entered, not read yet (the scanner thread's own)
        self.error: str | None = None
        self.reads = 0  # library-data reads sent to the reader (each tag once while it stays)

    @property
    def rounds(self) -> int:
        return self.scanner.debouncer.round

    def start(self, listener: Callable[[PadEvent], None]) -> None:
        self._listener = listener
        self.scanner.start()

    def stop(self) -> None:
        self.scanner.stop()
        self._listener = None

    def _on_scan(self, event: Any) -> None:
        if event.kind == "reader_lost":
            self.error = event.error
            log.warning("pad reader lost: %s", event.error)
            return
        if event.kind == "reader_back":
            self.error = None
            return
        uid = event.uid
        if event.kind == "entered":
            self._items.pop(uid, None)  # a tag back on the pad is read afresh
            self._dsfid[uid] = event.tag.dsfid
            self._to_prefetch.append(uid)
        else:
            self._items.pop(uid, None)
            self._dsfid.pop(uid, None)
        if self._listener is not None:
            self._listener(PadEvent(uid=uid, present=event.kind == "entered", at=event.at))

    def _scan_thread(self) -> threading.Thread | None:
        return getattr(self.scanner, "_thread", None)

    def _prefetch(self) -> None:
        """Read the library data of tags that just entered, on the scanner thread, before its
        next round: the core hears of the tag first (its row shows at once) and finds the data
        read, or being read, when it asks — instead of waiting behind the next round."""
        while self._to_prefetch:
            uid = self._to_prefetch.pop(0)
            if uid in self._dsfid and uid not in self._items:
                try:
                    self.read_item(uid)
                except Exception as exc:  # the core reads it again and reports the problem
                    log.debug("prefetch of %s failed: %s", uid, exc)

    def read_item(self, uid: str) -> Any:
        """The tag's decoded library data: read once while it stays on the pad (a read under
        way for the same tag, from the scanner's prefetch, is waited for, not repeated)."""
        while True:
            with self._read_lock:
                item = self._items.get(uid)
                if item is not None:
                    return item
                pending = self._reading.get(uid)
                if pending is None:
                    done = self._reading[uid] = threading.Event()
            if pending is not None:
                pending.wait(5.0)  # then take the cached item, or read it ourselves
                continue
            try:
                with self.turns.operation(own=threading.current_thread() is self._scan_thread()):
                    item = self._read_library_data(uid)
                if uid in self._dsfid:  # still on the pad: keep it until it leaves
                    self._items[uid] = item
                return item
            finally:
                with self._read_lock:
                    self._reading.pop(uid, None)
                done.set()

    def _read_library_data(self, uid: str) -> Any:
        from drivers.errors import TagError
        from drivers.tags import decode, iso28560_3

        self.reads += 1
        head_blocks = (iso28560_3.BASIC_SIZE + 3) // 4  # 9 blocks of 4 bytes: 36 bytes
        try:
            head = self.reader.read_blocks(uid, 0, head_blocks)
        except TagError:  # a smaller memory (the 32-byte form) or another layout
            head = b""
        if (len(head) > iso28560_3.BASIC_SIZE and iso28560_3.crc_matches(head)
                and head[iso28560_3.BASIC_SIZE] in (0x00, 0xFF)):
            return decode(head, dsfid=self._dsfid.get(uid))  # no optional blocks follow
        return self.reader.read_item(uid)

    def write_afi(self, uid: str, afi: int) -> None:
        with self.turns.operation():
            self.reader.write_afi(uid, afi)

    def read_afi(self, uid: str) -> int:
        with self.turns.operation():
            afi = self.reader.system_info(uid).afi
        if afi is None:
            raise ReaderError("the tag does not report its AFI")
        return afi

    def set_eas(self, uid: str) -> None:
        with self.turns.operation():
            self.reader.set_eas(uid)

    def reset_eas(self, uid: str) -> None:
        with self.turns.operation():
            self.reader.reset_eas(uid)

    def eas_armed(self, uid: str) -> bool:
        with self.turns.operation():
            return self.reader.eas_armed(uid)

    def diagnostics(self) -> dict[str, Any]:
        try:
            with self.turns.operation():
                info = self.reader.reader_info()
        except ReaderError as exc:
            return {"ok": False, "detail": str(exc)}
        return {"ok": self.error is None, "detail": self.error or f"{info.protocol} {info.model}".strip(),
                "rounds": self.rounds, "reads": self.reads}


class LocalCentre:
    """An ILS adapter answering online requests in-process (thread-safe by a lock)."""

    def __init__(self, ils: ILSAdapter, *, branch: str) -> None:
        self.ils = ils
        self.branch = branch
        self.online = True
        self.unanswered = 0  # requests refused while offline
        self._lock = threading.Lock()

    def _check(self) -> None:
        if not self.online:
            self.unanswered += 1
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

    def authorise_renew(self, patron_id: str, item_id: str) -> RenewResult:
        self._check()
        with self._lock:
            return self.ils.authorise_renew(patron_id, item_id, branch=self.branch)

    def account(self, patron_id: str) -> Account:
        self._check()
        with self._lock:
            return self.ils.account(patron_id)


class CachedRules:
    """Issue 6's offline cache (:class:`sync.edge.offline_cache.OfflineCache`) as the core's
    offline-rules port.

    The cache holds no clear patron identifiers: a patron is looked up by HMAC-SHA256 under the
    salt of the latest publication. Offline the kiosk knows neither the patron's type nor the
    item's, so it takes the strictest cached rule that could apply: the smallest loan limit of
    any patron type, the shortest loan period for the item type (of any item type when unknown),
    then the branch calendar rolls the due date past closed days. The core refuses offline
    lending when :meth:`age_s` is None (a part missing) or older than its
    ``kiosk.offline_max_age_s`` (refusal code ``offline_rules_stale``).
    """

    BLOCKED_WORDS = "Your card cannot be used here now. Please see the staff."

    def __init__(self, cache: Any, *, branch: str) -> None:
        self.cache = cache
        self.branch = branch

    def _part(self, name: str) -> dict[str, Any]:
        reader = getattr(self.cache, "part", None) or self.cache._part
        return reader(name) or {}

    def age_s(self) -> float | None:
        return self.cache.age_s()

    def patron_block(self, patron_id: str) -> tuple[str, str] | None:
        from sync.edge.offline_cache import patron_hash

        blocked = self._part("blocked")
        if not blocked.get("salt"):
            return None
        if patron_hash(blocked["salt"], patron_id) in set(blocked.get("hashes", ())):
            return ("patron_blocked", self.BLOCKED_WORDS)
        return None

    def item_on_hold(self, item_id: str) -> bool:
        return item_id in set(self._part("holds").get("items", ()))

    def loan_limit(self, patron_type: str | None) -> int | None:
        limits = self._part("rules").get("loan_limit", {})
        if patron_type in limits:
            return int(limits[patron_type])
        return min((int(v) for v in limits.values()), default=None)

    def loan_days(self, *, patron_type: str | None, item_type: str | None) -> int:
        """The loan period in days (at least 1).

        Only rules that lend count: an item type that does not circulate (reference books,
        ``loan_days = 0``) would otherwise be the "strictest" rule when the item type is unknown
        and make every offline loan or renewal due today. :data:`DEFAULT_DAYS` when nothing fits.
        """
        rules = self._part("rules")
        circulates = rules.get("circulates", {})
        fits = [int(r["loan_days"]) for r in rules.get("loans", [])
                if int(r["loan_days"]) > 0 and circulates.get(r["item_type"], 1)
                and (patron_type is None or r["patron_type"] == patron_type)
                and (item_type is None or r["item_type"] == item_type)]
        return min(fits, default=self.DEFAULT_DAYS)

    DEFAULT_DAYS = 14

    def due_date(self, today: dt.date, *, patron_type: str | None,
                 item_type: str | None) -> dt.date:
        """Today plus the loan period, rolled past the branch's closed days: always after today."""
        days = self.loan_days(patron_type=patron_type, item_type=item_type)
        return max(self.cache.due_date(self.branch, today, days), today + dt.timedelta(days=1))


class CacheFeed:
    """Keeps an :class:`sync.edge.offline_cache.OfflineCache` fed: subscribes to the retained
    ``<prefix>/cache/#`` parts the centre publishes (a kiosk that connects gets the latest at
    once) and stores each as it comes."""

    def __init__(self, cache: Any, *, host: str = "127.0.0.1", port: int = 1883,
                 prefix: str = "rfid/v1", client_id: str = "kiosk-cache",
                 configure: Callable[[Any], Any] | None = None) -> None:
        import paho.mqtt.client as mqtt

        self.cache = cache
        self.topic = f"{prefix}/cache/#"
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id,
                                  protocol=mqtt.MQTTv5)
        if configure is not None:  # TLS and credentials, as for the uplink
            configure(self.client)
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.host, self.port = host, port

    def start(self) -> CacheFeed:
        self.client.connect_async(self.host, self.port)
        self.client.loop_start()
        return self

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.disconnect()
        self.client.loop_stop()

    def _on_connect(self, client: Any, userdata: Any, flags: Any, rc: Any,
                    properties: Any = None) -> None:
        if not rc.is_failure:
            client.subscribe(self.topic, qos=1)

    def _on_message(self, client: Any, userdata: Any, msg: Any) -> None:
        try:
            self.cache.on_message(client, userdata, msg)
        except Exception as exc:  # a malformed part is dropped; the previous one stays
            log.warning("offline cache part %s refused: %s", msg.topic, exc)


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


class MultiCards:
    """Several card sources as the core's one card port: each hands its events to the core.

    ``url`` and the diagnostics list every source; the port is healthy while all of them are.
    """

    def __init__(self, *sources: Any, name: str = "card") -> None:
        if not sources:
            raise ValueError("MultiCards needs at least one source")
        self.sources = sources
        self.name = name
        self.url = " + ".join(str(getattr(src, "url", "")) for src in sources)

    def start(self, listener: Callable[[CardEvent], None]) -> None:
        started = []
        try:
            for src in self.sources:
                src.start(listener)
                started.append(src)
        except BaseException:
            for src in started:
                src.stop()
            raise

    def stop(self) -> None:
        for src in self.sources:
            try:
                src.stop()
            except Exception:
                log.exception("stopping %r", src)

    def diagnostics(self) -> dict[str, Any]:
        parts = []
        for src in self.sources:
            try:
                parts.append(src.diagnostics())
            except Exception as exc:
                parts.append({"ok": False, "detail": str(exc)})
        return {"ok": all(bool(d.get("ok")) for d in parts),
                "detail": "; ".join(str(d.get("detail") or "") for d in parts), "sources": parts}


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
