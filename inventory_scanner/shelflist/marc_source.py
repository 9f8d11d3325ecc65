"""Shelf lists from MARC holdings, read with pymarc (ISO 2709 or MARCXML), one item per field.

Three holdings layouts, by tag:

* ``952`` — Koha items: ``$p`` barcode, ``$o`` call number, ``$a`` home branch, ``$c`` shelving
  location, ``$8`` collection; ``$0`` withdrawn, ``$1`` lost (Koha's value 4 is "missing"),
  ``$q`` a due date (on loan) set non-zero/non-empty say so.
* ``852`` — MARC 21 location: ``$p`` barcode (piece designation), call number from ``$k``
  prefix, ``$h`` classification, ``$i`` item part, ``$m`` suffix; ``$b`` sublocation as branch,
  ``$c`` shelving location.
* ``095`` — the local holdings field of Taiwanese systems. Its subfields differ by vendor, so
  :data:`LOCAL_095` is an assumption (``$a`` branch, ``$b`` location, ``$d`` call number, ``$p``
  barcode, ``$s`` status) that ``[inventory] marc_095`` overrides.

The title comes from 245 ``$a`` (MARC 21) or 200 ``$a`` (CMARC). Records stream: a million
items never sit in memory as records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import IO

import pymarc

from inventory_scanner.shelflist.item import RowError, ShelfItem, make_item

__all__ = ["HOLDINGS_TAGS", "LOCAL_095", "read_marc"]

HOLDINGS_TAGS = ("952", "852", "095")
LOCAL_095: Mapping[str, str] = {"item_id": "p", "call_number": "d", "branch": "a", "location": "b",
                                "status": "s", "uid": "u"}
_KOHA_LOST_MISSING = "4"


def _first(field: pymarc.Field, code: str) -> str:
    values = field.get_subfields(code)
    return values[0].strip() if values else ""


def _title(record: pymarc.Record) -> str:
    for tag in ("245", "200"):
        for field in record.get_fields(tag):
            value = _first(field, "a")
            if value:
                return value.rstrip(" /:;,.=")
    return ""


def _koha(field: pymarc.Field, title: str, where: int) -> ShelfItem:
    status = "available"
    lost, withdrawn = _first(field, "1"), _first(field, "0")
    if _first(field, "q"):
        status = "on_loan"
    if lost not in ("", "0"):
        status = "missing" if lost == _KOHA_LOST_MISSING else "lost"
    if withdrawn not in ("", "0"):
        status = "withdrawn"
    return make_item(_first(field, "p"), _first(field, "o"), line=where, title=title,
                     branch=_first(field, "a"), location=_first(field, "c"),
                     collection=_first(field, "8"), status=status)


def _marc852(field: pymarc.Field, title: str, where: int) -> ShelfItem:
    call = " ".join(v for v in (_first(field, c) for c in "khim") if v)
    return make_item(_first(field, "p"), call, line=where, title=title,
                     branch=_first(field, "b"), location=_first(field, "c"))


def _local095(mapping: Mapping[str, str]) -> Callable[[pymarc.Field, str, int], ShelfItem]:
    def item(field: pymarc.Field, title: str, where: int) -> ShelfItem:
        values = {name: _first(field, code) for name, code in mapping.items()}
        return make_item(values.pop("item_id", ""), values.pop("call_number", ""), line=where,
                         title=title, **values)
    return item


def read_marc(
    stream: IO[bytes],
    *,
    xml: bool = False,
    local_095: Mapping[str, str] = LOCAL_095,
) -> Iterator[ShelfItem | RowError]:
    """One :class:`ShelfItem` per holdings field of every record, in file order; a record
    pymarc cannot read, or a holdings field without a barcode, is a :class:`RowError` naming
    ``record N`` (skipped). ``line`` of an item is its record number.
    """
    readers = {"952": _koha, "852": _marc852, "095": _local095(local_095)}
    records = _xml_records(stream) if xml else _binary_records(stream)
    for number, record in enumerate(records, start=1):
        if isinstance(record, Exception):
            yield RowError(f"record {number}: {type(record).__name__}: {record}")
            continue
        title = _title(record)
        for field in record.get_fields(*HOLDINGS_TAGS):
            try:
                yield readers[field.tag](field, title, number)
            except RowError as exc:
                yield RowError(f"record {number}, field {field.tag}: {exc}")


def _binary_records(stream: IO[bytes]) -> Iterator[pymarc.Record | Exception]:
    reader = pymarc.MARCReader(stream, to_unicode=True, force_utf8=True, utf8_handling="replace",
                               permissive=True)
    for record in reader:
        if record is None:
            yield reader.current_exception or ValueError("unreadable record")
        else:
            yield record


def _xml_records(stream: IO[bytes]) -> Iterator[pymarc.Record | Exception]:
    try:
        yield from pymarc.parse_xml_to_array(stream)
    except Exception as exc:  # pymarc raises SAX errors of several kinds for broken XML
        yield exc
