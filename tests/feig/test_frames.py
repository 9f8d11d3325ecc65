"""FEIG ISC frame codec: check values, real frames from public captures, any split, any garbage."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.errors import FrameError, LocalProtocolError
from drivers.feig import commands as c
from drivers.feig.frames import FrameDecoder, Request, Response, decode_request, decode_response

BAUD_DETECT = bytes.fromhex("02 00 08 FF 52 00 4A C3")  # PROTOCOLS.md check frame
SW_VERSION = bytes.fromhex("02 00 07 FF 65 6E 61")  # CRC from digibib/go-feig tests
# a reader-info reply and a 3-tag inventory reply captured from ISC readers (digibib/go-feig tests)
READER_INFO_REPLY = bytes.fromhex("02 00 13 00 66 00 02 06 00 0B 4D 00 09 01 18 02 00 95 96")
INVENTORY_REPLY = bytes.fromhex(
    "02 00 27 00 B0 83 03"
    "03 00 E0 04 01 50 33 09 CE 74"
    "03 00 E0 04 01 00 46 70 7A 28"
    "03 00 E0 04 01 50 0B 21 97 24"
    "78 C9"
)


def test_check_frame() -> None:
    assert c.baud_detect_request().encode() == BAUD_DETECT
    assert decode_request(BAUD_DETECT) == Request(address=0xFF, command=0x52, data=b"\x00")


def test_software_version_request_crc() -> None:
    assert c.software_version_request().encode() == SW_VERSION


def test_real_reader_info_reply() -> None:
    reply = decode_response(READER_INFO_REPLY)
    assert (reply.address, reply.command, reply.status) == (0x00, 0x66, 0x00)
    version = c.parse_software_version(reply.data)
    assert (version.sw_rev, version.hw_type, version.sw_type) == (0x0206, 0x0B, 0x4D)
    assert version.firmware == "02.06.00"
    assert (version.rx_buffer, version.tx_buffer) == (0x0118, 0x0200)


def test_real_inventory_reply_with_rf_warning_status_keeps_data() -> None:
    reply = decode_response(INVENTORY_REPLY)
    assert reply.status == 0x83 and reply.status_text == "RF communication error"
    uids = [r.uid for r in c.parse_inventory(reply.data)]
    assert uids == ["E00401503309CE74", "E004010046707A28", "E00401500B219724"]
    assert {r.tr_type for r in c.parse_inventory(reply.data)} == {0x03}


def test_encode_response_roundtrip() -> None:
    r = Response(address=0x00, command=0xB0, status=0x95, data=b"\x12")
    assert decode_response(r.encode()) == r


def test_bad_crc_and_length_rejected() -> None:
    with pytest.raises(FrameError):
        decode_request(BAUD_DETECT[:-1] + b"\x00")
    with pytest.raises(FrameError):
        decode_request(BAUD_DETECT[:3] + BAUD_DETECT[4:])


def test_local_errors() -> None:
    with pytest.raises(LocalProtocolError):
        Request(command=0x100)
    with pytest.raises(LocalProtocolError):
        c.read_multiple_blocks_request("E004010000000001", 250, 10)
    with pytest.raises(LocalProtocolError):
        c.write_multiple_blocks_request("E004010000000001", 0, b"\x01\x02\x03")
    with pytest.raises(LocalProtocolError):
        c.uid_bytes("E00401")


def _all(decoder: FrameDecoder) -> list[object]:
    out = []
    while (frame := decoder.next_frame()) is not None:
        out.append(frame)
    return out


@pytest.mark.parametrize("split", ["whole", "bytewise", "trailing"])
def test_every_split(split: str) -> None:
    """h11's habit: feed whole, one byte at a time, and with the next frame's start behind."""
    d = FrameDecoder()
    frames: list[object] = []
    if split == "whole":
        d.feed(READER_INFO_REPLY + INVENTORY_REPLY)
        frames = _all(d)
    elif split == "bytewise":
        for b in READER_INFO_REPLY + INVENTORY_REPLY:
            d.feed(bytes([b]))
            frames += _all(d)
    else:
        d.feed(READER_INFO_REPLY + INVENTORY_REPLY[:5])
        frames = _all(d)
        assert d.pending == INVENTORY_REPLY[:5]
        d.feed(INVENTORY_REPLY[5:])
        frames += _all(d)
    assert [f.command for f in frames] == [0x66, 0xB0]  # type: ignore[attr-defined]


def test_resync_on_garbage_including_false_start() -> None:
    d = FrameDecoder()
    d.feed(b"\x55\xaa\x00\x02\x00\x30" + READER_INFO_REPLY)  # 02 00 30: a frame start that lies
    (frame,) = _all(d)
    assert frame.command == 0x66  # type: ignore[attr-defined]
    assert d.skipped == 6


def test_bad_crc_reported_then_decoder_recovers() -> None:
    d = FrameDecoder()
    d.feed(READER_INFO_REPLY[:-1] + b"\x00")
    with pytest.raises(FrameError):
        d.next_frame()
    d.feed(INVENTORY_REPLY)
    assert d.next_frame().command == 0xB0  # type: ignore[union-attr]


@given(st.integers(0, 255), st.integers(0, 255), st.binary(max_size=300))
def test_request_roundtrip(address: int, command: int, data: bytes) -> None:
    req = Request(address=address, command=command, data=data)
    d = FrameDecoder(responses=False)
    d.feed(req.encode())
    assert d.next_frame() == req


@given(st.binary(max_size=600), st.binary(max_size=50))
def test_never_crashes_and_finds_frame_after_noise(noise: bytes, data: bytes) -> None:
    reply = Response(command=0xB0, status=0x00, data=data)
    d = FrameDecoder()
    d.feed(noise)
    try:
        while d.next_frame() is not None:
            pass
    except FrameError:
        pass
    d.reset()
    d.feed(noise.replace(b"\x02", b"\x03") + reply.encode())
    assert d.next_frame() == reply


@given(st.binary(max_size=200))
def test_parsers_never_crash(data: bytes) -> None:
    for parse in (c.parse_inventory, c.parse_read_multiple_blocks, c.parse_system_information, c.parse_software_version):
        with contextlib.suppress(FrameError):
            parse(data)


def test_block_order_reversed_on_the_wire() -> None:
    req = c.write_multiple_blocks_request("E004010000000001", 2, bytes.fromhex("01020304 05060708"))
    assert req.data == bytes.fromhex("24 01 E004010000000001 02 02 04 04030201 08070605")
    blocks = c.parse_read_multiple_blocks(bytes.fromhex("02 04 00 04030201 01 08070605"))
    assert blocks.data == bytes.fromhex("0102030405060708")
    assert blocks.security == b"\x00\x01"


#: a write to a tag whose block 0 is locked, captured on a FEIG ID ISC.LR1002 (ST community
#: forum, 2023): inventory request, its two-tag reply, a Write Multiple Blocks of 8 four-byte
#: blocks (each block's bytes reversed on the wire), and the refusal: ISO error 12, DB-ADR-E 00
LR1002_INVENTORY = bytes.fromhex("020009FFB00100" "1843")
LR1002_INVENTORY_REPLY = bytes.fromhex(
    "02001D00B00002" "0300E002510002564AA4" "0300E002230018892B09" "E300")
LR1002_WRITE = bytes.fromhex(
    "020034FFB02401" "E002510002564AA4" "000804" "04030201" "70600005" "0BA09080" "0F0E0D0C"
    "13121110" "00161514" "00000000" "00000000" "1818")
LR1002_LOCKED = bytes.fromhex("02000A00B0951200" "9429")


def test_requests_and_replies_match_a_real_lr1002_capture() -> None:
    from drivers.errors import TagLocked
    from drivers.feig.reader import FeigReader

    assert c.inventory_request().encode() == LR1002_INVENTORY
    reply = decode_response(LR1002_INVENTORY_REPLY)
    assert [r.uid for r in c.parse_inventory(reply.data)] == ["E002510002564AA4",
                                                              "E002230018892B09"]
    blocks = bytes.fromhex("01020304" "05006070" "8090A00B" "0C0D0E0F" "10111213" "14151600"
                           "00000000" "00000000")
    assert c.write_multiple_blocks_request("E002510002564AA4", 0, blocks).encode() == LR1002_WRITE
    refusal = decode_response(LR1002_LOCKED)
    assert (refusal.status, refusal.data) == (0x95, bytes([0x12, 0x00]))
    error = FeigReader._error(FeigReader.__new__(FeigReader), refusal, "E002510002564AA4")
    assert isinstance(error, TagLocked) and "locked at block 0" in str(error)
