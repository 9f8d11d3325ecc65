"""The pty server carries bytes both ways through a real pseudo-terminal, and survives unplugging."""

from __future__ import annotations

import os
from pathlib import Path

import serial

from hwsim.serial_pty import PtyServer, Reply


class Echo:
    def receive(self, data: bytes) -> list[Reply]:
        return [Reply(data=data[::-1], air_s=0.001)]


def test_roundtrip_and_unplug(tmp_path: Path) -> None:
    server = PtyServer(Echo(), link=tmp_path / "ttySIM0", realistic=False).start()
    try:
        with serial.serial_for_url(server.port, baudrate=38400, timeout=1) as port:
            port.write(b"\x01\x02\x03")
            assert port.read(3) == b"\x03\x02\x01"
        assert server.air_total_s > 0
        server.unplug()
        assert not os.path.exists(server.port)
        server.replug()
        with serial.serial_for_url(server.port, baudrate=38400, timeout=1) as port:
            server.faults.corrupt_next = 1
            port.write(b"\x10\x20")
            assert port.read(2) == b"\x20\x11"
    finally:
        server.stop()
    assert not os.path.exists(server.port)
