"""FeigReader specifics: URLs, reader info, EAS, one-frame item reads, the registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers.errors import ReaderInitError, ReaderUnavailable
from drivers.feig.reader import FeigReader
from drivers.registry import open_reader
from drivers.tags import Item, encode
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.runner import RunningReader


def test_url_options(feig_sim: RunningReader) -> None:
    with open_reader(f"feig://{feig_sim.port}?baud=115200&addr=0x00&timeout=0.2&retries=1") as r:
        assert isinstance(r, FeigReader)
        assert (r.transport.baudrate, r.address, r.timeout, r.retries) == (115200, 0, 0.2, 1)
        assert r.reader_info().firmware == "02.06.00"  # addressed to COM-ADR 00 directly


def test_bad_urls(tmp_path: Path) -> None:
    with pytest.raises(ReaderInitError):
        open_reader("feig://")
    with pytest.raises(ReaderInitError):
        open_reader(f"feig://{tmp_path}/x?baud=fast")
    with pytest.raises(ReaderUnavailable):
        open_reader(f"feig://{tmp_path}/ttyNOTHERE")


def test_other_address_is_not_answered(feig_sim: RunningReader) -> None:
    from drivers.errors import ReaderTimeout

    with open_reader(f"feig://{feig_sim.port}?addr=7&timeout=0.1&retries=0") as r, pytest.raises(ReaderTimeout):
        r.reader_info()


def test_reader_info(feig: FeigReader) -> None:
    info = feig.reader_info()
    assert (info.protocol, info.firmware) == ("feig", "02.06.00")
    assert info.extra["rx_buffer"] == 0x0118


def test_read_item_in_one_frame(feig: FeigReader, feig_sim: RunningReader) -> None:
    item = Item(model="iso28560-3", primary_item_id="31234000123456", owner_library="TW-TPML",
                parts_in_item=2, part_number=1, type_of_usage=1)
    tag = Iso15693Tag("E004010012345678", memory=encode(item), dsfid=0x3E)
    feig_sim.place(tag)
    (seen,) = feig.inventory()
    before = feig_sim.firmware.requests
    got = feig.read_item(seen.uid)
    assert feig_sim.firmware.requests == before + 1
    assert (got.primary_item_id, got.parts_in_item, got.part_number, got.crc_ok) == ("31234000123456", 2, 1, True)


def test_read_item_on_a_bigger_tag(feig: FeigReader, feig_sim: RunningReader) -> None:
    item = Item(model="iso28560-3", primary_item_id="X1", owner_library="TW-TPML", parts_in_item=1, part_number=1, type_of_usage=1)
    tag = Iso15693Tag("E004010012345679", blocks=80, memory=encode(item))
    feig_sim.place(tag)
    assert feig.read_item(tag.uid_hex).primary_item_id == "X1"


def test_read_item_on_a_smaller_tag_asks_the_size(feig: FeigReader, feig_sim: RunningReader) -> None:
    item = Item(model="iso28560-3", primary_item_id="X2", owner_library="TW-TPML", parts_in_item=1, part_number=1, type_of_usage=1)
    tag = Iso15693Tag("E00401001234567A", blocks=9, memory=encode(item)[:36])
    feig_sim.place(tag)
    assert feig.read_item(tag.uid_hex).primary_item_id == "X2"


def test_dsfid_and_quiet_and_rf_reset(feig: FeigReader, feig_sim: RunningReader) -> None:
    tag = Iso15693Tag("E004010012345678")
    feig_sim.place(tag)
    feig.write_dsfid(tag.uid_hex, 0x06)
    assert tag.dsfid == 0x06
    feig.stay_quiet(tag.uid_hex)
    assert feig.inventory() == []
    feig.rf_reset()
    assert [t.dsfid for t in feig.inventory()] == [0x06]


def test_lock_blocks_then_a_write_is_refused_as_locked(feig: FeigReader,
                                                      feig_sim: RunningReader) -> None:
    from drivers.errors import TagLocked, WriteVerifyError

    tag = Iso15693Tag("E00401001234567B", memory=bytes(range(1, 113)))
    feig_sim.place(tag)
    feig.lock_blocks(tag.uid_hex, 0, 9)
    assert [n for n, locked in enumerate(tag.block_locks) if locked] == list(range(9))
    with pytest.raises(WriteVerifyError) as caught:
        feig.write_blocks(tag.uid_hex, 8, b"ZZZZ")
    assert isinstance(caught.value.__cause__, TagLocked)
    assert "locked at block 8" in str(caught.value.__cause__)
    with pytest.raises(TagLocked):
        feig.lock_blocks(tag.uid_hex, 8, 1)  # locked already (ISO error 11)
    assert tag.read_memory()[:4] == bytes([1, 2, 3, 4])
