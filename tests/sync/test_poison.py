"""What one misbehaving device can do to the centre's batch component (issue 19).

Finding 1: a message that passes the schema but cannot be applied — a zero fee, a time or date
that does not exist, a sequence number SQLite cannot store, or anything that makes the ILS
adapter raise — is answered "rejected" and dead-lettered on its own. It never raises out of the
bridge and never holds back the other rows of its batch envelope. Findings 3 (a dead letter is a
bounded prefix), 4 (two bridges on one SQLite file) and 6 (de-duplication keyed on device and
transaction id) are here too. Each runs on SQLite and on PostgreSQL (``[central] database``)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rfid_edge import config as configuration
from sync import topics
from sync.centre import service
from sync.centre.apply import Applier
from sync.centre.bridge import Bridge, Incoming, Ledger
from sync.ils import seed
from sync.ils.reference import ReferenceILS
from tests.centredb import CentreDB
from tests.sync.conftest import tx_message

pytestmark = pytest.mark.backends

POISON: dict[str, tuple[str, Any]] = {
    "zero fee": ("payload", {"patron_id": "P1", "amount": "0"}),
    "month 13": ("wall_time", "2026-13-02T10:00:00.000Z"),
    "hour 24": ("wall_time", "2026-03-02T24:00:00.000Z"),
    "offset +48:00": ("wall_time", "2026-03-02T10:00:00.000+48:00"),
    "30 February": ("due_date", "2026-02-30"),
    "seq 2**63": ("seq", 2**63),
}


def _config(tmp_path: Path, centre_db: CentreDB) -> dict[str, Any]:
    """``[central]`` as a centre on ``centre_db``'s back end has it (the seeded ILS there)."""
    central: dict[str, Any] = {"cache_interval_s": 0}
    if centre_db.postgres:
        central["database"] = centre_db.target("ils")
    return configuration.load(None, {"device": {"data_dir": str(tmp_path)}, "central": central})


@pytest.fixture
def production(tmp_path: Path, ils_path: Path,
               centre_db: CentreDB) -> Iterator[tuple[Applier, Bridge]]:
    """The applier and bridge as ``rfid-edge central run`` builds them (event-time order, the
    ledger in the ILS's database); not started: batches are driven through process()."""
    cfg = _config(tmp_path, centre_db)
    ils = service.open_ils(cfg)
    bridge = service.open_bridge(cfg, ils)
    bridge._publish_bytes = lambda *a: None  # no broker here; replies are returned
    yield ils, bridge
    bridge.ledger.close()
    ils.close()


def _checkins(demo: seed.DemoData, n: int) -> list[dict[str, Any]]:
    """Offline returns of ``n`` items, as a kiosk's backlog."""
    return [tx_message("checkin", {"item_id": it.item_id}, seq=k, offline=True)
            for k, it in enumerate(demo.items[:n], 1)]


def _poisoned(kind: str, seq: int) -> dict[str, Any]:
    field, value = POISON[kind]
    msg = tx_message("fee_paid", {"patron_id": "P1", "amount": "10"}, seq=seq, offline=True)
    if field == "due_date":
        msg = tx_message("renew", {"patron_id": "P1", "item_id": "I1", "due_date": value},
                         seq=seq, offline=True)
    else:
        msg[field] = value
    return msg


def _envelope(messages: list[dict[str, Any]]) -> Incoming:
    body = ('{"v":1,"batch":[' + ",".join(json.dumps(m) for m in messages) + "]}").encode()
    return Incoming(topic=topics.tx("kiosk-01"), body=body, response_topic="r",
                    correlation=b"c")


