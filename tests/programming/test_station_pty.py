"""The station through the real pty and FEIG driver: blank tags in each model, refusals,
sets, a tag lifted mid-write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from drivers.tags import decode, encode, make_item
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.runner import RunningReader
from inventory_scanner.programming.station import Station
from tests.programming.conftest import blank


@pytest.mark.parametrize("model", ["iso28560-3", "iso28560-2", "3m"])
def test_blank_tag_programmed_and_verified(sim: RunningReader, make_station: Callable[..., Station],
                                           model: str) -> None:
    tag = blank(1)
    sim.place(tag)
    events: list[dict[str, Any]] = []
    outcome = make_station(model=model, events=events).program("31234000123456")
    assert outcome.status == "done", outcome
    item = decode(tag.read_memory())
    assert item.model == model
    assert item.primary_item_id == "31234000123456"
    assert (item.parts_in_item, item.part_number) == (1, 1)
    assert item.owner_library == (None if model == "3m" else "TW-TPML")
    assert tag.afi == 0x07
    # ISO 28560-2 memory is ISO/IEC 15962-encoded: its DSFID (06) is written after the image
    # verifies; the other models leave the factory DSFID alone
    dsfid = ["dsfid"] if model == "iso28560-2" else []
    assert [e["event"] for e in events] == ["writing", "verified", *dsfid, "afi", "item"]
    assert tag.dsfid == (0x06 if model == "iso28560-2" else 0x00)
    assert events[-1]["tags"][0]["uid"] == tag.uid_hex


def test_the_air_protocol_of_one_blank_tag(sim: RunningReader,
                                          make_station: Callable[..., Station]) -> None:
    """What goes to the FEIG reader for one blank tag, command by command: an inventory, a
    one-block blank check, the image in one write, one read-back of exactly its blocks and the
    AFI — nothing else (every extra exchange is air time the bench counts)."""
    sim.place(blank(1))
    station = make_station()
    sent: list[str] = []
    original = station.reader.command

    def command(request: Any, **kw: Any) -> Any:
        data = request.data
        what = f"{request.command:02X} {data[:1].hex().upper()}"
        if data[:1] in (b"\x23", b"\x24"):  # first block, count
            what += f" {data[10]} {data[11]}"
        sent.append(what)
        return original(request, **kw)

    station.reader.command = command  # type: ignore[method-assign]
    assert station.program("31234000123456").status == "done"
    assert sent == ["B0 01", "B0 23 0 1", "B0 24 0 9", "B0 23 0 9", "B0 27"]


@pytest.mark.parametrize("held", ["other_item", "unreadable"])
def test_foreign_tag_refused_without_confirmation(sim: RunningReader,
                                                  make_station: Callable[..., Station],
                                                  held: str) -> None:
    memory = (encode(make_item("39999000000001", owner_library="TW-NTL")) if held == "other_item"
              else bytes([0x42, 0x99] * 16))
    tag = Iso15693Tag("E004010020000001", memory=memory, afi=0x07)
    sim.place(tag)
    before = tag.read_memory()
    station = make_station()
    outcome = station.program("31234000123456")
    assert outcome.status == "skipped"
    assert outcome.reason == ("foreign_tag" if held == "other_item" else "unreadable")
    assert outcome.needs_confirmation
    assert tag.read_memory() == before and station.data_writes == 0
    # staff confirm the re-tag: the old data is gone, all of it
    again = station.program("31234000123456", confirm_retag=True)
    assert again.status == "done" and again.tags[0].retag
    assert decode(tag.read_memory()).primary_item_id == "31234000123456"
    assert not any(tag.read_memory()[36:])


def test_two_part_set_programmed_in_one_go(sim: RunningReader,
                                           make_station: Callable[..., Station]) -> None:
    tags = [blank(2), blank(1)]
    for t in tags:
        sim.place(t)
    outcome = make_station().program("31234000999999", parts=2)
    assert outcome.status == "done"
    parts = sorted((decode(t.read_memory()).part_number, t.uid_hex) for t in tags)
    assert [p for p, _ in parts] == [1, 2]
    assert all(decode(t.read_memory()).parts_in_item == 2 for t in tags)
    assert [(t.part, t.uid) for t in outcome.tags] == parts


def test_set_with_a_part_missing_is_refused(sim: RunningReader,
                                            make_station: Callable[..., Station]) -> None:
    tag = blank(1)
    sim.place(tag)
    outcome = make_station().program("31234000999999", parts=2)
    assert (outcome.status, outcome.reason) == ("skipped", "tag_count")
    assert not any(tag.read_memory())


def test_tag_lifted_mid_write_detected_and_written_again(
        sim: RunningReader, make_station: Callable[..., Station]) -> None:
    tag = blank(1)
    sim.place(tag)
    station = make_station(events=(events := []))
    # identify: inventory + head read; then the tag leaves after 3 of the image's 9 block writes
    # and is back for the read-back, which shows the write cut short
    original = station.reader.write_blocks
    armed = []

    def lift_during_first_write(uid: str, first: int, data: bytes, **kw: Any) -> None:
        if not armed:
            armed.append(uid)
            assert sim.field is not None
            sim.field.leave_after(uid, 3, away_for=1)
        original(uid, first, data, **kw)

    station.reader.write_blocks = lift_during_first_write  # type: ignore[method-assign]
    outcome = station.program("31234000123456")
    assert outcome.status == "done", outcome
    assert outcome.tags[0].writes == 2
    assert "rewrite" in [e["event"] for e in events]
    assert decode(tag.read_memory()).primary_item_id == "31234000123456"


def test_locked_tag_gives_a_clear_message(sim: RunningReader,
                                          make_station: Callable[..., Station]) -> None:
    tag = blank(1)
    tag.block_locks[0] = True
    sim.place(tag)
    outcome = make_station().program("31234000123456")
    assert (outcome.status, outcome.reason) == ("failed", "locked")
    assert "locked" in (outcome.message or "")


def test_lock_afi_when_configured(sim: RunningReader,
                                  make_station: Callable[..., Station]) -> None:
    tag = blank(1)
    sim.place(tag)
    outcome = make_station(settings={"lock": True}).program("31234000123456")
    assert outcome.status == "done" and outcome.tags[0].locked
    assert tag.afi_locked


def test_tag_lifted_and_put_back_is_waited_for_and_written_again(
        sim: RunningReader, make_station: Callable[..., Station]) -> None:
    tag = blank(1)
    sim.place(tag)
    events: list[dict[str, Any]] = []

    def staff(event: dict[str, Any]) -> None:  # puts the book back when the screen asks
        events.append(event)
        if event["event"] == "tag_left":
            sim.place(tag)

    station = make_station(emit=staff)
    original = station.reader.write_blocks

    def lift_during_first_write(uid: str, first: int, data: bytes, **kw: Any) -> None:
        if not any(e["event"] == "tag_left" for e in events):
            assert sim.field is not None
            sim.field.leave_after(uid, 3)  # gone for good, until put back
        original(uid, first, data, **kw)

    station.reader.write_blocks = lift_during_first_write  # type: ignore[method-assign]
    outcome = station.program("31234000123456")
    assert outcome.status == "done", outcome
    kinds = [e["event"] for e in events]
    assert kinds.index("tag_left") < kinds.index("rewrite") < kinds.index("verified")
    assert outcome.tags[0].writes == 2
    assert decode(tag.read_memory()).primary_item_id == "31234000123456"


def test_tag_never_put_back_fails_with_a_clear_message(
        sim: RunningReader, make_station: Callable[..., Station]) -> None:
    tag = blank(1)
    sim.place(tag)
    station = make_station(settings={"return_s": 0.1, "attempts": 2})
    original = station.reader.write_blocks

    def lift(uid: str, first: int, data: bytes, **kw: Any) -> None:
        assert sim.field is not None
        if sim.field.get(uid) is not None:
            sim.field.leave_after(uid, 3)
        original(uid, first, data, **kw)

    station.reader.write_blocks = lift  # type: ignore[method-assign]
    outcome = station.program("31234000123456")
    assert (outcome.status, outcome.reason) == ("failed", "verify")
    assert "not confirmed" in (outcome.message or "")


@pytest.mark.parametrize("model", ["3m", "iso28560-3"])
def test_blank_tag_programmed_on_the_3m_810(tmp_path: Any, model: str) -> None:
    """The same station on the other serial family: a 3M 810 emulator behind its own pty."""
    from drivers.registry import open_reader
    from hwsim.runner import start_serial_reader
    from inventory_scanner.programming.settings import ProgrammingSettings

    sim = start_serial_reader({"name": "m810", "protocol": "m810",
                               "port": str(tmp_path / "ttyM810")}, realistic=False)
    try:
        tag = blank(1)
        sim.place(tag)
        with open_reader(f"m810://{sim.port}?timeout=0.5&retries=2") as reader:
            station = Station(reader, settings=ProgrammingSettings(model=model, settle_s=0.0),
                              owner=None if model == "3m" else "TW-TPML")
            outcome = station.program("31234000123456")
        assert outcome.status == "done", outcome
        item = decode(tag.read_memory())
        assert (item.model, item.primary_item_id) == (model, "31234000123456")
        assert tag.afi == 0x07
    finally:
        sim.stop()


@pytest.mark.parametrize(("lock", "reason", "words"), [
    ("afi_locked", "locked", "locked"),
    ("afi_protected", "protected", "password protected"),
])
def test_locked_or_protected_afi_gives_a_clear_message(
        sim: RunningReader, make_station: Callable[..., Station], lock: str, reason: str,
        words: str) -> None:
    tag = blank(1)
    setattr(tag, lock, True)
    sim.place(tag)
    outcome = make_station().program("31234000123456")
    assert (outcome.status, outcome.reason) == ("failed", reason)
    assert words in (outcome.message or "")
    assert decode(tag.read_memory()).primary_item_id == "31234000123456"  # data written first
