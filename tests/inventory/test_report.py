"""The inventory report as CSV and printable HTML in zh-TW and en (issue 14)."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

from inventory_scanner.reconcile import Reconciler
from inventory_scanner.report import report_csv, report_html
from inventory_scanner.shelflist import ShelfList, read_csv

CSV = """item_id,call_number,title,uid,location,hold
A1,863.57 8345,臺北人,E004010000000001,2F,
A2,863.57 835,<script>alert(1)</script>,E004010000000002,2F,1
A3,494.35 8564,管理學,E004010000000003,2F,
A4,733.9/101.4 4463,臺北市志,E004010000000004,3F,
"""


def _report():
    shelf = ShelfList.from_rows(read_csv(io.StringIO(CSV)))
    rec = Reconciler(shelf)
    rec.feed(1.0, "E004010000000002", afi=0xC2)
    rec.feed(2.0, "E004010000000001")
    rec.feed(2.5, "E004010000000004")
    rec.feed(3.0, "E0040100000000FF")
    return rec.report()


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_html_has_a_chart_per_range_and_speaks_the_language():
    report = _report()
    for language, words in (("zh-TW", ["館藏盤點報告", "盤點率", "錯架率", "須移動", "放在此書", "863.57"]),
                            ("en", ["Shelf inventory report", "Completion", "Misshelf rate", "put "])):
        page = report_html(report, language)
        parsed = _Collect()
        parsed.feed(page)
        assert parsed.tags.count("svg") == len(report["ranges"]) >= 2
        text = "".join(parsed.text)
        assert all(w in text for w in words), language
        assert "<script>" not in page and "&lt;script&gt;" in page  # titles are escaped
        assert "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing to fetch


def test_csv_has_one_row_per_finding():
    rows = list(csv.DictReader(io.StringIO(report_csv(_report()))))
    findings = {(r["finding"], r["item_id"]) for r in rows}
    assert ("missing", "A3") in findings
    assert len({("moves", "A1"), ("moves", "A2")} & findings) == 1
    assert ("misplaced", "A4") in findings and ("security_mismatch", "A2") in findings
    assert ("pull", "A2") in findings
    assert any(r["finding"] == "unknown_tag" and "E0040100000000FF" in r["detail"] for r in rows)
