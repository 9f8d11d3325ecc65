"""The receive buffer of a length-prefixed, CRC-checked serial framing, sans-I/O.

Both reader decoders (:mod:`drivers.feig.frames`, :mod:`drivers.m810.frames`) resynchronise on
noise with the same question: while the frame at the head is incomplete, does a *later* start
byte already hold a whole frame with a good CRC? Re-scanning the buffer for it on every call,
and computing each candidate's CRC over its whole length, made noise fed one byte at a time cost
O(bytes × frame length): a stream of ``02`` bytes each claiming 8 KiB stalled the FEIG decoder.

:class:`FrameBuffer` answers in amortised O(1) per byte received: each position is looked at
once, when its length field is buffered; a plausible start is filed under the offset where its
frame would end (a heap) and CRC-checked once, in O(log length) (:class:`~drivers.crc.SpanCrc`),
when that offset arrives. The decoders keep their own resync rules; this only answers their questions.
The reader emulators (``hwsim.feig``, ``hwsim.m810``) keep their host frames in it too.
Positions are relative to the buffer's first byte, as the decoders see it.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable
from typing import Literal

from drivers.crc import SpanCrc


class FrameBuffer:
    """Bytes received and not yet taken, with the lookups a resynchronising decoder needs.

    :param starts: the start-of-frame byte values.
    :param frame_size: the whole frame's size for a 16-bit big-endian length field (the two bytes
        after the start byte), or 0 when that length is impossible.
    :param crc: a fresh :class:`SpanCrc` of the framing's variant.
    :param crc_from: offset within the frame where the CRC's coverage starts; it ends at the
        last two bytes, which hold the CRC.
    :param crc_order: byte order of the CRC on the wire.
    """

    def __init__(self, *, starts: bytes, frame_size: Callable[[int], int], crc: SpanCrc,
                 crc_from: int, crc_order: Literal["big", "little"]) -> None:
        self._buf = bytearray()
        self._start_re = re.compile(b"[" + b"".join(re.escape(bytes([s])) for s in starts) + b"]")
        self._frame_size = frame_size
        self._crc = crc
        self._crc_from = crc_from
        self._crc_order: Literal["big", "little"] = crc_order
        self._reset_index(0)

    def _reset_index(self, base: int) -> None:
        self._base = base  # stream offset of the buffer's first byte
        self._scanned = base  # stream offsets below this are filed (or known not to start a frame)
        self._due: list[tuple[int, int]] = []  # heap: (end, start) of plausible frames not yet whole
        self._good: list[int] = []  # heap: starts of whole frames with a good CRC

    # -- the buffer --------------------------------------------------------------------------------
    def feed(self, data: bytes) -> None:
        self._buf += data
        self._crc.extend(data)

    def clear(self) -> None:
        self._buf.clear()
        self._crc.clear()
        self._reset_index(0)

    def drop(self, n: int) -> None:
        """Forget the first ``n`` bytes."""
        if n <= 0:
            return
        del self._buf[:n]  # CPython's bytearray advances its start: no copy
        self._crc.drop(n)
        self._base += n
        if not self._buf:  # nothing filed can matter any more
            self._reset_index(self._base)

    def take(self, n: int) -> bytes:
        """The first ``n`` bytes, forgotten."""
        out = bytes(self._buf[:n])
        self.drop(n)
        return out

    def __len__(self) -> int:
        return len(self._buf)

    def __bytes__(self) -> bytes:
        return bytes(self._buf)

    def slice(self, start: int, end: int) -> bytes:
        return bytes(self._buf[start:end])

    # -- frames --------------------------------------------------------------------------------------
    def find_start(self, i: int = 0, end: int | None = None) -> int:
        """The first start byte at or after ``i`` (and before ``end``), or -1."""
        m = self._start_re.search(self._buf, i, len(self._buf) if end is None else end)
        return m.start() if m else -1

    def size_at(self, i: int) -> int | None:
        """The size the frame starting at ``i`` claims; 0 if impossible, ``None`` before its length."""
        if len(self._buf) < i + 3:
            return None
        return self._frame_size(int.from_bytes(self._buf[i + 1:i + 3], "big"))

    def crc_good(self, i: int, size: int) -> bool:
        """Whether the whole frame of ``size`` bytes at ``i`` carries a good CRC."""
        end = i + size
        return self._crc.of(i + self._crc_from, end - 2) == int.from_bytes(self._buf[end - 2:end], self._crc_order)

    def later_good(self, i: int) -> int | None:
        """The first start after ``i`` that holds a whole frame with a good CRC, or ``None``.

        ``i`` must not move backwards between calls (the decoders pass their head, 0).
        """
        head = self._base + i
        self._file_new_starts(head)
        self._check_due(head)
        good = self._good
        while good and good[0] <= head:
            heapq.heappop(good)
        return good[0] - self._base if good else None

    def _file_new_starts(self, head: int) -> None:
        """File each start not seen yet under its frame's end (only once its length is buffered)."""
        base, pos = self._base, max(self._scanned, head + 1) - self._base
        stop = len(self._buf) - 2  # a start needs its two length bytes
        while (pos := self.find_start(pos, stop)) >= 0:
            size = self.size_at(pos)
            if size:
                heapq.heappush(self._due, (base + pos + size, base + pos))
            pos += 1
        self._scanned = max(self._scanned, base + stop)

    def _check_due(self, head: int) -> None:
        """CRC-check, once, every filed frame that has become whole; keep the good ones."""
        due, end_now = self._due, self._base + len(self._buf)
        while due and due[0][0] <= end_now:
            end, start = heapq.heappop(due)
            if start > head and self.crc_good(start - self._base, end - start):
                heapq.heappush(self._good, start)
