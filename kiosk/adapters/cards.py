"""The patron card port: card sources as the core's :class:`kiosk.core.ports.CardSource`.

- :class:`PcscCards` — patron cards on a PC/SC reader through the real pcscd:
  :class:`drivers.pcsc.monitor.PatronWatcher` events turned into the core's card events.
- :class:`ScriptedCards` — a card source driven by calls (headless scenarios, tests).
- :class:`MultiCards` — several card sources as one port (the PC/SC reader and a barcode wedge).
- :class:`WedgeCards` — a barcode/QR scanner in keyboard-wedge mode (:mod:`drivers.wedge`):
  each scanned line is a card presented.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from drivers.wedge import (
    EvdevKeys,
    LineAssembler,
    StreamKeys,
    WedgeLine,
    WedgeScanner,
    WedgeSettings,
    patron_id_from_code,
)
from kiosk.core.ports import CardEvent, CardSource

if TYPE_CHECKING:
    from drivers.pcsc.settings import PcscSettings

log = logging.getLogger(__name__)


class PcscCards:
    """Patron cards on the PC/SC reader(s) a ``pcsc://`` URL names, through pcscd.

    A :class:`drivers.pcsc.monitor.PatronWatcher` identifies every card presented (NDEF record,
    ISO 28560-3 patron tag or UID, per ``[pcsc]`` options) on its monitor thread; this adapter
    hands the core a :class:`CardEvent`: presented with the patron identifier, presented with
    ``patron_id=None`` and the reason (an item tag on the card reader, a card that will not
    answer), or removed (which ends the session). A card pulled while it was being read is
    reported only as removed: there is nothing to refuse. pyscard is imported on :meth:`start`.
    """

    def __init__(self, url: str = "pcsc://*", *, name: str = "card", options: Any = None,
                 apdu_timeout: float = 2.0) -> None:
        self.url = url
        self.name = name
        self.options = options
        self.apdu_timeout = apdu_timeout
        self._listener: Callable[[CardEvent], None] | None = None
        self._watcher: Any = None
        self.readers: set[str] = set()
        self.identified = 0  # cards identified since start (staff diagnostics)
        self.failed = 0

    @classmethod
    def from_settings(cls, url: str, settings: PcscSettings) -> PcscCards:
        """On the reader ``url``, identifying cards by the typed ``[pcsc]`` options."""
        from drivers.pcsc.patron import IdentifyOptions

        return cls(url, options=IdentifyOptions.from_settings(settings),
                   apdu_timeout=settings.apdu_timeout_s)

    def start(self, listener: Callable[[CardEvent], None]) -> None:
        from drivers.pcsc.monitor import PatronWatcher
        from drivers.pcsc.patron import DEFAULT_OPTIONS

        self._listener = listener
        self._watcher = PatronWatcher(self.url, self._on_event,
                                      options=self.options or DEFAULT_OPTIONS,
                                      apdu_timeout=self.apdu_timeout).start()

    def stop(self) -> None:
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop()
        self._listener = None

    def _on_event(self, event: Any) -> None:
        from drivers.pcsc.apdu import CardRemoved

        kind = event.kind
        if kind == "reader-added":
            self.readers.add(event.reader)
        elif kind == "reader-removed":
            self.readers.discard(event.reader)
        elif kind == "patron-identified":
            self.identified += 1
            self._send(CardEvent(present=True, patron_id=event.patron.value, source="card"))
        elif kind == "patron-failed":
            if isinstance(event.error, CardRemoved):
                return  # the card-removed event follows
            self.failed += 1
            self._send(CardEvent(present=True, patron_id=None, source="card",
                                 error=_card_words(event.error)))
        elif kind == "card-removed":
            self._send(CardEvent(present=False, source="card"))

    def _send(self, event: CardEvent) -> None:
        if self._listener is not None:
            self._listener(event)

    def diagnostics(self) -> dict[str, Any]:
        if self._watcher is None:
            return {"ok": False, "detail": "not started"}
        if not self.readers:
            return {"ok": False, "detail": f"no PC/SC reader matches {self.url}"}
        return {"ok": True, "detail": ", ".join(sorted(self.readers)),
                "identified": self.identified, "failed": self.failed}


def _card_words(error: Exception | None) -> str:
    """What the patron is told about a card that could not be used (no identifiers in it)."""
    from drivers.errors import ReaderTimeout
    from drivers.pcsc.patron import NotAPatronCard

    if isinstance(error, NotAPatronCard):
        return "This is not a library card (a book on the card reader?)."
    if isinstance(error, ReaderTimeout):
        return "The card did not answer. Please present it again."
    return "The card could not be read."


class MultiCards:
    """Several card sources as the core's one card port: each hands its events to the core.

    ``url`` and the diagnostics list every source; the port is healthy while all of them are.
    """

    def __init__(self, *sources: CardSource, name: str = "card") -> None:
        if not sources:
            raise ValueError("MultiCards needs at least one source")
        self.sources = sources
        self.name = name
        self.url = " + ".join(src.url for src in sources)

    def start(self, listener: Callable[[CardEvent], None]) -> None:
        started = []
        try:
            for src in self.sources:
                src.start(listener)
                started.append(src)
        except BaseException:
            for src in started:
                src.stop()
            raise

    def stop(self) -> None:
        for src in self.sources:
            try:
                src.stop()
            except Exception:
                log.exception("stopping %r", src)

    def diagnostics(self) -> dict[str, Any]:
        parts = []
        for src in self.sources:
            try:
                parts.append(src.diagnostics())
            except Exception as exc:
                parts.append({"ok": False, "detail": str(exc)})
        return {"ok": all(bool(d.get("ok")) for d in parts),
                "detail": "; ".join(str(d.get("detail") or "") for d in parts), "sources": parts}


class ScriptedCards:
    """A card source whose cards are presented and removed by calls (scenarios, tests)."""

    def __init__(self, *, name: str = "card", url: str = "script://cards") -> None:
        self.name = name
        self.url = url
        self._listener: Callable[[CardEvent], None] | None = None

    def start(self, listener: Callable[[CardEvent], None]) -> None:
        self._listener = listener

    def stop(self) -> None:
        self._listener = None

    def present(self, patron_id: str | None, *, source: str = "card", error: str | None = None) -> None:
        if self._listener is not None:
            self._listener(CardEvent(present=True, patron_id=patron_id, source=source, error=error))

    def remove(self) -> None:
        if self._listener is not None:
            self._listener(CardEvent(present=False))

    def diagnostics(self) -> dict[str, Any]:
        return {"ok": True, "detail": "scripted"}


class WedgeCards:
    """A keyboard-wedge scanner (:class:`drivers.wedge.WedgeScanner`) as a card source: a
    scanned line becomes ``CardEvent(present=True, source="barcode")``.

    :param keys: an :class:`drivers.wedge.EvdevKeys` / :class:`drivers.wedge.StreamKeys`
        (not started).
    :param accept_typed: also take lines a person typed (a keyboard on the same input); by
        default only lines with a scanner's timing identify a patron.
    """

    def __init__(self, keys: EvdevKeys | StreamKeys, *, assembler: LineAssembler | None = None,
                 accept_typed: bool = False, name: str = "barcode") -> None:
        self.scanner = WedgeScanner(keys, assembler=assembler)
        self.accept_typed = accept_typed
        self.name = name
        self.url = self.scanner.url
        self._listener: Callable[[CardEvent], None] | None = None

    @classmethod
    def from_config(cls, section: Mapping[str, Any]) -> WedgeCards:
        """From ``[kiosk.wedge]`` (:class:`drivers.wedge.WedgeSettings`).

        :raises ValueError: a wrong option or a URL that names no wedge transport.
        """
        return cls.from_settings(WedgeSettings.from_section(section))

    @classmethod
    def from_settings(cls, settings: WedgeSettings) -> WedgeCards:
        """From the typed ``[kiosk.wedge]`` section.

        :raises ValueError: a URL that names no wedge transport.
        """
        scanner = WedgeScanner.from_settings(settings)
        return cls(scanner.keys, assembler=scanner.assembler, accept_typed=settings.accept_typed)

    @property
    def keys(self) -> EvdevKeys | StreamKeys:
        return self.scanner.keys

    @property
    def assembler(self) -> LineAssembler:
        return self.scanner.assembler

    @property
    def lines(self) -> dict[str, int]:
        """Lines read so far, by who typed them (``scanner``/``keyboard``)."""
        return self.scanner.lines

    def start(self, listener: Callable[[CardEvent], None]) -> None:
        self._listener = listener
        self.scanner.start(self._on_line)

    def stop(self) -> None:
        self.scanner.stop()
        self._listener = None

    def _on_line(self, line: WedgeLine) -> None:
        log.info("wedge: %r", line)
        if line.kind == "keyboard" and not self.accept_typed:
            return
        patron_id = patron_id_from_code(line.text)
        event = CardEvent(present=True, patron_id=patron_id, source="barcode",
                          error=None if patron_id else "This code is not a library card.")
        if self._listener is not None:
            self._listener(event)

    def diagnostics(self) -> dict[str, Any]:
        error = self.scanner.error
        return {"ok": error is None, "detail": error or self.url, **self.lines,
                "dropped": self.assembler.dropped}
