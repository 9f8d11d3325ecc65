"""The reader side of an ISO 15693 inventory: 16-slot rounds, collisions, longer masks.

ISO/IEC 15693-3 Annex D: in a round with mask length L, a tag answers in the slot given by the
four UID bits after the mask. One answer identifies the tag; two or more collide, and the reader
pushes the mask extended by that slot number for another round. Every reader emulator calls
:func:`run_inventory` so collisions and air time are modelled once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hwsim.iso15693.tag import Iso15693Tag
from hwsim.iso15693.timing import AirTiming

INVENTORY_RESPONSE_BYTES = 12  # flags, DSFID, UID(8), CRC(2)


@dataclass(frozen=True, kw_only=True)
class InventoryResult:
    """Tags identified (in discovery order) and what the rounds cost on air."""

    tags: tuple[Iso15693Tag, ...]
    rounds: int
    collisions: int
    air_s: float


def _request_bytes(afi: int | None, mask_len: int) -> int:
    return 2 + (1 if afi is not None else 0) + 1 + (mask_len + 7) // 8 + 2


def run_inventory(
    tags: Iterable[Iso15693Tag],
    *,
    afi: int | None = None,
    one_slot: bool = False,
    timing: AirTiming | None = None,
    max_rounds: int = 64,
) -> InventoryResult:
    """Identify the tags that answer, as a reader's anticollision loop would.

    :param one_slot: a 1-slot inventory (flags 0x26): collisions there mean nothing is identified.
    :param max_rounds: bound on rounds (a real reader gives up too); tags left unresolved are missed.
    """
    timing = timing or AirTiming(realistic=False)
    candidates = list(tags)
    found: list[Iso15693Tag] = []
    air = 0.0
    rounds = collisions = 0
    stack: list[tuple[int, int]] = [(0, 0)]  # (mask_len, mask)
    while stack and rounds < max_rounds:
        mask_len, mask = stack.pop()
        rounds += 1
        air += timing.request(_request_bytes(afi, mask_len))
        answering = [t for t in candidates if t.answers_inventory(afi=afi, mask_len=mask_len, mask=mask)]
        nb_slots = 1 if one_slot else 16
        for slot in range(nb_slots):
            in_slot = [t for t in answering if t.slot_for(mask_len, nb_slots) == slot]
            if not in_slot:
                air += timing.empty_slot()
                continue
            air += timing.response(INVENTORY_RESPONSE_BYTES)
            if len(in_slot) == 1:
                if in_slot[0] not in found:
                    found.append(in_slot[0])
            else:
                collisions += 1
                if not one_slot and mask_len + 4 <= 64:
                    stack.append((mask_len + 4, mask | (slot << mask_len)))
    return InventoryResult(tags=tuple(found), rounds=rounds, collisions=collisions, air_s=air)
