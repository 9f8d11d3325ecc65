"""Turn-taking on one reader between tag operations and inventory rounds.

A station's inventory loop never stops; tag operations (reads, AFI and EAS writes) must not
queue behind a whole round. :class:`ReaderTurns` is the lock that gives them the reader first.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

__all__ = ["ReaderTurns"]


class ReaderTurns:
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
        """The reader for one inventory round, once no operation waits or just ended."""
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
