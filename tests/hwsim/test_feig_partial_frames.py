"""A FEIG pad that received part of a frame, or a frame of another protocol that reads as the
start of a long ISC frame, drops it after an inter-byte timeout and answers the next good frame
(as a real reader does; before, it waited for the rest of an 8 KB frame forever)."""

from __future__ import annotations

import time
from pathlib import Path

import serial

from drivers.crc import crc16_mcrf4xx
from drivers.registry import open_reader
from hwsim.feig.firmware import FeigFirmware
from hwsim.field import Field
from hwsim.runner import start_serial_reader

BAUD_DETECT = bytes.fromhex("020008FF52004AC3")
#: a frame of another protocol: 02 then a length of 0x1000, so an ISC parser waits for 4 KB
FOREIGN = bytes.fromhex("021000FF6500AABB")


def test_the_check_frame_is_the_protocols() -> None:
    assert crc16_mcrf4xx(BAUD_DETECT[:-2]) == 0xC34A


def test_a_partial_frame_is_dropped_after_the_inter_byte_timeout() -> None:
    now = [100.0]
    fw = FeigFirmware(Field(), clock=lambda: now[0], inter_byte_timeout_s=0.05)
    assert fw.receive(FOREIGN) == []
    now[0] += 0.01  # within the timeout the bytes still belong to the frame
    assert fw.receive(BAUD_DETECT[:3]) == []
    now[0] += 0.2  # a gap: a real reader has dropped the partial frame by now
    (reply,) = fw.receive(BAUD_DETECT)
    assert reply.data[4:6] == b"\x52\x00" and fw.dropped_partial == 1


def test_a_frame_read_in_two_pieces_is_still_one_frame() -> None:
    now = [0.0]
    fw = FeigFirmware(Field(), clock=lambda: now[0])
    assert fw.receive(BAUD_DETECT[:4]) == []
    now[0] += 0.002  # the rest within the timeout: one frame
    (reply,) = fw.receive(BAUD_DETECT[4:])
    assert reply.data[4] == 0x52 and fw.dropped_partial == 0


def test_the_pad_answers_the_driver_after_a_foreign_frame(tmp_path: Path) -> None:
    sim = start_serial_reader({"name": "pad", "protocol": "feig", "port": str(tmp_path / "ttyPAD")},
                              realistic=False)
    try:
        with serial.serial_for_url(sim.port, baudrate=38400, timeout=0.3) as line:
            line.write(FOREIGN)  # e.g. a scan with the wrong protocol
            line.flush()
            assert line.read(8) == b""
        time.sleep(0.2)
        with open_reader(f"feig://{sim.port}?timeout=0.5&retries=0") as reader:
            assert reader.reader_info().protocol == "feig"
    finally:
        sim.stop()
