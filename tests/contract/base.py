"""ReaderContract: checks every :class:`drivers.reader.Reader` backend must pass.

Subclass it in a backend's test area and provide a ``reader_and_field`` fixture yielding
``(reader, field)``: a driver opened through its URL on a simulated reader, and that reader's
:class:`hwsim.field.Field` (empty at the start of each test). Example::

    from tests.contract.base import ReaderContract

    class TestM810Contract(ReaderContract):
        @pytest.fixture
        def reader_and_field(self, m810_sim):
            with open_reader(f"m810://{m810_sim.port}") as reader:
                yield reader, m810_sim.field

What a backend can do beyond the common calls comes from its declared
:attr:`drivers.reader.Reader.capabilities`: a declared capability is exercised on the simulated
tags, an undeclared one must raise :class:`drivers.errors.Unsupported`. ``max_tags`` bounds the
anticollision check.
"""

from __future__ import annotations

import pytest

from drivers.errors import NoTransponder, TagError, Unsupported, WriteVerifyError
from drivers.reader import Capability, Reader, ReaderInfo, SystemInfo, TagInfo
from drivers.tags import Item, OptionalBlock, decode, encode
from hwsim.field import Field
from hwsim.iso15693.tag import Iso15693Tag


def make_tag(n: int, **kwargs: object) -> Iso15693Tag:
    """A distinct NXP ICODE SLIX tag; ``n`` spreads UID bits so anticollision has work to do."""
    low = (n * 0x9E3779B1) & 0xFFFFFFFF
    uid = bytes([0xE0, 0x04, 0x01, 0x00]) + low.to_bytes(4, "big")
    return Iso15693Tag(uid, **kwargs)  # type: ignore[arg-type]


