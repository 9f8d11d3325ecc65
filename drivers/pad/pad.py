"""The pad: one reader as a surface books are placed on, for any station (kiosk, tag programming,
a handheld sweep's single-item check).

:class:`Pad` runs :class:`drivers.scan.Scanner` over a :class:`~drivers.pad.quiet.TurnTakingInventory`
and reports typed :mod:`drivers.pad.events`; tag operations take the reader ahead of the next
round (:class:`~drivers.pad.turns.ReaderTurns`); each tag's library data is read once while it
stays (:meth:`Pad.read_item`, cached by UID, forgotten when it leaves), with the reader's short
read (:meth:`drivers.reader.Reader.read_item`).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator

from drivers.errors import ReaderError
from drivers.pad.events import Event, ReaderBack, ReaderLost, TagEntered, TagLeft
from drivers.pad.quiet import TurnTakingInventory
from drivers.pad.turns import ReaderTurns
from drivers.reader import Reader, ReaderInfo
from drivers.scan import ScanEvent, Scanner
from drivers.tags import Item

log = logging.getLogger(__name__)

__all__ = ["Pad"]


class Pad:
    """A reader as a pad: tags entered/left, their library data read once, operations first.

    :param miss_rounds: inventories a tag must miss before it counts as lifted.
    :param interval_s: pause between inventories (0: back to back, as a pad reader runs).
    :param quiet_s: how long after a tag operation the next inventory waits.
    :param quiet_known: silence tags already reported (ISO 15693 stay quiet) so a round costs
        only the new tags' air time, where the reader can (see :class:`TurnTakingInventory`).
    """

    def __init__(self, reader: Reader, *, miss_rounds: int = 2, interval_s: float = 0.0,
                 quiet_s: float = 0.03, quiet_known: bool = True) -> None:
        self.reader = reader
        self.turns = ReaderTurns(quiet_s=quiet_s)
        self.inventories = TurnTakingInventory(reader, self.turns, quiet_known=quiet_known,
                                               before_round=self._prefetch)
        self.scanner = Scanner(self.inventories, miss_limit=miss_rounds, interval=interval_s,
                               listeners=[self._on_scan])
        self._listener: Callable[[Event], None] | None = None
        self._items: dict[str, Item] = {}  # decoded while the tag is on the pad
        self._dsfid: dict[str, int] = {}  # the tags on the pad, with their DSFID
        self._reading: dict[str, threading.Event] = {}  # set when the tag's read ends
        self._read_lock = threading.Lock()
        self._to_prefetch: list[str] = []  # entered, not read yet (the scanner thread's own)
        self.error: str | None = None  # why the reader is lost, while it is
        self.reads = 0  # library-data reads sent to the reader (each tag once while it stays)

    @property
    def rounds(self) -> int:
        """Inventory rounds done so far."""
        return self.scanner.debouncer.round

    @property
    def present(self) -> set[str]:
        """UIDs of the tags on the pad now."""
        return set(self.scanner.present)

    def start(self, listener: Callable[[Event], None]) -> None:
        """Scan continuously; ``listener`` is called from the scanning thread (keep it short)."""
        self._listener = listener
        self.scanner.start()

    def stop(self) -> None:
        self.scanner.stop()
        self._listener = None

    def _on_scan(self, event: ScanEvent) -> None:
        out: Event
        if event.kind == "reader_lost":
            self.error = event.error or "reader lost"
            log.warning("pad reader lost: %s", event.error)
            out = ReaderLost(error=self.error, at=event.at)
        elif event.kind == "reader_back":
            self.error = None
            out = ReaderBack(at=event.at)
        else:
            assert event.tag is not None
            uid = event.tag.uid
            self._items.pop(uid, None)  # a tag back on the pad is read afresh
            if event.kind == "entered":
                self._dsfid[uid] = event.tag.dsfid
                self._to_prefetch.append(uid)
                out = TagEntered(uid=uid, dsfid=event.tag.dsfid, at=event.at)
            else:
                self._dsfid.pop(uid, None)
                out = TagLeft(uid=uid, at=event.at)
        if self._listener is not None:
            self._listener(out)

    def _prefetch(self) -> None:
        """Read the library data of tags that just entered, on the scanning thread, before its
        next round: the listener hears of the tag first and finds the data read, or being read,
        when it asks — instead of waiting behind the next round."""
        while self._to_prefetch:
            uid = self._to_prefetch.pop(0)
            if uid in self._dsfid and uid not in self._items:
                try:
                    self.read_item(uid)
                except Exception as exc:  # the caller reads it again and reports the problem
                    log.debug("prefetch of %s failed: %s", uid, exc)

    def read_item(self, uid: str) -> Item:
        """The tag's decoded library data: read once while it stays on the pad (a read under
        way for the same tag, from the prefetch, is waited for, not repeated).

        :raises ReaderError: the reader or the tag failed (``TagError`` and its kinds).
        :raises TagDataError: the data fits no model.
        """
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
                with self.turns.operation(own=self.scanner.thread is threading.current_thread()):
                    self.reads += 1
                    item = self.reader.read_item(uid, dsfid=self._dsfid.get(uid))
                if uid in self._dsfid:  # still on the pad: keep it until it leaves
                    self._items[uid] = item
                return item
            finally:
                with self._read_lock:
                    self._reading.pop(uid, None)
                done.set()

    # -- tag operations, each ahead of the next inventory round ------------------------------------
    @contextlib.contextmanager
    def operation(self) -> Iterator[Reader]:
        """The reader for a sequence of tag commands, ahead of the next inventory round."""
        with self.turns.operation():
            yield self.reader

    def write_afi(self, uid: str, afi: int) -> None:
        with self.turns.operation():
            self.reader.write_afi(uid, afi)

    def read_afi(self, uid: str) -> int:
        """The tag's AFI from its system information.

        :raises ReaderError: also when the tag does not report its AFI.
        """
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

    def reader_info(self) -> ReaderInfo:
        with self.turns.operation():
            return self.reader.reader_info()
