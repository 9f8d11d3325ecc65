"""Reconciling handheld reads with a shelf list (issue 14)."""

from __future__ import annotations

import io
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.tags.marker import MarkerSettings
from inventory_scanner.reads import Read, ReadError, parse_read_line
from inventory_scanner.reconcile import Reconciler, Target
from inventory_scanner.shelflist import ShelfList, make_item, read_csv

IN, OUT = 0x07, 0xC2


def uid(n: int) -> str:
    return f"E00401{n:010X}"


def shelf_of(rows: list[dict]) -> ShelfList:
    return ShelfList.from_rows(make_item(r.pop("item_id"), r.pop("call_number"), **r) for r in rows)


def sweep(positions: dict[str, float], uids: dict[str, str], *, width: float = 0.3,
          round_s: float = 0.05, speed: float = 1.0, afi: dict[str, int] | None = None) -> list[Read]:
    """The reads a wand moving along the shelf reports: every round, each tag within ``width``
    of the wand answers, in UID order (anticollision), not in shelf order."""
    reads, t = [], 0.0
    end = max(positions.values()) + 2 * width
    while t * speed < end:
        wand = t * speed - width
        answering = sorted((uids[i], i) for i, x in positions.items() if abs(wand - x) < width)
        for slot, (u, item) in enumerate(answering):
            reads.append(Read(t=t + slot * 0.001, uid=u, afi=(afi or {}).get(item, IN)))
        t += round_s
    return reads


SHELF = [
    "494.35 8564 2019", "733.9/101.4 4463", "857.7 8564 v.1", "857.7 8564 v.2", "857.7 8564 v.10",
    "863.57 8345", "863.57 835", "863.57 835 c.2", "863.59 4434", "865.57 8734",
]


def _branch(moved: dict[int, float] | None = None, seed: int = 1):
    """One 2F shelf whose tags carry random UIDs (so UID order is not shelf order), the books
    10 cm apart, except those ``moved`` to another place."""
    rng = random.Random(seed)
    uids = {f"31{i:03d}": uid(rng.randrange(1 << 30)) for i in range(len(SHELF))}
    shelf = shelf_of([{"item_id": f"31{i:03d}", "call_number": c, "location": "2F",
                       "uid": uids[f"31{i:03d}"]} for i, c in enumerate(SHELF)])
    positions = {f"31{i:03d}": 0.1 * i for i in range(len(SHELF))}
    for i, x in (moved or {}).items():
        positions[f"31{i:03d}"] = x
    return shelf, positions, uids


def test_a_shelf_in_order_needs_no_moves_though_tags_answer_in_uid_order():
    shelf, positions, uids = _branch()
    rec = Reconciler(shelf)
    for read in sweep(positions, uids):
        rec.feed_read(read)
    report = rec.report()
    assert report["moves"] == [] and report["missing"] == [] and report["misplaced"] == []
    assert report["found"] == [f"31{i:03d}" for i in range(len(SHELF))]  # shelf order
    assert report["kpi"]["completion"] == 1.0 and report["kpi"]["misshelf_rate"] == 0.0


def test_one_book_shelved_too_far_right_is_the_one_move():
    shelf, positions, uids = _branch(moved={2: 0.75})  # 857.7 8564 v.1 among the 863s
    rec = Reconciler(shelf)
    for read in sweep(positions, uids):
        rec.feed_read(read)
    report = rec.report()
    assert [m["item_id"] for m in report["moves"]] == ["31002"]
    move = report["moves"][0]
    assert (move["after"], move["before"]) == ("31001", "31003")  # volume 1 before volume 2
    assert report["kpi"]["moves"] == 1 and report["kpi"]["misshelf_rate"] == 0.1


def test_volumes_and_copies_in_any_order_are_not_misshelved():
    shelf, positions, uids = _branch(moved={4: 0.205, 7: 0.55})  # v.10 before v.2; c.2 first
    rec = Reconciler(shelf)
    for read in sweep(positions, uids):
        rec.feed_read(read)
    assert rec.report()["moves"] == []


CSV = """item_id,call_number,title,status,uid,location,hold,weed,transfer_to
A1,863.57 8345,臺北人,available,E004010000000001,2F,,,
A2,863.57 835,家變,available,E004010000000002,2F,1,,
A3,863.59 4434,殺夫,available,E004010000000003,2F,,,
A4,857.7 8564,射鵰英雄傳,on_loan,E004010000000004,2F,,,
A5,857.7 8565,天龍八部,lost,E004010000000005,2F,,,
A6,865.57 8734,雪國,available,E004010000000006,2F,,x,
A7,494.35 8564,管理學,available,E004010000000007,3F,,,
A8,733.9/101.4 4463,臺北市志,available,,2F,,,TPML-STORE
"""


