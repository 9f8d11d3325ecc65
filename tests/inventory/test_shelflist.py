"""Shelf lists (issue 14): CSV, the centre's JSON lines and MARC holdings (Koha 952, MARC 852,
local 095); a malformed row is skipped and counted with its line, never a traceback."""

from __future__ import annotations

import io

import pymarc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inventory_scanner.shelflist import (
    HeaderError,
    RowError,
    ShelfItem,
    ShelfList,
    open_rows,
    read_csv,
    read_jsonl,
    read_marc,
)

CSV = """item_id,call_number,title,status,uid,location,hold,weed
31001,863.57 8345,臺北人,available,e0040150aabbcc01,2F,,
31002,863.57 835,家變,on loan,E0:04:01:50:AA:BB:CC:02,2F,1,
31003,857.7 8564 v.2,射鵰英雄傳,借出,,2F,,x
"""


def test_csv_rows_become_typed_items():
    shelf = ShelfList.from_rows(read_csv(io.StringIO(CSV)))
    assert len(shelf) == 3 and shelf.summary.skipped == 0
    first = shelf.by_id("31001")
    assert first == ShelfItem("31001", "863.57 8345", "臺北人", location="2F",
                              uid="E0040150AABBCC01", line=2)
    assert shelf.by_uid("E0040150AABBCC02").status == "on_loan" and shelf.by_id("31002").hold
    assert shelf.by_id("31003").status == "on_loan" and shelf.by_id("31003").weed


def test_csv_accepts_ils_column_names_and_a_bom():
    text = "\ufeffBarcode,索書號,狀態\n31001,863.57 8345,在架\n"
    (item,) = read_csv(io.StringIO(text))
    assert (item.item_id, item.call_number, item.status) == ("31001", "863.57 8345", "available")


def test_malformed_rows_are_skipped_and_counted_with_their_line():
    text = ("item_id,call_number,status,uid,hold\n"
            "31001,863.57 8345,available,,\n"
            ",863.57 835,available,,\n"           # line 3: no item id
            "31003,857.7,borrowed?,,\n"           # line 4: unknown status
            "31004,857.7,available,XYZ,\n"        # line 5: not hex
            "31005,857.7,available,,maybe\n"      # line 6: not yes/no
            "31006,857.7,available,,,extra\n"     # line 7: too many fields
            "31001,999,available,,\n"             # line 8: the same item again
            "\n"
            "31009,待編目\n")                      # short row: optional columns left out
    shelf = ShelfList.from_rows(read_csv(io.StringIO(text)))
    assert [i.item_id for i in shelf] == ["31001", "31009"]
    assert shelf.summary.skipped == 6
    assert [e.split(":")[0] for e in shelf.summary.errors] == [f"line {n}" for n in (3, 4, 5, 6, 7, 8)]
    assert "status 'borrowed?'" in shelf.summary.errors[1]
    assert all("\n" not in e for e in shelf.summary.errors)


def test_a_csv_without_its_columns_is_one_clear_error():
    with pytest.raises(HeaderError, match="no call_number column"):
        list(read_csv(io.StringIO("item_id,title\n1,x\n")))
    with pytest.raises(HeaderError, match="empty"):
        list(read_csv(io.StringIO("")))


def test_open_rows_reads_by_file_name_and_says_which_header_is_wrong(tmp_path):
    good = tmp_path / "list.csv"
    good.write_text(CSV, encoding="utf-8")
    assert len(list(open_rows(good))) == 3
    bad = tmp_path / "bad.csv"
    bad.write_text("barcode;call\n", encoding="utf-8")
    with pytest.raises(HeaderError, match="line 1"):
        open_rows(bad)


def test_jsonl_is_the_centres_export():
    lines = ['{"item_id": "31001", "call_number": "863.57 8345", "hold": true, "branch": "TPML-BT"}',
             '[1, 2]', 'not json', '{"item_id": 31002, "call_number": "x"}', '']
    rows = list(read_jsonl(lines))
    assert rows[0].hold and rows[0].branch == "TPML-BT"
    assert [str(r).split(":")[0] for r in rows[1:]] == ["line 2", "line 3", "line 4"]


