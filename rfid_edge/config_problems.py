"""Configuration problems as one line each: ``FILE: [section] key: what is wrong (what is allowed)``.

Pydantic reports a wrong value as ``loc`` (the path of keys), ``msg`` and ``input``; this module
turns each such error into a :class:`Problem` a library's IT person can act on without reading
the code: the file, the TOML table, the key, the value given and what would be accepted.
"""

from __future__ import annotations

import difflib
import json
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Problem", "from_validation_error", "unknown_key", "unknown_section"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a configuration file.

    :ivar source: the file as the user named it (``defaults`` when there is none).
    :ivar section: the TOML table, dotted (``kiosk.fastbook``); "" for the file as a whole.
    :ivar key: the key inside it ("" for the table as a whole); list items as ``key[2]``.
    :ivar message: what is wrong, then what is allowed in parentheses.
    """

    source: str
    section: str
    key: str
    message: str

    def __str__(self) -> str:
        if not self.section:
            return f"{self.source}: {self.message}"
        where = f"[{self.section}]" + (f" {self.key}" if self.key else "")
        return f"{self.source}: {where}: {self.message}"

    def to_json(self) -> dict[str, str]:
        return {"file": self.source, "section": self.section, "key": self.key,
                "message": self.message, "line": str(self)}


def _suggest(name: str, known: Iterable[str]) -> str:
    known = sorted(known)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]}?"
    return "allowed: " + ", ".join(known) if known else "none allowed"


def unknown_section(source: str, name: str, known: Iterable[str]) -> Problem:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    hint = f"did you mean [{close[0]}]?" if close else "known: " + ", ".join(sorted(known))
    return Problem(source, name, "", f"unknown section ({hint})")


def unknown_key(source: str, section: str, key: str, known: Iterable[str]) -> Problem:
    return Problem(source, section, key, f"unknown key ({_suggest(key, known)})")


def _value(value: Any) -> str:
    """A value as it would be written in TOML, kept short."""
    if isinstance(value, Mapping):
        return "a table"
    try:
        text = json.dumps(value, ensure_ascii=False)
    except TypeError:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _reason(msg: str) -> str:
    """pydantic's ``Input should be …`` / ``Value error, …`` as ``should be …`` / ``…``."""
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg[len(prefix):]
    if msg.startswith("Input should"):
        return msg[len("Input "):]
    return msg[:1].lower() + msg[1:]


def _split(section: str, table: Any, loc: Sequence[str | int]) -> tuple[str, str]:
    """The table and key of an error at ``loc``: leading keys that are tables in the file
    become part of the section (``[kiosk.fastbook] slots``), the rest is the key."""
    parts = list(loc)
    sections = [section]
    while len(parts) > 1 and isinstance(parts[0], str) and isinstance(table, Mapping) \
            and isinstance(table.get(parts[0]), Mapping):
        table = table[parts[0]]
        sections.append(parts.pop(0))
    key = ""
    for part in parts:
        key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else part)
    return ".".join(sections), key


def _fields(model: Any, path: Sequence[str | int]) -> list[str]:
    """The keys a model accepts at ``path`` (nested models followed), for suggestions."""
    for part in path:
        field = getattr(model, "model_fields", {}).get(part)
        model = getattr(field, "annotation", None)
        # an optional table (``Sip2Settings | None``): the model inside the union
        model = next((a for a in typing.get_args(model) if hasattr(a, "model_fields")), model)
    fields = getattr(model, "model_fields", None) or {}
    return [f.alias or name for name, f in fields.items()]


def from_validation_error(source: str, section: str, table: Mapping[str, Any], model: Any,
                          errors: Iterable[Mapping[str, Any]]) -> list[Problem]:
    """One :class:`Problem` per error of a pydantic ``ValidationError.errors()``.

    :param table: the section's table as validated (to tell sub-tables from keys).
    :param model: the model that validated it (its fields are the allowed keys).
    """
    out = []
    for err in errors:
        loc = tuple(err.get("loc", ()))
        where, key = _split(section, table, loc)
        if err.get("type") == "extra_forbidden":
            out.append(unknown_key(source, where, key, _fields(model, loc[:-1])))
        elif err.get("type") == "missing":
            out.append(Problem(source, where, key, "missing (this key is required)"))
        elif not key:  # a rule over the whole table
            out.append(Problem(source, where, "", _reason(str(err.get("msg", "")))))
        else:
            out.append(Problem(source, where, key, f"{_value(err.get('input'))} is not allowed "
                                                   f"({_reason(str(err.get('msg', '')))})"))
    return out
