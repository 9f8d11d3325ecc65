"""3M 810 commands: exact request bytes, reply parsing, status → typed errors, any reply bytes."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.errors import (
    FrameError,
    LocalProtocolError,
    NoTransponder,
    ReaderError,
    ReaderStatusError,
    TagCommandError,
    TagLocked,
)
from drivers.m810 import commands as c
from drivers.m810.frames import Frame, decode_frame
from tests.m810.helpers import hand_frame

UID = "E00401003123AA26"


def test_inventory_request_matches_public_captures() -> None:
    # Biblio-RFID sends FE 00 05; LibraryStockScanner sends FE 00 07 (CRC DA 02)
    assert c.inventory(options=0x05).encode() == hand_frame("FE 00 05")
    assert c.inventory().encode() == bytes.fromhex("D6 00 05 FE 00 07 DA 02")
    assert c.inventory(afi=0x07).body == bytes.fromhex("FE 07 07")


def test_inventory_reply_captured() -> None:
    wire = bytes.fromhex("D6 00 17 FE 00 00 05 02 E0 04 01 00 31 23 AA 26 E0 04 01 00 01 7C 0C 38 CA DB")
    reply = c.inventory(options=0x05).parse(decode_frame(wire))
    assert [t.uid for t in reply.tags] == ["E00401003123AA26", "E0040100017C0C38"]
    assert reply.tags[0].dsfid is None
    with_dsfid = Frame(body=bytes.fromhex("FE 00 00 07 01 3E E0 04 01 00 31 23 AA 26"))
    assert c.inventory().parse(with_dsfid).tags[0] == c.InventoryEntry(uid=UID, dsfid=0x3E)
    with pytest.raises(FrameError):
        c.inventory().parse(Frame(body=bytes.fromhex("FE 00 00 07 02 3E E0 04 01 00 31 23 AA 26")))


def test_version_probe_is_the_public_one() -> None:
    cmd = c.version()
    assert cmd.encode() == bytes.fromhex("D5 00 05 04 00 11 8C 66")
    assert cmd.parse(decode_frame(bytes.fromhex("D5 00 09 04 00 11 0A 05 00 02 72 50"))) == (10, 5, 0, 2)


def test_request_bodies() -> None:
    u = bytes.fromhex(UID)
    assert c.read_multiblock(UID, 0, 8).body == b"\x02" + u + b"\x00\x08"
    assert c.write_multiblock(UID, 0, b"ABCDEFGH").body == b"\x04" + u + b"\x00\x02\x00ABCDEFGH"
    assert c.write_block(UID, 3, b"ABCD").body == b"\x05" + u + b"\x03ABCD"
    assert c.write_and_lock(UID, 3, b"ABCD").body == b"\x07" + u + b"\x03ABCD"
    assert c.get_afi(UID).body == b"\x0A" + u
    assert c.write_afi(UID, 0xC2).body == b"\x09" + u + b"\xC2"
    assert c.lock_afi(UID).body == b"\x06" + u
    assert c.quiet(UID).body == b"\x01" + u
    assert c.check_eas(UID).body == b"\x03" + u
    assert c.eas_control(UID, True).body == b"\x0C" + u + b"\x01"
    assert c.eas_control(UID, False).body == b"\x0C" + u + b"\x00"
    assert c.get_dsfid(UID).body == b"\x0F" + u
    assert c.tag_info(UID).body == b"\x0D" + u
    assert c.passthrough(b"\x22\x20" + u[::-1] + b"\x00").uid == UID


def test_read_reply_layout() -> None:
    # Biblio-RFID: 02 00, UID, count, then per block its number, a lock byte and 4 data bytes
    body = bytes.fromhex("02 00") + bytes.fromhex(UID) + bytes.fromhex("02 05 00 11 22 33 44 06 01 55 66 77 88")
    reply = c.read_multiblock(UID, 5, 2).parse(Frame(body=body))
    assert reply.data == bytes.fromhex("11 22 33 44 55 66 77 88")
    assert [(b.number, b.lock) for b in reply.blocks] == [(5, 0), (6, 1)]
    with pytest.raises(FrameError):  # blocks out of order
        c.read_multiblock(UID, 4, 2).parse(Frame(body=body))


@pytest.mark.parametrize(
    ("status", "error"),
    [(0x06, NoTransponder), (0x11, TagLocked), (0x12, TagLocked), (0x15, TagCommandError), (0x16, TagCommandError),
     (0x30, TagCommandError), (0x31, TagCommandError), (0x02, ReaderStatusError)],
)
def test_status_errors(status: int, error: type[Exception]) -> None:
    with pytest.raises(error):
        c.write_afi(UID, 7).parse(Frame(body=bytes([0x09, status]) + bytes.fromhex(UID)))


def test_local_protocol_errors() -> None:
    for build in (
        lambda: c.read_multiblock("E004", 0, 1),
        lambda: c.read_multiblock(UID, 0, 0),
        lambda: c.write_multiblock(UID, 0, b"abc"),
        lambda: c.write_block(UID, 0, b"abcde"),
        lambda: c.write_afi(UID, 256),
        lambda: c.passthrough(b"\x22"),
    ):
        with pytest.raises(LocalProtocolError):
            build()


ALL = [
    c.inventory(), c.version(), c.read_multiblock(UID, 0, 3), c.write_multiblock(UID, 0, b"x" * 8), c.write_block(UID, 0, b"abcd"),
    c.write_and_lock(UID, 1, b"abcd"), c.get_afi(UID), c.write_afi(UID, 7), c.lock_afi(UID), c.quiet(UID), c.check_eas(UID),
    c.eas_control(UID, True), c.get_dsfid(UID), c.tag_info(UID), c.passthrough(b"\x02\x2B"),
]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ALL), st.binary(max_size=60), st.sampled_from([0xD6, 0xD5]))
def test_parsers_never_crash(cmd: c.Command[object], tail: bytes, sof: int) -> None:
    frame = Frame(body=cmd.body[:1] + tail, sof=sof)
    with contextlib.suppress(ReaderError):
        cmd.parse(frame)
