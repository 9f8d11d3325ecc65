"""``fields.timestamp`` takes the edges' own spelling (UTC, milliseconds) by a shorter path:
the same datetime, the same refusals as any other spelling."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync import fields
from sync.errors import SchemaError


def _general(value: str) -> dt.datetime:
    """The same instant spelled with an offset: never the short path."""
    return fields.timestamp("t", value.replace("Z", "+00:00"))


@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9000, 12, 31),
                    timezones=st.just(dt.UTC)))
def test_the_edges_spelling_gives_the_same_instant(t: dt.datetime) -> None:
    text = t.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    got = fields.timestamp("t", text)
    assert got == _general(text) and got.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize("text", [
    "2026-02-30T10:00:00.000Z", "2026-13-01T10:00:00.000Z", "2026-03-02T24:00:00.000Z",
    "2026-03-02T10:60:00.000Z", "1899-12-31T23:59:59.999Z", "9001-01-01T00:00:00.000Z",
    "0000-01-01T00:00:00.000Z"])
def test_the_edges_spelling_is_refused_as_any_other(text: str) -> None:
    with pytest.raises(SchemaError) as short:
        fields.timestamp("t", text)
    with pytest.raises(SchemaError) as general:
        _general(text)
    assert short.value.reason == general.value.reason.replace("+00:00", "Z")
