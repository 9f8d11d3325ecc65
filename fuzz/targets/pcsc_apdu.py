"""drivers.pcsc.apdu parsers on any response: status words, transparent exchanges, ATRs."""

from __future__ import annotations

from drivers.errors import ReaderError
from drivers.pcsc import apdu

ALLOWED = (ReaderError,)


def one_input(data: bytes) -> None:
    kind = apdu.parse_atr(data)  # never raises
    assert kind.technology in ("iso14443-4", "iso14443a", "iso14443b", "iso15693", "unknown")
    kind.maybe_type2  # noqa: B018 - a property that must not raise either
    try:
        apdu.split_response(data)
        apdu.check(data, "fuzz", uid="E0")
    except ReaderError:
        pass
    result = apdu.parse_transparent(data)
    assert result.answer is None or isinstance(result.answer, bytes)
