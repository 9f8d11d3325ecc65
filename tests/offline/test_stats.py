"""Fleet statistics from the transaction and station-event stream (issue 6)."""

from __future__ import annotations

import csv
import io
import uuid
import xml.etree.ElementTree as ET

from sync.centre import stats


def _m(device: str, branch: str, day: int, kind: str, payload: dict, offline=False) -> dict:
    return {"device_id": device, "branch": branch, "type": kind, "offline": offline,
            "wall_time": f"2026-03-{day:02d}T10:00:00.000Z", "payload": payload}


def _stream() -> list[dict]:
    s = str(uuid.uuid4())
    return [
        _m("k1", "MAIN", 1, "session_start", {"session_id": s, "channel": "kiosk"}),
        _m("k1", "MAIN", 1, "checkout", {"patron_id": "P", "item_id": "1"}),
        _m("k1", "MAIN", 1, "checkout", {"patron_id": "P", "item_id": "2"}, offline=True),
        _m("k1", "MAIN", 1, "failure", {"reason": "tag_unreadable"}),
        _m("k1", "MAIN", 1, "session_end", {"session_id": s, "duration_s": 40}),
        _m("k1", "MAIN", 1, "rating", {"score": 4}),
        _m("d1", "MAIN", 1, "session_start", {"session_id": s, "channel": "staff"}),
        _m("d1", "MAIN", 1, "checkin", {"item_id": "1"}),
        _m("f1", "EAST", 2, "session_start", {"session_id": s, "channel": "fastbook"}),
        _m("f1", "EAST", 2, "checkout", {"patron_id": "P", "item_id": "3"}),
        _m("h1", "EAST", 2, "hold_pickup", {"patron_id": "P", "item_id": "4"}),
        _m("h1", "EAST", 2, "renew", {"patron_id": "P", "item_id": "4"}),
    ]


def test_counts_by_channel_ratio_and_offline_share() -> None:
    rows = {(r.period, r.device_id): r.as_dict() for r in stats.compute(_stream())}
    k1 = rows[("2026-03-01", "k1")]
    assert k1["checkouts_kiosk"] == 2 and k1["offline_share"] == 0.5
    assert k1["failure_reasons"] == "tag_unreadable=1" and k1["rating_mean"] == 4
    assert k1["session_s_mean"] == 40
    assert rows[("2026-03-01", "d1")]["returns_staff"] == 1
    assert rows[("2026-03-01", "d1")]["self_service_ratio"] == 0
    assert rows[("2026-03-02", "h1")]["checkouts_holds_pickup"] == 1
    assert rows[("2026-03-02", "f1")]["checkouts_fastbook"] == 1


def test_monthly_branch_rows_csv_and_chart() -> None:
    rows = stats.compute(_stream(), by="month", per_device=False)
    assert [(r.period, r.branch) for r in rows] == [("2026-03", "EAST"), ("2026-03", "MAIN")]
    table = list(csv.DictReader(io.StringIO(stats.to_csv(rows))))
    main = next(r for r in table if r["branch"] == "MAIN")
    assert main["circulation"] == "3" and main["self_service_ratio"] == "0.6667"
    series = stats.ratio_series(stats.compute(_stream()))
    assert series["MAIN"] == [("2026-03-01", 2 / 3)] and series["EAST"] == [("2026-03-02", 1.0)]
    svg = ET.fromstring(stats.chart_svg(stats.compute(_stream())))
    lines = [e for e in svg.iter("{http://www.w3.org/2000/svg}polyline")]
    assert sorted(e.get("data-branch") for e in lines) == ["EAST", "MAIN"]
    assert "MAIN" in stats.to_table(rows)