def _record(title: str, *fields: pymarc.Field) -> pymarc.Record:
    record = pymarc.Record(force_utf8=True)
    record.add_field(pymarc.Field("245", pymarc.Indicators("1", "0"), [pymarc.Subfield("a", title + " /")]))
    for f in fields:
        record.add_field(f)
    return record


def _field(tag: str, **subfields: str) -> pymarc.Field:
    return pymarc.Field(tag, pymarc.Indicators(" ", " "),
                        [pymarc.Subfield(code.lstrip("_"), value) for code, value in subfields.items()])


def test_marc_holdings_koha_852_and_local_095():
    records = [
        _record("臺北人",
                _field("952", p="31001", o="863.57 8345", a="TPML-BT", c="2F", _8="ADULT"),
                _field("952", p="31002", o="863.57 8345 c.2", a="TPML-BT", q="2026-12-01"),
                _field("952", p="31003", o="863.57 8345 c.3", a="TPML-BT", _1="4"),
                _field("952", p="31004", o="863.57 8345 c.4", a="TPML-BT", _0="1")),
        _record("Moby Dick", _field("852", p="32001", k="R", h="813.3", i="M45", b="MAIN", c="REF")),
        _record("家變", _field("095", p="33001", d="863.57 835", a="TPML-ZS", b="1F", s="在架")),
        _record("沒有條碼", _field("952", o="863.57 836")),
    ]
    data = b"".join(r.as_marc() for r in records)
    rows = list(read_marc(io.BytesIO(data)))
    items = [r for r in rows if isinstance(r, ShelfItem)]
    assert [(i.item_id, i.status) for i in items] == [
        ("31001", "available"), ("31002", "on_loan"), ("31003", "missing"), ("31004", "withdrawn"),
        ("32001", "available"), ("33001", "available")]
    assert items[0].title == "臺北人" and items[0].collection == "ADULT" and items[0].location == "2F"
    assert items[4].call_number == "R 813.3 M45" and items[4].branch == "MAIN"
    assert items[5].branch == "TPML-ZS" and items[5].line == 3
    (error,) = [r for r in rows if isinstance(r, RowError)]
    assert str(error).startswith("record 4, field 952: item_id is empty")


def test_marcxml_and_a_broken_record():
    record = _record("臺北人", _field("952", p="31001", o="863.57 8345"))
    xml = pymarc.record_to_xml(record, namespace=True)
    collection = b'<collection xmlns="http://www.loc.gov/MARC21/slim">' + xml + b"</collection>"
    (item,) = read_marc(io.BytesIO(collection), xml=True)
    assert item.item_id == "31001"
    broken = record.as_marc()[:40] + b"garbage" + record.as_marc()[40:]
    rows = list(read_marc(io.BytesIO(broken + record.as_marc())))
    assert isinstance(rows[0], RowError) and str(rows[0]).startswith("record 1")
    assert all(isinstance(r, ShelfItem | RowError) for r in rows)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_csv_row_is_an_item_or_a_one_line_error(row):
    header = "item_id,call_number,title,branch,location,collection,status,uid,hold,weed,transfer_to\n"
    shelf = ShelfList.from_rows(read_csv(io.StringIO(header + row)))
    assert len(shelf) + shelf.summary.skipped <= max(1, row.count("\n") + row.count("\r") + 1)
    for message in shelf.summary.errors:
        assert message.startswith("line ")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80),
                 st.dictionaries(st.sampled_from(["item_id", "call_number", "status", "uid", "hold", "x"]),
                                 st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12),
                                           st.lists(st.integers(), max_size=2))).map(
                     lambda d: __import__("json").dumps(d))))
def test_any_jsonl_line_is_an_item_or_a_one_line_error(line):
    for row in read_jsonl([line]):
        assert isinstance(row, ShelfItem) or str(row).startswith("line 1: ")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_as_marc_never_crash(data):
    for row in read_marc(io.BytesIO(data)):
        assert isinstance(row, ShelfItem | RowError)
