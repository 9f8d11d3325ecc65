"""Reader discovery and card events with pyscard, and the patron watcher the kiosk core listens to.

:class:`CardMonitor` runs one thread around ``SCardGetStatusChange`` on the readers a
``pcsc://<glob>`` URL names (plus pcscd's PnP pseudo-reader, so readers plugged in later are
found). It emits :class:`CardEvent` s: ``reader-added``, ``reader-removed``, ``card-presented``,
``card-removed``. If pcscd goes away it reports every reader removed and keeps trying to come back.
A card removed and another presented between two polls still gives removed-then-presented (the
event counter pcscd keeps per reader says so).

:class:`PatronWatcher` adds identification: on ``card-presented`` it connects, runs
:func:`drivers.pcsc.patron.identify` and emits ``patron-identified`` (with :class:`PatronId`) or
``patron-failed`` (with the error) — listeners are plain callables (python-can style).
"""

from __future__ import annotations

import fnmatch
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Self

from smartcard import scard

from drivers.errors import ReaderError
from drivers.pcsc.patron import DEFAULT_OPTIONS, CardUnreadable, IdentifyOptions, PatronId, identify
from drivers.pcsc.transport import CardChannel, parse_url

log = logging.getLogger(__name__)

__all__ = ["CardEvent", "CardMonitor", "PatronWatcher", "identify_on"]

PNP = "\\\\?PnP?\\Notification"
EVENT_KINDS = ("reader-added", "reader-removed", "card-presented", "card-removed", "patron-identified", "patron-failed")


@dataclass(frozen=True, kw_only=True)
class CardEvent:
    """Something happened on a reader. ``patron``/``error`` are set for the patron events only."""

    kind: str
    reader: str
    atr: bytes = b""
    at: float = field(default_factory=time.monotonic)
    patron: PatronId | None = None
    error: Exception | None = None

    def __post_init__(self) -> None:
        if self.kind not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {self.kind!r}")


Listener = Callable[[CardEvent], None]


