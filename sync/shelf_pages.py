"""The shelf list over the link: a handheld asks the centre for a branch's list (by location,
call-number range and scheme) as an online request, one page at a time.

Why pages: a branch range can hold 50,000 items (~10 MB as JSON), more than the broker takes
in one message (:data:`sync.mqtt.MAX_PACKET_SIZE`) and far more than a handheld wants to hold
in one read. Each page is at most ``limit`` items and :data:`PAGE_BYTES` of rows.

Theory of operation
-------------------
* :class:`ShelfListQuery` is the request's ``args`` (op ``shelf_list``); :class:`ShelfListPage`
  the response's ``result``. Both are checked when built (as :mod:`sync.messages` is): a bad
  field raises :class:`~sync.errors.SchemaError` naming it, so neither end can hold an illegal
  one; ``from_wire`` builds them from the parsed JSON.
* The centre answers the first page from a fresh snapshot of the list and names it by its
  :func:`digest`; the cursor of every next page is ``<digest>:<offset>``, so all pages of one
  fetch come from the same snapshot. If the list changed and the snapshot is gone, the centre
  says so and the edge starts again.
* The edge assembles the pages and verifies them (:func:`verify`): offsets contiguous, the
  count equal to ``total``, no item twice, and the digest of what it got equal to the centre's.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import orjson

from sync import fields
from sync.errors import SchemaError

__all__ = ["OP", "PAGE_BYTES", "PAGE_LIMIT", "SCHEMES", "ShelfListPage", "ShelfListQuery",
           "digest", "row_bytes", "verify"]

OP = "shelf_list"
SCHEMES = ("ccl", "dewey", "lc")
#: items per page at most (the request may ask for fewer)
PAGE_LIMIT = 1000
#: encoded rows per page at most, whatever the limit: far below any broker's packet limit
PAGE_BYTES = 256 * 1024
_DIGEST = re.compile(r"[0-9a-f]{64}", re.ASCII)
_CURSOR = re.compile(r"[0-9a-f]{64}:\d{1,9}", re.ASCII)
#: a row's columns (the shelf-list JSON lines of :mod:`inventory_scanner.shelflist`)
ROW_COLUMNS = frozenset(("item_id", "call_number", "title", "branch", "location", "collection",
                         "status", "uid", "hold", "weed", "transfer_to"))


def row_bytes(row: Mapping[str, Any]) -> bytes:
    """One row as both ends encode it (compact JSON, keys in the row's order)."""
    return orjson.dumps(row)


def digest(rows: Iterable[Mapping[str, Any]]) -> str:
    """SHA-256 over the rows' encodings, one line each: names a snapshot and proves a whole
    list arrived (the edge computes it over what it assembled)."""
    h = hashlib.sha256()
    for row in rows:
        h.update(row_bytes(row))
        h.update(b"\n")
    return h.hexdigest()


def _optional(check: Any, name: str, value: Any) -> Any:
    return None if value is None else check(name, value)


@dataclasses.dataclass(frozen=True, kw_only=True)
class ShelfListQuery:
    """Which shelf list, and where in it: ``range_from`` ≤ call number < ``range_to`` in
    ``scheme``'s order (either end may be left out); ``cursor`` None for the first page."""

    FIELDS: ClassVar[tuple[str, ...]] = ("branch", "location", "range_from", "range_to",
                                         "scheme", "cursor", "limit")
    branch: str
    location: str | None = None
    range_from: str | None = None
    range_to: str | None = None
    scheme: str = "ccl"
    cursor: str | None = None
    limit: int = 500

    def __post_init__(self) -> None:
        fields.identifier("args.branch", self.branch)
        _optional(fields.identifier, "args.location", self.location)
        for name in ("range_from", "range_to"):
            _optional(lambda n, v: fields.text(n, v, max_length=64), f"args.{name}",
                      getattr(self, name))
        fields.choice("args.scheme", self.scheme, SCHEMES)
        _optional(lambda n, v: fields.pattern(n, v, _CURSOR, "<digest>:<offset>"),
                  "args.cursor", self.cursor)
        fields.integer("args.limit", self.limit, minimum=1, maximum=PAGE_LIMIT)

    def to_wire(self) -> dict[str, Any]:
        return {k: v for k in self.FIELDS if (v := getattr(self, k)) is not None}

    @classmethod
    def from_wire(cls, data: Any) -> ShelfListQuery:
        """:raises SchemaError: naming the first field that is unknown or wrong."""
        if not isinstance(data, Mapping):
            raise SchemaError(f"args: must be an object, not {type(data).__name__}")
        for key in data:
            if key not in cls.FIELDS:
                raise SchemaError(f"args.{str(key)[:40]}: not a field of {OP}")
        if "branch" not in data:
            raise SchemaError(f"args.branch: missing (required for {OP})")
        return cls(**data)

    def first(self) -> ShelfListQuery:
        """This query from its first page."""
        return dataclasses.replace(self, cursor=None)

    def key(self) -> tuple[str, str | None, str | None, str | None, str]:
        """What the list is, whatever the page (the device caches by it)."""
        return (self.branch, self.location, self.range_from, self.range_to, self.scheme)


def _row(name: str, row: Any) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise SchemaError(f"{name}: must be an object, not {type(row).__name__}")
    fields.identifier(f"{name}.item_id", row.get("item_id"))
    fields.text(f"{name}.call_number", row.get("call_number", ""), max_length=200)
    for key, value in row.items():
        if key not in ROW_COLUMNS:
            raise SchemaError(f"{name}.{str(key)[:40]}: not a shelf-list column")
        if value is not None and type(value) not in (str, bool):
            raise SchemaError(f"{name}.{key}: must be text or true/false, not {fields.show(value)}")
    return row


@dataclasses.dataclass(frozen=True, kw_only=True)
class ShelfListPage:
    """Items ``offset`` … ``offset + len(rows)`` of a list of ``total`` whose :func:`digest` is
    ``digest``; ``next`` the cursor of the following page (None: this is the last)."""

    rows: tuple[dict[str, Any], ...]
    offset: int
    total: int
    digest: str
    next: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.rows, tuple | list):
            raise SchemaError(f"result.rows: must be a list, not {type(self.rows).__name__}")
        object.__setattr__(self, "rows", tuple(_row(f"result.rows.{i}", r)
                                               for i, r in enumerate(self.rows)))
        fields.integer("result.offset", self.offset)
        fields.integer("result.total", self.total)
        fields.pattern("result.digest", self.digest, _DIGEST, "64 lower-case hex digits")
        _optional(lambda n, v: fields.pattern(n, v, _CURSOR, "<digest>:<offset>"),
                  "result.next", self.next)
        if self.offset + len(self.rows) > self.total:
            raise SchemaError(f"result.rows: items {self.offset}…{self.offset + len(self.rows)} "
                              f"run past the total {self.total}")
        if len(self.rows) > PAGE_LIMIT:
            raise SchemaError(f"result.rows: more than {PAGE_LIMIT} items in one page")

    def to_wire(self) -> dict[str, Any]:
        return {"rows": list(self.rows), "offset": self.offset, "total": self.total,
                "digest": self.digest, **({"next": self.next} if self.next else {})}

    @classmethod
    def from_wire(cls, data: Any) -> ShelfListPage:
        """:raises SchemaError: naming the first field that is missing or wrong."""
        if not isinstance(data, Mapping):
            raise SchemaError(f"result: must be an object, not {type(data).__name__}")
        for key in ("rows", "offset", "total", "digest"):
            if key not in data:
                raise SchemaError(f"result.{key}: missing (required for a {OP} page)")
        for key in data:
            if key not in ("rows", "offset", "total", "digest", "next"):
                raise SchemaError(f"result.{str(key)[:40]}: not a field of a {OP} page")
        return cls(rows=data["rows"], offset=data["offset"], total=data["total"],
                   digest=data["digest"], next=data.get("next"))


def verify(pages: Iterable[ShelfListPage]) -> list[dict[str, Any]]:
    """The rows of a whole fetch, in order, after checking it is the whole list.

    :raises SchemaError: a page out of order or of another snapshot, a count short of the
        total, an item twice, or rows whose digest is not the centre's.
    """
    rows: list[dict[str, Any]] = []
    first: ShelfListPage | None = None
    last: ShelfListPage | None = None
    for page in pages:
        if first is None:
            first = page
        elif (page.digest, page.total) != (first.digest, first.total):
            raise SchemaError("shelf list: a page of another snapshot (the list changed)")
        if page.offset != len(rows):
            raise SchemaError(f"shelf list: page at item {page.offset}, expected {len(rows)}")
        rows.extend(page.rows)
        last = page
    if first is None or last is None:
        raise SchemaError("shelf list: no page")
    if last.next is not None:
        raise SchemaError("shelf list: the last page names a next one")
    if len(rows) != first.total:
        raise SchemaError(f"shelf list: {len(rows)} items of {first.total}")
    if len({r["item_id"] for r in rows}) != len(rows):
        raise SchemaError("shelf list: an item twice")
    if digest(rows) != first.digest:
        raise SchemaError("shelf list: the items do not match the centre's digest")
    return rows
