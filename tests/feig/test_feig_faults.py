"""Faults through a real pty: timeouts, CRC errors, garbled and partial frames, unplugging,
tags leaving mid-write, and a crowded field."""

from __future__ import annotations

import pytest

from drivers.errors import (
    FrameError,
    NoTransponder,
    ReaderTimeout,
    ReaderUnavailable,
    WriteVerifyError,
)
from drivers.feig.reader import FeigReader
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.runner import RunningReader
from tests.contract.base import make_tag

UID = "E004010012345678"


@pytest.fixture
def tag(feig_sim: RunningReader) -> Iso15693Tag:
    t = Iso15693Tag(UID, memory=bytes(range(112)))
    feig_sim.place(t)
    return t


@pytest.mark.parametrize("fault", ["drop_next", "corrupt_next", "truncate_next", "garbage_before_next"])
def test_one_bad_reply_is_recovered(feig: FeigReader, feig_sim: RunningReader, tag: Iso15693Tag, fault: str) -> None:
    setattr(feig_sim.faults, fault, 1)
    assert feig.read_blocks(UID, 0, 4) == bytes(range(16))
    assert feig_sim.faults.log, "the fault was injected"
    # line noise before a good reply is skipped without a resend; a lost or broken reply costs one
    assert feig_sim.firmware.requests == (1 if fault == "garbage_before_next" else 2)


def test_delayed_answer_beyond_timeout_is_retried(feig: FeigReader, feig_sim: RunningReader, tag: Iso15693Tag) -> None:
    feig_sim.faults.delay_next, feig_sim.faults.delay_next_s = 1, 0.5  # driver timeout is 0.3 s
    assert feig.system_info(UID).uid == UID
    assert feig_sim.faults.log == ["delay"]


def test_persistent_timeout_is_typed(feig: FeigReader, feig_sim: RunningReader, tag: Iso15693Tag) -> None:
    feig_sim.faults.drop_next = 10
    with pytest.raises(ReaderTimeout):
        feig.read_blocks(UID, 0, 1)
    assert feig_sim.firmware.requests == 3  # first attempt + 2 retries: bounded


def test_persistent_crc_errors_are_typed(feig: FeigReader, feig_sim: RunningReader, tag: Iso15693Tag) -> None:
    feig_sim.faults.corrupt_next = 10
    with pytest.raises(FrameError):
        feig.read_blocks(UID, 0, 1)
    assert feig_sim.firmware.requests == 3


def test_unplug_is_reported_and_replug_reopens(feig: FeigReader, feig_sim: RunningReader, tag: Iso15693Tag) -> None:
    assert [t.uid for t in feig.inventory()] == [UID]
    feig_sim.unplug()
    with pytest.raises(ReaderUnavailable):
        feig.inventory()
    assert not feig.transport.is_open
    with pytest.raises(ReaderUnavailable):  # still gone: reported again, no hang
        feig.inventory()
    feig_sim.replug()
    assert [t.uid for t in feig.inventory()] == [UID]  # the same reader object, reopened
    assert feig.transport.is_open


def test_tag_leaving_mid_write_reports_changed_blocks(feig: FeigReader, feig_sim: RunningReader, tag: Iso15693Tag) -> None:
    """The book slips off after two of four blocks and is pushed back: never a success, and the
    read-back says exactly which blocks took the new data."""
    assert feig_sim.field is not None
    feig_sim.field.leave_after(UID, 2, away_for=1)
    with pytest.raises(WriteVerifyError) as err:
        feig.write_blocks(UID, 0, b"\xEE" * 16)
    assert (err.value.changed, err.value.unchanged) == ([0, 1], [2, 3])
    assert tag.read_memory()[:16] == b"\xEE" * 8 + bytes(range(8, 16))


def test_tag_gone_for_good_mid_write(feig: FeigReader, feig_sim: RunningReader, tag: Iso15693Tag) -> None:
    assert feig_sim.field is not None
    feig_sim.field.leave_after(UID, 1)
    with pytest.raises(WriteVerifyError) as err:
        feig.write_blocks(UID, 4, b"\x11" * 12)
    assert err.value.unknown == [4, 5, 6] and not err.value.changed
    with pytest.raises(NoTransponder):
        feig.read_blocks(UID, 4, 1)


def test_forty_tags_at_once(feig: FeigReader, feig_sim: RunningReader) -> None:
    tags = [make_tag(i, afi=0x07 if i % 2 else 0xC2) for i in range(40)]
    for t in tags:
        feig_sim.place(t)
    assert [t.uid for t in feig.inventory()] == sorted(t.uid_hex for t in tags)  # 24 + MORE 16
    assert len(feig.inventory(afi=0x07)) == 20
    for t in tags[:5]:
        assert feig.read_blocks(t.uid_hex, 0, 28) == bytes(112)


def test_weak_tags_do_not_answer(feig: FeigReader, feig_sim: RunningReader) -> None:
    near, far = make_tag(1), make_tag(2)
    feig_sim.place(near, rssi=-50)
    feig_sim.place(far, rssi=-85)
    assert [t.uid for t in feig.inventory()] == [near.uid_hex]
    assert feig_sim.field is not None
    feig_sim.field.set_rssi(far.uid_hex, -60)
    assert len(feig.inventory()) == 2


def test_replug_between_two_commands_is_transparent(feig: FeigReader, feig_sim: RunningReader, tag: Iso15693Tag) -> None:
    assert feig.system_info(UID).afi == tag.afi
    feig_sim.unplug()
    feig_sim.replug()  # the driver's open handle is stale now
    assert feig.system_info(UID).afi == tag.afi  # one more try on a fresh handle, not ReaderUnavailable
    assert feig.transport.is_open
