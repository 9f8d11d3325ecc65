"""The item pad port: any :class:`drivers.reader.Reader` as the kiosk's pad (:class:`ReaderPad`).

:class:`drivers.scan.Scanner` reports tags entered/left (debounced); tag operations take the
reader ahead of the next inventory round; each tag's library data is read once while it stays
on the pad.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from drivers.errors import ReaderError
from drivers.reader import Reader
from kiosk.core.ports import PadEvent

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
