"""The sweep's I/O shell: a reader's inventory rounds into a :class:`~.session.SweepSession`.

Any :class:`drivers.reader.Reader` (opened from a URL by :func:`drivers.registry.open_reader`)
runs the rounds through the drivers' :class:`~drivers.pad.TurnTakingInventory` (plain rounds:
every tag answers each round, which is what places a book by the mean time it was read); the
session's commands (read an unknown tag, check an AFI) take the reader in their turn. A pass
ends when nothing has answered for ``idle_s`` after something did (the wand lifted, or the end
of the shelf).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from drivers.errors import NoTransponder, ReaderError, ReaderIOError, TagError
from drivers.pad import ReaderTurns, TurnTakingInventory
from drivers.reader import Reader
from drivers.tags.item import Item, TagDataError
from inventory_scanner.shelflist import ShelfItem
from inventory_scanner.sweep.events import CheckAfi, FixMarker, ReadTag
from inventory_scanner.sweep.find import FindSession
from inventory_scanner.sweep.ranges import marker_of
from inventory_scanner.sweep.session import SweepSession

log = logging.getLogger(__name__)

__all__ = ["SweepError", "SweepShell"]

Emit = Callable[[dict[str, Any]], None]


class SweepError(Exception):
    """The sweep cannot go on (the reader is gone or keeps failing); one line saying why."""


class SweepShell:
    """Runs passes of a sweep on ``reader``; ``emit`` gets every news event as a JSON object.

    :param clock: seconds (the sweep's time line; tests pass the simulator's).
    :param max_failures: consecutive failed rounds before the sweep gives up.
    """

    def __init__(self, reader: Reader, session: SweepSession | FindSession, *, emit: Emit,
                 clock: Callable[[], float] = time.monotonic, max_failures: int = 5,
                 lookup: Callable[[str], ShelfItem | None] | None = None) -> None:
        self.reader = reader
        #: asks the centre about an item id a tag names and the shelf list lacks (a sweep of a
        #: range fetched from the centre meets books of other ranges); None: never asked
        self.lookup = lookup
        self.session = session
        self.emit = emit
        self.clock = clock
        self.turns = ReaderTurns(quiet_s=0.0)
        self.inventory = TurnTakingInventory(reader, self.turns, quiet_known=False)
        self.max_failures = max_failures
        self.reads = 0  # tag-memory reads
        self.afi_checks = 0

    def run_pass(self, *, idle_s: float = 2.0, wait_s: float = 60.0,
                 stop: Callable[[], bool] | None = None) -> bool:
        """Rounds until the pass ends (see the module doc) or ``stop()``; False if nothing answered
        within ``wait_s`` (no pass happened)."""
        started = self.clock()
        last_answer: float | None = None
        failures = 0
        while stop is None or not stop():
            afi = self.session.round_afi()
            try:
                tags = self.inventory.inventory(afi)
            except ReaderIOError as exc:
                failures += 1
                if failures >= self.max_failures:
                    raise SweepError(f"reader {self.reader.url}: {exc}") from exc
                continue
            except ReaderError as exc:
                raise SweepError(f"reader {self.reader.url}: {exc}") from exc
            failures = 0
            now = self.clock()
            if tags:
                last_answer = now
            elif last_answer is None and now - started > wait_s:
                return False
            elif last_answer is not None and now - last_answer > idle_s:
                break
            self._handle(self.session.round(now, [t.uid for t in tags], afi))  # type: ignore[arg-type]
        self._handle(self.session.end_pass())
        return last_answer is not None

    def _handle(self, events: list[Any]) -> None:
        for event in events:
            if isinstance(event, ReadTag):
                self._handle(self._read(event.uid))
            elif isinstance(event, CheckAfi):
                self._handle(self._check_afi(event.uid))
            elif isinstance(event, FixMarker):
                self._handle(self._fix_marker(event.uid, event.afi))
            else:
                self.emit(event.to_json())

    def _read(self, uid: str) -> list[Any]:
        self.reads += 1
        with self.turns.operation():
            try:
                item = self.reader.read_item(uid)
            except NoTransponder:
                return self.session.tag_data(self.clock(), uid, None, error="absent")
            except TagDataError as exc:
                return self.session.tag_data(self.clock(), uid, None, error=str(exc))
            except (TagError, ReaderIOError) as exc:
                log.debug("read of %s failed: %s", uid, exc)
                return self.session.tag_data(self.clock(), uid, None, error="absent")
        self._learn(item)
        return self.session.tag_data(self.clock(), uid, item)

    def _learn(self, item: Item) -> None:
        """Ask :attr:`lookup` about the item a tag names, if the list lacks it and it is ours."""
        session, item_id = self.session, item.primary_item_id
        if (self.lookup is None or not isinstance(session, SweepSession) or not item_id or item.is_blank
                or marker_of(item) is not None or session.shelf.by_id(item_id) is not None):
            return
        isil = session.rec.library_isil
        if item.owner_library and isil is not None and item.owner_library != isil:
            return
        found = self.lookup(item_id)
        if found is not None:
            session.learn(found)

    def _check_afi(self, uid: str) -> list[Any]:
        self.afi_checks += 1
        with self.turns.operation():
            try:
                afi = self.reader.system_info(uid).afi
            except (TagError, ReaderIOError):
                afi = None
        return self.session.afi_read(self.clock(), uid, afi)

    def _fix_marker(self, uid: str, afi: int) -> list[Any]:
        """Write the AFI, then read it back whatever the write said (a lost answer may hide a
        write that took)."""
        with self.turns.operation():
            try:
                self.reader.write_afi(uid, afi)
            except ReaderError as exc:
                log.info("AFI write on %s failed: %s", uid, exc)
            try:
                back = self.reader.system_info(uid).afi
            except ReaderError:
                back = None
        return self.session.marker_written(self.clock(), uid, afi, back)  # type: ignore[union-attr]

    def finish(self) -> dict[str, Any]:
        report = self.session.finish()
        report.setdefault("sweep", {}).update({"tag_reads": self.reads, "afi_checks": self.afi_checks})
        return report
