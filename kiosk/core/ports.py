"""The ports the kiosk core drives: Protocols, so tests and adapters plug in without mocks.

The core never imports a driver, pyscard, paho or Qt. Adapters to the real modules live in
:mod:`kiosk.adapters`; a port's blocking calls are made only on the core's worker thread.

- :class:`ItemPad` — the RFID pad: continuous tag entered/left events plus the tag operations the
  core needs (read the item, write and read back AFI, set/reset EAS). ``drivers.reader.Reader``
  plus a continuous scanner adapt to it (:class:`kiosk.adapters.ReaderPad`).
- :class:`CardSource` — patron cards on the PC/SC reader, or a barcode wedge: presented/removed
  events carrying the patron identifier.
- :class:`Centre` — online requests with a short timeout; raise :class:`sync.errors.Offline` when
  the centre does not answer, so the core falls back on :class:`OfflineRules`.
- :class:`TransactionLog` — the durable outbox (:class:`sync.edge.outbox.Outbox` fits as is).
- :class:`OfflineRules` — the offline cache: blocked patrons (by salted hash), items on hold, loan
  rules and periods, and the age of all that.
- :class:`ReceiptPrinter`, :class:`FastBookMechanism` — the station's printer and dispenser.

The port-error contract
-----------------------
A port raises only the errors it declares below when its device or service fails; the core turns
exactly those into verdicts (an unreadable row, an "unknown" marker, "offline", "not stored",
"printer error", a jammed slot). Anything else — a ``TypeError``, an ``AttributeError`` — is a
bug: it propagates out of the flow and the worker puts the station out of order, loudly.

- pad: :data:`PAD_ERRORS` — :class:`PadError`, or the driver's own ``drivers.errors.ReaderError``
  (tag errors included) and ``drivers.tags.item.TagDataError`` (undecodable tag data);
- card source: :data:`CARD_ERRORS` (diagnostics only: card read failures arrive as events);
- centre: :class:`sync.errors.Offline` (no answer in time; refusals are results, not errors);
- outbox: :data:`OUTBOX_ERRORS` — ``sync.errors.OutboxError`` (the disk refused) or ``OSError``;
- printer and dispenser: :data:`PRINTER_ERRORS`, :data:`DISPENSER_ERRORS` (``OSError`` too,
  as serial ports and mechanisms raise it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from drivers.errors import ReaderError
from drivers.tags.item import Item, TagDataError
from sync.errors import Offline, OutboxError
from sync.messages import Payload
from sync.results import Account, CheckoutResult, ItemInfo, PatronStatus, RenewResult

__all__ = [
    "CARD_ERRORS", "DISPENSER_ERRORS", "OUTBOX_ERRORS", "PAD_ERRORS", "PRINTER_ERRORS",
    "CardEvent", "CardSource", "CardSourceError", "Centre", "DispenserError", "FastBookMechanism",
    "FastBookSlot", "ItemPad", "Offline", "OfflineRules", "PadError", "PadEvent", "PortError",
    "PrinterError", "ReceiptPrinter", "TransactionLog",
]


class PortError(Exception):
    """Base of the errors a port implementation raises for a failure of its device."""


class PadError(PortError):
    """The item pad (reader or tag) failed an operation."""


class CardSourceError(PortError):
    """The card reader or wedge failed."""


class PrinterError(PortError):
    """The receipt printer failed."""


class DispenserError(PortError):
    """The FastBook mechanism jammed, is full, or lost the item."""


#: what :class:`ItemPad` operations may raise (anything else is a bug)
PAD_ERRORS: tuple[type[Exception], ...] = (PadError, ReaderError, TagDataError)
#: what :meth:`CardSource.diagnostics` may raise
CARD_ERRORS: tuple[type[Exception], ...] = (CardSourceError, ReaderError, OSError)
#: what :meth:`TransactionLog.enqueue` and :meth:`TransactionLog.status` may raise
OUTBOX_ERRORS: tuple[type[Exception], ...] = (OutboxError, OSError)
#: what :meth:`ReceiptPrinter.print_receipt` may raise
PRINTER_ERRORS: tuple[type[Exception], ...] = (PrinterError, OSError)
#: what :class:`FastBookMechanism` operations may raise
DISPENSER_ERRORS: tuple[type[Exception], ...] = (DispenserError, OSError)


@dataclass(frozen=True, kw_only=True)
class PadEvent:
    """A tag entered (``present=True``) or left the pad's field; ``at`` is ``time.monotonic()``."""

    uid: str
    present: bool
    at: float


