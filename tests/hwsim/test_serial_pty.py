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


class Collect:
    """Answers once a whole 96-byte request has arrived; remembers when each slice came."""

    def __init__(self) -> None:
        self.buf = bytearray()
        self.arrivals: list[tuple[float, int]] = []

    def receive(self, data: bytes) -> list[Reply]:
        import time

        self.arrivals.append((time.monotonic(), len(data)))
        self.buf += data
        return [Reply(data=b"\x06")] if len(self.buf) >= 96 else []


def test_a_request_takes_its_wire_time_before_the_reader_sees_it(tmp_path: Path) -> None:
    """At 9600 baud (8N1) 96 bytes need 0.1 s on the wire: the firmware gets them in slices as
    a UART would, not at once, and the line time counts the request as well as the reply."""
    import time

    firmware = Collect()
    server = PtyServer(firmware, link=tmp_path / "ttySIM1", baud=9600, realistic=True).start()
    try:
        with serial.serial_for_url(server.port, baudrate=9600, timeout=2) as port:
            start = time.monotonic()
            port.write(bytes(range(96)))
            assert port.read(1) == b"\x06"
    finally:
        server.stop()
    assert bytes(firmware.buf) == bytes(range(96))
    assert len(firmware.arrivals) > 10  # ~2 ms slices of ~2 bytes, not one lump
    assert firmware.arrivals[-1][0] - start >= 0.095  # the last byte needs 96 × 10 bit times
    assert abs(server.line_total_s - 97 * 10 / 9600) < 1e-9  # request and reply bytes
