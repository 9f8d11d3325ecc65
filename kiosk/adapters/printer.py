"""The receipt printer port: :class:`SerialPrinter` sends ESC/POS bytes to a serial line (a pty
in the simulator)."""

from __future__ import annotations


class SerialPrinter:
    """A thermal printer on a serial line (``/dev/ttyUSB2`` or a simulator pty)."""

    def __init__(self, port: str, *, baudrate: int = 9600) -> None:
        self.port = port
        self.baudrate = baudrate

    def print_receipt(self, data: bytes) -> None:
        import serial

        try:
            with serial.Serial(self.port, self.baudrate, timeout=2, write_timeout=5) as line:
                line.write(data)
                line.flush()
        except serial.SerialException as exc:
            raise OSError(str(exc)) from exc
