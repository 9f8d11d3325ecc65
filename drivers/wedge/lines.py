"""Scanned lines from keystrokes, without I/O: the scanner-speed rule (h11 style: keys in, lines out).

A line ends at Enter; its timing tells a scanner from a person: a scanner types a whole code with
a few milliseconds between keys, a person takes 80 ms or more per key and may correct with
Backspace. A line too long is dropped whole, and a half-typed line left standing is forgotten.
Codes are never shown in full: a :class:`WedgeLine`'s ``repr`` masks them (:mod:`drivers.privacy`).
"""

from __future__ import annotations

import logging
import statistics
from dataclasses import dataclass, field
from typing import Literal

from drivers.privacy import mask
from drivers.wedge.keys import BACKSPACE, ENTER, Keystroke

log = logging.getLogger(__name__)

__all__ = ["LineAssembler", "WedgeLine"]


@dataclass(frozen=True, kw_only=True)
class WedgeLine:
    """A line ended by Enter. ``kind`` says who typed it, by its timing."""

    text: str = field(repr=False)
    kind: Literal["scanner", "keyboard"]
    started: float
    ended: float
    mean_gap_ms: float | None  # None for a one-character line

    def __post_init__(self) -> None:
        if not self.text:
            raise ValueError("a line has text")
        if self.kind not in ("scanner", "keyboard"):
            raise ValueError("kind is 'scanner' or 'keyboard'")

    def __repr__(self) -> str:  # the code may be a patron identifier: masked
        return (f"WedgeLine(text={mask(self.text)!r}, kind={self.kind!r},"
                f" mean_gap_ms={self.mean_gap_ms!r})")


class LineAssembler:
    """Keystrokes in, lines out; no I/O, no clock of its own (pass each keystroke's time).

    :param min_length: shorter lines are never taken for a scanner (library barcodes are longer).
    :param max_gap_s: a scanner's mean gap between keys is at most this; no single gap of a
        scanned line exceeds four times it (a person is slower, and uneven).
    :param max_length: a longer line is dropped whole (``dropped`` counts them).
    :param stale_s: a line with no key for this long is forgotten when the next key comes (or
        on :meth:`expire`): a half-typed code must not prefix the next patron's.
    """

    def __init__(self, *, min_length: int = 6, max_gap_s: float = 0.035, max_length: int = 64,
                 stale_s: float = 5.0) -> None:
        if min_length < 1 or max_length < min_length or max_gap_s <= 0 or stale_s <= 0:
            raise ValueError("need 1 <= min_length <= max_length, max_gap_s > 0, stale_s > 0")
        self.min_length = min_length
        self.max_gap_s = max_gap_s
        self.max_length = max_length
        self.stale_s = stale_s
        self.dropped = 0
        self._chars: list[str] = []
        self._times: list[float] = []
        self._edited = False
        self._overflow = False

    @property
    def pending(self) -> int:
        """Characters typed on the current line so far."""
        return len(self._chars)

    def _reset(self) -> None:
        self._chars, self._times = [], []
        self._edited = self._overflow = False

    def expire(self, now: float) -> bool:
        """Forget a line left standing for ``stale_s``; True if one was forgotten."""
        if self._times and now - self._times[-1] >= self.stale_s:
            self._reset()
            return True
        return False

    def feed(self, key: Keystroke) -> WedgeLine | None:
        """Take one keystroke; return the line it ended, if any."""
        self.expire(key.at)
        if key.key == ENTER:
            return self._end(key.at)
        if key.key == BACKSPACE:
            if self._chars:
                self._chars.pop()
                self._times.append(key.at)  # still typing: keeps the line fresh
                self._edited = True
            return None
        if len(self._chars) >= self.max_length:
            self._overflow = True
            self._times.append(key.at)
            return None
        self._chars.append(key.key)
        self._times.append(key.at)
        return None

    def feed_all(self, keys: list[Keystroke]) -> list[WedgeLine]:
        return [line for line in map(self.feed, keys) if line is not None]

    def _end(self, at: float) -> WedgeLine | None:
        text = "".join(self._chars).strip()
        times, edited, overflow = self._times, self._edited, self._overflow
        self._reset()
        if overflow:
            self.dropped += 1
            log.info("wedge: a line longer than %d characters was dropped", self.max_length)
            return None
        if not text:
            return None
        stamps = times + [at]  # the Enter key is typed by the scanner too
        gaps = [b - a for a, b in zip(stamps, stamps[1:], strict=False)]
        mean_gap = statistics.fmean(gaps) if gaps else None
        scanner = (not edited and len(text) >= self.min_length and mean_gap is not None
                   and mean_gap <= self.max_gap_s and max(gaps) <= 4 * self.max_gap_s)
        return WedgeLine(text=text, kind="scanner" if scanner else "keyboard", started=stamps[0],
                         ended=at, mean_gap_ms=None if mean_gap is None else round(mean_gap * 1000, 2))
