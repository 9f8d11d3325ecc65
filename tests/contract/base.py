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

Class attributes switch off what a backend cannot do (``supports_eas``, ``supports_lock_afi``,
``max_tags``), so the remaining checks still run.
"""

from __future__ import annotations

import pytest

from drivers.errors import NoTransponder, TagError, WriteVerifyError
from drivers.reader import Reader, ReaderInfo, SystemInfo, TagInfo
from hwsim.field import Field
from hwsim.iso15693.tag import Iso15693Tag


def make_tag(n: int, **kwargs: object) -> Iso15693Tag:
    """A distinct NXP ICODE SLIX tag; ``n`` spreads UID bits so anticollision has work to do."""
    low = (n * 0x9E3779B1) & 0xFFFFFFFF
    uid = bytes([0xE0, 0x04, 0x01, 0x00]) + low.to_bytes(4, "big")
    return Iso15693Tag(uid, **kwargs)  # type: ignore[arg-type]


class ReaderContract:
    supports_eas = True
    supports_lock_afi = True
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
        if not self.supports_lock_afi:
            pytest.fail("backend declares no lock_afi; override this test instead")
        reader, field = reader_and_field
        tag = make_tag(9, afi=0x07)
        field.place(tag)
        reader.lock_afi(tag.uid_hex)
        assert tag.afi_locked
        with pytest.raises(TagError):
            reader.write_afi(tag.uid_hex, 0xC2)
        assert tag.afi == 0x07

    def test_eas(self, reader_and_field: tuple[Reader, Field]) -> None:
        reader, field = reader_and_field
        tag = make_tag(10)
        field.place(tag)
        if not self.supports_eas:
            with pytest.raises(TagError):
                reader.set_eas(tag.uid_hex)
            return
        reader.set_eas(tag.uid_hex)
        assert tag.eas
        reader.reset_eas(tag.uid_hex)
        assert not tag.eas

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
