"""Online requests that read much — a branch's shelf list (``shelf_list``) — answered apart
from circulation.

Why
---
The first page of a 200,000-item branch selects, sorts and encodes for seconds. Answered like
the other requests it held the bridge's ILS lock all that time, and every kiosk's checkout
waited: one handheld could stall the centre for everybody. No device may make the centre
stall or answer for another device.

Theory of operation
-------------------
* :meth:`HeavyReads.offer` takes the requests :data:`HEAVY_OPS` names off the request worker
  (it peeks at ``op`` only; the answer validates the message as every request's does).
* One worker answers them, one at a time, on a connection of its own to the ILS's database:
  the ILS's read-only twin (:meth:`~sync.ils.base.ILSAdapter.read_only_twin`, held by
  :class:`ReadConnection`; a snapshot is one read transaction there,
  :meth:`~sync.ils.base.ILSAdapter.read_transaction`). SQLite WAL lets it read while the
  transaction worker writes; PostgreSQL too (``REPEATABLE READ``). Neither the ILS lock nor
  the transaction worker is ever held by such a read. An ILS without a twin (one in memory,
  SIP2) is read under the ILS lock, as before.
* The work is bounded: at most ``max_queued`` requests wait (all devices together) and at
  most ``per_device`` of one device; a request beyond either is answered at once with
  ``ok: false`` "busy" (the handheld uses its cached copy, as offline). With snapshots kept a
  few minutes and a first page reusing a build seconds old
  (:class:`~sync.centre.shelf_list.ShelfSnapshots`), many handhelds cost one worker's time.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import queue
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from sync import shelf_pages, topics
from sync.centre.batch import Incoming
from sync.centre.requests import handle_request, op_of, refusal
from sync.ils.base import ILSAdapter

if TYPE_CHECKING:
    from sync.db.lease import Lease

__all__ = ["HEAVY_OPS", "HeavyReads", "ReadConnection"]

log = logging.getLogger(__name__)

#: the requests answered by the heavy-read worker
HEAVY_OPS = frozenset({shelf_pages.OP})

Publish = Callable[[str, dict[str, Any], bytes | None], None]
T = TypeVar("T")


class ReadConnection:
    """The bridge ILS's read-only twin (:meth:`~sync.ils.base.ILSAdapter.read_only_twin`),
    asked for at first use (the database may be down when the bridge starts; a failure is
    asked again at the next use) and reused; only for reading. Threads share it through its
    own locking (the heavy-read worker, the offline cache's builder and its lease). An ILS
    without a twin is read under ``lock``.

    :param lock: the bridge's ILS lock, taken only when there is no twin.
    """

    def __init__(self, ils: ILSAdapter, lock: contextlib.AbstractContextManager[Any]) -> None:
        self.ils, self.lock = ils, lock
        self._twin: ILSAdapter | None = None
        self._asked = False
        self._opening = threading.Lock()
        self._leases: dict[str, Lease | None] = {}

    @property
    def twin(self) -> ILSAdapter | None:
        """The second connection in use (None before first use, or when there is none)."""
        return self._twin

    def _reader(self) -> ILSAdapter | None:
        with self._opening:
            return self._open()

    def _open(self) -> ILSAdapter | None:
        if not self._asked:
            self._twin = self.ils.read_only_twin()  # raising: asked again next time
            self._asked = True
        return self._twin

    def lease(self, name: str) -> Lease | None:
        """The lease ``name`` (:meth:`~sync.ils.base.ILSAdapter.lease`) held on this
        connection, so that it goes with it (:meth:`close`, a dead session); None without a
        twin (in memory, SIP2: no other bridge shares the database).

        :raises Exception: the database cannot be reached now.
        """
        with self._opening:
            twin = self._open()
            if twin is None:
                return None
            if name not in self._leases:
                self._leases[name] = twin.lease(name)
            return self._leases[name]

    @contextlib.contextmanager
    def view(self) -> Iterator[ILSAdapter]:
        """The ILS to read from while inside."""
        twin = self._reader()
        if twin is None:
            with self.lock:
                yield self.ils
            return
        yield twin

    def read(self, fn: Callable[[ILSAdapter], T]) -> T:
        """``fn(ils)`` in one read transaction (one moment of the database)."""
        with self.view() as ils, ils.read_transaction():
            return fn(ils)

    def close(self) -> None:
        """Close the twin; the next use asks for a new one (after a failed read: the database
        may have gone and come back)."""
        with self._opening:
            for lease in self._leases.values():
                if lease is not None:
                    with contextlib.suppress(Exception):  # a lost session let go already
                        lease.close()
            self._leases.clear()
            if self._twin is not None:
                self._twin.close()
            self._twin, self._asked = None, False


class HeavyReads:
    """The heavy-read worker and its bounded queue (one per bridge).

    :param publish: ``(response topic, body, correlation)``: the bridge's publish.
    """

    def __init__(self, ils: ILSAdapter, lock: contextlib.AbstractContextManager[Any],
                 publish: Publish, *, prefix: str = topics.PREFIX,
                 max_queued: int = 4, per_device: int = 1) -> None:
        self.reader = ReadConnection(ils, lock)
        self.publish = publish
        self.prefix = prefix
        self.max_queued, self.per_device = max_queued, per_device
        self._queue: queue.Queue[tuple[Incoming, str, str] | None] = queue.Queue()
        self._mutex = threading.Lock()
        self._waiting: collections.Counter[str] = collections.Counter()
        self._thread: threading.Thread | None = None
        #: counts since start: answered, refused (busy)
        self.stats = {"answered": 0, "refused": 0}

    def offer(self, item: Incoming, topic: str) -> bool:
        """Take ``item`` if it is a heavy read (queued, or refused as busy); False if it is
        not one (the caller answers it)."""
        if op_of(item) not in HEAVY_OPS:
            return False
        where = topics.device_of(item.topic, self.prefix)
        device = where[1] if where is not None else ""
        with self._mutex:
            busy = (sum(self._waiting.values()) >= self.max_queued
                    or self._waiting[device] >= self.per_device)
            if not busy:
                self._waiting[device] += 1
                self._queue.put((item, topic, device))
        if busy:
            self.stats["refused"] += 1
            log.info("heavy request of %s refused: busy", device)
            self.publish(topic, refusal(item, "centre busy with other shelf lists: try again "
                                        "later"), item.correlation)
        return True

    def start(self) -> HeavyReads:
        self._thread = threading.Thread(target=self._worker, name="bridge-heavy-reads",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(30)
            self._thread = None
        self.reader.close()

    def _worker(self) -> None:
        while (got := self._queue.get()) is not None:
            item, topic, device = got
            try:
                with self.reader.view() as ils:
                    body = handle_request(ils, item, self.prefix)
            except Exception as exc:  # the database cannot be opened: the edge falls back
                log.warning("heavy request failed: %s", exc)
                self.reader.close()
                body = refusal(item, f"{type(exc).__name__}: {exc}"[:300])
            finally:
                with self._mutex:
                    self._waiting[device] -= 1
                    if not self._waiting[device]:
                        del self._waiting[device]
            self.stats["answered"] += 1
            self.publish(topic, body, item.correlation)
