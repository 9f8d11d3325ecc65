"""KioskCore: runs the station's sessions on a worker thread, emitting events to listeners."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from kiosk.core import commands as C
from kiosk.core import events as E
from kiosk.core.session import TransitionError, Trigger, transition

log = logging.getLogger(__name__)

Listener = Callable[[E.Event], None]


class KioskCore:
    """One station. Construct with the device config (see ``rfid_edge.config``) and the ports.

    Listeners are plain callables called on the worker thread, in order; a listener that raises
    is logged and kept (python-can ``Notifier`` style).
    """

    def __init__(self, config: dict[str, Any], *, centre: Any, outbox: Any, offline: Any,
                 pad: Any = None, cards: Any = None, printer: Any = None, fastbook: Any = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        kiosk = config.get("kiosk", {})
        self.station = E.StationType(kiosk.get("station", "self_checkout"))
        self.centre, self.outbox, self.offline = centre, outbox, offline
        self.pad, self.cards, self.printer, self.fastbook = pad, cards, printer, fastbook
        self.clock = clock
        self._state = E.State.IDLE
        self._listeners: list[Listener] = []
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    # --- public ----------------------------------------------------------------------------
    @property
    def state(self) -> E.State:
        return self._state

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add a listener; returns a function that removes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def submit(self, command: C.Command) -> None:
        """Queue a command for the worker thread; returns at once."""
        if not isinstance(command, C.Command):
            raise TypeError("submit() takes a kiosk.core.commands.Command")
        self._queue.put(("command", command))

    def start(self) -> KioskCore:
        self._thread = threading.Thread(target=self._run, name="kiosk-core", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._queue.put(("stop", None))
        if self._thread is not None:
            self._thread.join(timeout=10)

    def __enter__(self) -> KioskCore:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- worker ----------------------------------------------------------------------------
    def _emit(self, event: E.Event) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("listener %r failed on %s", listener, event.kind)

    def _go(self, trigger: Trigger) -> None:
        new = transition(self.station, self._state, trigger)
        previous, self._state = self._state, new
        self._emit(E.StateChanged(state=new, previous=previous, station=self.station))

    def _run(self) -> None:
        self._emit(E.StateChanged(state=self._state, station=self.station))
        while not self._stopping.is_set():
            kind, payload = self._queue.get()
            if kind == "stop":
                break
            try:
                self._handle(kind, payload)
            except TransitionError as exc:
                self._emit(E.Notice(code=E.NoticeCode.BAD_COMMAND, message=str(exc)))
            except Exception:
                log.exception("kiosk core failed on %s", kind)

    def _handle(self, kind: str, payload: Any) -> None:
        log.debug("%s %r", kind, payload)
