"""What the screen's worker thread runs (Qt-free): passes of a sweep, or find mode until all
is found, on an open reader; every event to ``emit``, the report returned."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from drivers.reader import Reader
from inventory_scanner.shelflist import ShelfItem
from inventory_scanner.sweep.find import FindSession
from inventory_scanner.sweep.session import SweepSession
from inventory_scanner.sweep.shell import SweepShell

Emit = Callable[[dict[str, Any]], None]


def sweep_work(reader: Reader, session: SweepSession, *, passes: int = 2, idle_s: float = 2.0,
               wait_s: float = 60.0, stop: threading.Event | None = None,
               clock: Callable[[], float] = time.monotonic,
               lookup: Callable[[str], ShelfItem | None] | None = None) -> Callable[[Emit], dict[str, Any]]:
    """The work of a sweep of up to ``passes`` passes (``stop`` set ends it early; ``clock`` is the
    sweep's time line, a simulator's in tests and the demo; ``lookup`` as the shell's)."""
    stopping = stop or threading.Event()

    def work(emit: Emit) -> dict[str, Any]:
        shell = SweepShell(reader, session, emit=emit, clock=clock, lookup=lookup)
        for _ in range(max(1, passes)):
            if stopping.is_set() or not shell.run_pass(idle_s=idle_s, wait_s=wait_s, stop=stopping.is_set):
                break
        return {"event": "report", **shell.finish()}

    return work


def find_work(reader: Reader, session: FindSession, *, duration_s: float = 600.0,
              stop: threading.Event | None = None,
              clock: Callable[[], float] = time.monotonic) -> Callable[[Emit], dict[str, Any]]:
    """The work of find mode: until all is found, ``duration_s`` passed or ``stop`` set."""
    stopping = stop or threading.Event()

    def work(emit: Emit) -> dict[str, Any]:
        deadline = time.monotonic() + duration_s

        def done() -> bool:
            return stopping.is_set() or session.done or time.monotonic() > deadline

        shell = SweepShell(reader, session, emit=emit, clock=clock)
        while not done():
            shell.run_pass(idle_s=float("inf"), wait_s=duration_s, stop=done)
        return {"event": "summary", **shell.finish()}

    return work
