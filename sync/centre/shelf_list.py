"""The centre's side of the shelf list over the link (:mod:`sync.shelf_pages`): select a
branch's rows by location and call-number range, snapshot them, and answer one page at a time.

The rows are the ILS's export (:meth:`~sync.ils.base.ILSAdapter.shelf_rows`, where it
``supports_shelf_list``: the reference ILS; the same as ``rfid-edge central shelf-list``
writes). A snapshot is kept a few minutes by its digest, so the pages of one fetch all come
from one list even while loans change it; a cursor naming a snapshot that is gone and no
longer current is refused, and the edge starts again.

A snapshot's rows are read in one read transaction
(:meth:`~sync.ils.base.ILSAdapter.read_transaction`: SQLite WAL gives it a snapshot,
PostgreSQL ``REPEATABLE READ``), so a list is one moment of the catalogue even when loans
commit while it is read; the bridge reads them on a connection of its own
(:mod:`sync.centre.reads`), never under the lock circulation waits for. A first page asked for
again within ``reuse_s`` of the last build of the same list gets that snapshot again: many
handhelds starting one branch at once cost one build.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from sync.errors import SchemaError
from sync.ils.base import ILSAdapter
from sync.shelf_pages import PAGE_BYTES, ShelfListPage, ShelfListQuery, row_bytes

__all__ = ["ShelfSnapshots", "answer", "select"]

#: what a list is, whatever the page (:meth:`ShelfListQuery.key`)
Key = tuple[str, str | None, str | None, str | None, str]


def select(rows: Iterable[dict[str, Any]], *, location: str | None = None,
           range_from: str | None = None, range_to: str | None = None,
           scheme: str = "ccl") -> Iterator[dict[str, Any]]:
    """The rows at ``location`` whose call number is ``range_from`` ≤ n < ``range_to`` in
    ``scheme``'s shelf order (either end may be None), in the order given."""
    from inventory_scanner.callnumbers import parse

    lo = parse(range_from, scheme).key if range_from else None  # type: ignore[arg-type]
    hi = parse(range_to, scheme).key if range_to else None  # type: ignore[arg-type]
    for row in rows:
        if location is not None and row.get("location") != location:
            continue
        if lo is not None or hi is not None:
            key = parse(row.get("call_number") or "", scheme).key  # type: ignore[arg-type]
            if (lo is not None and key < lo) or (hi is not None and key >= hi):
                continue
        yield row


class ShelfSnapshots:
    """Recent snapshots by digest (at most ``keep``, each for ``ttl_s``); thread-safe. Rows are
    kept encoded (a 200,000-item branch is ~30 MB so, several times that as dicts).

    :param reuse_s: a first page of a list built less than this ago gets that build (0: never).
    """

    def __init__(self, *, keep: int = 4, ttl_s: float = 300.0, reuse_s: float = 0.0) -> None:
        self.keep, self.ttl_s, self.reuse_s = keep, ttl_s, reuse_s
        self._lock = threading.Lock()
        self._by_digest: OrderedDict[str, tuple[float, list[bytes]]] = OrderedDict()
        self._last: dict[Key, tuple[float, str]] = {}
        #: snapshots built (not reused): what the requests cost
        self.built = 0

    def put(self, rows: Iterable[dict[str, Any]], key: Key | None = None
            ) -> tuple[str, list[bytes]]:
        """Keep ``rows`` (the list ``key`` names, if given); their digest and encodings."""
        encoded = [row_bytes(row) for row in rows]
        name = hashlib.sha256(b"".join(b + b"\n" for b in encoded)).hexdigest()
        now = time.monotonic()
        with self._lock:
            self.built += 1
            self._by_digest[name] = (now, encoded)
            self._by_digest.move_to_end(name)
            while len(self._by_digest) > self.keep:
                self._by_digest.popitem(last=False)
            if key is not None:
                self._last[key] = (now, name)
                for k in [k for k, v in self._last.items() if v[1] not in self._by_digest]:
                    del self._last[k]
        return name, encoded

    def recent(self, key: Key) -> tuple[str, list[bytes]] | None:
        """The snapshot of ``key`` built less than ``reuse_s`` ago, if any."""
        with self._lock:
            last = self._last.get(key)
            if last is None or time.monotonic() - last[0] >= self.reuse_s:
                return None
            found = self._by_digest.get(last[1])
            return None if found is None else (last[1], found[1])

    def get(self, name: str) -> list[bytes] | None:
        with self._lock:
            found = self._by_digest.get(name)
            if found is None or time.monotonic() - found[0] > self.ttl_s:
                self._by_digest.pop(name, None)
                return None
            return found[1]


#: the bridge's snapshots (one process, one centre)
SNAPSHOTS = ShelfSnapshots(reuse_s=5.0)


def _current(ils: ILSAdapter, query: ShelfListQuery) -> list[dict[str, Any]]:
    if not ils.supports_shelf_list:  # the reference ILS can; SIP2 cannot list a branch
        raise SchemaError("this centre's ILS cannot list shelves (the reference ILS can)")
    with ils.read_transaction():
        rows = ils.shelf_rows(query.branch)
    return list(select(rows, location=query.location, range_from=query.range_from,
                       range_to=query.range_to, scheme=query.scheme))


def answer(ils: ILSAdapter, query: ShelfListQuery, snapshots: ShelfSnapshots | None = None
           ) -> ShelfListPage:
    """One page of the list ``query`` names: at most ``query.limit`` rows and
    :data:`~sync.shelf_pages.PAGE_BYTES` of them (at least one row, whatever its size).

    :raises SchemaError: a cursor of a snapshot that is gone and differs from the list now.
    """
    snapshots = SNAPSHOTS if snapshots is None else snapshots
    offset = 0
    if query.cursor is None:
        name, rows = snapshots.recent(query.key()) or snapshots.put(_current(ils, query),
                                                                    query.key())
    else:
        name, at = query.cursor.split(":")
        offset = int(at)
        found = snapshots.get(name)
        if found is None:
            now, found = snapshots.put(_current(ils, query), query.key())
            if now != name:
                raise SchemaError("shelf list changed since the first page: start again")
        rows = found
    if offset > len(rows):
        raise SchemaError(f"cursor: item {offset} is past the list's {len(rows)}")
    end, size = offset, 0
    while end < len(rows) and end - offset < query.limit:
        size += len(rows[end]) + 1
        if size > PAGE_BYTES and end > offset:
            break
        end += 1
    return ShelfListPage(rows=tuple(orjson.loads(b) for b in rows[offset:end]), offset=offset,
                         total=len(rows), digest=name,
                         next=f"{name}:{end}" if end < len(rows) else None)
