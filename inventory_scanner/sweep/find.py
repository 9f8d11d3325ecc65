"""Find mode, sans-I/O: a pull list (holds waiting, missing items, weeding) and the reader's
rounds in; each wanted item announced the moment it answers, with a proximity cue out.

The cue is the share of recent rounds the tag answered: a tag at the antenna's centre answers
nearly every round, one at the edge of the field (or behind other books) now and then. The
same I/O shell as the sweep runs it (:class:`~.shell.SweepShell`): UID-only rounds, and the
memory of a tag read only when the pull list does not know its UID.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from drivers.tags.item import Item
from inventory_scanner.shelflist import ShelfList
from inventory_scanner.sweep.events import Event, ReadTag

__all__ = ["FindSession", "Found", "Proximity", "cue"]


def cue(rate: float) -> str:
    """``here`` (answers most rounds), ``near`` or ``far``."""
    if rate >= 0.75:
        return "here"
    if rate >= 0.35:
        return "near"
    return "far"


@dataclass(frozen=True, slots=True)
class Found:
    """A wanted item answered for the first time."""

    item_id: str
    uid: str
    call_number: str
    t: float
    kind: str = "found"

    def to_json(self) -> dict[str, Any]:
        return {"event": "found", "item_id": self.item_id, "uid": self.uid, "call_number": self.call_number,
                "t": round(self.t, 3)}


@dataclass(frozen=True, slots=True)
class Proximity:
    """How close a wanted item is now: ``rate`` of the last rounds it answered, and the cue."""

    item_id: str
    rate: float
    cue: str
    t: float
    kind: str = "proximity"

    def to_json(self) -> dict[str, Any]:
        return {"event": "proximity", "item_id": self.item_id, "rate": round(self.rate, 2), "cue": self.cue,
                "t": round(self.t, 3)}


class FindSession:
    """Looks for the items of ``pull`` (a shelf list: item ids, UIDs where known)."""

    def __init__(self, pull: ShelfList, *, window: int = 8) -> None:
        self.pull = pull
        self.window = window
        self._by_uid = pull.uid_index()
        self._by_id = pull.id_index()
        self._uid_of: dict[str, int] = {}  # UIDs identified as wanted items
        self._other: set[str] = set()  # UIDs read and not wanted
        self._pending: set[str] = set()
        self._history: dict[int, deque[bool]] = {}
        self._cue: dict[int, str] = {}
        self.found: dict[int, float] = {}
        self.rounds = 0

    @property
    def done(self) -> bool:
        return len(self.found) == len(self.pull.items)

    def round_afi(self) -> int | None:
        return None

    def round(self, t: float, uids: list[str], afi: int | None = None) -> list[Event | Found | Proximity]:
        self.rounds += 1
        out: list[Any] = []
        answered: set[int] = set()
        for uid in uids:
            index = self._uid_of.get(uid)
            if index is None:
                index = self._by_uid.get(uid)
                if index is None:
                    if uid not in self._other and uid not in self._pending:
                        self._pending.add(uid)
                        out.append(ReadTag(uid))
                    continue
                self._uid_of[uid] = index
            answered.add(index)
            self._announce(index, uid, t, out)
        for index, history in self._history.items():
            history.append(index in answered)
            rate = sum(history) / len(history)
            now = cue(rate) if any(history) else "gone"
            if now != self._cue.get(index) and (len(history) == self.window or now == "here"):
                self._cue[index] = now
                out.append(Proximity(self.pull.items[index].item_id, rate, now, t))
        return out

    def _announce(self, index: int, uid: str, t: float, out: list[Any]) -> None:
        if index in self.found:
            return
        self.found[index] = t
        self._history[index] = deque(maxlen=self.window)
        item = self.pull.items[index]
        out.append(Found(item.item_id, uid, item.call_number, t))

    def tag_data(self, t: float, uid: str, item: Item | None, *, error: str | None = None) -> list[Any]:
        self._pending.discard(uid)
        out: list[Any] = []
        if item is None:
            if error != "absent":
                self._other.add(uid)
            return out
        index = self._by_id.get(item.primary_item_id) if item.primary_item_id else None
        if index is None:
            self._other.add(uid)
            return out
        self._uid_of[uid] = index
        self._announce(index, uid, t, out)
        return out

    def afi_read(self, t: float, uid: str, afi: int | None) -> list[Any]:
        return []

    def end_pass(self) -> list[Any]:
        return []

    def finish(self) -> dict[str, Any]:
        items = self.pull.items
        return {"found": [{"item_id": items[i].item_id, "call_number": items[i].call_number, "t": round(t, 3)}
                          for i, t in sorted(self.found.items(), key=lambda kv: kv[1])],
                "not_found": [{"item_id": it.item_id, "call_number": it.call_number}
                              for i, it in enumerate(items) if i not in self.found],
                "sweep": {"rounds": self.rounds}}
