"""One shelf-list row as a typed, immutable item, and the checks every source shares.

:class:`ShelfItem` is a named tuple (a million of them fit in a few hundred MB and build fast);
:func:`make_item` is the one place a row's text becomes an item, so CSV, MARC and the centre's
export agree on statuses, flags and UIDs. A row that cannot be an item raises :class:`RowError`
with a message naming the field; sources turn it into a counted, skipped row naming its line.
"""

from __future__ import annotations

import sys
from typing import Literal, NamedTuple, get_args

__all__ = ["STATUSES", "RowError", "ShelfItem", "Status", "make_item", "parse_flag", "parse_status", "parse_uid"]

Status = Literal["available", "on_loan", "in_transit", "lost", "missing", "withdrawn"]
STATUSES: tuple[str, ...] = get_args(Status)

#: how ILS exports spell the statuses (English and 中文), folded to lower case without spaces
_STATUS_WORDS: dict[str, str] = {s: s for s in STATUSES} | {
    "": "available", "in": "available", "onshelf": "available", "on_shelf": "available",
    "在架": "available", "可借": "available", "可借閱": "available",
    "onloan": "on_loan", "on-loan": "on_loan", "loan": "on_loan", "checkedout": "on_loan",
    "checked_out": "on_loan", "out": "on_loan", "借出": "on_loan", "外借": "on_loan", "外借中": "on_loan",
    "intransit": "in_transit", "in-transit": "in_transit", "transit": "in_transit",
    "運送中": "in_transit", "調撥中": "in_transit",
    "遺失": "lost", "missing": "missing", "缺書": "missing", "找不到": "missing",
    "withdrawn": "withdrawn", "discarded": "withdrawn", "註銷": "withdrawn", "報廢": "withdrawn",
}
_TRUE = frozenset({"1", "true", "yes", "y", "x", "t", "是", "有"})
_FALSE = frozenset({"", "0", "false", "no", "n", "f", "否", "無"})
_HEX = "0123456789ABCDEF"


class RowError(ValueError):
    """A shelf-list row that is not an item; the message names the field and why."""


class ShelfItem(NamedTuple):
    """What the shelf list says about one item.

    ``uid`` is the tag's UID when known (upper-case hex), so a sweep maps reads to items without
    reading tag memory; ``hold`` (a hold waiting), ``weed`` and ``transfer_to`` (a branch or
    dense store) put the item on a pull list; ``line`` is where the source had it.
    """

    item_id: str
    call_number: str
    title: str = ""
    branch: str = ""
    location: str = ""
    collection: str = ""
    status: Status = "available"
    uid: str | None = None
    hold: bool = False
    weed: bool = False
    transfer_to: str = ""
    line: int = 0

    def to_json(self) -> dict[str, object]:
        return {k: v for k, v in self._asdict().items() if v not in ("", None, False) or k == "item_id"}


def parse_status(text: str | None) -> Status:
    """:raises RowError: for a status no ILS export spells so."""
    word = (text or "").strip().lower().replace(" ", "")
    status = _STATUS_WORDS.get(word)
    if status is None:
        raise RowError(f"status {text!r} is not one of {', '.join(STATUSES)}")
    return status  # type: ignore[return-value]


def parse_flag(name: str, text: str | bool | int | None) -> bool:
    """A yes/no column (``1``/``0``, ``true``/``false``, ``x``/empty, 是/否).

    :raises RowError: naming the column.
    """
    if isinstance(text, bool):
        return text
    if text is None:
        return False
    word = str(text).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise RowError(f"{name} {text!r} is not yes or no")


def parse_uid(text: str | None) -> str | None:
    """A tag UID as upper-case hex (spaces and colons dropped), or None when empty.

    :raises RowError: for anything but 4 to 16 bytes of hex.
    """
    if not text:
        return None
    uid = text.upper()
    if " " in uid or ":" in uid:
        uid = uid.replace(" ", "").replace(":", "")
        if not uid:
            return None
    if len(uid) % 2 or not 8 <= len(uid) <= 32 or uid.strip(_HEX):
        raise RowError(f"uid {text!r} is not 4 to 16 bytes of hex")
    return uid


def make_item(
    item_id: str | None,
    call_number: str | None,
    *,
    line: int = 0,
    title: str | None = "",
    branch: str | None = "",
    location: str | None = "",
    collection: str | None = "",
    status: str | None = "",
    uid: str | None = None,
    hold: str | bool | None = None,
    weed: str | bool | None = None,
    transfer_to: str | None = "",
) -> ShelfItem:
    """A checked :class:`ShelfItem`; repeated texts (branch, location…) are interned.

    :raises RowError: an empty item id, a non-text field, or a bad status, flag or UID.
    """
    for name, value in (("item_id", item_id), ("call_number", call_number), ("title", title),
                        ("branch", branch), ("location", location), ("collection", collection),
                        ("transfer_to", transfer_to)):
        if value is not None and not isinstance(value, str):
            raise RowError(f"{name} must be text, not {type(value).__name__}")
    item_id = (item_id or "").strip()
    if not item_id:
        raise RowError("item_id is empty")
    if status is not None and not isinstance(status, str):
        raise RowError(f"status must be text, not {type(status).__name__}")
    if uid is not None and not isinstance(uid, str):
        raise RowError(f"uid must be text, not {type(uid).__name__}")
    return ShelfItem(
        item_id,
        (call_number or "").strip(),
        (title or "").strip(),
        sys.intern((branch or "").strip()),
        sys.intern((location or "").strip()),
        sys.intern((collection or "").strip()),
        parse_status(status),
        parse_uid(uid),
        parse_flag("hold", hold),
        parse_flag("weed", weed),
        sys.intern((transfer_to or "").strip()),
        line,
    )
