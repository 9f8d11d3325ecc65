"""Shelf lists fetched from the centre, kept on the device for sweeps without the link.

A cached list is a file in the centre's export form (JSON lines, :mod:`.jsonl_source`: what
``rfid-edge central shelf-list`` writes), so every tool reads it as any other shelf list, with
a ``.meta.json`` beside it saying what it is (branch, location, range, scheme), when it was
fetched and its digest. The digest is the SHA-256 of the file (the centre's
:func:`sync.shelf_pages.digest` over the same lines), so a file cut short by a power loss is
not used. Both files are written to a temporary name and renamed: a reader never sees half.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

__all__ = ["CachedList", "ShelfListCache", "cache_key"]

Key = tuple[str, str | None, str | None, str | None, str]


def cache_key(branch: str, location: str | None, range_from: str | None, range_to: str | None,
              scheme: str) -> Key:
    return (branch, location, range_from, range_to, scheme)


@dataclass(frozen=True)
class CachedList:
    """A cached list: its JSON-lines ``path`` and what the meta file says about it."""

    path: Path
    items: int
    digest: str
    fetched: str


class ShelfListCache:
    """The cached lists in ``directory`` (``[device] data_dir``/shelf-lists)."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def path(self, key: Key) -> Path:
        """The list's file: readable words of the key and a short hash, so two keys never
        share a file whatever their characters."""
        words = "_".join(re.sub(r"[^0-9A-Za-z.-]+", "-", part or "all") for part in key)[:80]
        tag = hashlib.sha256(json.dumps(key, ensure_ascii=False).encode()).hexdigest()[:10]
        return self.directory / f"{words}.{tag}.jsonl"

    def store(self, key: Key, rows: Iterable[Mapping[str, Any]], digest: str,
              fetched: dt.datetime | None = None) -> CachedList:
        """Write ``rows`` (as the centre sent them) and their meta; the digest must match."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = b"".join(orjson.dumps(dict(row)) + b"\n" for row in rows)
        if hashlib.sha256(data).hexdigest() != digest:
            raise ValueError("shelf list: the rows do not match their digest; not cached")
        when = (fetched or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        meta = {"branch": key[0], "location": key[1], "range_from": key[2], "range_to": key[3],
                "scheme": key[4], "items": data.count(b"\n"), "digest": digest,
                "fetched": when.isoformat(timespec="seconds").replace("+00:00", "Z")}
        _write(path, data)
        _write(_meta(path), json.dumps(meta, ensure_ascii=False, indent=1).encode())
        return CachedList(path, meta["items"], digest, meta["fetched"])

    def load(self, key: Key) -> CachedList | None:
        """The cached list of ``key`` if there is a whole one (None: none, or not whole)."""
        path = self.path(key)
        try:
            meta = json.loads(_meta(path).read_text(encoding="utf-8"))
            data = path.read_bytes()
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or hashlib.sha256(data).hexdigest() != meta.get("digest"):
            return None
        return CachedList(path, int(meta.get("items", 0)), str(meta["digest"]),
                          str(meta.get("fetched", "")))


def _meta(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".jsonl") + ".meta.json")


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
