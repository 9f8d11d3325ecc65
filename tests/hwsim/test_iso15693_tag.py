"""The ISO 15693 tag model answers raw air frames built by hand from ISO/IEC 15693-3."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.crc import append_crc_iso15693, check_crc_iso15693
from hwsim.field import Field
from hwsim.iso15693 import AirTiming, Iso15693Tag, TagState, run_inventory

UID = "E004010012345678"
UID_AIR = bytes.fromhex(UID)[::-1]


def frame(hexstr: str) -> bytes:
    return append_crc_iso15693(bytes.fromhex(hexstr.replace(" ", "")))


def body(resp: bytes | None) -> bytes:
    assert resp is not None
    assert check_crc_iso15693(resp)
    return resp[:-2]


@pytest.fixture
def tag() -> Iso15693Tag:
    return Iso15693Tag(UID, memory=bytes(range(112)), afi=0x07, dsfid=0x3E)


def test_rejects_uid_without_e0() -> None:
    with pytest.raises(ValueError):
        Iso15693Tag("0104010012345678")


def test_inventory_one_slot(tag: Iso15693Tag) -> None:
    resp = body(tag.handle(frame("26 01 00")))
    assert resp == bytes([0x00, 0x3E]) + UID_AIR


def test_inventory_afi_filter(tag: Iso15693Tag) -> None:
    assert tag.handle(frame("36 01 07 00")) is not None  # AFI flag 0x10, AFI 07
    assert tag.handle(frame("36 01 C2 00")) is None
    assert tag.handle(frame("36 01 00 00")) is not None  # AFI 00 matches all


def test_bad_crc_is_ignored(tag: Iso15693Tag) -> None:
    good = frame("26 01 00")
    assert tag.handle(good[:-1] + bytes([good[-1] ^ 0xFF])) is None


def test_read_single_and_multiple(tag: Iso15693Tag) -> None:
    assert body(tag.handle(frame("22 20" + UID_AIR.hex() + "02"))) == b"\x00" + bytes([8, 9, 10, 11])
    # option flag: block security status byte first
    assert body(tag.handle(frame("62 20" + UID_AIR.hex() + "02"))) == b"\x00\x00" + bytes([8, 9, 10, 11])
    # read multiple: count byte is number of blocks minus one
    assert body(tag.handle(frame("22 23" + UID_AIR.hex() + "00 01"))) == b"\x00" + bytes(range(8))


def test_other_uid_is_silent(tag: Iso15693Tag) -> None:
    other = bytes.fromhex("E004010000000001")[::-1]
    assert tag.handle(frame("22 20" + other.hex() + "00")) is None


def test_write_lock_and_errors(tag: Iso15693Tag) -> None:
    assert body(tag.handle(frame("22 21" + UID_AIR.hex() + "05 DEADBEEF"))) == b"\x00"
    assert tag.read_memory()[20:24] == bytes.fromhex("DEADBEEF")
    assert body(tag.handle(frame("22 22" + UID_AIR.hex() + "05"))) == b"\x00"
    assert body(tag.handle(frame("22 21" + UID_AIR.hex() + "05 00000000"))) == b"\x01\x12"
    assert body(tag.handle(frame("22 22" + UID_AIR.hex() + "05"))) == b"\x01\x11"
    assert body(tag.handle(frame("22 20" + UID_AIR.hex() + "1C"))) == b"\x01\x10"  # block 28 of 28
    assert body(tag.handle(frame("22 2C" + UID_AIR.hex() + "04 01"))) == b"\x00\x00\x01"


def test_afi_dsfid_and_locks(tag: Iso15693Tag) -> None:
    assert body(tag.handle(frame("22 27" + UID_AIR.hex() + "C2"))) == b"\x00"
    assert tag.afi == 0xC2
    assert body(tag.handle(frame("22 28" + UID_AIR.hex()))) == b"\x00"
    assert body(tag.handle(frame("22 27" + UID_AIR.hex() + "07"))) == b"\x01\x12"
    assert tag.afi == 0xC2
    assert body(tag.handle(frame("22 29" + UID_AIR.hex() + "06"))) == b"\x00"
    assert tag.dsfid == 0x06


def test_system_information(tag: Iso15693Tag) -> None:
    resp = body(tag.handle(frame("22 2B" + UID_AIR.hex())))
    assert resp == b"\x00\x0F" + UID_AIR + bytes([0x3E, 0x07, 27, 3, 0x01])


def test_quiet_select_reset(tag: Iso15693Tag) -> None:
    assert tag.handle(frame("22 02" + UID_AIR.hex())) is None
    assert tag.state is TagState.QUIET
    assert tag.handle(frame("26 01 00")) is None
    assert body(tag.handle(frame("22 25" + UID_AIR.hex()))) == b"\x00"
    assert tag.state is TagState.SELECTED
    assert body(tag.handle(frame("12 20 00"))) == b"\x00" + bytes(range(4))  # select flag 0x10
    assert body(tag.handle(frame("12 26"))) == b"\x00"
    assert tag.state is TagState.READY


def test_nxp_eas(tag: Iso15693Tag) -> None:
    assert tag.handle(frame("02 A5 04")) is None
    assert body(tag.handle(frame("22 A2 04" + UID_AIR.hex()))) == b"\x00"
    assert tag.eas
    assert len(body(tag.handle(frame("02 A5 04")))) == 33
    assert body(tag.handle(frame("22 A3 04" + UID_AIR.hex()))) == b"\x00"
    assert not tag.eas
    assert tag.handle(frame("22 A2 07" + UID_AIR.hex())) is None  # another manufacturer code


def test_password_protect_and_wrong_password_mutes(tag: Iso15693Tag) -> None:
    tag.passwords[0x10] = bytes.fromhex("11223344")
    rnd = body(tag.handle(frame("22 B2 04" + UID_AIR.hex())))[1:3]
    xored = bytes(a ^ b for a, b in zip(bytes.fromhex("11223344"), rnd * 2, strict=True))
    assert body(tag.handle(frame("22 B3 04" + UID_AIR.hex() + "10" + xored.hex()))) == b"\x00"
    assert body(tag.handle(frame("22 A6 04" + UID_AIR.hex() + "01"))) == b"\x00"
    assert tag.afi_protected
    tag.power_cycle()
    assert body(tag.handle(frame("22 27" + UID_AIR.hex() + "C2"))) == b"\x01\x0F"
    rnd = body(tag.handle(frame("22 B2 04" + UID_AIR.hex())))[1:3]
    assert tag.handle(frame("22 B3 04" + UID_AIR.hex() + "10" + "00000000")) is None
    assert tag.muted and tag.handle(frame("26 01 00")) is None
    tag.power_cycle()
    assert tag.handle(frame("26 01 00")) is not None


def test_anticollision_finds_every_tag() -> None:
    tags = [Iso15693Tag(f"E0040100{i:08X}") for i in range(40)]
    result = run_inventory(tags, timing=AirTiming(realistic=True))
    assert {t.uid_hex for t in result.tags} == {t.uid_hex for t in tags}
    assert result.collisions > 0  # 40 tags share low nibbles: must have collided
    assert result.air_s > 0.015


def test_inventory_timing_orders_match_protocols() -> None:
    one = run_inventory([Iso15693Tag("E004010000000001")], timing=AirTiming(realistic=True))
    assert 0.012 < one.air_s < 0.025  # ~15 ms round + ~4 ms answer
    instant = run_inventory([Iso15693Tag("E004010000000001")], timing=AirTiming(realistic=False))
    assert instant.air_s == 0.0


def test_field_leave_after_makes_write_partial(tag: Iso15693Tag) -> None:
    field = Field()
    field.place(tag)
    field.leave_after(UID, 1)
    r1, w1 = field.transceive(frame("22 21" + UID_AIR.hex() + "00 AAAAAAAA"), uid=UID)
    r2, w2 = field.transceive(frame("22 21" + UID_AIR.hex() + "01 BBBBBBBB"), uid=UID)
    assert (len(r1), w1, len(r2), w2) == (1, 1, 0, 0)
    assert tag.read_memory()[:8] == bytes.fromhex("AAAAAAAA") + bytes([4, 5, 6, 7])
    assert field.get(UID) is None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=48))
def test_never_crashes_on_any_frame(data: bytes) -> None:
    t = Iso15693Tag(UID)
    for candidate in (data, append_crc_iso15693(data)):
        resp = t.handle(candidate)
        assert resp is None or check_crc_iso15693(resp)
