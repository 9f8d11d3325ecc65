"""Handheld reads as the reconciler takes them, and the JSON-lines form they travel in.

One line per read, in the order the reader reported it::

    {"t": 12.25, "uid": "E004015012345678", "item_id": "31001" or null, "afi": 7 or null}

optionally with ``"eas": true|false``, ``"owner": "TW-TPML"`` (the owner library the tag
data names) and ``"model": "blank"`` (a tag with no library data). :func:`parse_read_line`
never raises anything but :class:`ReadError`, whose message names the line.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import orjson

from inventory_scanner.shelflist.item import RowError, parse_uid

__all__ = ["Read", "ReadError", "parse_read_line"]


_USUAL = frozenset({"t", "uid", "item_id", "afi"})


class ReadError(ValueError):
    """A read line that is not a read; the message starts with ``line N:``."""


class Read(NamedTuple):
    """One tag answering the handheld at time ``t`` (seconds, any origin). A named tuple: a
    sweep is hundreds of thousands of them."""

    t: float
    uid: str
    item_id: str | None = None
    afi: int | None = None
    eas: bool | None = None
    owner: str | None = None
    blank: bool = False


def _optional(obj: dict, key: str, kind: type, number: int) -> object:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ReadError(f"line {number}: {key} must be {kind.__name__} or null, not {value!r:.40}")
    return value


def parse_read_line(line: str | bytes, number: int) -> Read | None:
    """The read on one line (None for a blank line).

    :raises ReadError: not JSON, not an object, or a field of the wrong kind.
    """
    if not line.strip():
        return None
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise ReadError(f"line {number}: not JSON ({str(exc).splitlines()[0]})") from None
    if not isinstance(obj, dict):
        raise ReadError(f"line {number}: not a JSON object")
    t = obj.get("t")
    if isinstance(t, bool) or not isinstance(t, int | float) or not math.isfinite(t):
        raise ReadError(f"line {number}: t must be a number of seconds, not {t!r:.40}")
    uid_text = obj.get("uid")
    if not isinstance(uid_text, str):
        raise ReadError(f"line {number}: uid must be hex text, not {uid_text!r:.40}")
    try:
        uid = parse_uid(uid_text)
    except RowError as exc:
        raise ReadError(f"line {number}: {exc}") from None
    if uid is None:
        raise ReadError(f"line {number}: uid is empty")
    afi = obj.get("afi")
    if afi is not None and (type(afi) is not int or not 0 <= afi <= 0xFF):
        if type(afi) is int:
            raise ReadError(f"line {number}: afi {afi} is not a byte")
        _optional(obj, "afi", int, number)
    item_id = obj.get("item_id")
    if item_id is not None and type(item_id) is not str:
        _optional(obj, "item_id", str, number)
    if obj.keys() <= _USUAL:  # the usual line: nothing more to check
        return Read(float(t), uid, item_id, afi)
    model = _optional(obj, "model", str, number)
    return Read(
        float(t),
        uid,
        item_id,
        afi,
        _optional(obj, "eas", bool, number),  # type: ignore[arg-type]
        _optional(obj, "owner", str, number),  # type: ignore[arg-type]
        model == "blank",
    )
