"""Order keys and clock skew: how the centre orders transactions by when they happened.

Clock skew: a message cannot arrive before it was made, so ``received − wall_time`` bounds the
device's offset from above; a negative bound proves the clock runs ahead, and that device's (and
boot's) later events are corrected by it. A clock that runs behind cannot be proved from one-way
messages; :meth:`ClockSkew.set_offset` takes an offset measured another way (the uplink's NTP-like
estimate). Keys are fixed when a transaction is journalled.
"""

from __future__ import annotations

import datetime as dt
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
        bound = self._bound.get((device_id, boot_id), 0.0)
        if bound < -self.tolerance_s:
            return Skew(correction_s=bound, source="arrival")
        return Skew(correction_s=0.0, source="arrival")

    def correct(self, device_id: str, boot_id: str, wall: dt.datetime) -> dt.datetime:
        return wall + dt.timedelta(seconds=self.skew(device_id, boot_id).correction_s)

    def keyed(self, msg: dict[str, Any], received: float) -> tuple[str, dict[str, Any]]:
        """Observe one arriving transaction and return its order key and the message as the ILS
        should see it (its wall time corrected, when the device's clock is known to be off)."""
        wall = schema.parse_time(msg["wall_time"])
        device, boot = msg.get("device_id", ""), msg.get("boot_id", "")
        self.observe(device, boot, wall, received)
        corrected = self.correct(device, boot, wall)
        if corrected != wall:
            msg = {**msg, "wall_time": schema.format_time(corrected)}
        return order_key(msg, corrected), msg


def order_key(msg: dict[str, Any], corrected: dt.datetime | None = None) -> str:
    """The sortable key of one transaction message (fixed width, compares as text)."""
    when = (corrected or schema.parse_time(msg["wall_time"])).astimezone(dt.UTC)
    stamp = when.replace(tzinfo=None).isoformat(timespec="microseconds")  # %Y-%m-%dT%H:%M:%S.%f
    return (f"{stamp}|{msg.get('device_id', '')}|"
            f"{msg.get('boot_id', '')}|{int(msg.get('mono_ns', 0)):020d}|"
            f"{int(msg.get('seq', 0)):012d}|{msg['txn_id']}")
