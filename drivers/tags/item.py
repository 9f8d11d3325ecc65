"""The one item result every tag data model decodes to, and the one error every codec raises.

Callers (kiosk, inventory, simulator) read :class:`Item` fields and never care which data model
the tag used; the model-specific leftovers travel in :attr:`Item.elements` and
:attr:`Item.optional_blocks`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drivers.tags.elements import element_name

__all__ = [
    "MODELS",
    "USAGE_NAMES",
    "Element",
    "Item",
    "OptionalBlock",
    "TagDataError",
    "usage_name",
]

#: Data model names, as the CLI and JSON output spell them.
MODELS = ("iso28560-3", "iso28560-2", "3m", "blank")

#: ISO 28560-1 type-of-usage primary codes (the ones PROTOCOLS.md lists).
USAGE_NAMES: dict[int, str] = {
    0: "acquisition",
    1: "circulating",
    2: "not circulating",
    7: "discarded",
    8: "patron card",
    9: "equipment",
}


class TagDataError(ValueError):
    """Tag memory that cannot be decoded, or an item that cannot be encoded; the message says why."""


def usage_name(code: int | None) -> str | None:
    """The name of an ISO 28560 type-of-usage code ("circulating", "patron card", …)."""
    if code is None:
        return None
    return USAGE_NAMES.get(code, f"reserved ({code})")


def _check_int(name: str, value: int | None, low: int, high: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise TagDataError(f"{name} must be an integer, not {type(value).__name__}")
    if not low <= value <= high:
        raise TagDataError(f"{name} {value} is outside {low}..{high}")


def _check_str(name: str, value: str | None, optional: bool = True) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str):
        raise TagDataError(f"{name} must be a string, not {type(value).__name__}")


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes | bytearray):
        return bytes(value).hex().upper()
    return value


@dataclass(frozen=True, kw_only=True)
class Element:
    """One raw data element: an ISO 28560-2 OID (int) or a model-specific name (str).

    ``value`` is text for character data, ``bytes`` for octet strings and application-defined
    data, ``int`` for numeric fields of the fixed-layout models. ``scheme`` is the ISO/IEC 15962
    compaction scheme the element was (or will be) stored with, where that applies.
    """

    key: int | str
    value: str | bytes | int
    scheme: int | None = None

    def __post_init__(self) -> None:
        if isinstance(self.key, bool) or not isinstance(self.key, int | str):
            raise TagDataError(f"element key must be an OID or a name, not {self.key!r}")
        if isinstance(self.key, int) and not 1 <= self.key <= 270:
            raise TagDataError(f"element OID {self.key} is outside 1..270")
        if isinstance(self.value, bool) or not isinstance(self.value, str | bytes | int):
            raise TagDataError(f"element value must be str, bytes or int, not {type(self.value).__name__}")
        _check_int("compaction scheme", self.scheme, 0, 7)

    @property
    def name(self) -> str:
        """A readable name: the ISO 28560-1 element name for OIDs (:mod:`drivers.tags.elements`),
        else the key itself."""
        if isinstance(self.key, int):
            return element_name(self.key)
        return self.key

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "value": _jsonable(self.value)}
        if isinstance(self.key, int):
            out["oid"] = self.key
        if self.scheme is not None:
            out["scheme"] = self.scheme
        return out


@dataclass(frozen=True, kw_only=True)
class OptionalBlock:
    """An ISO 28560-3 optional block: a 16-bit block id and its data.

    ``checksum_ok`` is what decoding found (always True for blocks built to be encoded).
    """

    block_id: int
    data: bytes = b""
    checksum_ok: bool = True

    def __post_init__(self) -> None:
        _check_int("optional block id", self.block_id, 0, 0xFFFF)
        if not isinstance(self.data, bytes):
            raise TagDataError("optional block data must be bytes")
        if len(self.data) > 251:
            raise TagDataError(f"optional block data is {len(self.data)} bytes; at most 251 fit")

    def to_json(self) -> dict[str, Any]:
        return {"block_id": self.block_id, "data": self.data.hex().upper(), "checksum_ok": self.checksum_ok}


@dataclass(frozen=True, kw_only=True)
class Item:
    """What a library tag says about its item, whatever the data model.

    ``type_of_usage`` is the ISO 28560 primary code (0 acquisition, 1 circulating, 8 patron
    card, …); ``crc_ok`` is None where the model has no CRC. Values are checked when built, so
    an ``Item`` in hand is always encodable as far as ranges go (per-model sizes are checked by
    the encoder).
    """

    model: str
    primary_item_id: str = ""
    owner_library: str | None = None
    parts_in_item: int | None = None
    part_number: int | None = None
    type_of_usage: int | None = None
    shelf_location: str | None = None
    media_format: int | str | None = None
    crc_ok: bool | None = None
    elements: tuple[Element, ...] = ()
    optional_blocks: tuple[OptionalBlock, ...] = ()

    def __post_init__(self) -> None:
        if self.model not in MODELS:
            raise TagDataError(f"unknown tag data model {self.model!r}; one of {', '.join(MODELS)}")
        _check_str("primary item identifier", self.primary_item_id, optional=False)
        _check_str("owner library", self.owner_library)
        _check_str("shelf location", self.shelf_location)
        _check_int("parts in item", self.parts_in_item, 0, 999)
        _check_int("part number", self.part_number, 0, 999)
        _check_int("type of usage", self.type_of_usage, 0, 15)
        if self.media_format is not None:
            if isinstance(self.media_format, int):
                _check_int("media format", self.media_format, 0, 255)
            else:
                _check_str("media format", self.media_format)
        if self.crc_ok is not None and not isinstance(self.crc_ok, bool):
            raise TagDataError("crc_ok must be a bool or None")
        # accept lists for convenience, store tuples so the item stays immutable
        object.__setattr__(self, "elements", tuple(self.elements))
        object.__setattr__(self, "optional_blocks", tuple(self.optional_blocks))
        for e in self.elements:
            if not isinstance(e, Element):
                raise TagDataError(f"elements must be Element instances, not {type(e).__name__}")
        for b in self.optional_blocks:
            if not isinstance(b, OptionalBlock):
                raise TagDataError(f"optional blocks must be OptionalBlock instances, not {type(b).__name__}")

    @property
    def is_blank(self) -> bool:
        """True for a factory-blank (never programmed) tag."""
        return self.model == "blank"

    @property
    def type_of_usage_name(self) -> str | None:
        return usage_name(self.type_of_usage)

    def element(self, key: int | str, default: Any = None) -> Any:
        """The value of the first raw element with this OID or name, or ``default``."""
        for e in self.elements:
            if e.key == key:
                return e.value
        return default

    def to_json(self) -> dict[str, Any]:
        """The acceptance-interface JSON object (``rfid-edge tag decode``)."""
        return {
            "model": self.model,
            "primary_item_id": self.primary_item_id,
            "owner_library": self.owner_library,
            "parts_in_item": self.parts_in_item,
            "part_number": self.part_number,
            "type_of_usage": self.type_of_usage,
            "type_of_usage_name": self.type_of_usage_name,
            "shelf_location": self.shelf_location,
            "media_format": self.media_format,
            "crc_ok": self.crc_ok,
            "blank": self.is_blank,
            "elements": [e.to_json() for e in self.elements],
            "optional_blocks": [b.to_json() for b in self.optional_blocks],
        }


BLANK = Item(model="blank")


def fixed_set_information(item: Item, most: int, too_many: str) -> tuple[int, int]:
    """``(parts in item, part number)`` for a model with fixed set fields: 1 of 1 when unset.

    :param most: the largest value the model's fields hold; ``too_many`` is the error saying so.
    :raises TagDataError: beyond ``most``, or the part number is not within 1..parts.
    """
    parts = 1 if item.parts_in_item is None else item.parts_in_item
    part = 1 if item.part_number is None else item.part_number
    if parts > most or part > most:
        raise TagDataError(too_many)
    if not 1 <= part <= parts:
        raise TagDataError(f"part number {part} is not within 1..{parts}")
    return parts, part
