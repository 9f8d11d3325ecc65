"""Every 3M 810 command through the driver, the emulator and a real pty."""

from __future__ import annotations

import pytest

from drivers.errors import NoTransponder, ReaderInitError, ReaderUnavailable, TagLocked
from drivers.m810.reader import M810Reader
from drivers.registry import open_reader
from drivers.tags import Item, encode
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.runner import RunningReader
from tests.contract.base import make_tag


def test_url_parameters(sim: RunningReader) -> None:
    with open_reader(f"m810://{sim.port}?baud=19200&timeout=0.5&retries=1") as reader:
        assert isinstance(reader, M810Reader)
        assert (reader.transport.baudrate, reader.timeout, reader.retries) == (19200, 0.5, 1)
    with open_reader(f"m810://{sim.port}") as reader:
        assert reader.transport.baudrate == 19200
    with pytest.raises(ReaderInitError):
        open_reader(f"m810://{sim.port}?parity=odd")
    with pytest.raises(ReaderUnavailable):
        open_reader(f"m810://{sim.port}-missing")


def test_reader_info(m810: M810Reader) -> None:
    info = m810.reader_info()
    assert (info.protocol, info.model, info.firmware) == ("m810", "3M 810", "10.5.0.2")


def test_inventory_reports_dsfid_and_filters_afi(m810: M810Reader, sim: RunningReader) -> None:
    a, b = make_tag(1, afi=0x07, dsfid=0x3E), make_tag(2, afi=0xC2, dsfid=0x06)
    sim.place(a)
    sim.place(b)
    found = {t.uid: t.dsfid for t in m810.inventory()}
    assert found == {a.uid_hex: 0x3E, b.uid_hex: 0x06}
    assert [t.uid for t in m810.inventory(afi=0xC2)] == [b.uid_hex]


def test_read_item(m810: M810Reader, sim: RunningReader) -> None:
    image = encode(Item(model="iso28560-3", primary_item_id="31234000123456", owner_library="TW-TPML",
                        parts_in_item=1, part_number=1, type_of_usage=1))
    tag = make_tag(3, memory=image, dsfid=0x3E)
    sim.place(tag)
    item = m810.read_item(tag.uid_hex)
    assert (item.primary_item_id, item.owner_library) == ("31234000123456", "TW-TPML")
    assert m810.read_memory(tag.uid_hex) == tag.read_memory()


def test_afi_dsfid_eas_quiet(m810: M810Reader, sim: RunningReader) -> None:
    tag = make_tag(4, afi=0x07, dsfid=0x3E)
    sim.place(tag)
    assert m810.get_afi(tag.uid_hex) == 0x07
    assert m810.get_dsfid(tag.uid_hex) == 0x3E
    m810.write_afi(tag.uid_hex, 0xC2)
    assert m810.get_afi(tag.uid_hex) == 0xC2
    assert not m810.check_eas(tag.uid_hex)
    m810.set_eas(tag.uid_hex)
    assert m810.check_eas(tag.uid_hex) and tag.eas
    m810.reset_eas(tag.uid_hex)
    assert not m810.check_eas(tag.uid_hex)
    m810.quiet(tag.uid_hex)
    assert m810.inventory() == []
    # raw ISO 15693 reset to ready (flags 22, command 26, UID LSB first) wakes it again
    assert m810.passthrough(bytes([0x22, 0x26]) + tag.uid_air) == b"\x00"
    assert [t.uid for t in m810.inventory()] == [tag.uid_hex]


def test_write_block_and_write_and_lock(m810: M810Reader, sim: RunningReader) -> None:
    tag = make_tag(5)
    sim.place(tag)
    m810.write_block(tag.uid_hex, 2, b"ABCD")
    m810.write_and_lock(tag.uid_hex, 3, b"EFGH")
    assert tag.read_memory()[8:16] == b"ABCDEFGH"
    assert tag.block_locks[3] and not tag.block_locks[2]
    with pytest.raises(TagLocked):
        m810.write_block(tag.uid_hex, 3, b"ZZZZ")
    assert tag.read_memory()[12:16] == b"EFGH"


def test_lock_blocks_keeps_the_data_and_refuses_later_writes(m810: M810Reader,
                                                              sim: RunningReader) -> None:
    """07 write and lock is the 3M 810's block lock: each block is written back with what it
    holds and locked, so the data is unchanged and a later write is refused as locked."""
    tag = make_tag(6)
    sim.place(tag)
    before = tag.read_memory()
    m810.lock_blocks(tag.uid_hex, 1, 3)
    assert [n for n, locked in enumerate(tag.block_locks) if locked] == [1, 2, 3]
    assert tag.read_memory() == before
    with pytest.raises(TagLocked):
        m810.write_block(tag.uid_hex, 2, b"ZZZZ")
    with pytest.raises(TagLocked):
        m810.lock_blocks(tag.uid_hex, 3, 1)  # locked already: the tag says so
    assert tag.read_memory() == before


def test_absent_tag_is_no_transponder(m810: M810Reader) -> None:
    for call in (lambda u: m810.get_afi(u), lambda u: m810.check_eas(u), lambda u: m810.write_afi(u, 7),
                 lambda u: m810.passthrough(bytes([0x22, 0x2B]) + bytes.fromhex(u)[::-1])):
        with pytest.raises(NoTransponder):
            call("E004010000000099")


def test_uids_accepted_in_lower_case(m810: M810Reader, sim: RunningReader) -> None:
    tag = Iso15693Tag("E0040100AABBCCDD", afi=0x42)
    sim.place(tag)
    assert m810.system_info("e0040100aabbccdd").afi == 0x42
