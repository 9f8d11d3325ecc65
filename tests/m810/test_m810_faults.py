"""Faults on the 3M 810 line and in the field: resynchronised and retried a bounded number of times,
then typed errors; unplug and replug; a tag leaving mid-write; many tags in realistic timing."""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers.errors import FrameError, ReaderTimeout, ReaderUnavailable, WriteVerifyError
from drivers.m810.reader import M810Reader
from drivers.registry import open_reader
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.runner import RunningReader
from tests.contract.base import make_tag
from tests.m810.helpers import start_sim


@pytest.fixture
def tag(sim: RunningReader) -> Iso15693Tag:
    t = make_tag(1, afi=0x07)
    sim.place(t)
    return t


def test_dropped_reply_is_resent(m810: M810Reader, sim: RunningReader, tag: Iso15693Tag) -> None:
    sim.faults.drop_next = 1
    assert m810.get_afi(tag.uid_hex) == 0x07
    assert sim.faults.log == ["drop"]
    assert sim.firmware.commands == 2


def test_silent_reader_times_out_after_bounded_retries(m810: M810Reader, sim: RunningReader, tag: Iso15693Tag) -> None:
    sim.faults.drop_next = 100
    with pytest.raises(ReaderTimeout):
        m810.get_afi(tag.uid_hex)
    assert sim.faults.log.count("drop") == 3  # one attempt + 2 retries
    with pytest.raises(ReaderTimeout):
        m810.inventory()  # the base class retries inventory too: bounded at 3 × 3
    assert sim.faults.log.count("drop") == 3 + 9


def test_bad_crc_is_resent_then_reported(m810: M810Reader, sim: RunningReader, tag: Iso15693Tag) -> None:
    sim.faults.corrupt_next = 1
    assert m810.get_afi(tag.uid_hex) == 0x07
    assert sim.faults.log == ["corrupt"]
    sim.faults.corrupt_next = 100
    with pytest.raises(FrameError):
        m810.get_afi(tag.uid_hex)
    assert sim.faults.log.count("corrupt") == 1 + 3


def test_truncated_reply(m810: M810Reader, sim: RunningReader, tag: Iso15693Tag) -> None:
    sim.faults.truncate_next = 1
    assert m810.system_info(tag.uid_hex).afi == 0x07
    sim.faults.truncate_next = 100
    with pytest.raises(ReaderTimeout):
        m810.system_info(tag.uid_hex)
    assert sim.faults.log.count("truncate") == 1 + 3


def test_line_noise_before_reply_needs_no_resend(m810: M810Reader, sim: RunningReader, tag: Iso15693Tag) -> None:
    sim.faults.garbage_before_next = 1
    assert [t.uid for t in m810.inventory()] == [tag.uid_hex]
    assert sim.faults.log == ["garbage"]
    assert sim.firmware.commands == 1


def test_late_reply_never_answers_another_command(m810: M810Reader, sim: RunningReader, tag: Iso15693Tag) -> None:
    sim.faults.delay_s = 0.4  # longer than the driver's 0.3 s timeout: the first answer is late
    assert m810.get_afi(tag.uid_hex) == 0x07
    sim.faults.delay_s = 0.0
    info = m810.system_info(tag.uid_hex)  # late get-AFI replies may still arrive: they are skipped
    assert (info.uid, info.afi) == (tag.uid_hex, 0x07)


def test_unplug_then_replug(m810: M810Reader, sim: RunningReader, tag: Iso15693Tag) -> None:
    assert m810.inventory()
    sim.unplug()
    with pytest.raises(ReaderUnavailable):
        m810.get_afi(tag.uid_hex)
    with pytest.raises(ReaderUnavailable):
        m810.inventory()
    sim.replug()
    assert [t.uid for t in m810.inventory()] == [tag.uid_hex]  # reopened without a new reader
    sim.unplug()
    sim.replug()  # replugged between two commands: the stale handle is replaced transparently
    assert m810.get_afi(tag.uid_hex) == 0x07


def test_tag_leaving_mid_write_for_good(m810: M810Reader, sim: RunningReader, tag: Iso15693Tag) -> None:
    assert sim.field is not None
    sim.field.leave_after(tag.uid_hex, 2)  # two block writes reach it, then it is gone
    with pytest.raises(WriteVerifyError) as err:
        m810.write_blocks(tag.uid_hex, 0, b"\xAA" * 16)
    assert err.value.unknown == [0, 1, 2, 3]  # gone: the read-back cannot tell
    assert not err.value.changed
    assert tag.read_memory()[:16] == b"\xAA" * 8 + b"\x00" * 8


def test_tag_lifted_mid_write_and_put_back(m810: M810Reader, sim: RunningReader, tag: Iso15693Tag) -> None:
    field = sim.field
    assert field is not None
    field.subscribe(lambda event, t: field.place(t) if event == "leave" else None)  # the patron puts it back
    field.leave_after(tag.uid_hex, 2)
    with pytest.raises(WriteVerifyError) as err:
        m810.write_blocks(tag.uid_hex, 0, bytes(range(16)))
    assert (err.value.changed, err.value.unchanged, err.value.unknown) == ([0, 1], [2, 3], [])
    assert tag.read_memory()[:16] == bytes(range(8)) + b"\x00" * 8


def test_forty_tags_in_realistic_timing(tmp_path: Path) -> None:
    sim = start_sim(tmp_path, realistic=True)
    try:
        tags = [make_tag(100 + i, dsfid=i) for i in range(40)]
        for t in tags:
            sim.place(t)
        with open_reader(f"m810://{sim.port}?timeout=3") as reader:
            found = reader.inventory()
        assert [t.uid for t in found] == sorted(t.uid_hex for t in tags)
        assert {t.uid: t.dsfid for t in found} == {t.uid_hex: t.dsfid for t in tags}
        assert sim.air_total_s > 0.0  # the anticollision rounds were charged on air
    finally:
        sim.stop()
