"""The ISO 28560-1 data elements: one table of their numbers, names and formats.

ISO 28560-1 defines the library data elements (primary item identifier, owner institution, set
information, …) once; ISO 28560-2 stores each under its number as an ISO/IEC 15962 object
identifier, and the fixed layouts (ISO 28560-3, 3M) hold a subset at fixed offsets. The table
lives apart from every codec so that :class:`drivers.tags.item.Element` can name an element
without importing a codec, and each codec reads the same facts.

Formats, as the codecs treat the values:

- ``text``: character data (any compaction scheme; UTF-8 in an octet string);
- ``isil``: an ISIL (ISO 15511), which ISO 28560-2 may store with ISIL compaction;
- ``digits``: a numeric string (set information, GS1 product identifier);
- ``octets``: binary data (content parameter, type of usage, media format, supply chain stage).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["ELEMENTS", "ISIL_OIDS", "OCTET_OIDS", "OID_NAMES", "DataElement", "Format",
           "element_name"]


class Format(enum.StrEnum):
    TEXT = "text"
    ISIL = "isil"
    DIGITS = "digits"
    OCTETS = "octets"


@dataclass(frozen=True, kw_only=True)
class DataElement:
    """One ISO 28560-1 data element: its number (the ISO 28560-2 OID), name and format."""

    oid: int
    name: str
    format: Format = Format.TEXT


ELEMENTS: dict[int, DataElement] = {e.oid: e for e in (
    DataElement(oid=1, name="primary_item_id"),
    DataElement(oid=2, name="content_parameter", format=Format.OCTETS),
    DataElement(oid=3, name="owner_library", format=Format.ISIL),
    DataElement(oid=4, name="set_information", format=Format.DIGITS),
    DataElement(oid=5, name="type_of_usage", format=Format.OCTETS),
    DataElement(oid=6, name="shelf_location"),
    DataElement(oid=7, name="onix_media_format"),
    DataElement(oid=8, name="marc_media_format"),
    DataElement(oid=9, name="supplier_id"),
    DataElement(oid=10, name="order_number"),
    DataElement(oid=11, name="ill_borrowing_institution", format=Format.ISIL),
    DataElement(oid=12, name="ill_borrowing_transaction_number"),
    DataElement(oid=13, name="gs1_product_id", format=Format.DIGITS),
    DataElement(oid=14, name="alternative_unique_item_id"),
    DataElement(oid=15, name="local_data_a"),
    DataElement(oid=16, name="local_data_b"),
    DataElement(oid=17, name="title"),
    DataElement(oid=18, name="product_id_local"),
    DataElement(oid=19, name="media_format_other", format=Format.OCTETS),
    DataElement(oid=20, name="supply_chain_stage", format=Format.OCTETS),
    DataElement(oid=21, name="supplier_invoice_number"),
    DataElement(oid=22, name="alternative_item_id"),
    DataElement(oid=23, name="alternative_owner_library", format=Format.ISIL),
    DataElement(oid=24, name="owner_library_subsidiary"),
    DataElement(oid=25, name="alternative_ill_borrowing_institution", format=Format.ISIL),
    DataElement(oid=26, name="local_data_c"),
)}

#: element names by OID
OID_NAMES: dict[int, str] = {oid: e.name for oid, e in ELEMENTS.items()}
#: OIDs holding an ISIL (ISIL compaction allowed)
ISIL_OIDS = frozenset(oid for oid, e in ELEMENTS.items() if e.format is Format.ISIL)
#: OIDs whose value is binary (an octet string), not text
OCTET_OIDS = frozenset(oid for oid, e in ELEMENTS.items() if e.format is Format.OCTETS)


def element_name(oid: int) -> str:
    """The element's name, or ``oid_<n>`` for a number ISO 28560-1 does not define."""
    element = ELEMENTS.get(oid)
    return element.name if element is not None else f"oid_{oid}"
