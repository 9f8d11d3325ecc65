"""Order keys and clock skew: how the centre orders transactions by when they happened.

Clock skew: a message cannot arrive before it was made, so ``received − wall_time`` bounds the
device's offset from above; a negative bound proves the clock runs ahead, and that device's (and
boot's) later events are corrected by it. A clock that runs behind cannot be proved from one-way
messages; :meth:`ClockSkew.set_offset` takes an offset measured another way (the uplink's NTP-like
estimate). Keys are fixed when a transaction is journalled.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sync import schema


@dataclass(frozen=True, kw_only=True)
class Skew:
    """One device boot's clock correction in seconds (add to its wall clock)."""

    correction_s: float
    source: str  # "arrival" (proved from arrivals) or "reported"


class ClockSkew:
    """Per-device, per-boot clock corrections.

    :param tolerance_s: bounds smaller than this are network jitter, not skew.
    """

    def __init__(self, *, tolerance_s: float = 2.0) -> None:
        self.tolerance_s = tolerance_s
        self._bound: dict[tuple[str, str], float] = {}
        self._reported: dict[str, float] = {}

    def observe(self, device_id: str, boot_id: str, wall: dt.datetime, received: float) -> None:
        """Note that a message stamped ``wall`` arrived at ``received`` (centre's epoch s)."""
        bound = received - wall.timestamp()
        key = (device_id, boot_id)
        if bound < self._bound.get(key, float("inf")):
            self._bound[key] = bound

    def set_offset(self, device_id: str, offset_s: float) -> None:
        """An offset (centre − device) measured by the device itself, e.g. by the uplink."""
        self._reported[device_id] = offset_s

    def skew(self, device_id: str, boot_id: str) -> Skew:
        if device_id in self._reported:
            return Skew(correction_s=self._reported[device_id], source="reported")
        return Skew(correction_s=self._correction(device_id, boot_id), source="arrival")

    def _correction(self, device_id: str, boot_id: str) -> float:
        """:meth:`skew`'s seconds alone (no object built: called per transaction)."""
        reported = self._reported.get(device_id)
        if reported is not None:
            return reported
        bound = self._bound.get((device_id, boot_id), 0.0)
        return bound if bound < -self.tolerance_s else 0.0

    def correct(self, device_id: str, boot_id: str, wall: dt.datetime) -> dt.datetime:
        return wall + dt.timedelta(seconds=self._correction(device_id, boot_id))

    def keyed(self, msg: dict[str, Any], received: float) -> tuple[str, dict[str, Any]]:
        """Observe one arriving transaction and return its order key and the message as the ILS
        should see it (its wall time corrected, when the device's clock is known to be off)."""
        text = msg["wall_time"]
        wall = schema.parse_time(text)
        device, boot = msg.get("device_id", ""), msg.get("boot_id", "")
        bound = received - wall.timestamp()  # (observe(), inline)
        if bound < self._bound.get((device, boot), _INF):
            self._bound[(device, boot)] = bound
        correction = self._correction(device, boot)
        if correction:
            corrected = wall + dt.timedelta(seconds=correction)
            if corrected != wall:
                msg = {**msg, "wall_time": schema.format_time(corrected)}
                return order_key(msg, corrected), msg
        return _key(_stamp(text, wall), msg), msg


_INF = float("inf")

#: a wall time as the edges write it (:func:`sync.schema.format_time`): its order-key stamp is
#: its own text, no datetime arithmetic needed
_CANONICAL = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", re.ASCII)


def _stamp(text: str, when: dt.datetime) -> str:
    """The key's time part (``%Y-%m-%dT%H:%M:%S.%f`` in UTC) of ``when``, whose text is
    ``text``."""
    if _CANONICAL.fullmatch(text):
        return text[:23] + "000"
    return when.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def _key(stamp: str, msg: dict[str, Any]) -> str:
    get = msg.get
    return (f"{stamp}|{get('device_id', '')}|{get('boot_id', '')}|"
            f"{int(get('mono_ns', 0)):020d}|{int(get('seq', 0)):012d}|{msg['txn_id']}")


def order_key(msg: dict[str, Any], corrected: dt.datetime | None = None) -> str:
    """The sortable key of one transaction message (fixed width, compares as text)."""
    if corrected is None:
        text = msg["wall_time"]
        return _key(_stamp(text, schema.parse_time(text)), msg)
    return _key(_stamp("", corrected), msg)