class ReaderContract:
    max_tags = 30

    @pytest.fixture
    def reader_and_field(self) -> tuple[Reader, Field]:  # pragma: no cover - overridden
        raise NotImplementedError("subclasses provide reader_and_field")

    # -- inventory -------------------------------------------------------------------------------
    def test_empty_field(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, _ = reader_and_field
        assert reader.inventory() == []

    def test_inventory_reports_uid_and_dsfid(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, field = reader_and_field
        tag = make_tag(1, dsfid=0x3E)
        field.place(tag)
        (info,) = reader.inventory()
        assert isinstance(info, TagInfo)
        assert info.uid == tag.uid_hex
        assert info.dsfid == 0x3E

    def test_many_tags(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, field = reader_and_field
        tags = [make_tag(i) for i in range(self.max_tags)]
        for t in tags:
            field.place(t)
        assert [t.uid for t in reader.inventory()] == sorted(t.uid_hex for t in tags)

    def test_inventory_by_afi(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, field = reader_and_field
        armed, loaned = make_tag(2, afi=0x07), make_tag(3, afi=0xC2)
        field.place(armed)
        field.place(loaned)
        assert [t.uid for t in reader.inventory(afi=0x07)] == [armed.uid_hex]

    # -- memory ----------------------------------------------------------------------------------
    def test_read_blocks_in_memory_order(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, field = reader_and_field
        memory = bytes(range(112))
        tag = make_tag(4, memory=memory)
        field.place(tag)
        assert reader.read_blocks(tag.uid_hex, 0, 28) == memory
        assert reader.read_blocks(tag.uid_hex, 3, 2) == memory[12:20]

    def test_write_blocks_verified(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, field = reader_and_field
        tag = make_tag(5)
        field.place(tag)
        data = bytes.fromhex("11223344 55667788 99AABBCC")
        reader.write_blocks(tag.uid_hex, 2, data)
        assert tag.read_memory()[8:20] == data

    def test_write_to_locked_block_fails(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, field = reader_and_field
        tag = make_tag(6)
        tag.block_locks[1] = True
        field.place(tag)
        with pytest.raises(WriteVerifyError) as err:
            reader.write_blocks(tag.uid_hex, 0, b"\x01" * 8)
        assert 1 in err.value.unchanged
        assert tag.read_memory()[4:8] == b"\x00" * 4

    def test_tag_leaving_mid_write_is_a_failed_write(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, field = reader_and_field
        tag = make_tag(7)
        field.place(tag)
        field.leave_after(tag.uid_hex, 0)
        with pytest.raises(WriteVerifyError) as err:
            reader.write_blocks(tag.uid_hex, 0, b"\xAA" * 16)
        assert not err.value.changed
        assert set(err.value.unknown) | set(err.value.unchanged) == {0, 1, 2, 3}

    def test_absent_tag(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, _ = reader_and_field
        with pytest.raises(TagError):
            reader.read_blocks("E004010000000000", 0, 1)

    # -- AFI, EAS, info --------------------------------------------------------------------------
    def test_write_afi(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, field = reader_and_field
        tag = make_tag(8, afi=0x07)
        field.place(tag)
        reader.write_afi(tag.uid_hex, 0xC2)
        assert tag.afi == 0xC2
        assert [t.uid for t in reader.inventory(afi=0xC2)] == [tag.uid_hex]

    def test_lock_afi(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, field = reader_and_field
        tag = make_tag(9, afi=0x07)
        field.place(tag)
        if not reader.supports(Capability.LOCK_AFI):
            with pytest.raises(Unsupported):
                reader.lock_afi(tag.uid_hex)
            return
        reader.lock_afi(tag.uid_hex)
        assert tag.afi_locked
        with pytest.raises(TagError):
            reader.write_afi(tag.uid_hex, 0xC2)
        assert tag.afi == 0x07

    def test_eas(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, field = reader_and_field
        tag = make_tag(10)
        field.place(tag)
        if not reader.supports(Capability.EAS):
            with pytest.raises(Unsupported):
                reader.set_eas(tag.uid_hex)
            return
        reader.set_eas(tag.uid_hex)
        assert tag.eas
        if reader.supports(Capability.EAS_READ):
            assert reader.eas_armed(tag.uid_hex) is True
        reader.reset_eas(tag.uid_hex)
        assert not tag.eas
        if reader.supports(Capability.EAS_READ):
            assert reader.eas_armed(tag.uid_hex) is False
        else:
            with pytest.raises(Unsupported):
                reader.eas_armed(tag.uid_hex)

    # -- declared capabilities ---------------------------------------------------------------------
    def test_stay_quiet_and_rf_reset(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, field = reader_and_field
        quiet, other = make_tag(12), make_tag(13)
        field.place(quiet)
        field.place(other)
        if not reader.supports(Capability.STAY_QUIET):
            with pytest.raises(Unsupported):
                reader.stay_quiet(quiet.uid_hex)
        else:
            reader.stay_quiet(quiet.uid_hex)
            assert [t.uid for t in reader.inventory()] == [other.uid_hex]
            assert reader.system_info(quiet.uid_hex).uid == quiet.uid_hex  # still answers
        if not reader.supports(Capability.RF_RESET):
            with pytest.raises(Unsupported):
                reader.rf_reset()
            return
        reader.rf_reset()
        assert [t.uid for t in reader.inventory()] == sorted([quiet.uid_hex, other.uid_hex])

    def test_lock_blocks(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, field = reader_and_field
        tag = make_tag(18)
        field.place(tag)
        if not reader.supports(Capability.LOCK_BLOCKS):
            with pytest.raises(Unsupported):
                reader.lock_blocks(tag.uid_hex, 2, 2)
            return
        reader.lock_blocks(tag.uid_hex, 2, 2)
        assert [n for n, locked in enumerate(tag.block_locks) if locked] == [2, 3]

    def test_write_dsfid(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, field = reader_and_field
        tag = make_tag(14, dsfid=0x00)
        field.place(tag)
        if not reader.supports(Capability.WRITE_DSFID):
            with pytest.raises(Unsupported):
                reader.write_dsfid(tag.uid_hex, 0x3E)
            return
        reader.write_dsfid(tag.uid_hex, 0x3E)
        assert tag.dsfid == 0x3E

    # -- library data ------------------------------------------------------------------------------
    def test_read_item_short_and_whole(self, reader_and_field: tuple[Reader, Field]) -> None:
        """A basic block alone, one with optional blocks after it, and the 32-byte form all
        decode as the whole memory does."""
        reader, field = reader_and_field
        plain = Item(model="iso28560-3", primary_item_id="31234000999001", owner_library="TW-TPML",
                     parts_in_item=1, part_number=1, type_of_usage=1)
        extended = Item(model="iso28560-3", primary_item_id="31234000999002",
                        owner_library="TW-TPML", parts_in_item=1, part_number=1, type_of_usage=1,
                        optional_blocks=(OptionalBlock(block_id=0x0102, data=b"\x05shelf-A"),))
        tags = [make_tag(15, memory=encode(plain), dsfid=0x3E),
                make_tag(16, memory=encode(extended), dsfid=0x3E),
                make_tag(17, memory=encode(plain, size=32), dsfid=0x3E, blocks=8)]
        for tag in tags:
            field.place(tag)
            got = reader.read_item(tag.uid_hex, dsfid=0x3E)
            assert got == decode(tag.read_memory(), dsfid=0x3E)
        assert got.primary_item_id == "31234000999001" and got.crc_ok

    def test_system_info(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, field = reader_and_field
        tag = make_tag(11, afi=0x07, dsfid=0x3E)
        field.place(tag)
        info = reader.system_info(tag.uid_hex)
        assert isinstance(info, SystemInfo)
        assert (info.uid, info.afi, info.dsfid, info.block_count, info.block_size) == (tag.uid_hex, 0x07, 0x3E, 28, 4)

    def test_system_info_absent_tag(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, _ = reader_and_field
        with pytest.raises(NoTransponder):
            reader.system_info("E004010000000001")

    def test_reader_info(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, _ = reader_and_field
        info = reader.reader_info()
        assert isinstance(info, ReaderInfo)
        assert info.protocol == reader.protocol
