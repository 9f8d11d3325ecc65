"""Streaming reconciliation of handheld reads against a shelf list (sans-I/O).

Feed reads as the reader reports them (:meth:`Reconciler.feed`, O(1) each); ask for
:meth:`Reconciler.report` whenever a picture is wanted. A tag answers many inventory rounds
while the wand passes, and anticollision answers in UID order, not shelf order, so an item's
place on the shelf is estimated as the mean of every time it was seen.

The sweep's target (branch, location, call-number range) is given, or else taken as the
branch and location most of the seen items belong to. Then:

* expected — target items whose status says they are on the shelf (``available``); seen —
  shelf-list items seen, wherever they belong (both as item ids in shelf order; their counts
  are in ``kpi``);
* found / missing — expected items seen / not seen, in shelf order;
* misplaced — seen items of another branch, location or range, with where they belong;
* moves — the fewest target books to move so the shelf reads in order (:mod:`.order`);
* on loan, lost/missing, withdrawn or in transit yet on the shelf;
* security_mismatch — the AFI (and EAS, if used) disagreeing with the status;
* unknown_tags — blank, another library's (``owner``), no such item, or an unknown UID;
* pull — waiting holds, weeding and transfers in walking (call-number) order;
* kpi — completion (盤點率) = found / expected, misshelf rate (錯架率) = (moves + misplaced)
  / items seen.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from drivers.tags.item import Item
from drivers.tags.marker import MarkerSettings
from inventory_scanner.callnumbers import AuthorNumber, CallNumber, Scheme, parse
from inventory_scanner.findings import build_report
from inventory_scanner.gcpause import gc_paused
from inventory_scanner.reads import Read
from inventory_scanner.shelflist import LoadSummary, ShelfList

__all__ = ["Reconciler", "Target"]


@dataclass(frozen=True, slots=True)
class Target:
    """What the sweep covers; None means "any". The range is ``range_from`` ≤ call number <
    ``range_to`` in shelf order (``863`` to ``864``: all of class 863)."""

    branch: str | None = None
    location: str | None = None
    range_from: str | None = None
    range_to: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"branch": self.branch, "location": self.location,
                "range_from": self.range_from, "range_to": self.range_to}


class Reconciler:
    """Reads in, the inventory picture out. One per sweep."""

    def __init__(
        self,
        shelf: ShelfList,
        *,
        scheme: Scheme = "ccl",
        author_number: AuthorNumber = "decimal",
        marker: MarkerSettings | None = None,
        target: Target | None = None,
        library_isil: str | None = None,
    ) -> None:
        self.shelf = shelf
        self.scheme = scheme
        self.author_number = author_number
        self.marker = marker or MarkerSettings()
        self.target = target
        self.library_isil = library_isil
        self.reads = 0
        self.skipped = LoadSummary()
        self._by_uid = shelf.uid_index()
        self._by_id = shelf.id_index()
        #: item position → [sum of times, count, last AFI, last EAS]
        self._seen: dict[int, list[Any]] = {}
        self._unknown: dict[str, dict[str, Any]] = {}
        self._numbers: dict[int, CallNumber] = {}

    # -- events in -------------------------------------------------------------------------
    def feed(self, t: float, uid: str, item_id: str | None = None, afi: int | None = None,
             eas: bool | None = None, owner: str | None = None, blank: bool = False) -> None:
        """One tag read at time ``t``. ``uid`` is upper-case hex; ``item_id`` is what the tag's
        data says (None when its memory was not read)."""
        self.reads += 1
        if item_id is None and not blank and owner is None:
            index = self._by_uid.get(uid)
        else:
            index = self._resolve(uid, item_id, owner, blank)
        if index is None:
            self._note_unknown(uid, item_id, owner, blank)
            return
        seen = self._seen.get(index)
        if seen is None:
            self._seen[index] = [t, 1, afi, eas]
            return
        seen[0] += t
        seen[1] += 1
        if afi is not None:
            seen[2] = afi
        if eas is not None:
            seen[3] = eas

    def feed_read(self, read: Read) -> None:
        self.feed(read.t, read.uid, read.item_id, read.afi, read.eas, read.owner, read.blank)

    def feed_tag(self, t: float, uid: str, tag: Item | None, afi: int | None = None,
                 eas: bool | None = None) -> None:
        """A read whose tag memory was decoded (:func:`drivers.tags.decode`), or None when only
        the UID was read: the item id, owner library and blankness come from the tag data."""
        if tag is None:
            self.feed(t, uid, None, afi, eas)
        else:
            self.feed(t, uid, tag.primary_item_id, afi, eas, tag.owner_library or None, tag.is_blank)

    def skip(self, message: str) -> None:
        """Count a read line that was not a read (the message names the line)."""
        self.skipped.rows += 1
        self.skipped.skip(message)

    def _resolve(self, uid: str, item_id: str | None, owner: str | None, blank: bool) -> int | None:
        if blank or item_id == "":
            return self._by_uid.get(uid)
        if owner is not None and self.library_isil is not None and owner != self.library_isil:
            return None
        if item_id is None:
            return self._by_uid.get(uid)
        return self._by_id.get(item_id)

    def _note_unknown(self, uid: str, item_id: str | None, owner: str | None, blank: bool) -> None:
        entry = self._unknown.get(uid)
        if entry is not None:
            entry["reads"] += 1
            return
        if blank or item_id == "":
            reason = "blank"
        elif owner is not None and self.library_isil is not None and owner != self.library_isil:
            reason = "foreign"
        elif item_id is not None:
            reason = "no_such_item"
        else:
            reason = "unknown_uid"
        self._unknown[uid] = {"uid": uid, "item_id": item_id or None, "owner": owner,
                              "reason": reason, "reads": 1}

    # -- the picture out -------------------------------------------------------------------
    def number(self, index: int) -> CallNumber:
        """The parsed call number of shelf item ``index`` (parsed once)."""
        number = self._numbers.get(index)
        if number is None:
            number = parse(self.shelf.items[index].call_number, self.scheme, self.author_number)
            self._numbers[index] = number
        return number

    def seen(self) -> dict[int, list[Any]]:
        """Shelf item position → [sum of read times, reads, last AFI, last EAS] of every item
        seen so far (the live mapping: read it, never change it)."""
        return self._seen

    def marker_read(self, index: int) -> tuple[int | None, bool | None]:
        """The last AFI and EAS read from seen item ``index`` (None: never read)."""
        _, _, afi, eas = self._seen[index]
        return afi, eas

    def unknown_tags(self) -> list[dict[str, Any]]:
        """Tags that are no shelf-list item, by UID: reason, item id, owner, reads."""
        return sorted(self._unknown.values(), key=lambda u: u["uid"])

    def seen_at(self, index: int) -> float:
        """Estimated place of a seen item along the sweep: the mean time it was read."""
        total, count = self._seen[index][0], self._seen[index][1]
        return total / count

    def resolved_target(self) -> Target:
        """The target as given, or the branch and location most seen items belong to."""
        if self.target is not None:
            return self.target
        items = self.shelf.items
        places = Counter((items[i].branch, items[i].location) for i in self._seen)
        if not places:
            return Target()
        (branch, location), _ = min(places.items(), key=lambda kv: (-kv[1], kv[0]))
        return Target(branch=branch or None, location=location or None)

    def seen_items(self) -> dict[str, tuple[str, str | None]]:
        """Item id → (location, tag UID) of every shelf-list item seen so far, for
        :func:`inventory_scanner.messages.seen_messages`."""
        items = self.shelf.items
        return {items[i].item_id: (items[i].location, items[i].uid) for i in self._seen}

    def report(self) -> dict[str, Any]:
        """Everything the sweep says so far, as one JSON-ready object (see the module doc)."""
        with gc_paused():
            return build_report(self)
