"""The FEIG emulator answers frames assembled byte by byte from the public facts, through a pty.

No driver code here: requests are built by hand (02, length, COM-ADR, command, data, CRC-16/
MCRF4XX LSB first) and replies are checked byte by byte, so the emulator is held to the protocol,
not to our driver.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import serial

from drivers.crc import crc16_iso15693, crc16_mcrf4xx
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.runner import RunningReader

UID = "E004010012345678"
UID_B = bytes.fromhex(UID)


def isc(cmd: int, data: str = "", addr: int = 0xFF) -> bytes:
    body = bytes([addr, cmd]) + bytes.fromhex(data)
    head = bytes([0x02]) + (len(body) + 5).to_bytes(2, "big") + body
    return head + crc16_mcrf4xx(head).to_bytes(2, "little")


def reply(cmd: int, status: int, data: str = "") -> bytes:
    body = bytes([0x00, cmd, status]) + bytes.fromhex(data)
    head = bytes([0x02]) + (len(body) + 5).to_bytes(2, "big") + body
    return head + crc16_mcrf4xx(head).to_bytes(2, "little")


@pytest.fixture
def line(feig_sim: RunningReader) -> Iterator[serial.Serial]:
    with serial.serial_for_url(feig_sim.port, baudrate=38400, timeout=0.5) as port:
        yield port


@pytest.fixture
def tag(feig_sim: RunningReader) -> Iso15693Tag:
    t = Iso15693Tag(UID, memory=bytes(range(1, 113)), afi=0x07, dsfid=0x3E)
    feig_sim.place(t)
    return t


def ask(line: serial.Serial, frame: bytes) -> bytes:
    line.write(frame)
    head = line.read(3)
    assert len(head) == 3, "no reply"
    return head + line.read(int.from_bytes(head[1:3], "big") - 3)


def test_check_frame_baud_detect(line: serial.Serial) -> None:
    assert isc(0x52, "00") == bytes.fromhex("02 00 08 FF 52 00 4A C3")
    assert ask(line, bytes.fromhex("02 00 08 FF 52 00 4A C3")) == reply(0x52, 0x00)


def test_software_version_and_reader_info(line: serial.Serial) -> None:
    assert ask(line, bytes.fromhex("02 00 07 FF 65 6E 61")) == reply(0x65, 0, "0206 00 0B 4D 0009")
    # the very reply a real ISC reader gave (digibib/go-feig test data)
    assert ask(line, isc(0x66, "00")) == bytes.fromhex("02 00 13 00 66 00 02 06 00 0B 4D 00 09 01 18 02 00 95 96")


def test_config_write_then_read(line: serial.Serial) -> None:
    cfg = "0102030405060708090A0B0C0D0E"
    assert ask(line, isc(0x81, "03" + cfg)) == reply(0x81, 0)
    assert ask(line, isc(0x80, "03")) == reply(0x80, 0, cfg)
    assert ask(line, isc(0x80, "83")) == reply(0x80, 0, "00" * 14)  # EEPROM copy untouched


def test_inventory(line: serial.Serial, tag: Iso15693Tag) -> None:
    assert ask(line, isc(0xB0, "01 00")) == reply(0xB0, 0, "01 03 3E" + UID)
    assert ask(line, isc(0xB0, "01 10 07")) == reply(0xB0, 0, "01 03 3E" + UID)  # AFI 07 matches
    assert ask(line, isc(0xB0, "01 10 C2")) == reply(0xB0, 0x01)  # no transponder with AFI C2


def test_read_multiple_blocks_reversed(line: serial.Serial, tag: Iso15693Tag) -> None:
    tag.block_locks[1] = True
    # blocks 0 and 1: memory 01 02 03 04 | 05 06 07 08 -> sent reversed, each after its security byte
    assert ask(line, isc(0xB0, "23 01" + UID + "00 02")) == reply(0xB0, 0, "02 04 00 04030201 01 08070605")


def test_write_multiple_blocks_reversed(line: serial.Serial, tag: Iso15693Tag) -> None:
    assert ask(line, isc(0xB0, "24 01" + UID + "02 02 04 44332211 88776655")) == reply(0xB0, 0)
    assert tag.read_memory()[8:16] == bytes.fromhex("11223344 55667788")


def test_write_locked_block_is_iso_error(line: serial.Serial, tag: Iso15693Tag) -> None:
    tag.block_locks[0] = True
    # ISO error 12 and DB-ADR-E, as the manual gives it and as a real ID ISC.LR1002 answers a
    # locked first block: 02 00 0A 00 B0 95 12 00 + CRC
    assert ask(line, isc(0xB0, "24 01" + UID + "00 01 04 00000000")) == reply(0xB0, 0x95, "12 00")


def test_lock_multiple_blocks_then_writes_and_locks_are_refused(
        line: serial.Serial, tag: Iso15693Tag) -> None:
    assert ask(line, isc(0xB0, "22 01" + UID + "02 03")) == reply(0xB0, 0)
    assert [n for n, locked in enumerate(tag.block_locks) if locked] == [2, 3, 4]
    # ISO 15693 error 12: locked, its content cannot change; 11: locked already
    assert ask(line, isc(0xB0, "24 01" + UID + "03 01 04 00000000")) == reply(0xB0, 0x95, "12 03")
    # locked already: ISO error 11 and DB-ADR-E, the block where it stopped
    assert ask(line, isc(0xB0, "22 01" + UID + "01 03")) == reply(0xB0, 0x95, "11 02")
    assert tag.block_locks[1]  # the block before the refusal was locked
    assert tag.read_memory()[12:16] == bytes([13, 14, 15, 16])


def test_afi_dsfid_commands(line: serial.Serial, tag: Iso15693Tag) -> None:
    assert ask(line, isc(0xB0, "27 01" + UID + "C2")) == reply(0xB0, 0)
    assert tag.afi == 0xC2
    assert ask(line, isc(0xB0, "28 01" + UID)) == reply(0xB0, 0)
    assert tag.afi_locked
    assert ask(line, isc(0xB0, "27 01" + UID + "07")) == reply(0xB0, 0x95, "12")
    assert ask(line, isc(0xB0, "29 01" + UID + "06")) == reply(0xB0, 0)
    assert ask(line, isc(0xB0, "2A 01" + UID)) == reply(0xB0, 0)
    assert (tag.dsfid, tag.dsfid_locked) == (0x06, True)


def test_system_information(line: serial.Serial, tag: Iso15693Tag) -> None:
    # DSFID, UID, AFI, MEM-SIZE (block size-1, blocks-1), IC-REF
    assert ask(line, isc(0xB0, "2B 01" + UID)) == reply(0xB0, 0, "3E" + UID + "07 03 1B 01")


def test_select_quiet_reset(line: serial.Serial, tag: Iso15693Tag) -> None:
    assert ask(line, isc(0xB0, "25 01" + UID)) == reply(0xB0, 0)
    assert tag.state.value == "selected"
    assert ask(line, isc(0xB0, "02 01" + UID)) == reply(0xB0, 0)
    assert ask(line, isc(0xB0, "01 00")) == reply(0xB0, 0x01)  # a quiet tag skips inventory
    assert ask(line, isc(0xB0, "26 01" + UID)) == reply(0xB0, 0)
    assert ask(line, isc(0xB0, "01 00")) == reply(0xB0, 0, "01 03 3E" + UID)


def test_rf_reset_wakes_quiet_tags(line: serial.Serial, tag: Iso15693Tag) -> None:
    ask(line, isc(0xB0, "02 01" + UID))
    assert ask(line, isc(0x69)) == reply(0x69, 0)
    assert ask(line, isc(0xB0, "01 00")) == reply(0xB0, 0, "01 03 3E" + UID)


def test_nxp_eas(line: serial.Serial, tag: Iso15693Tag) -> None:
    assert ask(line, isc(0xB1, "04 A2 01" + UID)) == reply(0xB1, 0)
    assert tag.eas
    alarm = ask(line, isc(0xB1, "04 A5 01" + UID))
    assert alarm[:6] == reply(0xB1, 0, "00" * 32)[:6] and len(alarm) == 8 + 32
    assert ask(line, isc(0xB1, "04 A3 01" + UID)) == reply(0xB1, 0)
    assert not tag.eas
    assert ask(line, isc(0xB1, "04 A5 01" + UID)) == reply(0xB1, 0x01)  # silent when EAS is off
    assert ask(line, isc(0xB1, "04 A4 01" + UID)) == reply(0xB1, 0)
    assert tag.eas_locked


def test_absent_tag_and_errors(line: serial.Serial) -> None:
    assert ask(line, isc(0xB0, "23 01" + UID + "00 01")) == reply(0xB0, 0x01)
    assert ask(line, isc(0x99)) == reply(0x99, 0x80)  # unknown command
    assert ask(line, isc(0xB0, "23 01 E004")) == reply(0xB0, 0x81)  # length error


def test_silent_on_bad_crc_and_other_address(line: serial.Serial) -> None:
    line.write(bytes.fromhex("02 00 08 FF 52 00 4A C4"))
    line.write(isc(0x52, "00", addr=0x05))
    assert line.read(1) == b""
    # and it resynchronises: a good frame after the noise is answered
    assert ask(line, b"\x13\x37" + isc(0x52, "00", addr=0x00)) == reply(0x52, 0)


def test_more_data_for_many_tags(line: serial.Serial, feig_sim: RunningReader) -> None:
    for i in range(30):
        feig_sim.place(Iso15693Tag(bytes([0xE0, 0x04, 0x01, 0x00]) + (i * 0x9E3779B1 & 0xFFFFFFFF).to_bytes(4, "big")))
    first = ask(line, isc(0xB0, "01 00"))
    assert first[5] == 0x94 and first[6] == 24  # more data: 24 records now
    rest = ask(line, isc(0xB0, "01 80"))
    assert rest[5] == 0x00 and rest[6] == 6
    assert len({first[9 + 10 * i:17 + 10 * i] for i in range(24)} | {rest[9 + 10 * i:17 + 10 * i] for i in range(6)}) == 30


def test_air_frames_are_real_iso15693(feig_sim: RunningReader, tag: Iso15693Tag, line: serial.Serial) -> None:
    """What the emulator sent on air is a valid ISO 15693 frame the tag model accepts."""
    frame = bytes([0x22, 0x20]) + UID_B[::-1] + b"\x00"
    frame += crc16_iso15693(frame).to_bytes(2, "little")
    assert tag.handle(frame)[1:5] == bytes(range(1, 5))
