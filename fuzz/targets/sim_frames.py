"""The reader emulators' own host-frame parsers (hwsim.feig, hwsim.m810): any bytes in any split,
and one byte at a time, as a hostile line would feed them. Nothing may raise; every request they
would answer is a whole frame with a good CRC (the 3M one's span CRCs are checked against the
plain CRC at every candidate). Their answers are not run: this fuzzes the framing."""

from __future__ import annotations

from drivers.crc import crc16_genibus, crc16_mcrf4xx
from drivers.resync import FrameBuffer
from hwsim.feig.firmware import FeigFirmware
from hwsim.field import Field
from hwsim.m810.firmware import M810Firmware
from hwsim.serial_pty import Reply

ALLOWED: tuple[type[BaseException], ...] = ()


class _Feig(FeigFirmware):
    def __init__(self) -> None:
        super().__init__(Field(), clock=lambda: 0.0)

    def _answer(self, frame: bytes) -> Reply:
        assert frame[0] == 0x02 and int.from_bytes(frame[1:3], "big") == len(frame) >= 7, frame
        assert crc16_mcrf4xx(frame[:-2]) == int.from_bytes(frame[-2:], "little"), frame
        return Reply(data=b"")


class _PlainChecked(FrameBuffer):
    """The emulator's own frame buffer, each span CRC it answers checked against the plain CRC."""

    def crc_good(self, i: int, size: int) -> bool:
        ok = super().crc_good(i, size)
        frame = self.slice(i, i + size)
        assert ok == (crc16_genibus(frame[1:-2]) == int.from_bytes(frame[-2:], "big")), frame
        return ok


class _M810(M810Firmware):
    def __init__(self) -> None:
        super().__init__(Field())
        self._buf.__class__ = _PlainChecked  # the very buffer it framed with, checked

    def _answer(self, sof: int, body: bytes) -> Reply | None:
        assert sof in (0xD5, 0xD6) and 1 <= len(body) <= 1022, body
        return None


def one_input(data: bytes) -> None:
    step = 1 + (data[0] % 17 if data else 0)
    for firmware in (_Feig(), _M810()):
        for i in range(0, len(data), step):
            firmware.receive(data[i:i + step])
    for firmware in (_Feig(), _M810()):  # one byte at a time, the first 600 (so each input stays quick)
        for b in data[:600]:
            firmware.receive(bytes([b]))
