"""Library RFID tag data models: sans-I/O codecs from tag memory bytes to one common :class:`Item`.

| model | module | decode | encode | CRC |
|---|---|---|---|---|
| ISO 28560-3 (Danish model successor) | :mod:`.iso28560_3` | yes, 32/34-byte, optional blocks | yes | CRC-16/CCITT-FALSE |
| ISO 28560-2 (ISO/IEC 15962 OIDs) | :mod:`.iso28560_2` | every compaction scheme | most compact scheme | — |
| 3M RFID501 (legacy) | :mod:`.legacy3m` | yes | yes | — |
| factory blank | :mod:`.detect` | ``model="blank"`` | zeros | — |
| NDEF (patron cards, shelf markers) | :mod:`.ndef` | Text/URI records, Type 2 TLV | yes | — |

Every decoder raises only :class:`TagDataError` (a ``ValueError``), whatever the bytes.
The ISO 28560-1 data elements (numbers, names, formats) are in :mod:`.elements`; how much of a
tag a reader reads first, and whether that is all of it, in :mod:`.short_read`; the AFI values
of the security marker in :mod:`.marker`.

Example::

    >>> from drivers.tags import Item, decode, encode
    >>> image = encode(Item(model="iso28560-3", primary_item_id="31234000123456",
    ...                     owner_library="TW-TPML", parts_in_item=1, part_number=1, type_of_usage=1))
    >>> decode(image).owner_library
    'TW-TPML'
"""

from __future__ import annotations

from drivers.tags.detect import MODEL_CHOICES, decode, detect, encode, is_blank
from drivers.tags.item import (
    MODELS,
    USAGE_NAMES,
    Element,
    Item,
    OptionalBlock,
    TagDataError,
    usage_name,
)

__all__ = [
    "MODELS",
    "MODEL_CHOICES",
    "USAGE_NAMES",
    "Element",
    "Item",
    "OptionalBlock",
    "TagDataError",
    "decode",
    "detect",
    "encode",
    "is_blank",
    "make_item",
    "usage_name",
]


def make_item(primary_item_id: str, *, model: str = "iso28560-3", **fields: object) -> Item:
    """Shorthand for ``Item(model=..., primary_item_id=..., **fields)``."""
    return Item(model=model, primary_item_id=primary_item_id, **fields)  # type: ignore[arg-type]
