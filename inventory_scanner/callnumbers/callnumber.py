"""The call number every scheme parses to, and the building blocks of its sort key.

A sort key is a string: fixed slots joined by a space, so plain string comparison gives shelf
order. Every slot holds only characters above the space, which makes "nothing before
something" hold slot by slot (``813.4`` < ``813.45``, no prefix < ``J``). Decimal fractions
(class numbers, Cutter digits, author numbers by default) are digit strings compared as text;
integers (volumes, copies, years) carry their digit count first (``v.2`` → ``12`` < ``v.10`` →
``210``). The first slot says whether the class was read: ``1`` parsed, ``9`` not, so an
unreadable call number still sorts deterministically (after every readable one, by its text).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

__all__ = [
    "SEP",
    "AuthorNumber",
    "CallNumber",
    "Scheme",
    "build",
    "int_slot",
    "unparsed",
]

Scheme = Literal["ccl", "dewey", "lc"]
AuthorNumber = Literal["decimal", "integer"]
SEP = " "
PARSED = "1"
UNPARSED = "9"


def int_slot(digits: str | None) -> str:
    """An integer as a sortable slot: its digit count, then its digits (no leading zeros)."""
    if digits is None:
        return ""
    d = digits.lstrip("0")
    return chr(ord("0") + len(d)) + d


def _join(slots: list[str]) -> str:
    return SEP.join(slots).rstrip(SEP)


class CallNumber(NamedTuple):
    """One call number as given, how it sorts, and what was read from it.

    ``key`` comes first, so a list of call numbers sorts into shelf order as it is (ties by
    the text as given). ``parsed`` is False when any part was not understood; ``remainder``
    holds that part (it still sorts, after the parts that were read). ``title_key`` leaves out
    volume, part and copy: copies and volumes of one title share it, so their order on the
    shelf is free. A named tuple, not a dataclass: a sweep builds hundreds of thousands.
    """

    key: str
    text: str
    scheme: str
    parsed: bool
    title_key: str
    normalised: str
    #: the shelf range it belongs to, for reports: ``J 860`` (class tens), ``QA`` (LC letters)
    division: str
    parts: dict[str, str]
    remainder: str

    @property
    def class_read(self) -> bool:
        """Whether the class was read (so the call number has a place on the shelf), even if
        something after it was not."""
        return self.key.startswith(PARSED)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "call_number": self.text,
            "sort_key": self.key,
            "parsed": self.parsed,
            "normalised": self.normalised,
            "parts": dict(self.parts),
        }
        if self.remainder:
            out["unparsed_part"] = self.remainder
        return out


def build(
    text: str,
    scheme: str,
    normalised: str,
    title_slots: list[str],
    item_slots: list[str],
    remainder: str,
    parts: dict[str, str],
    division: str,
) -> CallNumber:
    """A parsed call number from its slots (``title_slots`` then volume/part/copy slots)."""
    remainder = remainder.strip()
    slots = SEP.join([PARSED, *title_slots])
    title = slots.rstrip(SEP)
    key = _join([slots, *item_slots, remainder]) if remainder or any(item_slots) else title
    return CallNumber(key, text, scheme, not remainder, title, normalised, division, parts, remainder)


def unparsed(text: str, scheme: str, normalised: str) -> CallNumber:
    """A call number whose class could not be read: kept, flagged, sorted by its text."""
    key = _join([UNPARSED, normalised])
    return CallNumber(key, text, scheme, False, key, normalised, "?", {}, normalised)
