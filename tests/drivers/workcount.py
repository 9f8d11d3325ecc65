"""Counting a decoder's work without a clock, for tests that it stays linear on hostile input.

The tests may not assert wall-clock times, so work is counted as the Python lines run in the
modules that do the decoding (the frame parsers, :mod:`drivers.resync`, and :mod:`drivers.crc`,
whose CRC loops run one line per byte): a re-scan of the buffer, or a CRC recomputed over a whole
candidate frame, shows up as lines. Work in C (``bytearray.find``, a slice) is not counted.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

import drivers.crc
import drivers.resync


def lines_run(action: Callable[[], object], modules: Iterable[ModuleType]) -> int:
    """How many lines of ``modules`` (plus the CRC and resync modules) ``action`` runs."""
    files = {str(Path(m.__file__ or "").resolve()) for m in (*modules, drivers.crc, drivers.resync)}
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    resolved: dict[str, str] = {}

    def global_trace(frame: FrameType, event: str, arg: Any) -> Any:
        name = frame.f_code.co_filename
        if name not in resolved:
            resolved[name] = str(Path(name).resolve())
        return local if resolved[name] in files else None

    old = sys.gettrace()
    sys.settrace(global_trace)
    try:
        action()
    finally:
        sys.settrace(old)
    return count


def bytewise(feed: Callable[[bytes], None], drain: Callable[[], None], data: bytes) -> Callable[[], None]:
    """An action feeding ``data`` one byte at a time, draining after each byte."""

    def run() -> None:
        for b in data:
            feed(bytes([b]))
            drain()

    return run


def assert_linear(work: Callable[[int], int], n: int, *, per_byte: int) -> None:
    """Work for ``4n`` bytes is about four times that for ``n`` (a quadratic decoder does ~16×),
    and stays under ``per_byte`` lines per byte (a decoder redoing O(frame length) per byte fails)."""
    small, large = work(n), work(4 * n)
    assert large <= 5 * max(small, 1), f"{n} bytes: {small} lines; {4 * n} bytes: {large} lines (superlinear)"
    assert large <= per_byte * 4 * n, f"{large} lines for {4 * n} bytes (over {per_byte} a byte)"
