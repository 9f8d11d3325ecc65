"""Publishing the kiosks' offline cache (:mod:`sync.edge.offline_cache`, retained topics) from
an ILS that declares ``supports_offline_cache``: every ``interval_s``, and soon after a batch
changed what kiosks decide on (a hold trapped, a fine raised or paid, a hold picked up) — at
most once per ``min_interval_s``."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from sync import topics
from sync.edge import offline_cache
from sync.ils.base import ILSAdapter

log = logging.getLogger(__name__)

Builder = Callable[[], dict[str, dict[str, Any]]]


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
    """

    def __init__(self, builder: Builder, *, interval_s: float = 0, min_interval_s: float = 5.0,
                 prefix: str = topics.PREFIX, lock: threading.Lock | None = None) -> None:
        self.builder = builder
        self.interval_s = interval_s
        self.min_interval_s = min_interval_s
        self.prefix = prefix
        self.lock = lock or threading.Lock()
        self.published = 0
        self._due = threading.Event()
        self._last = -float("inf")

    def poke(self) -> None:
        """Publish soon (a batch or staff changed what the cache says)."""
        self._due.set()

    def publish(self, client: Any) -> None:
        """Build the cache now and publish it retained through the connected paho ``client``."""
        with self.lock:
            parts = self.builder()
        offline_cache.publish(client, parts, prefix=self.prefix)
        self.published += 1
        log.info("offline cache published (%d parts)", len(parts))

    def tick(self, now: float, client: Any, connected: bool) -> None:
        """Publish when due (``now``: a monotonic clock). An error is logged and retried at the
        next interval; the bridge keeps running."""
        if self.interval_s and now - self._last >= self.interval_s:
            self._due.set()
        if not (self._due.is_set() and connected and now - self._last >= self.min_interval_s):
            return
        self._due.clear()
        try:
            self.publish(client)
        except Exception:
            log.exception("offline cache not published")
        self._last = now
