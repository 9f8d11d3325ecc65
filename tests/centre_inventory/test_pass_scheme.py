"""An inventory pass names the call-number scheme its range is read in: a Dewey library's
sweep records missing what its own range holds, end to end from the sweep's messages through
the bridge to the reference ILS; a message without the scheme (sent before it existed) is read
as CCL, as it always was — on SQLite and on PostgreSQL."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from inventory_scanner.callnumbers import parse
from inventory_scanner.messages import pass_plan, seen_messages
from sync import topics
from sync.centre.bridge import Bridge, Incoming, Ledger
from sync.centre.conflicts import ConflictStore
from sync.centre.ordering import sequencer_for
from sync.ils.reference import ReferenceILS, inventory
from sync.ils.reference.catalogue import load_branches, load_items
from tests.sync.conftest import TODAY, tx_message

pytestmark = pytest.mark.backends

BRANCH = "TPML-DW"
#: a Dewey range and three books: one seen every pass, one never seen that the range holds
#: when read as Dewey (a cutter sorts before a word there) but not as CCL, one outside it
LOW, HIGH = "599.75 L46", "599.76"
BOOKS = {"D-KEEP": "599.75 L46", "D-LEO": "599.75 LEO", "D-OUT": "599.8 A12"}


def _within(call_number: str, scheme: str) -> bool:
    key = parse(call_number, scheme).key  # type: ignore[arg-type]
    return parse(LOW, scheme).key <= key < parse(HIGH, scheme).key  # type: ignore[arg-type]


def _library(ils_path: Path) -> None:
    with ReferenceILS(ils_path, today=lambda: TODAY) as ils:
        assert load_branches(ils, [{"code": BRANCH, "name": "Dewey branch"}]).loaded == 1
        assert load_items(ils, [{"id": i, "title": f"Book {i}", "home_branch": BRANCH,
                                 "call_number": c} for i, c in BOOKS.items()]).loaded == 3


def _sweep_messages(n: int, *, with_scheme: bool) -> list[dict]:
    """What one sweep of the range that saw only D-KEEP sends, as wire messages."""
    report = {"moves": [], "misplaced": [], "sweep": {"ranges": []}}
    plan = pass_plan(report, BOOKS.get, scheme="dewey", range_from=LOW, range_to=HIGH,
                     new_id=lambda: f"pass-{n}")
    out = []
    for m in seen_messages(report, {"D-KEEP": ("DW-1F-A01", None)}, BRANCH, plan):
        payload = m.to_wire()
        assert payload["scheme"] == "dewey" and payload["pass_id"] == f"pass-{n}"
        if not with_scheme:
            del payload["scheme"], payload["author_number"]
        msg = tx_message("inventory_seen", payload, seq=n)
        msg["branch"] = BRANCH
        out.append(msg)
    return out


def _process(path: Path, msgs: list[dict]) -> list[dict]:
    ref = ReferenceILS(path, today=lambda: TODAY)
    ils = sequencer_for(ref, conflicts=ConflictStore(ref.db))
    try:
        bridge = Bridge(ils, Ledger.inside(ils.adapter))
        bridge._publish_bytes = lambda *a: None  # no broker: replies are returned
        body = json.dumps({"v": 1, "batch": msgs}).encode()
        (_, envelope), = bridge.process([Incoming(topic=topics.tx("kiosk-01"), body=body,
                                                  response_topic="r", correlation=b"c")])
        return envelope["replies"]
    finally:
        ils.close()


def _statuses(path: Path) -> dict[str, str]:
    with ReferenceILS(path, today=lambda: TODAY) as ils:
        return {r["id"]: r["status"] for r in ils.store.all(
            "SELECT id, status FROM items WHERE home_branch=?", BRANCH)}


@pytest.mark.parametrize("with_scheme", [True, False])
def test_a_dewey_pass_reads_its_range_as_dewey(ils_path: Path, with_scheme: bool) -> None:
    assert _within(BOOKS["D-LEO"], "dewey") and not _within(BOOKS["D-LEO"], "ccl")
    assert _within(BOOKS["D-KEEP"], "dewey") and not _within(BOOKS["D-OUT"], "dewey")
    _library(ils_path)
    counter = itertools.count(1)
    for _ in range(3):  # the third pass closes the two before it
        replies = _process(ils_path, _sweep_messages(next(counter), with_scheme=with_scheme))
        assert [r["status"] for r in replies] == ["applied"]
    got = _statuses(ils_path)
    assert got["D-KEEP"] == "available" and got["D-OUT"] == "available"
    # the sweep's own scheme: the unseen book of its range is missing; an old message
    # without one is read as CCL, which puts that book outside the range
    assert got["D-LEO"] == ("missing" if with_scheme else "available")
    with ReferenceILS(ils_path, today=lambda: TODAY) as ils:
        marked = [p["marked_missing"] for p in inventory.passes(ils, BRANCH)]
    assert marked == [0, 0, 1 if with_scheme else 0]
