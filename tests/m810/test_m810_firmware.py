"""The 3M 810 emulator answers frames assembled byte by byte from the public facts, through a real pty.

These tests never use the driver or its codec: requests are literal bytes or :func:`hand_frame`
(SOF, length = body + 2, body, CRC-16/GENIBUS), replies are compared as bytes.
"""

from __future__ import annotations

import serial
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.crc import crc16_genibus
from hwsim.field import Field
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.m810.firmware import M810Firmware
from hwsim.runner import RunningReader
from tests.m810.helpers import hand_frame, read_reply

UID1 = "E00401003123AA26"
UID2 = "E0040100017C0C38"


def ask(raw: serial.Serial, request: bytes) -> bytes:
    raw.write(request)
    reply = read_reply(raw)
    # every reply is a well-formed frame: length counts body + CRC, CRC over length and body
    assert crc16_genibus(reply[1:-2]) == int.from_bytes(reply[-2:], "big")
    return reply


def body(reply: bytes) -> str:
    return reply[3:-2].hex(" ").upper()


def test_captured_inventory_exchanges(sim: RunningReader, raw: serial.Serial) -> None:
    # Replies captured from a real 3M 810 (BIOS9/LibraryStockScanner test vectors), byte for byte
    assert ask(raw, bytes.fromhex("D6 00 05 FE 00 05") + crc16_genibus(bytes.fromhex("00 05 FE 00 05")).to_bytes(2, "big")) == bytes.fromhex(
        "D6 00 07 FE 00 00 05 00 C9 7B"
    )
    sim.place(Iso15693Tag(UID1))
    assert ask(raw, hand_frame("FE 00 05")) == bytes.fromhex("D6 00 0F FE 00 00 05 01 E0 04 01 00 31 23 AA 26 94 1A")
    sim.place(Iso15693Tag(UID2))
    reply = ask(raw, hand_frame("FE 00 05"))
    assert reply[:8] == bytes.fromhex("D6 00 17 FE 00 00 05 02")
    assert sorted([reply[8:16].hex().upper(), reply[16:24].hex().upper()]) == [UID2, UID1]


def test_inventory_options_07_and_afi(sim: RunningReader, raw: serial.Serial) -> None:
    sim.place(Iso15693Tag(UID1, dsfid=0x3E, afi=0x07))
    sim.place(Iso15693Tag(UID2, afi=0xC2))
    assert body(ask(raw, hand_frame("FE 07 07"))) == "FE 00 07 07 01 3E " + " ".join(UID1[i:i + 2] for i in range(0, 16, 2))
    assert body(ask(raw, hand_frame("FE C2 05"))) == "FE 00 C2 05 01 E0 04 01 00 01 7C 0C 38"


def test_version_probe_and_biblio_setup(raw: serial.Serial) -> None:
    # dpavlin/Biblio-RFID init: the D5 probe and the 13 exchange, with the answers it asserts
    assert ask(raw, bytes.fromhex("D5 00 05 04 00 11 8C 66")) == bytes.fromhex("D5 00 09 04 00 11 0A 05 00 02 72 50")
    assert body(ask(raw, hand_frame("13 04 01 00 02 00 03 00 04 00"))) == "13 00 02 01 01 03 02 02 03 00"


def test_read_multiblock(sim: RunningReader, raw: serial.Serial) -> None:
    tag = Iso15693Tag(UID1, memory=bytes(range(112)))
    tag.block_locks[1] = True
    sim.place(tag)
    reply = ask(raw, hand_frame(f"02 {UID1} 00 03"))
    assert body(reply) == f"02 00 {' '.join(UID1[i:i + 2] for i in range(0, 16, 2))} 03 00 00 00 01 02 03 01 01 04 05 06 07 02 00 08 09 0A 0B"
    # out of range and absent tags
    assert body(ask(raw, hand_frame(f"02 {UID1} 1B 02")))[:5] == "02 15"
    assert body(ask(raw, hand_frame("02 E004010000000000 00 01"))) == "02 06 E0 04 01 00 00 00 00 00"


def test_write_multiblock_and_single_blocks(sim: RunningReader, raw: serial.Serial) -> None:
    tag = Iso15693Tag(UID1, supports_write_multiple=False)  # the emulator must use 21 per block
    sim.place(tag)
    u = " ".join(UID1[i:i + 2] for i in range(0, 16, 2))
    assert body(ask(raw, hand_frame(f"04 {UID1} 00 02 00 11223344 55667788"))) == f"04 00 {u} 02"
    assert tag.read_memory()[:8] == bytes.fromhex("1122334455667788")
    assert body(ask(raw, hand_frame(f"05 {UID1} 05 AABBCCDD"))) == f"05 00 {u} 05"
    assert tag.read_memory()[20:24] == bytes.fromhex("AABBCCDD")
    assert body(ask(raw, hand_frame(f"07 {UID1} 06 01020304"))) == f"07 00 {u} 06"
    assert tag.block_locks[6]
    assert body(ask(raw, hand_frame(f"05 {UID1} 06 FFFFFFFF"))) == f"05 12 {u}"
    assert tag.read_memory()[24:28] == bytes.fromhex("01020304")


