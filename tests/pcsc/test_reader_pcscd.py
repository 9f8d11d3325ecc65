"""ISO 15693 item tags on a PC/SC pad through the Reader interface and the real pcscd (issue 4)."""

from __future__ import annotations

import time

import pytest

from drivers.errors import NoTransponder, ReaderUnavailable, TagLocked
from drivers.registry import open_reader
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.pcsc.cards import UidCard
from tests.pcsc.conftest import wait_card

UID = "E004010012345678"


@pytest.fixture
def item(pad):
    from drivers.tags import Item, encode

    image = encode(Item(model="iso28560-3", primary_item_id="31234000123456", owner_library="TW-TPML",
                        parts_in_item=1, part_number=1, type_of_usage=1))
    tag = Iso15693Tag(UID, memory=image, afi=0x07, dsfid=0x3E)
    pad.present(tag)
    wait_card(pad.port, True)
    return tag


def test_registry_opens_the_pad_by_url(pad):
    with open_reader(f"pcsc://{pad.port}") as reader:
        assert reader.reader_info().port == pad.port
        assert reader.inventory() == []  # no card yet
    with pytest.raises(ReaderUnavailable):
        open_reader("pcsc://No Such Reader*")


def test_inventory_read_and_decode(pad, item):
    with open_reader(f"pcsc://{pad.port}") as reader:
        [info] = reader.inventory()
        assert (info.uid, info.afi, info.dsfid) == (UID, 0x07, 0x3E)
        assert reader.read_blocks(UID, 0, 2) == item.read_memory()[:8]
        decoded = reader.read_item(UID)
        assert (decoded.primary_item_id, decoded.type_of_usage) == ("31234000123456", 1)


def test_write_blocks_and_afi(pad, item):
    with open_reader(f"pcsc://{pad.port}") as reader:
        reader.write_blocks(UID, 20, bytes(range(8)))
        assert item.read_memory()[80:88] == bytes(range(8))
        reader.write_afi(UID, 0xC2)  # checked out: alarm off
        assert item.afi == 0xC2
        assert reader.system_info(UID).afi == 0xC2
        reader.set_eas(UID)
        assert item.eas
        reader.reset_eas(UID)
        assert not item.eas
        reader.lock_afi(UID)
        with pytest.raises(TagLocked):
            reader.write_afi(UID, 0x07)
        assert item.afi == 0xC2


def test_blocks_locked_for_good(pad, item):
    from drivers.errors import WriteVerifyError
    from drivers.reader import Capability

    with open_reader(f"pcsc://{pad.port}") as reader:
        assert reader.supports(Capability.LOCK_BLOCKS)
        reader.lock_blocks(UID, 0, 9)  # the ISO 28560-3 basic block, as a programming station may
        assert [n for n, locked in enumerate(item.block_locks) if locked] == list(range(9))
        with pytest.raises(WriteVerifyError):
            reader.write_blocks(UID, 8, b"ABCD")
        with pytest.raises(TagLocked):
            reader.lock_blocks(UID, 8, 1)  # already locked: the tag says so
        assert reader.read_item(UID).primary_item_id == "31234000123456"


def test_locked_block_write_is_not_reported_done(pad, item):
    from drivers.errors import WriteVerifyError

    item.block_locks[3] = True
    with open_reader(f"pcsc://{pad.port}") as reader, pytest.raises(WriteVerifyError) as info:
        reader.write_blocks(UID, 3, b"ABCD")
    assert item.read_memory()[12:16] != b"ABCD"
    assert info.value.unchanged == [3] and "6300" in str(info.value)


def test_another_tag_is_not_mistaken_for_the_one_asked(pad, item):
    with open_reader(f"pcsc://{pad.port}") as reader:
        assert reader.read_blocks(UID, 0, 1)
        pad.present(Iso15693Tag("E0040100AAAAAAAA", memory=b"\xff" * 16))
        wait_card(pad.port, True)
        with pytest.raises(NoTransponder):
            reader.read_blocks(UID, 0, 1)
        deadline = time.monotonic() + 5
        while not (seen := reader.inventory()) and time.monotonic() < deadline:
            time.sleep(0.05)  # pcscd notices the swap at its next presence poll
        assert [t.uid for t in seen] == ["E0040100AAAAAAAA"]


def test_patron_card_shows_in_inventory_as_14443(pad):
    pad.present(UidCard("04A1B2C3"))
    wait_card(pad.port, True)
    with open_reader(f"pcsc://{pad.port}") as reader:
        [info] = reader.inventory()
        assert (info.uid, info.tag_type) == ("04A1B2C3", "iso14443a")


def test_memory_is_read_up_to_eight_blocks_per_apdu(pad, item):
    with open_reader(f"pcsc://{pad.port}") as reader:
        [info] = reader.inventory()  # connected: later reads need no FF CA
        before = pad.fw.apdus
        assert reader.read_blocks(UID, 0, 28) == item.read_memory()[:112]
        assert pad.fw.apdus - before == 4  # blocks 0-7, 8-15, 16-23, 24-27
        assert reader.read_blocks(UID, 27, 1) == item.read_memory()[108:112]
        assert pad.fw.apdus - before == 5
