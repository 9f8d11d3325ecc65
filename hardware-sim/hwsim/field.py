"""The RF field of one simulated reader: which tags are in it and how strongly they couple.

Tags enter and leave over time (a scenario timeline, a patron placing and lifting books, a
handheld sweeping a shelf). A tag below the reader's sensitivity is present but does not answer.
Entering or leaving the field power-cycles the tag, as on a real reader. A tag can be scheduled
to leave after a number of further commands, to model a book lifted off the pad mid-write.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from hwsim.iso15693.tag import Iso15693Tag

Listener = Callable[[str, Iso15693Tag], None]


@dataclass
class _Placement:
    tag: Iso15693Tag
    rssi: float
    leave_after: int | None = None  # commands left before the tag is taken out
    away_for: int | None = None  # if set, the tag comes back after this many field commands


class Field:
    """Thread-safe set of tags in one reader's field.

    :param sensitivity: tags with ``rssi`` below this (dBm-like units) do not answer.
    """

    def __init__(self, *, sensitivity: float = -70.0) -> None:
        self.sensitivity = sensitivity
        self._placed: dict[str, _Placement] = {}
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        self._returning: dict[str, list] = {}  # uid -> [placement, commands still away]

    def subscribe(self, listener: Listener) -> None:
        """``listener(event, tag)`` with event ``"enter"`` or ``"leave"``."""
        self._listeners.append(listener)

    def _notify(self, event: str, tag: Iso15693Tag) -> None:
        for listener in list(self._listeners):
            listener(event, tag)

    def place(self, tag: Iso15693Tag, *, rssi: float = -40.0) -> None:
        with self._lock:
            fresh = tag.uid_hex not in self._placed
            self._placed[tag.uid_hex] = _Placement(tag, rssi)
        if fresh:
            tag.power_cycle()
            self._notify("enter", tag)

    def lift(self, uid: str) -> Iso15693Tag | None:
        with self._lock:
            placement = self._placed.pop(uid.upper(), None)
        if placement is None:
            return None
        placement.tag.power_cycle()
        self._notify("leave", placement.tag)
        return placement.tag

    def clear(self) -> None:
        for uid in list(self._placed):
            self.lift(uid)

    def set_rssi(self, uid: str, rssi: float) -> None:
        with self._lock:
            self._placed[uid.upper()].rssi = rssi

    def leave_after(self, uid: str, commands: int, *, away_for: int | None = None) -> None:
        """Take the tag out of the field after ``commands`` more addressed commands reach it.

        :param away_for: put it back after that many field commands (the one that found it gone
            counts), as when a book slides off the pad's edge and is pushed back: the next
            command after ``away_for=1`` finds the tag again, e.g. a write's read-back.
        """
        with self._lock:
            placement = self._placed[uid.upper()]
            placement.leave_after = commands
            placement.away_for = away_for

    def tick(self, uid: str) -> bool:
        """Count one command addressed to ``uid``; True if the tag is still there to answer it."""
        with self._lock:
            placement = self._placed.get(uid.upper())
            if placement is None:
                return False
            if placement.leave_after is None:
                return True
            if placement.leave_after <= 0:
                gone = True
            else:
                placement.leave_after -= 1
                gone = False
        if gone:
            lifted = self._placed.get(uid.upper())
            self.lift(uid)
            if lifted is not None and lifted.away_for is not None:
                with self._lock:
                    self._returning[uid.upper()] = [lifted, lifted.away_for - 1]
            return False
        return True

    def _come_back(self) -> None:
        """Count one field command for tags that are away for a while; put back those due."""
        with self._lock:
            due = []
            for uid, entry in list(self._returning.items()):
                if entry[1] <= 0:
                    due.append(entry[0])
                    del self._returning[uid]
                else:
                    entry[1] -= 1
        for placement in due:
            self.place(placement.tag, rssi=placement.rssi)

    def get(self, uid: str) -> Iso15693Tag | None:
        with self._lock:
            placement = self._placed.get(uid.upper())
            return placement.tag if placement else None

    def all_tags(self) -> list[Iso15693Tag]:
        with self._lock:
            return [p.tag for p in self._placed.values()]

    def answering(self) -> list[Iso15693Tag]:
        """Tags in the field strong enough to answer."""
        with self._lock:
            return [p.tag for p in self._placed.values() if p.rssi >= self.sensitivity]

    def rssi(self, uid: str) -> float | None:
        with self._lock:
            placement = self._placed.get(uid.upper())
            return placement.rssi if placement else None

    def transceive(self, frame: bytes, *, uid: str | None = None) -> tuple[list[bytes], int]:
        """Send one air frame to every answering tag; return their responses and blocks programmed.

        :param uid: the addressed tag, if any: counts toward a scheduled :meth:`leave_after`, so a
            tag can vanish between two frames of one multi-block write.
        """
        if self._returning:
            self._come_back()
        if uid is not None and not self.tick(uid):
            return [], 0
        responses: list[bytes] = []
        writes = 0
        for tag in self.answering():
            answer = tag.exchange(frame)
            writes += answer.writes
            if answer.response is not None:
                responses.append(answer.response)
        return responses, writes