@pytest.mark.parametrize("kind", sorted(POISON))
def test_fifty_rows_apply_around_one_that_passes_the_schema_but_is_impossible(
        production: tuple[Applier, Bridge], demo: seed.DemoData, kind: str) -> None:
    ils, bridge = production
    good = _checkins(demo, 50)
    poison = _poisoned(kind, 51)
    (_, envelope), = bridge.process([_envelope([*good[:20], poison, *good[20:]])])
    statuses = [r["status"] for r in envelope["replies"]]
    assert statuses.count("applied") == 50 and statuses[20] == "rejected"
    assert envelope["replies"][20]["txn_id"] == poison["txn_id"]
    letters = bridge.ledger.dead_letters()
    assert [d["correlation"] for d in letters] == [poison["txn_id"]]
    assert bridge.ledger.count() == 50  # the poison is not processed: a fixed resend can be
    assert ils.adapter.item_info(demo.items[49].item_id).status.value != "on_loan"


def _failing_checkin(ils: ReferenceILS, item_id: str) -> None:
    """Make the adapter raise inside apply for one item (a bug, or data it chokes on)."""
    real = ils.checkin

    def checkin(item: str, **kw: Any) -> Any:
        if item == item_id:
            raise ArithmeticError("the adapter choked")
        return real(item, **kw)

    ils.checkin = checkin  # type: ignore[method-assign]


def test_a_row_that_raises_inside_the_rebasing_applier_is_rejected_alone(
        production: tuple[Applier, Bridge], demo: seed.DemoData) -> None:
    ils, bridge = production
    assert ils.rebases
    msgs = _checkins(demo, 51)
    _failing_checkin(ils.adapter, msgs[30]["payload"]["item_id"])  # type: ignore[arg-type]
    (_, envelope), = bridge.process([_envelope(msgs)])
    statuses = [r["status"] for r in envelope["replies"]]
    assert statuses.count("applied") == 50 and statuses[30] == "rejected"
    assert "ArithmeticError" in envelope["replies"][30]["reason"]
    assert [d["correlation"] for d in bridge.ledger.dead_letters()] == [msgs[30]["txn_id"]]
    # nothing of it reached the journal; the others did, once
    conn = ils.adapter.db.conn  # type: ignore[attr-defined]
    assert conn.execute("SELECT count(*) FROM seq_journal").fetchone()[0] == 50
    assert conn.execute("SELECT count(*) FROM seq_journal WHERE txn_id=?",
                        (msgs[30]["txn_id"],)).fetchone()[0] == 0
    # the resend: the 50 are duplicates, the rejected one keeps its answer
    (_, again), = bridge.process([_envelope(msgs)])
    assert [r.get("duplicate", False) for r in again["replies"]] == [True] * 51
    assert again["replies"][30]["status"] == "rejected"


def test_a_row_that_raises_inside_a_bare_adapter_is_rejected_alone(
        ils: ReferenceILS, ledger: Ledger, demo: seed.DemoData) -> None:
    bridge = Bridge(ils, ledger)
    bridge._publish_bytes = lambda *a: None  # type: ignore[method-assign]
    msgs = _checkins(demo, 51)
    _failing_checkin(ils, msgs[0]["payload"]["item_id"])
    (_, envelope), = bridge.process([_envelope(msgs)])
    statuses = [r["status"] for r in envelope["replies"]]
    assert statuses == ["rejected"] + ["applied"] * 50
    assert bridge.stats["applied"] == 50 and bridge.stats["rejected"] == 1