class _EventSource:
    """What the monitor and the watcher share: a queue of events, listeners told of each, ``with``."""

    def __init__(self, listener: Listener | None) -> None:
        self.listeners: list[Listener] = [listener] if listener else []
        self.events: queue.Queue[CardEvent] = queue.Queue()

    def start(self) -> Self:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def get(self, timeout: float | None = None, kinds: tuple[str, ...] | None = None) -> CardEvent:
        """The next event of ``kinds`` (others are dropped); :class:`queue.Empty` on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            event = self.events.get(timeout=left)
            if kinds is None or event.kind in kinds:
                return event

    def emit(self, event: CardEvent) -> None:
        log.debug("%s %s", event.reader, event.kind)
        self.events.put(event)
        for listener in list(self.listeners):
            try:
                listener(event)
            except Exception:
                log.exception("card event listener failed")


class CardMonitor(_EventSource):
    """Watch the readers a ``pcsc://`` URL (or a bare glob) names.

    Use as a context manager, or :meth:`start` / :meth:`stop`. Events go to ``listener`` (called
    on the monitor thread) and to :meth:`get`.
    """

    def __init__(self, url: str = "pcsc://*", listener: Listener | None = None, *, poll_ms: int = 1000) -> None:
        super().__init__(listener)
        self.glob = parse_url(url)[0] if url.startswith("pcsc:") else url
        self.poll_ms = poll_ms
        self.readers: dict[str, int] = {}  # reader -> last event state
        self._ctx: int | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"pcsc-monitor {self.glob}", daemon=True)
        self.ready = threading.Event()

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> CardMonitor:
        self._thread.start()
        self.ready.wait(5)
        return self

    def stop(self) -> None:
        """Stop the thread within milliseconds. A cancel only ends a wait already begun, and the
        thread may be between two waits (handling an event), so it is repeated until the thread
        ends; one lost cancel would cost a whole ``poll_ms``."""
        self._stop.set()
        deadline = time.monotonic() + 5
        while self._thread.is_alive() and time.monotonic() < deadline:
            ctx = self._ctx
            if ctx is not None:
                scard.SCardCancel(ctx)
            self._thread.join(timeout=0.02)


    # -- the loop --------------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            hresult, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if hresult != scard.SCARD_S_SUCCESS:
                self.ready.set()
                self._stop.wait(0.5)
                continue
            self._ctx = ctx
            try:
                self._watch(ctx)
            finally:
                self._ctx = None
                scard.SCardReleaseContext(ctx)
            if not self._stop.is_set():
                self._forget_all()
                self._stop.wait(0.2)
        self._forget_all()

    def _forget_all(self) -> None:
        for reader in list(self.readers):
            self._drop_reader(reader)

    def _drop_reader(self, reader: str) -> None:
        state = self.readers.pop(reader, 0)
        if state & scard.SCARD_STATE_PRESENT:
            self.emit(CardEvent(kind="card-removed", reader=reader))
        self.emit(CardEvent(kind="reader-removed", reader=reader))

    def _matching(self, ctx: int) -> list[str] | None:
        hresult, names = scard.SCardListReaders(ctx, [])
        if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
            return []
        if hresult != scard.SCARD_S_SUCCESS:
            return None
        return [n for n in names if n == self.glob or fnmatch.fnmatchcase(n, self.glob)]

    def _watch(self, ctx: int) -> None:
        """Serve one pcscd context until it fails (pcscd gone) or we stop."""
        pnp_state = scard.SCARD_STATE_UNAWARE
        while not self._stop.is_set():
            names = self._matching(ctx)
            if names is None:
                return
            for gone in [r for r in self.readers if r not in names]:
                self._drop_reader(gone)
            for new in [r for r in names if r not in self.readers]:
                self.readers[new] = scard.SCARD_STATE_UNAWARE
                self.emit(CardEvent(kind="reader-added", reader=new))
            states = [(r, self.readers[r] & ~scard.SCARD_STATE_CHANGED) for r in names] + [(PNP, pnp_state)]
            hresult, new_states = scard.SCardGetStatusChange(ctx, self.poll_ms, states)
            self.ready.set()
            if hresult == scard.SCARD_E_TIMEOUT:
                continue
            if hresult == scard.SCARD_E_CANCELLED or self._stop.is_set():
                return
            if hresult in (scard.SCARD_E_UNKNOWN_READER, scard.SCARD_E_READER_UNAVAILABLE):
                continue  # the list changed under us: list again
            if hresult != scard.SCARD_S_SUCCESS:
                log.info("pcscd context lost: %s", scard.SCardGetErrorMessage(hresult))
                return
            for name, event_state, atr in new_states:
                if name == PNP:
                    pnp_state = event_state & ~scard.SCARD_STATE_CHANGED
                    continue
                self._update(name, event_state, bytes(atr))

    def _update(self, reader: str, new: int, atr: bytes) -> None:
        old = self.readers.get(reader, 0)
        self.readers[reader] = new
        if new & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
            return
        was, now = bool(old & scard.SCARD_STATE_PRESENT), bool(new & scard.SCARD_STATE_PRESENT)
        # pcscd counts card insertions and removals in the high word of the event state
        swapped = was and now and (old >> 16) != (new >> 16) and old != scard.SCARD_STATE_UNAWARE
        if was and (not now or swapped):
            self.emit(CardEvent(kind="card-removed", reader=reader))
        if now and (not was or swapped):
            self.emit(CardEvent(kind="card-presented", reader=reader, atr=atr))


class PatronWatcher(_EventSource):
    """Identify every card presented on the readers a URL names; emit patron events.

    :param listener: receives every :class:`CardEvent`, including ``patron-identified`` (with
        ``.patron``) and ``patron-failed`` (with ``.error``: ``CardRemoved``, ``NotAPatronCard``,
        ``CardUnreadable``, ``ReaderTimeout``, ``StatusWordError`` …). Every card presented gets
        one of the two, whatever went wrong reading it.
    """

    def __init__(self, url: str = "pcsc://*", listener: Listener | None = None, *,
                 options: IdentifyOptions = DEFAULT_OPTIONS, apdu_timeout: float = 2.0) -> None:
        super().__init__(listener)
        self.options = options
        self.apdu_timeout = apdu_timeout
        self.monitor = CardMonitor(url, self._on_event)

    def start(self) -> PatronWatcher:
        self.monitor.start()
        return self

    def stop(self) -> None:
        self.monitor.stop()

    def _on_event(self, event: CardEvent) -> None:
        self.emit(event)
        if event.kind != "card-presented":
            return
        try:
            patron = identify_on(event.reader, self.options, timeout=self.apdu_timeout)
        except ReaderError as exc:
            log.info("%s: identification failed: %s", event.reader, exc)
            self.emit(CardEvent(kind="patron-failed", reader=event.reader, atr=event.atr, error=exc))
            return
        except Exception as exc:  # a bug in reading this card must still tell the patron
            log.exception("%s: identification failed unexpectedly", event.reader)
            error = CardUnreadable(f"the card could not be read: {type(exc).__name__}")
            self.emit(CardEvent(kind="patron-failed", reader=event.reader, atr=event.atr, error=error))
            return
        self.emit(CardEvent(kind="patron-identified", reader=event.reader, atr=event.atr, patron=patron))


def identify_on(reader: str, options: IdentifyOptions = DEFAULT_OPTIONS, *, timeout: float = 2.0) -> PatronId:
    """Connect to the card in ``reader`` now and identify the patron (one shot, no monitor)."""
    with CardChannel(reader, timeout=timeout) as channel:
        return identify(channel.transmit, channel.atr, options)
