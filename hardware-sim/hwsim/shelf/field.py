"""The handheld's field moving along the shelf: which tags answer, and when.

:class:`SimClock` is the simulation's time: wall time when the pty paces replies as a real
reader does, or, in instant mode, the air and line time the reader has spent so far (so a
5,000-book sweep takes seconds yet the wand still moves at walking speed relative to the air
interface). :class:`Walker` turns that time into the antenna's position; :class:`ShelfField`
answers with the tags within half the field width of it. A tag entering or leaving the field
power-cycles (as on a real reader, so stay-quiet lasts one visit); each tag misses a round with
a probability that grows towards the field's edges, and far more for tags that are hard to
read (far from the spine, tightly packed, on a metal shelf).
"""

from __future__ import annotations

import random
import threading
import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from hwsim.field import Field
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.shelf.layout import Book, ShelfSettings

__all__ = ["ShelfField", "SimClock", "Walker"]


class SimClock:
    """Seconds since the start: wall time (``virtual=False``) or charged time (``virtual=True``)."""

    def __init__(self, *, virtual: bool) -> None:
        self.virtual = virtual
        self._start = time.monotonic()
        self._charged = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        if self.virtual:
            return self._charged
        return time.monotonic() - self._start

    def charge(self, seconds: float) -> None:
        """Time the reader spent (air and line): the virtual clock moves by it."""
        with self._lock:
            self._charged += seconds


@dataclass(frozen=True)
class _Segment:
    t0: float
    x_from: float
    x_to: float
    speed: float

    @property
    def t1(self) -> float:
        return self.t0 + abs(self.x_to - self.x_from) / self.speed

    def at(self, t: float) -> float:
        d = (t - self.t0) * self.speed
        return self.x_from + d if self.x_to >= self.x_from else self.x_from - d


class Walker:
    """The wand's path: segments walked at ``speed`` one after another, the wand lifted (out of
    reach of every tag) before, between (``lift_s``) and after them."""

    def __init__(self, clock: SimClock, *, speed: float, lift_s: float = 1.0) -> None:
        self.clock = clock
        self.speed = speed
        self.lift_s = lift_s
        self._segments: list[_Segment] = []
        self._lock = threading.Lock()

    def walk(self, x_from: float, x_to: float, *, delay_s: float = 0.0) -> float:
        """Queue a walk from ``x_from`` to ``x_to``; returns when (clock time) it will end."""
        with self._lock:
            start = self.clock.now() + delay_s
            if self._segments:
                start = max(start, self._segments[-1].t1 + self.lift_s)
            segment = _Segment(start, x_from, x_to, self.speed)
            self._segments.append(segment)
            return segment.t1

    def position(self, t: float | None = None) -> float | None:
        """Where the antenna's centre is at ``t`` (default now); None while lifted."""
        t = self.clock.now() if t is None else t
        with self._lock:
            for segment in reversed(self._segments):
                if segment.t0 <= t <= segment.t1:
                    return segment.at(t)
                if segment.t1 < t:
                    return None
        return None

    @property
    def done_at(self) -> float:
        """When the last queued walk ends (0 if none)."""
        with self._lock:
            return self._segments[-1].t1 if self._segments else 0.0

    def done(self) -> bool:
        return self.clock.now() > self.done_at


class ShelfField(Field):
    """The tags of a shelf as one handheld reader's field."""

    def __init__(self, books: list[Book], settings: ShelfSettings, clock: SimClock, walker: Walker,
                 *, rng: random.Random | None = None) -> None:
        super().__init__(sensitivity=-70.0)
        self.settings = settings
        self.clock = clock
        self.walker = walker
        self._books = sorted(books, key=lambda bk: bk.x)
        self._xs = [bk.x for bk in self._books]
        self._by_uid = {bk.tag.uid_hex: bk for bk in self._books}
        self._rng = rng or random.Random(settings.seed * 7919 + 1)
        self._inside: dict[str, Book] = {}
        self._field_lock = threading.RLock()
        self.answers = 0  # tag answers offered to inventory rounds (after misses)

    def book(self, uid: str) -> Book | None:
        return self._by_uid.get(uid.upper())

    def _update(self) -> tuple[float | None, list[Book]]:
        """Books within reach now; tags that entered or left are power-cycled."""
        x = self.walker.position()
        half = self.settings.field_width_m / 2
        inside = [] if x is None else self._books[bisect_left(self._xs, x - half):bisect_right(self._xs, x + half)]
        with self._field_lock:
            now = {bk.tag.uid_hex: bk for bk in inside}
            for uid in self._inside.keys() - now.keys():
                self._inside[uid].tag.power_cycle()
                self._notify("leave", self._inside[uid].tag)
            for uid in now.keys() - self._inside.keys():
                now[uid].tag.power_cycle()
                self._notify("enter", now[uid].tag)
            self._inside = now
        return x, inside

    def _miss(self, book: Book, x: float) -> bool:
        s = self.settings
        d = abs(book.x - x) / (s.field_width_m / 2)
        p = s.miss_rate + s.edge_miss * d * d
        if book.hard:
            p = max(p, s.hard_miss)
        return self._rng.random() < p

    # -- the Field interface the firmware uses -------------------------------------------------
    def answering(self) -> list[Iso15693Tag]:
        x, inside = self._update()
        if x is None:
            return []
        tags = [bk.tag for bk in inside if not self._miss(bk, x)]
        self.answers += len(tags)
        return tags

    def all_tags(self) -> list[Iso15693Tag]:
        return [bk.tag for bk in self._update()[1]]

    def get(self, uid: str) -> Iso15693Tag | None:
        self._update()
        book = self._inside.get(uid.upper())
        return book.tag if book else None

    def rssi(self, uid: str) -> float | None:
        return -40.0 if self.get(uid) is not None else None

    def place(self, tag: Iso15693Tag, *, rssi: float = -40.0) -> None:
        raise TypeError("the shelf's tags stand where the layout put them")

    def lift(self, uid: str) -> Iso15693Tag | None:
        raise TypeError("the shelf's tags stand where the layout put them")

    def transceive(self, frame: bytes, *, uid: str | None = None) -> tuple[list[bytes], int]:
        """An addressed frame reaches its tag if the tag is within reach; others are not modelled
        (the handheld addresses tags only)."""
        self._update()
        if uid is None:
            return [], 0
        book = self._inside.get(uid.upper())
        if book is None:
            return [], 0
        answer = book.tag.exchange(frame)
        return ([answer.response] if answer.response is not None else []), answer.writes
