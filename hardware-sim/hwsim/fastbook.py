"""A FastBook dispenser: slots holding tagged items and a delivery bay inside the pad's field.

Dispensing moves a slot's tag into the delivery ``Field`` (the station's RFID reader then sees
it, as the real station verifies by RFID); a jammed slot raises ``OSError`` as the mechanism's
driver would. Returns go the other way: :meth:`FastBookSim.store` takes a returned item's tag out
of the bay into the first free slot and records what it holds (the slot inventory).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from hwsim.field import Field
from hwsim.iso15693.tag import Iso15693Tag

__all__ = ["FastBookSim", "SimSlot"]


@dataclass(frozen=True, kw_only=True)
class SimSlot:
    slot: int
    uid: str | None
    item_id: str | None


class FastBookSim:
    """``slots`` empty slots; ``load(slot, tag, item_id)`` fills one.

    :param delivery: the field of the reader that watches the delivery bay.
    :param move_s: time the mechanism takes per item (0 in instant mode).
    """

    def __init__(self, delivery: Field, *, slots: int = 24, move_s: float = 0.0) -> None:
        self.delivery = delivery
        self.move_s = move_s
        self._slots: dict[int, tuple[Iso15693Tag, str] | None] = {n: None for n in range(1, slots + 1)}
        self.jammed: set[int] = set()
        self.lock = threading.Lock()

    def load(self, slot: int, tag: Iso15693Tag, item_id: str) -> None:
        with self.lock:
            if self._slots.get(slot, 0) is not None:
                raise ValueError(f"slot {slot} is taken or does not exist")
            self._slots[slot] = (tag, item_id)

    def slots(self) -> list[SimSlot]:
        with self.lock:
            return [SimSlot(slot=n, uid=v[0].uid_hex if v else None, item_id=v[1] if v else None)
                    for n, v in sorted(self._slots.items())]

    def dispense(self, slot: int) -> str:
        with self.lock:
            content = self._slots.get(slot)
            if slot in self.jammed:
                raise OSError(f"slot {slot} jammed")
            if content is None:
                raise OSError(f"slot {slot} is empty")
            self._slots[slot] = None
        if self.move_s:
            time.sleep(self.move_s)
        tag = content[0]
        self.delivery.place(tag)
        return tag.uid_hex

    def store(self, uid: str, item_id: str) -> int:
        """Move the tag ``uid`` from the delivery bay into the first free slot; return the slot.

        :raises OSError: no free slot (the station is full), the slot jammed, or no such tag in
            the bay (the patron took it back).
        """
        with self.lock:
            free = [n for n, v in sorted(self._slots.items()) if v is None and n not in self.jammed]
            if not free:
                raise OSError("no free slot")
            tag = self.delivery.get(uid)
            if tag is None:
                raise OSError(f"no tag {uid} in the delivery bay")
            self._slots[free[0]] = (tag, item_id)
        if self.move_s:
            time.sleep(self.move_s)
        self.delivery.lift(uid)
        return free[0]

    def take(self, uid: str) -> Iso15693Tag | None:
        """The patron takes the item out of the delivery bay."""
        return self.delivery.lift(uid)
