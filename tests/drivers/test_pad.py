"""The driver-level pad (:class:`drivers.pad.Pad`) on simulated readers behind real ptys: typed
events, each tag's data read once per stay with the short read, tag operations ahead of the
next round, stay-quiet rounds where the reader declares them, a reader lost and back."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.errors import NoTransponder, ReaderTimeout
from drivers.feig.reader import FeigReader
from drivers.pad import (
    Event,
    Pad,
    ReaderBack,
    ReaderLost,
    ReaderTurns,
    TagEntered,
    TagLeft,
    TurnTakingInventory,
)
from drivers.registry import open_reader
from drivers.tags import Item, OptionalBlock, decode, encode
from hwsim.iso15693.tag import Iso15693Tag, TagState
from hwsim.runner import RunningReader
from tests.contract.base import make_tag
from tests.feig.conftest import feig, feig_sim  # noqa: F401  (fixtures used below)
from tests.m810.helpers import start_sim

PLAIN = Item(model="iso28560-3", primary_item_id="31234000999001", owner_library="TW-TPML",
             parts_in_item=1, part_number=1, type_of_usage=1)


def book(n: int, item: Item = PLAIN, **kwargs: object) -> Iso15693Tag:
    return make_tag(n, memory=encode(item), dsfid=0x3E, **kwargs)


def until(check: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


@pytest.fixture
def running(feig: FeigReader) -> Iterator[tuple[Pad, queue.Queue[Event]]]:  # noqa: F811
    pad = Pad(feig, miss_rounds=2)
    events: queue.Queue[Event] = queue.Queue()
    pad.start(events.put)
    try:
        yield pad, events
    finally:
        pad.stop()


def test_typed_events_for_a_tag_placed_and_lifted(running, feig_sim: RunningReader) -> None:  # noqa: F811
    pad, events = running
    tag = book(1)
    feig_sim.place(tag)
    entered = events.get(timeout=5)
    assert isinstance(entered, TagEntered)
    assert (entered.uid, entered.dsfid) == (tag.uid_hex, 0x3E) and entered.at > 0
    assert pad.present == {tag.uid_hex}
    feig_sim.lift(tag.uid_hex)
    left = events.get(timeout=5)
    assert isinstance(left, TagLeft) and left.uid == tag.uid_hex and left.at >= entered.at
    assert pad.present == set()


def test_data_read_once_per_stay_by_the_prefetch(running, feig_sim: RunningReader) -> None:  # noqa: F811
    pad, events = running
    tag = book(2)
    feig_sim.place(tag)
    assert isinstance(events.get(timeout=5), TagEntered)
    until(lambda: pad.reads == 1)  # the pad read it on its own, before its next round
    assert pad.read_item(tag.uid_hex) == decode(tag.read_memory())
    assert pad.read_item(tag.uid_hex).primary_item_id == PLAIN.primary_item_id
    assert pad.reads == 1  # cached while it stays
    feig_sim.lift(tag.uid_hex)
    assert isinstance(events.get(timeout=5), TagLeft)
    feig_sim.place(tag)  # back on the pad: read afresh
    assert isinstance(events.get(timeout=5), TagEntered)
    until(lambda: pad.reads == 2)


def test_short_read_is_one_frame_and_optional_blocks_read_on(feig: FeigReader,  # noqa: F811
                                                             feig_sim: RunningReader) -> None:  # noqa: F811
    extended = Item(model="iso28560-3", primary_item_id="31234000999002", owner_library="TW-TPML",
                    parts_in_item=1, part_number=1, type_of_usage=1,
                    optional_blocks=(OptionalBlock(block_id=0x0102, data=b"\x05shelf-A"),))
    plain, more = book(3), book(4, extended)
    feig_sim.place(plain)
    feig_sim.place(more)
    pad = Pad(feig)  # not started: read by hand
    before = feig_sim.firmware.requests
    assert pad.read_item(plain.uid_hex) == decode(plain.read_memory())
    assert feig_sim.firmware.requests == before + 1  # the first 9 blocks hold it all
    got = pad.read_item(more.uid_hex)
    assert got == decode(more.read_memory()) and got.optional_blocks == extended.optional_blocks
    assert feig_sim.firmware.requests == before + 3  # the head, then the rest of the memory
    assert pad.reads == 2


def test_tag_operations_through_the_pad(running, feig_sim: RunningReader) -> None:  # noqa: F811
    pad, events = running
    tag = book(5, afi=0x07)
    feig_sim.place(tag)
    assert isinstance(events.get(timeout=5), TagEntered)
    pad.write_afi(tag.uid_hex, 0xC2)
    assert pad.read_afi(tag.uid_hex) == 0xC2 == tag.afi
    pad.set_eas(tag.uid_hex)
    assert pad.eas_armed(tag.uid_hex) is True and tag.eas
    pad.reset_eas(tag.uid_hex)
    assert pad.eas_armed(tag.uid_hex) is False
    with pad.operation() as reader:
        assert reader.system_info(tag.uid_hex).uid == tag.uid_hex
    assert pad.reader_info().protocol == "feig"
    with pytest.raises(NoTransponder):
        pad.read_afi("E004010000000000")


def test_quiet_rounds_silence_reported_tags_and_still_see_a_lift(running,  # noqa: F811
                                                                 feig_sim: RunningReader) -> None:  # noqa: F811
    pad, events = running
    assert pad.inventories.quiet_known  # FEIG declares stay quiet and RF reset
    tags = [book(10 + i) for i in range(4)]
    for tag in tags:
        feig_sim.place(tag)
    entered = {events.get(timeout=5).uid for _ in tags}  # type: ignore[union-attr]
    assert entered == {t.uid_hex for t in tags}
    until(lambda: set(pad.inventories.quiet) == entered and pad.inventories.settled)
    assert all(t.state is TagState.QUIET for t in tags)
    feig_sim.lift(tags[1].uid_hex)
    left = events.get(timeout=5)
    assert isinstance(left, TagLeft) and left.uid == tags[1].uid_hex
    until(lambda: set(pad.inventories.quiet) == entered - {left.uid})
    time.sleep(0.1)
    assert events.empty()  # the others stayed, silenced or not


def test_no_quiet_rounds_on_a_reader_without_rf_reset(tmp_path: Path) -> None:
    sim = start_sim(tmp_path)
    try:
        with open_reader(f"m810://{sim.port}?timeout=0.3") as reader:
            pad = Pad(reader, miss_rounds=2)
            assert not pad.inventories.quiet_known
            events: queue.Queue[Event] = queue.Queue()
            tag = book(20)
            sim.place(tag)
            pad.start(events.put)
            try:
                assert isinstance(events.get(timeout=5), TagEntered)
                until(lambda: pad.rounds >= 5)
                assert tag.state is not TagState.QUIET and not pad.inventories.quiet
                assert pad.read_item(tag.uid_hex).primary_item_id == PLAIN.primary_item_id
            finally:
                pad.stop()
    finally:
        sim.stop()


def test_reader_lost_and_back(running, feig_sim: RunningReader) -> None:  # noqa: F811
    pad, events = running
    tag = book(30)
    feig_sim.place(tag)
    assert isinstance(events.get(timeout=5), TagEntered)
    feig_sim.unplug()
    lost = events.get(timeout=5)
    assert isinstance(lost, ReaderLost) and lost.error and pad.error == lost.error
    feig_sim.replug()
    assert isinstance(events.get(timeout=5), ReaderBack)
    assert pad.error is None and pad.present == {tag.uid_hex}  # no left/entered pair


def test_tag_operation_goes_ahead_of_the_next_inventory():
    turns = ReaderTurns(quiet_s=0.05)
    order: list[str] = []
    inside = threading.Event()

    def scan() -> None:
        with turns.inventory():
            order.append("inventory")

    def op() -> None:
        with turns.operation():
            inside.set()
            order.append("op")

    with turns.operation():  # a command under way; an inventory and an operation queue up
        t_scan = threading.Thread(target=scan)
        t_scan.start()
        time.sleep(0.02)
        t_op = threading.Thread(target=op)
        t_op.start()
        time.sleep(0.02)
    t_op.join(2)
    t_scan.join(2)
    assert inside.is_set() and order == ["op", "inventory"]


class GlitchyFeig(FeigReader):
    """The FEIG driver with commands that fail once when asked to (a glitch on the line)."""

    fail: set[str] = set()

    def _glitch(self, name: str) -> None:
        if name in self.fail:
            self.fail.discard(name)
            raise ReaderTimeout(f"{name}: no answer (test glitch)")

    def system_info(self, uid: str):  # type: ignore[no-untyped-def]
        self._glitch("system_info")
        return super().system_info(uid)

    def rf_reset(self) -> None:
        self._glitch("rf_reset")
        super().rf_reset()

    def stay_quiet(self, uid: str) -> None:
        super().stay_quiet(uid)
        self._glitch("stay_quiet")  # the tag obeyed; only its answer was lost


def _quiet_inventory(sim: RunningReader) -> tuple[GlitchyFeig, TurnTakingInventory]:
    reader = GlitchyFeig.from_url(f"feig://{sim.port}?timeout=0.3&retries=0")
    reader.fail = set()
    return reader, TurnTakingInventory(reader, ReaderTurns(quiet_s=0), quiet_known=True)


def test_a_failed_rf_reset_is_tried_again_so_no_tag_stays_silenced_unseen(feig_sim: RunningReader):  # noqa: F811
    reader, inv = _quiet_inventory(feig_sim)
    with reader:
        tag = book(40)
        feig_sim.place(tag)
        assert [t.uid for t in inv.inventory()] == [tag.uid_hex]  # answered
        assert [t.uid for t in inv.inventory()] == [tag.uid_hex]  # silenced, pinged
        assert tag.state is TagState.QUIET and set(inv.quiet) == {tag.uid_hex}
        reader.fail = {"system_info", "rf_reset"}  # the ping and the reset both fail
        assert inv.inventory() == [] and tag.state is TagState.QUIET  # missed once: debounced
        # the next round starts with the RF reset: the tag answers again
        assert [t.uid for t in inv.inventory()] == [tag.uid_hex]


def test_a_lost_stay_quiet_answer_wakes_the_pad_next_round(feig_sim: RunningReader):  # noqa: F811
    reader, inv = _quiet_inventory(feig_sim)
    with reader:
        tag = book(41)
        feig_sim.place(tag)
        assert [t.uid for t in inv.inventory()] == [tag.uid_hex]
        reader.fail = {"stay_quiet"}
        inv.inventory()  # silenced, but the driver heard no answer: not tracked as quiet
        assert tag.state is TagState.QUIET and tag.uid_hex not in inv.quiet
        assert [t.uid for t in inv.inventory()] == [tag.uid_hex]  # RF reset first: seen
