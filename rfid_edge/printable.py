"""Text read from a tag is data, not terminal input: values that are not printable text are
escaped and flagged before they reach stdout.

JSON escapes C0 control characters, but not DEL, the C1 controls (``U+009B`` is a terminal's
CSI) or format characters such as a right-to-left override (``U+202E``), and a tag's item id
may hold any of them (a damaged or hostile tag). A decoded tag's JSON therefore carries
``printable`` (False when any text value was escaped) and ``unprintable_fields`` naming them.
"""

from __future__ import annotations

from typing import Any


def escape(text: str) -> str:
    """``text`` with every character that is not printable (and the backslash, so the escape
    is unambiguous) written as ``\\xNN``, ``\\uNNNN`` or ``\\UNNNNNNNN``."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch.isprintable():
            out.append(ch)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out)


def _walk(value: Any, path: str, found: list[str]) -> Any:
    if isinstance(value, str):
        if value.isprintable():
            return value
        found.append(path)
        return escape(value)
    if isinstance(value, dict):
        return {k: _walk(v, f"{path}.{k}" if path else str(k), found) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_walk(v, f"{path}[{i}]", found) for i, v in enumerate(value)]
    return value


def flag_unprintable(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` (a decoded tag's JSON) with unprintable text escaped, plus ``printable`` and,
    when False, ``unprintable_fields`` (dotted paths, e.g. ``primary_item_id``)."""
    found: list[str] = []
    out = _walk(record, "", found)
    out["printable"] = not found
    if found:
        out["unprintable_fields"] = found
    return out
