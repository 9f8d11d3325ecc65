"""What to write: the tag image of each part of an item, and which tag on the pad gets which.

Sans-I/O and pure. :func:`plan_item` encodes one image per part (each part of a multi-part
item carries its own tag, numbered 1..N); :func:`assign` looks at the tags on the pad and either
pairs each with a part or refuses, saying why. The safety rule lives here: a tag that holds
another item's data (or data no model accounts for) is never planned for overwriting unless
staff confirmed a re-tag.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from drivers.tags import Item, TagDataError, encode, iso28560_2
from sync import fields
from sync.errors import SchemaError

__all__ = ["Assignment", "PartPlan", "Refusal", "SeenTag", "assign", "plan_item"]

#: the models a station writes (``blank`` is what it writes over)
WRITE_MODELS = ("iso28560-3", "iso28560-2", "3m")


@dataclass(frozen=True, kw_only=True)
class PartPlan:
    """One part's tag image: ``item`` as it will read back, ``image`` the bytes to write,
    ``dsfid`` the DSFID the model prescribes (None: the model leaves it alone)."""

    item_id: str
    part: int
    parts: int
    model: str
    item: Item
    image: bytes
    dsfid: int | None = None


#: the DSFID each model writes: ISO 28560-2 memory is ISO/IEC 15962-encoded, and a 15962 decoder
#: reads its access method and data format from the DSFID (``06``); ISO 28560-3 is told by its
#: content (Danish-model tags mostly keep ``00``) and 3M's model has none
MODEL_DSFID: dict[str, int | None] = {"iso28560-2": iso28560_2.DSFID, "iso28560-3": None, "3m": None}


def plan_item(item_id: str, *, model: str = "iso28560-3", owner: str | None = None,
              parts: int = 1, type_of_usage: int | None = 1,
              shelf_location: str | None = None) -> list[PartPlan]:
    """The image of every part of ``item_id``, part 1 first.

    3M RFID501 has neither an ISIL nor a type of usage, so ``owner`` and ``type_of_usage``
    are left out of its images; ``shelf_location`` only fits ISO 28560-2.

    :raises TagDataError: the item does not fit the model (too long an id, too many parts, …).
    """
    if model not in WRITE_MODELS:
        raise TagDataError(f"cannot program model {model!r}; one of {', '.join(WRITE_MODELS)}")
    if isinstance(parts, bool) or not isinstance(parts, int) or parts < 1:
        raise TagDataError(f"parts must be a positive number, not {parts!r}")
    if not item_id or not item_id.strip():
        raise TagDataError("the item id is empty")
    try:  # the tag's record goes to the centre: an id the wire refuses is not written either
        fields.identifier("item id", item_id)
    except SchemaError as exc:
        raise TagDataError(str(exc)) from None
    legacy = model == "3m"
    if shelf_location is not None and model != "iso28560-2":
        raise TagDataError(f"{model} has no shelf location element")
    out = []
    for part in range(1, parts + 1):
        item = Item(model=model, primary_item_id=item_id, owner_library=None if legacy else owner,
                    parts_in_item=parts, part_number=part,
                    type_of_usage=None if legacy else type_of_usage,
                    shelf_location=shelf_location)
        out.append(PartPlan(item_id=item_id, part=part, parts=parts, model=model, item=item,
                            image=encode(item), dsfid=MODEL_DSFID[model]))
    return out


@dataclass(frozen=True, kw_only=True)
class SeenTag:
    """A tag on the pad as the station found it: its decoded data, or why none (``error``)."""

    uid: str
    item: Item | None = None
    error: str | None = None

    @property
    def blank(self) -> bool:
        return self.item is not None and self.item.is_blank


@dataclass(frozen=True, kw_only=True)
class Assignment:
    """Each part with its tag; ``retag`` names the tags whose old data will be overwritten
    (blank tags and tags already holding this item are not re-tags)."""

    pairs: tuple[tuple[PartPlan, SeenTag], ...]
    retag: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Refusal:
    """Why nothing is written: ``reason`` a stable code, ``message`` for staff.

    Codes: ``no_tag``, ``tag_count``, ``foreign_tag`` (another item's data: confirm a re-tag),
    ``unreadable`` (data no model accounts for: confirm a re-tag), ``batch_tag`` (this batch
    already programmed the tag for another item).
    """

    reason: str
    message: str
    uids: tuple[str, ...] = ()
    needs_confirmation: bool = False


def _holds(tag: SeenTag, item_id: str) -> bool:
    return tag.item is not None and not tag.item.is_blank and tag.item.primary_item_id == item_id


def assign(plans: Sequence[PartPlan], seen: Sequence[SeenTag], *, confirm_retag: bool = False,
           journal: Mapping[str, tuple[str, int]] | None = None) -> Assignment | Refusal:
    """Pair the parts with the tags on the pad, or refuse.

    :param journal: UID → (item id, part) this batch wrote (or began writing) before, from the
        batch journal: such a tag belongs to that item and keeps its part; a tag of another item
        of the batch is refused even with ``confirm_retag`` (it was just programmed).
    """
    journal = journal or {}
    if not plans:
        raise ValueError("nothing planned")
    item_id, parts = plans[0].item_id, len(plans)
    if not seen:
        return Refusal(reason="no_tag", message=f"place the tag of {item_id} on the pad")
    if len(seen) != parts:
        what = "a tag" if parts == 1 else f"{parts} tags (one per part)"
        return Refusal(reason="tag_count", uids=tuple(t.uid for t in seen),
                       message=f"{len(seen)} tags on the pad; {item_id} needs {what}")
    ours: dict[str, int | None] = {}
    others = []
    for tag in seen:
        owner = journal.get(tag.uid)
        if owner is not None and owner[0] != item_id:
            return Refusal(reason="batch_tag", uids=(tag.uid,),
                           message=f"tag {tag.uid} was just programmed for {owner[0]}; lift it")
        if owner is not None:
            ours[tag.uid] = owner[1]
        elif _holds(tag, item_id):
            ours[tag.uid] = tag.item.part_number if tag.item is not None else None
        else:
            others.append(tag)
    foreign = [t for t in others if not t.blank]
    if foreign and not confirm_retag:
        unreadable = [t for t in foreign if t.item is None]
        if unreadable:
            return Refusal(reason="unreadable", uids=tuple(t.uid for t in unreadable),
                           needs_confirmation=True,
                           message=f"tag {unreadable[0].uid} holds data no model accounts for "
                                   f"({unreadable[0].error}); confirm a re-tag to overwrite it")
        held = ", ".join(f"{t.uid} ({t.item.primary_item_id if t.item else '?'})" for t in foreign)
        return Refusal(reason="foreign_tag", uids=tuple(t.uid for t in foreign),
                       needs_confirmation=True,
                       message=f"tag {held} holds another item; confirm a re-tag to overwrite it")
    by_uid = {t.uid: t for t in seen}
    free = set(range(1, parts + 1))
    chosen: dict[str, int] = {}
    for uid in sorted(ours):  # a tag of this item keeps its part where it can
        part = ours[uid]
        if part in free:
            chosen[uid] = part
            free.discard(part)
    for uid in sorted(by_uid):
        if uid not in chosen:
            chosen[uid] = min(free)
            free.discard(chosen[uid])
    pairs = tuple((plans[chosen[uid] - 1], by_uid[uid])
                  for uid in sorted(chosen, key=lambda u: chosen[u]))
    return Assignment(pairs=pairs, retag=tuple(t.uid for t in foreign))
