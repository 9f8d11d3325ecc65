"""The worker: one thread and one queue in front of the synchronous :class:`KioskMachine`.

Everything the station reacts to — a view's command, a tag entering or leaving the pad, a card
presented or removed, the idle clock — goes into one queue; the thread takes items off it in
order and hands each to the machine, which does the (blocking) work: reader commands, online
requests, outbox commits. So a view never blocks and the session logic never races with itself.
A bug in the machine is logged with its traceback and puts the station out of order.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass

from kiosk.core.machine import Input, KioskMachine, Tick

__all__ = ["Worker"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Sync:
    """``wait_idle``'s marker: everything queued before it has been handled."""


@dataclass(frozen=True)
class _Stop:
    pass


class Worker:
    """Feeds a :class:`KioskMachine` from a queue on its own thread."""

    def __init__(self, machine: KioskMachine) -> None:
        self.machine = machine
        self._queue: queue.Queue[Input | _Sync | _Stop] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._idle = threading.Event()

    def put(self, item: Input) -> None:
        """Queue an input; returns at once (any thread)."""
        self._queue.put(item)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="kiosk-core", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._queue.put(_Stop())
        if self._thread is not None:
            self._thread.join(timeout=timeout)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until nothing is queued (tests and the headless runner)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._idle.clear()
            self._queue.put(_Sync())
            if self._idle.wait(max(0.0, deadline - time.monotonic())) and self._queue.empty():
                return True
        return False

    def _run(self) -> None:
        self.machine.begin()
        while not self._stopping.is_set():
            try:
                item = self._queue.get(timeout=self.machine.tick_s())
            except queue.Empty:
                item = Tick()
            if isinstance(item, _Stop):
                break
            try:
                for later in self.machine.handle(Tick() if isinstance(item, _Sync) else item):
                    self._queue.put(later)
            except Exception as exc:
                log.exception("kiosk core failed on %s", type(item).__name__)
                self.machine.fail(str(exc))
            if isinstance(item, _Sync):
                self._idle.set()
