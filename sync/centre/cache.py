"""Publishing the kiosks' offline cache (:mod:`sync.edge.offline_cache`, retained topics) from
an ILS that declares ``supports_offline_cache``: every ``interval_s``, and soon after a batch
changed what kiosks decide on (a hold trapped, a fine raised or paid, a hold picked up) — at
most once per ``min_interval_s``.

Several bridges on one database
-------------------------------
The build reads every patron; N bridges building and publishing it would do that N times for
N identical copies. So one bridge at a time builds it: the holder of the database's
``offline_cache`` lease (:data:`LEASE`, :mod:`sync.db.lease`: a session advisory lock on the
bridge's read connection on PostgreSQL, a flock beside the file on SQLite). Every
``lease_check_s`` each bridge asks for the lease (and at once when its broker link comes or
goes): the holder builds on its schedule; the others skip their ticks. When the holder dies,
its connection or lock file goes with it and another bridge takes the lease at its next check
and publishes at once (what the dead one may not have published yet). A bridge without a
broker link lets the lease go, as it could not publish. A batch that changed the cache on a
bridge that does not hold the lease asks the holder through the lease's counter
(:meth:`~sync.db.lease.Lease.want`); the holder sees it at its next check. Between a lost
lease and the next check a second copy may go out: a retained copy of the same state, which
kiosks store like any other.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sync import topics
from sync.edge import offline_cache
from sync.ils.base import ILSAdapter

if TYPE_CHECKING:
    from sync.db.lease import Lease

log = logging.getLogger(__name__)

Builder = Callable[[], dict[str, dict[str, Any]]]

#: the lease of the bridge that builds the cache (:mod:`sync.db.lease`)
LEASE = "offline_cache"


def default_builder(ils: ILSAdapter,
                    read: Callable[[Callable[[Any], Any]], Any] | None = None) -> Builder | None:
    """The cache builder for ``ils``, or None when it cannot list blocked patrons and trapped
    holds (SIP2 cannot).

    :param read: runs a function of an ILS on a read connection of its own
        (:meth:`sync.centre.reads.ReadConnection.read`): the build scans every patron, and
        must not hold the lock circulation waits for.
    """
    if not ils.supports_offline_cache:
        return None
    if read is not None:
        return lambda: read(offline_cache.build)
    return lambda: offline_cache.build(ils)


class CachePublisher:
    """When and what to publish; :meth:`tick` is called by the bridge's housekeeping thread.

    :param lock: taken while the cache is built (the ILS's connection is shared).
    :param lease: the lease among bridges (:data:`LEASE`), asked for at every check (a new
        read connection brings a new one); it returning None, or no ``lease`` at all: this
        bridge is alone and always publishes.
    :param lease_check_s: how often the lease is asked for (and the others' requests read).
    """

    def __init__(self, builder: Builder, *, interval_s: float = 0, min_interval_s: float = 5.0,
                 prefix: str = topics.PREFIX, lock: threading.Lock | None = None,
                 lease: Callable[[], Lease | None] | None = None,
                 lease_check_s: float = 1.0) -> None:
        self.builder = builder
        self.interval_s = interval_s
        self.min_interval_s = min_interval_s
        self.prefix = prefix
        self.lock = lock or threading.Lock()
        self.lease = lease
        self.lease_check_s = lease_check_s
        self.published = 0
        #: this bridge builds the cache (holds the lease, or has none to share)
        self.leading = lease is None
        self._due = threading.Event()
        self._changed = threading.Event()
        self._last = -float("inf")
        self._next_check = -float("inf")
        self._linked: bool | None = None
        self._wanted: int | None = None
        self._trouble = ""

    def poke(self, *, changed: bool = True) -> None:
        """Publish soon: a batch or staff changed what the cache says (``changed``: the bridge
        holding the lease is asked to, when it is another), or this bridge's broker link is
        new (only this bridge's holder would publish)."""
        if changed:
            self._changed.set()
        self._due.set()

    def publish(self, client: Any) -> None:
        """Build the cache now and publish it retained through the connected paho ``client``."""
        with self.lock:
            parts = self.builder()
        offline_cache.publish(client, parts, prefix=self.prefix)
        self.published += 1
        log.info("offline cache published (%d parts)", len(parts))

    def tick(self, now: float, client: Any, connected: bool) -> None:
        """Publish when due and this bridge builds the cache (``now``: a monotonic clock). An
        error is logged and retried at the next interval; the bridge keeps running."""
        if self.interval_s and now - self._last >= self.interval_s:
            self._due.set()
        if self.lease is not None and (now >= self._next_check or connected != self._linked):
            self._next_check, self._linked = now + self.lease_check_s, connected
            self._check_lease(self.lease, connected)
        if not (self._due.is_set() and connected and now - self._last >= self.min_interval_s):
            return
        self._due.clear()
        changed = self._changed.is_set()
        self._changed.clear()
        try:
            if self.leading:
                self.publish(client)
            elif changed:
                self._ask_holder()
        except Exception:
            log.exception("offline cache not published")
        self._last = now

    def _check_lease(self, source: Callable[[], Lease | None], connected: bool) -> None:
        """Take or keep the lease (let it go without a broker link); as the holder, a request
        from another bridge or the lease newly taken makes a publication due."""
        if not (connected or self.leading):
            return  # nothing to take or let go (and no database opened without a broker link)
        leading = False
        try:
            lease = source()
            if lease is None:
                leading = True
            elif not connected:
                lease.release()
            elif lease.hold():
                wanted = lease.wanted()
                if wanted != self._wanted and self._wanted is not None:
                    self._due.set()
                self._wanted, leading = wanted, True
            self._trouble = ""
        except Exception as exc:  # the database is away: not the holder, asked again later
            if str(exc) != self._trouble:
                log.warning("offline cache lease not checked: %s", exc)
            self._trouble = str(exc)
        if leading and not self.leading:
            log.info("offline cache: this bridge builds it now")
            self._due.set()
        elif self.leading and not leading:
            log.info("offline cache: this bridge no longer builds it")
        if not leading:
            self._wanted = None
        self.leading = leading

    def _ask_holder(self) -> None:
        lease = self.lease() if self.lease is not None else None
        if lease is not None:
            lease.want()