def test_the_full_picture_of_one_sweep():
    shelf = ShelfList.from_rows(read_csv(io.StringIO(CSV)))
    rec = Reconciler(shelf, marker=MarkerSettings(), library_isil="TW-TPML")
    reads = [
        (1.0, "E004010000000001", None, IN),
        (1.1, "E004010000000002", None, OUT),     # available but marked on loan: no alarm
        (0.6, "E004010000000004", None, IN),      # on loan, on the shelf, armed
        (0.7, "E004010000000005", None, IN),      # lost, found again
        (1.4, "E004010000000007", None, IN),      # belongs to 3F
        (0.5, "E0040100000000AA", "A8", IN),      # UID unknown, but its data names A8
        (1.6, "E0040100000000BB", None, None),    # unknown UID, memory not read
        (1.7, "E0040100000000CC", "", None),      # blank tag
        (1.8, "E0040100000000DD", "Z9", None),    # no such item
        (1.9, "E0040100000000EE", "A1", IN),      # another library's tag (owner below)
    ]
    for t, u, item_id, afi in reads:
        rec.feed(t, u, item_id, afi, owner="TW-KSPL" if u.endswith("EE") else None)
    report = rec.report()
    assert report["target"]["location"] == "2F"           # most seen items are on 2F
    assert report["expected"] == ["A8", "A1", "A2", "A3", "A6"]  # available on 2F, shelf order
    assert len(report["seen"]) == report["kpi"]["seen"] == 6
    assert report["found"] == ["A8", "A1", "A2"]                # in shelf order
    assert [m["item_id"] for m in report["missing"]] == ["A3", "A6"]
    assert [(m["item_id"], m["belongs"]["location"]) for m in report["misplaced"]] == [("A7", "3F")]
    assert [m["item_id"] for m in report["on_loan_on_shelf"]] == ["A4"]
    assert [m["item_id"] for m in report["found_again"]] == ["A5"]
    assert {(m["item_id"], m["problem"]) for m in report["security_mismatch"]} == {
        ("A2", "no_alarm"), ("A4", "alarm_armed")}
    assert {(u["uid"][-2:], u["reason"]) for u in report["unknown_tags"]} == {
        ("BB", "unknown_uid"), ("CC", "blank"), ("DD", "no_such_item"), ("EE", "foreign")}
    # pull list in walking order: the transfer (733.9), the hold (863.57 835), the weeding (865)
    assert [(p["item_id"], p["reasons"]) for p in report["pull"]] == [
        ("A8", ["transfer"]), ("A2", ["hold"]), ("A6", ["weed"])]
    assert report["kpi"]["completion"] == 0.6
    assert report["kpi"]["misshelf_rate"] == round(1 / 6, 4)
    ranges = {r["range"]: r for r in report["ranges"]}
    assert ranges["860"]["found"] == 2 and ranges["860"]["missing"] == 2


def test_a_given_target_and_call_number_range():
    shelf = ShelfList.from_rows(read_csv(io.StringIO(CSV)))
    rec = Reconciler(shelf, target=Target(location="2F", range_from="863", range_to="864"))
    rec.feed(1.0, "E004010000000001")
    rec.feed(1.1, "E004010000000006")          # 865.57: the next range
    report = rec.report()
    assert report["expected"] == ["A1", "A2", "A3"] and report["found"] == ["A1"]
    assert [m["item_id"] for m in report["misplaced"]] == ["A6"]


def test_nothing_seen_means_everything_missing_and_no_crash():
    shelf = ShelfList.from_rows(read_csv(io.StringIO(CSV)))
    report = Reconciler(shelf).report()
    assert report["seen"] == [] and report["kpi"]["completion"] == 0.0
    assert len(report["expected"]) == 6 and len(report["missing"]) == 6


def test_read_lines():
    read = parse_read_line('{"t": 1.5, "uid": "e004010000000001", "item_id": null, "afi": 194}', 3)
    assert read == Read(t=1.5, uid="E004010000000001", afi=0xC2)
    assert parse_read_line("  \n", 4) is None
    for line, why in [('{"t": "x", "uid": "E0"}', "t must be"), ("[]", "not a JSON object"),
                      ('{"t": 1, "uid": "nothex"}', "uid"), ('{"t": 1, "uid": "E004010000000001", "afi": 300}', "afi"),
                      ('{"t": 1, "uid": "E004010000000001", "eas": "on"}', "eas"),
                      ('{"t": 1, "uid": "E004010000000001", "afi": true}', "afi"),
                      ('{"t": 1, "uid": "E004010000000001", "item_id": 7}', "item_id"),
                      ("{", "not JSON")]:
        try:
            parse_read_line(line, 7)
        except ReadError as exc:
            assert str(exc).startswith("line 7: ") and why in str(exc)
        else:
            raise AssertionError(line)


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.text(max_size=60),
    st.fixed_dictionaries({}, optional={
        "t": st.one_of(st.floats(allow_nan=True), st.integers(), st.text(max_size=3), st.none()),
        "uid": st.one_of(st.text("0123456789ABCDEFabcdef :", max_size=20), st.integers()),
        "item_id": st.one_of(st.none(), st.text(max_size=5), st.integers()),
        "afi": st.one_of(st.none(), st.integers(-5, 300), st.booleans()),
        "eas": st.one_of(st.none(), st.booleans(), st.integers()),
        "owner": st.one_of(st.none(), st.text(max_size=5)),
        "model": st.one_of(st.none(), st.just("blank")),
    }).map(lambda d: __import__("json").dumps(d))))
