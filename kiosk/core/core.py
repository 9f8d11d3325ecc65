"""KioskCore: a station's patron sessions, run on a worker thread, told to listeners.

The public face of the core. It validates the configuration into typed settings
(:mod:`kiosk.settings`), builds the synchronous :class:`~kiosk.core.machine.KioskMachine` over
the ports (:mod:`kiosk.core.ports`) and the :class:`~kiosk.core.worker.Worker` that feeds it,
and fans the machine's events out to listeners. The flows themselves live in
:mod:`kiosk.core.flows`; the security marker's rule (invariant 2) in
:mod:`kiosk.core.flows.marker`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from kiosk.core import commands as C
from kiosk.core import events as E
from kiosk.core.context import Context, Ports
from kiosk.core.flows.staff import hash_pin
from kiosk.core.machine import KioskMachine
from kiosk.core.ports import (
    CardEvent,
    CardSource,
    Centre,
    FastBookMechanism,
    ItemPad,
    OfflineRules,
    PadEvent,
    ReceiptPrinter,
    TransactionLog,
)
from kiosk.core.worker import Worker
from kiosk.settings import StationSettings

log = logging.getLogger(__name__)

Listener = Callable[[E.Event], None]


class KioskCore:
    """One station. Construct with the device config (``rfid_edge.config.load()``, or
    :class:`~kiosk.settings.StationSettings`) and the ports (:mod:`kiosk.core.ports`); ``pad``,
    ``cards``, ``printer``, ``fastbook`` and ``force_sync`` are optional.

    Listeners are plain callables called on the worker thread, in order; a listener that raises
    is logged and kept (python-can ``Notifier`` style).

    :raises pydantic.ValidationError: a ``[kiosk]``, ``[security]`` or ``[device]`` key is wrong.
    """

    def __init__(self, config: Mapping[str, Any] | StationSettings, *, centre: Centre,
                 outbox: TransactionLog, offline: OfflineRules | None,
                 pad: ItemPad | None = None, cards: CardSource | None = None,
                 printer: ReceiptPrinter | None = None, fastbook: FastBookMechanism | None = None,
                 force_sync: Callable[[], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = (config if isinstance(config, StationSettings)
                         else StationSettings.from_config(config))
        self.ports = Ports(centre=centre, outbox=outbox, offline=offline, pad=pad, cards=cards,
                           printer=printer, fastbook=fastbook, force_sync=force_sync)
        self._listeners: list[Listener] = []
        self.machine = KioskMachine(self.settings, self.ports, emit=self._emit, clock=clock)
        self._worker = Worker(self.machine)

    # --- public ----------------------------------------------------------------------------
    @property
    def state(self) -> E.State:
        return self.machine.state

    @property
    def context(self) -> Context:
        """The machine's state (read it in tests only while the core is idle)."""
        return self.machine.context

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add a listener; returns a function that removes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def submit(self, command: C.Command) -> None:
        """Queue a command for the worker thread; returns at once."""
        if not isinstance(command, C.Command):
            raise TypeError("submit() takes a kiosk.core.commands.Command")
        self._worker.put(command)

    def pad_event(self, event: PadEvent) -> None:
        """Entry for the pad's scanner thread (also usable directly by tests)."""
        self._worker.put(event)

    def card_event(self, event: CardEvent) -> None:
        """Entry for the card reader's / barcode wedge's thread."""
        self._worker.put(event)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until the worker has nothing queued (tests and the headless runner)."""
        return self._worker.wait_idle(timeout)

    def start(self) -> KioskCore:
        self._worker.start()
        if self.ports.pad is not None:
            self.ports.pad.start(self.pad_event)
        if self.ports.cards is not None:
            self.ports.cards.start(self.card_event)
        return self

    def stop(self) -> None:
        for port in (self.ports.pad, self.ports.cards):
            if port is not None:
                try:
                    port.stop()
                except Exception:  # shutting down: the other port and the worker still stop
                    log.exception("stopping %r", port)
        self._worker.stop()

    def __enter__(self) -> KioskCore:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _emit(self, event: E.Event) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("listener %r failed on %s", listener, event.kind)


__all__ = ["KioskCore", "Listener", "hash_pin"]