def test_two_bridges_on_one_sqlite_database_never_fail_a_batch(
        tmp_path: Path, ils_path: Path, demo: seed.DemoData, centre_db: CentreDB) -> None:
    """Issue 19, finding 4: each bridge's write transaction takes the write lock up front (on
    PostgreSQL the advisory lock), so the other waits for it instead of failing with "database
    is locked"."""
    cfg = _config(tmp_path, centre_db)
    pairs = []
    for _ in range(2):
        ils = service.open_ils(cfg)
        bridge = service.open_bridge(cfg, ils)
        bridge._publish_bytes = lambda *a: None
        pairs.append((ils, bridge))
    items = [it.item_id for it in demo.items[:200]]
    patrons = [p.patron_id for p in demo.good_patrons()]
    errors: list[BaseException] = []
    replies: list[dict[str, Any]] = []

    def run(k: int, bridge: Bridge) -> None:
        try:
            for b in range(10):
                msgs = [tx_message("checkin" if (b + n) % 2 else "checkout",
                                   {"item_id": items[(k * 100 + b * 10 + n) % 200],
                                    **({"patron_id": patrons[n % len(patrons)]}
                                       if (b + n) % 2 == 0 else {})},
                                   seq=b * 10 + n + 1, offline=True) for n in range(10)]
                (_, envelope), = bridge.process([_envelope(msgs)])
                replies.extend(envelope["replies"])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(k, b)) for k, (_, b) in enumerate(pairs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert errors == []
        assert len(replies) == 200
        assert {r["status"] for r in replies} == {"applied"}
        assert pairs[0][1].ledger.count() == 200
    finally:
        for ils, bridge in pairs:
            bridge.ledger.close()
            ils.close()


def test_a_huge_publish_is_dead_lettered_as_a_bounded_prefix(
        production: tuple[Applier, Bridge]) -> None:
    """Issue 19, finding 3: a device's 10 MB publish cannot grow the database by 10 MB."""
    _, bridge = production
    body = b'{"v":1,"batch":[' + b"x" * 10_000_000 + b"]}"
    (_, answer), = bridge.process([Incoming(topic=topics.tx("kiosk-01"), body=body,
                                            response_topic="r", correlation=b"c")])
    assert answer["status"] == "rejected"
    letter, = bridge.ledger.dead_letters()
    assert len(letter["body"]) == 64 * 1024 and bytes(letter["body"]) == body[:64 * 1024]


def test_another_devices_txn_id_gets_neither_its_reply_nor_applied(
        production: tuple[Applier, Bridge], demo: seed.DemoData) -> None:
    """Issue 19, finding 6: de-duplication is keyed on (device, transaction id): a device sending
    another device's id is rejected without that device's stored reply (patron, title)."""
    _, bridge = production
    patron = demo.good_patrons()[0].patron_id
    item = demo.available_items()[0]
    original = tx_message("checkout", {"patron_id": patron, "item_id": item.item_id})
    (_, applied), = bridge.process([_envelope([original])])
    assert applied["replies"][0]["status"] == "applied"
    forged = {**tx_message("checkin", {"item_id": item.item_id}, device="kiosk-02"),
              "txn_id": original["txn_id"]}
    body = json.dumps({"v": 1, "batch": [forged]}).encode()
    (_, answer), = bridge.process([Incoming(topic=topics.tx("kiosk-02"), body=body,
                                            response_topic="r2", correlation=b"c")])
    got = answer["replies"][0]
    assert got["status"] == "rejected" and "another device" in got["reason"]
    assert patron not in json.dumps(answer) and item.title not in json.dumps(answer)
    assert bridge.ledger.count() == 1  # nothing applied for kiosk-02
    # the device that owns the id still gets its stored reply on a resend
    (_, again), = bridge.process([_envelope([original])])
    assert again["replies"][0]["duplicate"] and again["replies"][0]["status"] == "applied"


@pytest.mark.parametrize("named", ["rfid/v1/reply/kiosk-02", "rfid/v1/cache/blocked", None])
def test_replies_go_to_the_senders_reply_topic_whatever_the_message_names(
        production: tuple[Applier, Bridge], demo: seed.DemoData, named: str | None) -> None:
    """Issue 19, finding 5: the bridge derives the reply topic from the device the broker
    authenticated (the topic the message came on), never from its Response Topic."""
    _, bridge = production
    published: list[str | None] = []
    bridge._publish_bytes = lambda topic, data, corr: published.append(topic)
    body = json.dumps({"v": 1, "batch": _checkins(demo, 2)}).encode()
    (topic, answer), = bridge.process([Incoming(topic=topics.tx("kiosk-01"), body=body,
                                                response_topic=named, correlation=b"c")])
    assert topic == published[0] == topics.reply("kiosk-01")
    assert [r["status"] for r in answer["replies"]] == ["applied"] * 2
    # a message on no device's transaction topic is dead-lettered and answered nowhere
    (topic, answer), = bridge.process([Incoming(topic="rfid/v1/cache/blocked", body=body,
                                                response_topic=named, correlation=b"c")])
    assert topic is None and published[1:] == [None]


def test_a_request_is_answered_only_on_its_own_devices_response_topic() -> None:
    from sync.centre.requests import response_topic

    def incoming(topic: str, response: str | None) -> Incoming:
        return Incoming(topic=topic, body=b"{}", response_topic=response, correlation=None)

    own = topics.resp("kiosk-01", "ab12")
    assert response_topic(incoming(topics.req("kiosk-01"), own)) == own
    for bad in (topics.resp("kiosk-02", "ab12"), topics.reply("kiosk-01"), "rfid/v1/cache/holds",
                topics.resp("kiosk-01", ""), own + "/more", topics.resp("kiosk-01", "#"), None):
        assert response_topic(incoming(topics.req("kiosk-01"), bad)) is None, bad
    assert response_topic(incoming(topics.tx("kiosk-01"), own)) is None


def test_an_error_nobody_is_named_for_is_found_one_transaction_at_a_time(
        production: tuple[Applier, Bridge], demo: seed.DemoData) -> None:
    """A failure the applier cannot name (here: recording one row fails) rolls the batch back;
    applied again one transaction at a time, only that one is rejected."""
    ils, bridge = production
    msgs = _checkins(demo, 51)
    bad = msgs[7]["txn_id"]
    record = bridge.ledger.record

    def picky(rows: list[tuple], dead: list[tuple]) -> None:
        if any(r[0] == bad and r[7] == "applied" for r in rows):
            raise ValueError("this row cannot be stored")
        record(rows, dead)

    bridge.ledger.record = picky  # type: ignore[method-assign]
    (_, envelope), = bridge.process([_envelope(msgs)])
    statuses = [r["status"] for r in envelope["replies"]]
    assert statuses == ["applied"] * 7 + ["rejected"] + ["applied"] * 43
    conn = ils.adapter.db.conn  # type: ignore[attr-defined]
    assert conn.execute("SELECT count(*) FROM seq_journal").fetchone()[0] == 50
    assert bridge.ledger.count() == 51  # the rejection is recorded: a resend gets it again


def test_a_resend_another_bridge_recorded_meanwhile_is_a_duplicate_not_applied_again(
        tmp_path: Path, ils_path: Path, demo: seed.DemoData, centre_db: CentreDB) -> None:
    """A device resends through bridge B what bridge A is still applying (its broker went away
    before A's reply got out): A commits while B's batch waits for the lock. B must answer
    from A's record, read inside its own write transaction — a sighting, which no journal remembers, would
    otherwise be applied twice (two notes for staff) and counted twice."""
    cfg = _config(tmp_path, centre_db)
    (a_ils, a), (b_ils, b) = [(ils, service.open_bridge(cfg, ils))
                              for ils in (service.open_ils(cfg), service.open_ils(cfg))]
    on_loan = demo.loans[0][1]
    seen = tx_message("inventory_seen", {"item_id": on_loan, "location": "TPML-MAIN-3F-A12"})
    apply = b.processor._apply

    def a_commits_first(*args: Any) -> Any:  # B has decided; A commits before B's lock
        (_, first), = a.process([_envelope([seen])])
        assert first["replies"][0]["status"] == "applied"
        return apply(*args)

    b.processor._apply = a_commits_first  # type: ignore[method-assign]
    try:
        (_, second), = b.process([_envelope([seen])])
        assert second["replies"][0]["status"] == "applied"
        assert second["replies"][0]["duplicate"] is True
        assert (a.stats["applied"], b.stats["applied"], b.stats["duplicates"]) == (1, 0, 1)
        notes = a_ils.adapter.db.execute(  # type: ignore[attr-defined]
            "SELECT count(*) FROM inventory_notes WHERE item_id=?", (on_loan,)).fetchone()[0]
        assert notes == 1
    finally:
        for ils, bridge in ((a_ils, a), (b_ils, b)):
            bridge.ledger.close()
            ils.close()


def test_a_nul_in_the_branch_is_answered_and_recorded_on_either_back_end(
        production: tuple[Applier, Bridge], demo: seed.DemoData) -> None:
    """An id holding a NUL (PostgreSQL text cannot hold one) from an old or hostile device is
    refused by the schema, with its reason, dead-lettered and answered on either back end, and
    the rest of its envelope is applied; the ledger never sees the NUL (hypothesis found it)."""
    _, bridge = production
    odd = tx_message("checkin", {"item_id": demo.items[0].item_id}, seq=1, offline=True)
    odd["branch"] = "\x00"
    good = _checkins(demo, 3)[1:]
    (_, envelope), = bridge.process([_envelope([odd, *good])])
    statuses = [r["status"] for r in envelope["replies"]]
    assert statuses == ["rejected", "applied", "applied"]
    reason = envelope["replies"][0]["reason"]
    assert reason == ("transaction.branch: must hold no control character, not '\\x00' "
                      "(U+0000 at 0)")
    assert bridge.ledger.count() == 2  # not processed: a fixed resend can still be applied
    (letter,) = bridge.ledger.dead_letters()
    assert (letter["correlation"], letter["reason"]) == (odd["txn_id"], reason)
    (_, again), = bridge.process([_envelope([odd])])
    assert again["replies"][0]["status"] == "rejected" and again["replies"][0]["reason"] == reason


@pytest.mark.parametrize("hostile", ["device_id", "payload.item_id", "txn_id", "correlation"])
def test_a_control_character_anywhere_the_ledger_records_is_refused_not_raised(
        production: tuple[Applier, Bridge], demo: seed.DemoData, hostile: str) -> None:
    """A NUL or CR where the ledger would record text (an id, a batch element's txn_id, the
    correlation data of a single message) never reaches a ledger column: the message is
    refused with its reason and its dead letter is recorded (the correlation as hex)."""
    _, bridge = production
    odd = tx_message("checkin", {"item_id": demo.items[0].item_id}, seq=1, offline=True)
    good = _checkins(demo, 2)[1:]
    if hostile == "correlation":  # one message alone: it is named by its correlation data
        odd["seq"] = 0  # (refused for that)
        incoming = Incoming(topic=topics.tx("kiosk-01"), body=json.dumps(odd).encode(),
                            response_topic="r", correlation=b"c\x00\r")
        (_, answer), = bridge.process([incoming])
        assert answer["status"] == "rejected" and answer["txn_id"] == "63000d"
        assert bridge.ledger.dead_letters()[0]["correlation"] == "63000d"
        return
    if hostile.startswith("payload."):
        odd["payload"]["item_id"] = "\r\n" + odd["payload"]["item_id"]
    else:
        odd[hostile] = odd[hostile] + "\x00"
    (_, envelope), = bridge.process([_envelope([odd, *good])])
    first, second = envelope["replies"]
    assert (first["status"], second["status"]) == ("rejected", "applied")
    assert hostile.removeprefix("payload.") in first["reason"]
    assert first["txn_id"] == odd["txn_id"]  # the device is answered with what it sent
    (letter,) = bridge.ledger.dead_letters()
    assert letter["reason"] == first["reason"]
    assert letter["correlation"] == (odd["txn_id"].encode().hex()[:64] if hostile == "txn_id"
                                     else odd["txn_id"])
    assert bridge.ledger.count() == 1
