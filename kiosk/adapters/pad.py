"""The item pad port: any :class:`drivers.reader.Reader` as the kiosk's pad (:class:`ReaderPad`).

The pad itself — debounced entered/left, turn-taking, stay-quiet inventory, the per-tag cached
read — is the driver-level :class:`drivers.pad.Pad`; this adapter only turns its events into the
core's :class:`kiosk.core.ports.PadEvent` and its state into the staff diagnostics.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drivers.errors import ReaderError
from drivers.pad import Event, Pad, ReaderTurns, TagEntered, TagLeft, TurnTakingInventory
from drivers.reader import Reader
from drivers.scan import Scanner
from drivers.tags import Item
from kiosk.core.ports import PadEvent

__all__ = ["ReaderPad"]


class ReaderPad:
    """Any :class:`drivers.reader.Reader` as the kiosk's item pad, through :class:`drivers.pad.Pad`.

    :param miss_rounds: inventories a tag must miss before it counts as lifted.
    :param interval_s: pause between inventories (0: back to back, as a pad reader runs).
    :param quiet_s: how long after a tag operation the next inventory waits.
    :param quiet_known: silence tags already reported (ISO 15693 stay quiet), where the reader
        can (FEIG).
    """

    def __init__(self, reader: Reader, *, name: str = "pad", url: str = "", miss_rounds: int = 2,
                 interval_s: float = 0.0, quiet_s: float = 0.03, quiet_known: bool = True) -> None:
        self.pad = Pad(reader, miss_rounds=miss_rounds, interval_s=interval_s, quiet_s=quiet_s,
                       quiet_known=quiet_known)
        self.reader = reader
        self.name = name
        self.url = url or reader.url
        self._listener: Callable[[PadEvent], None] | None = None

    # the driver pad's parts, for the bench and the tests
    @property
    def turns(self) -> ReaderTurns:
        return self.pad.turns

    @property
    def inventories(self) -> TurnTakingInventory:
        return self.pad.inventories

    @property
    def scanner(self) -> Scanner:
        return self.pad.scanner

    @property
    def rounds(self) -> int:
        return self.pad.rounds

    @property
    def reads(self) -> int:
        return self.pad.reads

    @property
    def error(self) -> str | None:
        return self.pad.error

    def start(self, listener: Callable[[PadEvent], None]) -> None:
        self._listener = listener
        self.pad.start(self._on_event)

    def stop(self) -> None:
        self.pad.stop()
        self._listener = None

    def _on_event(self, event: Event) -> None:
        if isinstance(event, TagEntered | TagLeft) and self._listener is not None:
            self._listener(PadEvent(uid=event.uid, present=isinstance(event, TagEntered),
                                    at=event.at))

    def read_item(self, uid: str) -> Item:
        return self.pad.read_item(uid)

    def write_afi(self, uid: str, afi: int) -> None:
        self.pad.write_afi(uid, afi)

    def read_afi(self, uid: str) -> int:
        return self.pad.read_afi(uid)

    def set_eas(self, uid: str) -> None:
        self.pad.set_eas(uid)

    def reset_eas(self, uid: str) -> None:
        self.pad.reset_eas(uid)

    def eas_armed(self, uid: str) -> bool:
        return self.pad.eas_armed(uid)

    def diagnostics(self) -> dict[str, Any]:
        try:
            info = self.pad.reader_info()
        except ReaderError as exc:
            return {"ok": False, "detail": str(exc)}
        error = self.pad.error
        return {"ok": error is None, "detail": error or f"{info.protocol} {info.model}".strip(),
                "rounds": self.rounds, "reads": self.reads}
