"""Continuous scanning: "tag entered" / "tag left" events from repeated inventories, debounced.

A tag answering one round and missing the next is common on a real pad (collisions, a book at
the edge of the field), so a tag counts as gone only after it was missed in ``miss_limit``
consecutive rounds. A round that failed (timeout, garbled frame) is no evidence either way: it
counts for nobody. A reader that vanishes (unplugged) gives a ``reader_lost`` event and, once it
answers again, ``reader_back``; the tags' state is kept across the gap.

Three ways to use it, one engine:

- sans-I/O: :class:`Debouncer` turns each round's UIDs into events (no reader, no clock);
- a thread, python-can ``Notifier`` style: ``Scanner(reader, listeners=[callable, …]).start()``;
  each listener is called with every :class:`ScanEvent` from the scanning thread (keep it short);
- asyncio: ``async for event in scanner.events(): …`` (the scanning thread feeds the loop).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from typing import Literal, Protocol

from drivers.errors import ReaderError, ReaderUnavailable
from drivers.reader import TagInfo

log = logging.getLogger(__name__)

EventKind = Literal["entered", "left", "reader_lost", "reader_back"]
Listener = Callable[["ScanEvent"], object]


class Inventories(Protocol):
    """What a scanner inventories: a :class:`drivers.reader.Reader`, or a pad's turn-taking
    inventory (:class:`drivers.pad.TurnTakingInventory`)."""

    def inventory(self, afi: int | None = None) -> list[TagInfo]: ...


@dataclass(frozen=True, kw_only=True)
class ScanEvent:
    """Something changed: ``tag`` is set for ``entered``/``left``, ``error`` for ``reader_lost``."""

    kind: EventKind
    round: int
    tag: TagInfo | None = None
    error: str | None = None
    at: float = 0.0  # time.monotonic() of the round

    def __post_init__(self) -> None:
        if self.kind in ("entered", "left") and self.tag is None:
            raise ValueError(f"a {self.kind} event needs its tag")
        if self.round < 0:
            raise ValueError("round must be >= 0")

    @property
    def uid(self) -> str | None:
        return self.tag.uid if self.tag else None


class Debouncer:
    """The state machine: which tags are present, given each round's inventory.

    :param miss_limit: consecutive missed rounds after which a tag has left (>= 1).
    """

    def __init__(self, *, miss_limit: int = 3) -> None:
        if miss_limit < 1:
            raise ValueError("miss_limit must be >= 1")
        self.miss_limit = miss_limit
        self.round = 0
        self._present: dict[str, TagInfo] = {}
        self._missed: dict[str, int] = {}

    @property
    def present(self) -> dict[str, TagInfo]:
        """Tags currently counted as in the field, by UID."""
        return dict(self._present)

    def update(self, seen: Iterable[TagInfo], *, at: float = 0.0) -> list[ScanEvent]:
        """Feed one successful round; return the events it causes (entered first, sorted by UID)."""
        self.round += 1
        seen_by_uid = {t.uid: t for t in seen}
        events = []
        for uid in sorted(seen_by_uid):
            self._missed[uid] = 0
            if uid not in self._present:
                events.append(ScanEvent(kind="entered", round=self.round, tag=seen_by_uid[uid], at=at))
            self._present[uid] = seen_by_uid[uid]
        for uid in sorted(set(self._present) - set(seen_by_uid)):
            self._missed[uid] = self._missed.get(uid, 0) + 1
            if self._missed[uid] >= self.miss_limit:
                events.append(ScanEvent(kind="left", round=self.round, tag=self._present.pop(uid), at=at))
                del self._missed[uid]
        return events


class Scanner:
    """Inventory ``reader`` round after round and report changes to listeners.

    :param miss_limit: rounds a tag must be missed before it has left.
    :param interval: pause between rounds in seconds (0: back to back; the reader's own air time
        paces the loop).
    :param afi: only tags with this AFI (e.g. the "in library" marker at an exit gate).
    :param retry_interval: pause before trying a lost reader again.
    """

    def __init__(
        self, reader: Inventories, *, miss_limit: int = 3, interval: float = 0.0, afi: int | None = None,
        listeners: Iterable[Listener] = (), retry_interval: float = 0.5,
    ) -> None:
        self.reader = reader
        self.debouncer = Debouncer(miss_limit=miss_limit)
        self.interval = interval
        self.afi = afi
        self.retry_interval = retry_interval
        self.listeners: list[Listener] = list(listeners)
        self.lost = False
        self.failed_rounds = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()  # one round at a time, whoever calls

    @property
    def present(self) -> dict[str, TagInfo]:
        return self.debouncer.present

    # -- one round (usable without the thread) ---------------------------------------------------
    def poll(self) -> list[ScanEvent]:
        """Run one inventory round and return its events (also sent to the listeners)."""
        with self._lock:
            now = time.monotonic()
            try:
                tags = self.reader.inventory(self.afi)
            except ReaderUnavailable as exc:
                self.failed_rounds += 1
                if self.lost:
                    return []
                self.lost = True
                events = [ScanEvent(kind="reader_lost", round=self.debouncer.round, error=str(exc), at=now)]
            except ReaderError as exc:
                self.failed_rounds += 1
                log.debug("scan round failed, not counted: %s", exc)
                return []
            else:
                events = []
                if self.lost:
                    self.lost = False
                    events.append(ScanEvent(kind="reader_back", round=self.debouncer.round, at=now))
                events += self.debouncer.update(tags, at=now)
        for event in events:
            self._dispatch(event)
        return events

    def _dispatch(self, event: ScanEvent) -> None:
        for listener in list(self.listeners):
            try:
                listener(event)
            except Exception:  # a listener's bug must not stop the scanning
                log.exception("scan listener %r failed on %s", listener, event.kind)

    # -- thread ----------------------------------------------------------------------------------
    def add_listener(self, listener: Listener) -> None:
        self.listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        with contextlib.suppress(ValueError):
            self.listeners.remove(listener)

    @property
    def thread(self) -> threading.Thread | None:
        """The scanning thread while it runs (to tell its calls from other threads')."""
        return self._thread

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> Scanner:
        if self.running:
            return self
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="rfid-scan", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> Scanner:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.poll()
            pause = self.retry_interval if self.lost else self.interval
            if pause > 0 and self._stop.wait(pause):
                return

    # -- asyncio ---------------------------------------------------------------------------------
    async def events(self) -> AsyncIterator[ScanEvent]:
        """Events as an async iterator; starts the scanning thread if needed (stop() ends it)."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[ScanEvent] = asyncio.Queue()

        def push(event: ScanEvent) -> None:
            loop.call_soon_threadsafe(queue.put_nowait, event)

        self.add_listener(push)
        self.start()
        try:
            while True:
                yield await queue.get()
        finally:
            self.remove_listener(push)
