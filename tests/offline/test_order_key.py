"""Order keys: a wall time in the edges' own spelling is keyed from its text, any other
spelling of the same instant from the datetime — the same key either way; and keying a
message observes its device's clock as before."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from sync import schema
from sync.centre.skew import ClockSkew, order_key

ZONES = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=8)),
                         dt.timezone(dt.timedelta(hours=-3, minutes=-30))])
TIMES = st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(8999, 12, 30),
                     timezones=ZONES)


def _msg(wall_time: str, seq: int = 7) -> dict:
    return {"txn_id": "0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000", "device_id": "kiosk-01",
            "boot_id": "boot-1", "mono_ns": 123456789, "seq": seq, "wall_time": wall_time,
            "type": "checkin", "payload": {"item_id": "I1"}}


def _reference_key(msg: dict) -> str:
    """The key as the centre has always written it, from the parsed datetime."""
    when = schema.parse_time(msg["wall_time"]).astimezone(dt.UTC)
    return (f"{when.replace(tzinfo=None).isoformat(timespec='microseconds')}|kiosk-01|boot-1|"
            f"{123456789:020d}|{msg['seq']:012d}|{msg['txn_id']}")


@given(TIMES)
def test_every_spelling_of_an_instant_keys_the_same(t: dt.datetime) -> None:
    edge = _msg(schema.format_time(t))  # the edges' spelling: keyed from the text
    exact = _msg(t.isoformat(timespec="microseconds"))  # another offset, microseconds
    assert order_key(edge) == _reference_key(edge)
    assert order_key(exact) == _reference_key(exact)
    assert ClockSkew().keyed(edge, received=t.timestamp() + 60)[0] == _reference_key(edge)


def test_a_space_or_a_week_date_is_not_taken_for_the_edges_spelling() -> None:
    for text in ("2026-03-02 10:00:00.250Z", "2026-W10-1T10:00:00.250Z"):
        assert order_key(_msg(text)) == _reference_key(_msg(text))
        assert order_key(_msg(text)).startswith("2026-03-02T10:00:00.250000|")


def test_a_clock_running_ahead_is_corrected_in_key_and_message() -> None:
    skew = ClockSkew(tolerance_s=2)
    now = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)
    ahead = _msg(schema.format_time(now + dt.timedelta(minutes=10)))
    key, msg = skew.keyed(ahead, received=now.timestamp())
    assert msg["wall_time"] == "2026-03-10T12:00:00.000Z" and ahead["wall_time"] != msg["wall_time"]
    assert key.startswith("2026-03-10T12:00:00.000000|kiosk-01|")
    later = _msg(schema.format_time(now + dt.timedelta(minutes=11)), seq=8)  # same boot
    key, msg = skew.keyed(later, received=now.timestamp() + 60)
    assert key.startswith("2026-03-10T12:01:00.000000|") and msg is not later
    other = dict(_msg(schema.format_time(now)), device_id="kiosk-02")  # another device
    key, msg = skew.keyed(other, received=now.timestamp() + 1)
    assert msg is other and key.startswith("2026-03-10T12:00:00.000000|kiosk-02|")
