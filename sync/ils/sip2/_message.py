"""The base of every SIP2 message class: the dataclass that checks its fields when built, and
the registry of message codes (:data:`MESSAGES`) the codec decodes by. The messages themselves
are :mod:`sync.ils.sip2._messages`."""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any, ClassVar

from sync.ils.sip2._fields import (
    Fixed,
    Kind,
    Var,
    check_fixed,
    check_var,
    patron_status_words,
)

YN = Kind.YN

#: message code -> class, filled by :func:`register`
MESSAGES: dict[str, type[Message]] = {}

#: True while :func:`~sync.ils.sip2._codec.decode` builds a message from received text
_RECEIVED: contextvars.ContextVar[bool] = contextvars.ContextVar("sip2_received", default=False)


@contextlib.contextmanager
def received() -> Iterator[None]:
    """Build messages from wire text: identifiers are kept as the peer sent them (lenient on
    the way in; a received value cannot hold ``|`` or a line break anyway)."""
    token = _RECEIVED.set(True)
    try:
        yield
    finally:
        _RECEIVED.reset(token)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Message:
    """Common part of every SIP2 message."""

    CODE: ClassVar[str] = ""
    #: code of the response the ACS must answer this request with ("" for responses)
    RESPONSE: ClassVar[str] = ""
    FIXED: ClassVar[tuple[tuple[str, Fixed], ...]] = ()
    VARIABLE: ClassVar[tuple[tuple[str, Var], ...]] = ()
    FIXED_WIDTH: ClassVar[int] = 0

    #: unknown or repeated-once fields as (field ID, value), in the order received
    extra_fields: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        strict = not _RECEIVED.get()
        for name, spec in self.FIXED:
            check_fixed(name, spec, getattr(self, name))
        for name, vspec in self.VARIABLE:
            value = getattr(self, name)
            if vspec.repeat:
                if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
                    raise TypeError(f"{name} must be a tuple of str")
                if strict:
                    for v in value:
                        check_var(name, vspec, v)
            elif vspec.kind is YN:
                if value is not None and not isinstance(value, bool):
                    raise TypeError(f"{name} must be a bool or None")
            elif value is None and vspec.required:
                raise ValueError(f"{name} ({vspec.code}) is required")
            elif value is not None and not isinstance(value, str):
                raise TypeError(f"{name} must be a str")
            elif value is not None and strict:
                check_var(name, vspec, value)
        for item in self.extra_fields:
            if (not isinstance(item, tuple) or len(item) != 2 or not isinstance(item[0], str)
                    or len(item[0]) != 2 or not isinstance(item[1], str)):
                raise ValueError("extra_fields must be (two-character field ID, str) pairs")

    def extra(self, code: str) -> str | None:
        """The first value of an unknown field (e.g. a vendor extension), or None."""
        return next((v for c, v in self.extra_fields if c == code), None)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.CODE, "message": type(self).__name__}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, dt.datetime):
                value = value.isoformat()
            elif f.name == "extra_fields":
                value = [list(pair) for pair in value]
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out


def register(cls: type[Message]) -> type[Message]:
    fixed_: list[tuple[str, Fixed]] = []
    variable: list[tuple[str, Var]] = []
    for f in dataclasses.fields(cls):
        spec = f.metadata.get("sip")
        if isinstance(spec, Fixed):
            fixed_.append((f.name, spec))
        elif isinstance(spec, Var):
            variable.append((f.name, spec))
    cls.FIXED = tuple(fixed_)
    cls.VARIABLE = tuple(variable)
    cls.FIXED_WIDTH = sum(spec.width for _, spec in fixed_)
    if cls.CODE in MESSAGES:
        raise RuntimeError(f"duplicate SIP2 message code {cls.CODE}")
    MESSAGES[cls.CODE] = cls
    return cls


def frozen(cls: type) -> Any:
    return register(dataclasses.dataclass(frozen=True, kw_only=True)(cls))


class PatronStatusMixin:
    patron_status: str

    @property
    def status_flags(self) -> tuple[str, ...]:
        """The patron status flags that are set, in words (see ``PATRON_STATUS_FLAGS``)."""
        return patron_status_words(self.patron_status)