@dataclass(frozen=True, kw_only=True)
class CardEvent:
    """A card presented or removed. ``patron_id`` is None when the card could not be read
    (``error`` says why) and on removal."""

    present: bool
    patron_id: str | None = None
    source: str = "card"  # "card" (PC/SC) or "barcode" (wedge)
    error: str | None = None

    def __repr__(self) -> str:  # never show a patron identifier in full
        from sync.schema import mask

        return (f"CardEvent(present={self.present}, patron_id={mask(self.patron_id)},"
                f" source={self.source!r}, error={self.error!r})")


@runtime_checkable
class ItemPad(Protocol):
    name: str
    url: str

    def start(self, listener: Callable[[PadEvent], None]) -> None:
        """Begin continuous scanning; ``listener`` is called from the scanner's thread."""

    def stop(self) -> None: ...

    def read_item(self, uid: str) -> Item:
        """The decoded library data. Raises one of :data:`PAD_ERRORS` (``TagDataError``:
        undecodable)."""

    def write_afi(self, uid: str, afi: int) -> None: ...

    def read_afi(self, uid: str) -> int:
        """Read back the AFI (system information)."""

    def set_eas(self, uid: str) -> None: ...

    def reset_eas(self, uid: str) -> None: ...

    def eas_armed(self, uid: str) -> bool:
        """Read the EAS bit back (only called when ``security.use_eas`` is set)."""

    def diagnostics(self) -> dict[str, Any]:
        """``{"ok": bool, "detail": str | None, ...}`` for staff mode."""


@runtime_checkable
class CardSource(Protocol):
    name: str
    url: str

    def start(self, listener: Callable[[CardEvent], None]) -> None: ...

    def stop(self) -> None: ...

    def diagnostics(self) -> dict[str, Any]: ...


class Centre(Protocol):
    """Online requests. Every call raises :class:`sync.errors.Offline` on timeout."""

    def patron_status(self, patron_id: str, *, pin: str | None = None) -> PatronStatus: ...

    def item_info(self, item_id: str) -> ItemInfo: ...

    def authorise_checkout(self, patron_id: str, item_id: str) -> CheckoutResult: ...

    def authorise_renew(self, patron_id: str, item_id: str) -> RenewResult:
        """Would the centre renew now, until when (``due_date`` None: it names the date only
        when it renews)? A centre that cannot tell answers with no date: the cached rules
        then set it."""
        ...

    def account(self, patron_id: str) -> Account: ...


class TransactionLog(Protocol):
    """The outbox: :meth:`enqueue` returns only once the transaction is durable on disk."""

    def enqueue(self, message: Payload, *, offline: bool = False,
                branch: str | None = None, wall_time: dt.datetime | None = None) -> Any:
        """Commit ``message`` (a typed payload of :mod:`sync.messages`)."""

    def status(self, *, now: float | None = None) -> dict[str, Any]: ...


class OfflineRules(Protocol):
    """What the kiosk decides by when the centre does not answer (issue 6's cache)."""

    def age_s(self) -> float | None:
        """Seconds since the cache was last refreshed (None: never)."""

    def patron_block(self, patron_id: str) -> tuple[str, str] | None:
        """``(code, words)`` if the patron is blocked (looked up by salted hash), else None."""

    def item_on_hold(self, item_id: str) -> bool:
        """A hold waits on this item (for anyone: offline we cannot tell whose)."""

    def loan_limit(self, patron_type: str | None) -> int | None: ...

    def due_date(self, today: dt.date, *, patron_type: str | None,
                 item_type: str | None) -> dt.date:
        """Due date by loan period and branch calendar."""


class ReceiptPrinter(Protocol):
    def print_receipt(self, data: bytes) -> None:
        """Send ESC/POS bytes; raises one of :data:`PRINTER_ERRORS` if the printer is gone."""


@dataclass(frozen=True, kw_only=True)
class FastBookSlot:
    slot: int
    uid: str | None  # tag in the slot (None: empty)
    item_id: str | None = None  # as loaded (the station's stock list)


class FastBookMechanism(Protocol):
    """The dispenser of a FastBook station; its delivery bay is the item pad's field."""

    def slots(self) -> list[FastBookSlot]: ...

    def dispense(self, slot: int) -> str:
        """Move the item of ``slot`` into the delivery bay; return its UID. Raises one of
        :data:`DISPENSER_ERRORS` on a jam or an empty slot."""

    def store(self, uid: str, item_id: str) -> int:
        """Take a returned item (tag ``uid``) from the delivery bay into a free slot; return
        the slot. Raises one of :data:`DISPENSER_ERRORS` when the station is full, a slot jams, or the
        item is gone."""
