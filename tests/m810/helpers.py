"""Helpers for the 3M 810 tests: frames assembled byte by byte from the public facts, raw pty reads."""

from __future__ import annotations

from pathlib import Path

import serial

from drivers.crc import crc16_genibus
from hwsim.runner import RunningReader, start_serial_reader


def hand_frame(body_hex: str, sof: int = 0xD6) -> bytes:
    """A 3M 810 frame assembled from the public facts alone (not the driver's codec):
    SOF, length = body + 2 big endian, body, CRC-16/GENIBUS big endian over length and body."""
    body = bytes.fromhex(body_hex)
    head = (len(body) + 2).to_bytes(2, "big") + body
    return bytes([sof]) + head + crc16_genibus(head).to_bytes(2, "big")


def read_reply(port: serial.Serial) -> bytes:
    """One whole reply frame from the raw port: SOF, 2 length bytes, then ``length`` bytes."""
    head = port.read(3)
    assert len(head) == 3, f"no reply (got {head.hex()})"
    rest = port.read(int.from_bytes(head[1:3], "big"))
    return head + rest


def start_sim(tmp_path: Path, *, realistic: bool = False, name: str = "ttyM810") -> RunningReader:
    return start_serial_reader({"protocol": "m810", "name": "m810", "port": str(tmp_path / name)}, realistic=realistic)