def test_any_read_line_is_a_read_or_a_one_line_error_and_never_breaks_the_report(line):
    shelf = ShelfList.from_rows(read_csv(io.StringIO(CSV)))
    rec = Reconciler(shelf, library_isil="TW-TPML")
    try:
        read = parse_read_line(line, 1)
    except ReadError as exc:
        assert str(exc).startswith("line 1: ") and "\n" not in str(exc)
        rec.skip(str(exc))
    else:
        if read is not None:
            rec.feed_read(read)
    report = rec.report()
    assert 0.0 <= report["kpi"]["completion"] <= 1.0


def test_a_sweep_becomes_inventory_seen_transactions():
    from inventory_scanner.messages import seen_messages

    shelf = ShelfList.from_rows(read_csv(io.StringIO(CSV)))
    rec = Reconciler(shelf)
    rec.feed(1.0, "E004010000000002")            # 863.57 835 ahead of 863.57 8345: one move
    rec.feed(2.0, "E004010000000001")
    rec.feed(3.0, "E004010000000007")            # 3F: misplaced
    report = rec.report()
    messages = {m.item_id: m for m in seen_messages(report, rec.seen_items(), "TPML-MAIN")}
    assert set(messages) == {"A1", "A2", "A7"}
    moved = report["moves"][0]["item_id"]
    assert {i for i, m in messages.items() if not m.shelf_order_ok} == {moved, "A7"}
    assert messages["A7"].to_wire() == {"item_id": "A7", "location": "3F", "uid": "E004010000000007",
                                        "shelf_order_ok": False}


def test_the_report_can_be_asked_for_mid_sweep_and_reads_keep_coming():
    shelf, positions, uids = _branch()
    reads = sweep(positions, uids)
    rec = Reconciler(shelf)
    half = len(reads) // 2
    for read in reads[:half]:
        rec.feed_read(read)
    early = rec.report()
    for read in reads[half:]:
        rec.feed_read(read)
    late = rec.report()
    assert 0 < early["kpi"]["found"] < late["kpi"]["found"] == len(SHELF)
    assert early["reads"] == half and late["reads"] == len(reads)
    assert late["moves"] == []


def test_decoded_tag_data_names_the_item_the_owner_and_a_blank_tag():
    from drivers.tags import decode, encode
    from drivers.tags.item import BLANK, Item

    shelf = ShelfList.from_rows(read_csv(io.StringIO(CSV)))
    rec = Reconciler(shelf, library_isil="TW-TPML")
    ours = decode(encode(Item(model="iso28560-3", primary_item_id="A1", owner_library="TW-TPML")))
    theirs = decode(encode(Item(model="iso28560-3", primary_item_id="A2", owner_library="TW-KSPL")))
    rec.feed_tag(1.0, "E0040100000000A1", ours, afi=IN)      # UID not in the list: the data says A1
    rec.feed_tag(1.1, "E0040100000000A2", theirs, afi=IN)
    rec.feed_tag(1.2, "E0040100000000A3", BLANK)
    rec.feed_tag(1.3, "E004010000000003", None, afi=IN)      # UID known: A3
    report = rec.report()
    assert report["seen"] == ["A1", "A3"]
    assert {(u["uid"][-2:], u["reason"]) for u in report["unknown_tags"]} == {("A2", "foreign"), ("A3", "blank")}


def test_a_book_whose_call_number_cannot_be_read_is_never_told_to_move():
    shelf = shelf_of([{"item_id": "B1", "call_number": "863.57 8345", "uid": uid(1)},
                      {"item_id": "B2", "call_number": "待編目", "uid": uid(2)},
                      {"item_id": "B3", "call_number": "863.57 835", "uid": uid(3)}])
    rec = Reconciler(shelf)
    for t, n in ((1.0, 1), (2.0, 2), (3.0, 3)):
        rec.feed(t, uid(n))
    report = rec.report()
    assert report["moves"] == [] and report["unparsed_call_numbers"] == 1
    assert report["found"] == ["B1", "B3", "B2"]  # kept, sorted last
