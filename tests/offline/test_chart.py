"""`central stats --chart` (issue 17 item 10): dates on a time axis, coinciding series told
apart, branches by name."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from sync.centre import chart, stats

NS = "{http://www.w3.org/2000/svg}"


def _day(device: str, branch: str, day: str, channel: str = "kiosk") -> list[dict]:
    t = f"{day}T10:00:00.000Z"
    return [{"device_id": device, "branch": branch, "type": "session_start", "offline": False,
             "wall_time": t, "payload": {"session_id": "s", "channel": channel}},
            {"device_id": device, "branch": branch, "type": "checkout", "offline": False,
             "wall_time": t, "payload": {"patron_id": "P", "item_id": "1"}}]


def _svg(messages: list[dict], names: dict[str, str] | None = None) -> ET.Element:
    return ET.fromstring(stats.chart_svg(stats.compute(messages), names=names))


def test_points_sit_at_their_dates_not_at_their_rank() -> None:
    days = ["2026-03-01", "2026-03-02", "2026-03-03", "2026-04-02"]
    svg = _svg([m for d in days for m in _day("k1", "MAIN", d)])
    points = {p.get("data-date"): p for p in svg.iter() if p.get("class") == "point"}
    assert sorted(points) == days

    def cx(el: ET.Element) -> float:
        if el.tag == f"{NS}circle":
            return float(el.get("cx"))
        xs = [float(c.split(",")[0]) for c in el.get("points").split()]
        return (min(xs) + max(xs)) / 2

    xs = {d: cx(points[d]) for d in days}
    ordinals = {d: dt.date.fromisoformat(d).toordinal() for d in days}
    scale = (xs[days[-1]] - xs[days[0]]) / (ordinals[days[-1]] - ordinals[days[0]])
    for d in days:  # proportional to the date: a month's gap is a month wide
        assert abs(xs[d] - xs[days[0]] - scale * (ordinals[d] - ordinals[days[0]])) < 0.2
    assert xs["2026-03-02"] - xs["2026-03-01"] < (xs["2026-04-02"] - xs["2026-03-03"]) / 20
    ticks = [t for t in svg.iter(f"{NS}text") if t.get("class") == "tick-label"]
    assert len(ticks) >= 3
    for t in ticks:  # tick labels sit at their own dates on the same scale
        d = dt.date.fromisoformat(t.get("data-date")).toordinal()
        assert abs(float(t.get("x")) - xs[days[0]] - scale * (d - ordinals[days[0]])) < 0.2
        assert t.text == t.get("data-date")


def test_identical_series_stay_distinguishable_and_named() -> None:
    days = ["2026-03-01", "2026-03-05"]
    messages = [m for d in days for b, k in (("TPML-MAIN", "k1"), ("TPML-BT", "k2"))
                for m in _day(k, b, d)]
    svg = _svg(messages, names={"TPML-MAIN": "臺北市立圖書館總館", "TPML-BT": "北投分館"})
    lines = {e.get("data-branch"): e for e in svg.iter(f"{NS}polyline")}
    assert lines["TPML-MAIN"].get("points") == lines["TPML-BT"].get("points")  # coincide
    a, b = lines["TPML-BT"], lines["TPML-MAIN"]
    assert (a.get("stroke-dasharray"), a.get("stroke"), a.get("stroke-width")) != \
           (b.get("stroke-dasharray"), b.get("stroke"), b.get("stroke-width"))
    assert a.get("stroke-dasharray") != b.get("stroke-dasharray")
    shapes = {e.get("data-branch"): e.tag for e in svg.iter() if e.get("class") == "point"}
    assert shapes["TPML-MAIN"] != shapes["TPML-BT"]  # different marker shapes
    legend = {e.get("data-branch"): e.text for e in svg.iter(f"{NS}text")
              if e.get("class") == "legend"}
    assert legend == {"TPML-MAIN": "臺北市立圖書館總館", "TPML-BT": "北投分館"}
    assert "TPML-MAIN" not in "".join(t.text or "" for t in svg.iter(f"{NS}text"))


def test_months_sit_at_their_first_day() -> None:
    assert chart.period_date("2026-03") == dt.date(2026, 3, 1)
    svg = ET.fromstring(chart.ratio_chart({"A": [("2026-01", 0.5), ("2026-02", 0.5),
                                                 ("2026-06", 1.0)]}))
    labels = [t.text for t in svg.iter(f"{NS}text") if t.get("class") == "tick-label"]
    assert labels[0] == "2026-01" and "2026-06" in labels