def test_afi_dsfid_info(sim: RunningReader, raw: serial.Serial) -> None:
    tag = Iso15693Tag(UID1, afi=0x07, dsfid=0x3E)
    sim.place(tag)
    u = " ".join(UID1[i:i + 2] for i in range(0, 16, 2))
    assert body(ask(raw, hand_frame(f"0A {UID1}"))) == f"0A 00 {u} 07"
    assert body(ask(raw, hand_frame(f"09 {UID1} C2"))) == f"09 00 {u}"
    assert tag.afi == 0xC2
    assert body(ask(raw, hand_frame(f"0F {UID1}"))) == f"0F 00 {u} 3E"
    assert body(ask(raw, hand_frame(f"0D {UID1}"))) == f"0D 00 {u} 0F 3E C2 1B 03 01"
    assert body(ask(raw, hand_frame(f"06 {UID1}"))) == f"06 00 {u}"
    assert tag.afi_locked
    assert body(ask(raw, hand_frame(f"09 {UID1} 07"))) == f"09 12 {u}"
    assert body(ask(raw, hand_frame(f"06 {UID1}"))) == f"06 11 {u}"


def test_eas(sim: RunningReader, raw: serial.Serial) -> None:
    tag = Iso15693Tag(UID1)
    sim.place(tag)
    u = " ".join(UID1[i:i + 2] for i in range(0, 16, 2))
    assert body(ask(raw, hand_frame(f"03 {UID1}"))) == f"03 00 {u} 00"
    assert body(ask(raw, hand_frame(f"0C {UID1} 01"))) == f"0C 00 {u}"
    assert tag.eas
    assert body(ask(raw, hand_frame(f"03 {UID1}"))) == f"03 00 {u} 01"
    assert body(ask(raw, hand_frame(f"0C {UID1} 00"))) == f"0C 00 {u}"
    assert not tag.eas
    assert body(ask(raw, hand_frame("03 E004010000000000"))) == "03 06 E0 04 01 00 00 00 00 00"


def test_quiet_and_passthrough(sim: RunningReader, raw: serial.Serial) -> None:
    sim.place(Iso15693Tag(UID1, memory=b"WXYZ"))
    sim.place(Iso15693Tag(UID2))
    air_uid = bytes.fromhex(UID1)[::-1].hex()
    # raw ISO read single block 0, addressed: flags 22, command 20, UID LSB first, block 00
    assert body(ask(raw, hand_frame(f"14 22 20 {air_uid} 00"))) == "14 00 00 57 58 59 5A"
    assert body(ask(raw, hand_frame(f"01 {UID1}")))[:5] == "01 00"
    assert body(ask(raw, hand_frame("FE 00 05"))) == "FE 00 00 05 01 E0 04 01 00 01 7C 0C 38"
    assert body(ask(raw, hand_frame(f"14 22 26 {air_uid}"))) == "14 00 00"  # reset to ready
    assert body(ask(raw, hand_frame("FE 00 05")))[:14] == "FE 00 00 05 02"


def test_unknown_command_and_bad_fields(raw: serial.Serial) -> None:
    assert body(ask(raw, hand_frame("42 00"))) == "42 02"
    assert body(ask(raw, hand_frame("02 E004"))) == "02 31"
    assert body(ask(raw, hand_frame("FE 00"))) == "FE 31"


def test_resynchronises_on_noise_bad_crc_and_split_frames(sim: RunningReader, raw: serial.Serial) -> None:
    sim.place(Iso15693Tag(UID1))
    good = hand_frame("FE 00 05")
    bad = good[:-1] + bytes([good[-1] ^ 0xFF])
    raw.write(b"\x00\x55" + bad)  # noise and a frame with a bad CRC: no answer
    raw.write(good[:2])  # then a request split across writes
    raw.write(good[2:])
    reply = read_reply(raw)
    assert body(reply) == "FE 00 00 05 01 E0 04 01 00 31 23 AA 26"
    raw.timeout = 0.2
    assert raw.read(1) == b""  # exactly one reply


def test_firmware_receives_split_at_every_byte() -> None:
    field = Field()
    field.place(Iso15693Tag(UID1))
    fw = M810Firmware(field)
    request = hand_frame(f"0A {UID1}")
    for cut in range(len(request) + 1):
        replies = fw.receive(request[:cut]) + fw.receive(request[cut:])
        assert len(replies) == 1, cut
        assert replies[0].data[3:-2] == bytes.fromhex(f"0A 00 {UID1} 00")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_firmware_never_crashes(data: bytes) -> None:
    field = Field()
    field.place(Iso15693Tag(UID1))
    fw = M810Firmware(field)
    for reply in fw.receive(data):
        assert reply.data[:1] in (b"\xD6", b"\xD5")
    # whatever came before, a whole good request afterwards is answered
    assert fw.receive(hand_frame(f"0F {UID1}"))[-1].data[3:5] == b"\x0F\x00"


def test_scenario_options() -> None:
    fw = M810Firmware(Field(), version="11.0.1.7")
    (reply,) = fw.receive(bytes.fromhex("D5 00 05 04 00 11 8C 66"))
    assert reply.data[3:-2] == bytes.fromhex("04 00 11 0B 00 01 07")
    try:
        M810Firmware(Field(), colour="red")
    except TypeError as exc:
        assert "colour" in str(exc)
    else:
        raise AssertionError("unknown option accepted")
