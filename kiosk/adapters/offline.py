"""The offline-rules port: issue 6's offline cache (:class:`sync.edge.offline_cache.OfflineCache`)
as :class:`CachedRules` — blocked patrons by salted hash, items on hold, loan limits and
periods, the branch calendar, and its age. :class:`sync.edge.cache_feed.CacheFeed` keeps the
cache fed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sync.edge.offline_cache import OfflineCache, patron_hash


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

    def __init__(self, cache: OfflineCache, *, branch: str) -> None:
        self.cache = cache
        self.branch = branch

    def _part(self, name: str) -> dict[str, Any]:
        return self.cache.part(name) or {}

    def age_s(self) -> float | None:
        return self.cache.age_s()

    def patron_block(self, patron_id: str) -> tuple[str, str] | None:
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
