"""The offline cache end to end through a real mosquitto: the centre publishes retained parts,
a kiosk stores them with their age and decides offline; ids never travel in clear (issue 6)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import paho.mqtt.client as mqtt

from sync import schema
from sync.edge.offline_cache import OfflineCache, build, publish
from sync.ils.reference import ReferenceILS
from tests.offline import scenario


def _client(broker, cid: str) -> mqtt.Client:
    c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=cid, protocol=mqtt.MQTTv5)
    c.connect(broker.host, broker.port)
    c.loop_start()
    return c


def test_retained_cache_reaches_a_late_kiosk(broker, ils_template: Path, tmp_path: Path) -> None:
    ils = ReferenceILS(scenario.copy_db(ils_template, tmp_path / "ils.db"))
    parts = build(ils, today=scenario.DAY.date(), closed={"MAIN": ["2026-03-24"]})
    centre = _client(broker, "cache-centre")
    for info in publish(centre, parts):
        info.wait_for_publish(5)
    centre.loop_stop()
    centre.disconnect()
    raw = b"".join(schema.encode(p) for p in parts.values())
    assert b"P3" not in raw and b"P4" not in raw  # blocked patrons only as hashes

    cache = OfflineCache(tmp_path / "edge.db", max_age_s=3600)
    kiosk = _client(broker, "cache-kiosk")  # connects after the publication: retained
    kiosk.on_message = cache.on_message
    kiosk.subscribe("rfid/v1/cache/#", 1)
    deadline = time.monotonic() + 5
    while cache.age_s() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    kiosk.loop_stop()
    kiosk.disconnect()
    assert cache.status()["usable"]

    now = schema.utc_now()
    ask = dict(patron_type="ADULT", item_type="BOOK", loans_now=0, branch="MAIN", now=now)
    assert cache.may_lend(patron_id="P3", item_id="I1", **ask).reason == "patron_blocked"
    assert cache.may_lend(patron_id="P4", item_id="I1", **ask).reason == "patron_blocked"
    assert cache.may_lend(patron_id="P5", item_id="I11", **ask).reason == "hold_for_other"
    assert cache.may_lend(patron_id="P2", item_id="I1", **{**ask, "loans_now": 5}).reason \
        == "loan_limit"
    ok = cache.may_lend(patron_id="P2", item_id="I1", **ask)
    assert ok.allowed and ok.due_date is not None and ok.due_date.weekday() != 0
    # two hours later the cache is past its 1 h limit: no offline lending
    late = cache.may_lend(patron_id="P2", item_id="I1",
                          **{**ask, "now": now + dt.timedelta(hours=2)})
    assert not late.allowed and late.reason == "stale_cache" and late.age_s > 7000


def test_due_date_skips_closed_days(tmp_path: Path) -> None:
    cache = OfflineCache(tmp_path / "c.db")
    gen = schema.format_time(schema.utc_now())
    cache.store("calendar", {"v": 1, "generated": gen, "weekly_closed": [0],
                             "closed": {"MAIN": ["2026-03-24"]}})
    # 2026-03-10 + 14 days = Tue 24 March (closed) -> Wed 25
    assert cache.due_date("MAIN", dt.date(2026, 3, 10), 14) == dt.date(2026, 3, 25)
    # + 13 days = Monday 23 March (weekly closed) -> Tue 24 (closed only at MAIN) -> EAST ok
    assert cache.due_date("EAST", dt.date(2026, 3, 10), 13) == dt.date(2026, 3, 24)
    assert cache.age_s() is None  # other parts missing: never usable
