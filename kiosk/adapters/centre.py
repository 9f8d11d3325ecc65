"""The centre port answered in-process: :class:`LocalCentre` wraps an
:class:`sync.ils.base.ILSAdapter` (an embedded ILS, the simulator, tests); ``online = False``
makes it raise :class:`sync.errors.Offline`. A real station uses
:class:`sync.edge.client.OnlineClient`, which fits the Centre port as it is.
"""

from __future__ import annotations

import threading

from sync.errors import Offline
from sync.ils.base import ILSAdapter
from sync.results import Account, CheckoutResult, ItemInfo, PatronStatus, RenewResult


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
