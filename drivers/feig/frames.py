"""FEIG ISC advanced-protocol frames, sans-I/O (bytes in, frames out; no I/O, no clock).

Frame (both directions)::

    02 | LEN-HI LEN-LO | COM-ADR | CMD | [STATUS] | DATA… | CRC-LSB CRC-MSB

``LEN`` counts the whole frame, ``02`` to CRC. The CRC is CRC-16/MCRF4XX over everything before it,
sent least significant byte first: the baud-detect request is ``02 00 08 FF 52 00 4A C3``.
A reply repeats the command and puts a status byte first (``00`` OK).

:class:`FrameDecoder` is incremental: feed it any split of the line, it resynchronises on garbage
(skips to the next ``02`` that starts a whole frame with a good CRC) and never raises on any input
except to report a frame whose CRC is wrong (:class:`~drivers.errors.FrameError`), so the caller
can resend at once instead of waiting out a timeout.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.crc import SpanCrc, crc16_mcrf4xx
from drivers.errors import FrameError, LocalProtocolError
from drivers.resync import FrameBuffer

STX = 0x02
BROADCAST = 0xFF
MIN_REQUEST = 7  # 02 LL LL ADR CMD CRC CRC
MIN_RESPONSE = 8  # plus status
MAX_FRAME = 0x2000  # larger than any ISC.MR/LR buffer; longer "lengths" are line noise

STATUS_TEXT: dict[int, str] = {
    0x00: "OK",
    0x01: "no transponder",
    0x02: "CRC error (transponder)",
    0x03: "write error",
    0x04: "address error",
    0x05: "wrong transponder type",
    0x10: "EEPROM failure",
    0x11: "parameter range error",
    0x80: "unknown command",
    0x81: "length error",
    0x82: "command not available",
    0x83: "RF communication error",
    0x84: "RF warning",
    0x94: "more data",
    0x95: "ISO 15693 error",
}


@dataclass(frozen=True, kw_only=True)
class Request:
    """A host→reader frame. ``address`` is the reader's COM-ADR (``FF`` = any reader)."""

    command: int
    data: bytes = b""
    address: int = BROADCAST

    def __post_init__(self) -> None:
        if not 0 <= self.command <= 0xFF or not 0 <= self.address <= 0xFF:
            raise LocalProtocolError("command and address are single bytes")
        if MIN_REQUEST + len(self.data) > 0xFFFF:
            raise LocalProtocolError("request data too long for a 2-byte frame length")

    def encode(self) -> bytes:
        return _seal(bytes([self.address, self.command]) + self.data)


@dataclass(frozen=True, kw_only=True)
class Response:
    """A reader→host frame."""

    command: int
    status: int
    data: bytes = b""
    address: int = 0x00

    def __post_init__(self) -> None:
        if not all(0 <= v <= 0xFF for v in (self.command, self.status, self.address)):
            raise LocalProtocolError("command, status and address are single bytes")

    @property
    def ok(self) -> bool:
        return self.status == 0x00

    @property
    def status_text(self) -> str:
        return STATUS_TEXT.get(self.status, f"status 0x{self.status:02X}")

    def encode(self) -> bytes:
        return _seal(bytes([self.address, self.command, self.status]) + self.data)


def _seal(body: bytes) -> bytes:
    """Prefix ``02`` and the length, append the CRC (LSB first)."""
    head = bytes([STX]) + (len(body) + 5).to_bytes(2, "big") + body
    return head + crc16_mcrf4xx(head).to_bytes(2, "little")


def crc_ok(frame: bytes) -> bool:
    return len(frame) >= 3 and crc16_mcrf4xx(frame[:-2]) == int.from_bytes(frame[-2:], "little")


def decode_request(frame: bytes) -> Request:
    """One whole request frame. :raises FrameError: not a valid request frame."""
    _check_whole(frame, MIN_REQUEST)
    return _request(frame)


def decode_response(frame: bytes) -> Response:
    """One whole reply frame. :raises FrameError: not a valid reply frame."""
    _check_whole(frame, MIN_RESPONSE)
    return _response(frame)


def _request(frame: bytes) -> Request:
    return Request(address=frame[3], command=frame[4], data=bytes(frame[5:-2]))


def _response(frame: bytes) -> Response:
    return Response(address=frame[3], command=frame[4], status=frame[5], data=bytes(frame[6:-2]))


def _check_whole(frame: bytes, minimum: int) -> None:
    if len(frame) < minimum or frame[0] != STX:
        raise FrameError(f"not an ISC frame: {frame[:8].hex(' ')}")
    if int.from_bytes(frame[1:3], "big") != len(frame):
        raise FrameError(f"length field {int.from_bytes(frame[1:3], 'big')} != {len(frame)} bytes")
    if not crc_ok(frame):
        raise FrameError(f"bad CRC in {frame.hex(' ')}")


class FrameDecoder:
    """Incremental decoder for one direction of the line.

    Amortised O(1) work per byte received, whatever the noise (:class:`~drivers.resync.FrameBuffer`
    finds the later whole frames the resync rule asks for without re-scanning).

    :param responses: decode reader replies (:class:`Response`); ``False`` for host requests
        (:class:`Request`), as the emulator's tests use it.
    """

    def __init__(self, *, responses: bool = True) -> None:
        self._responses = responses
        self._min = MIN_RESPONSE if responses else MIN_REQUEST
        self._buf = FrameBuffer(starts=bytes([STX]), frame_size=self._frame_size, crc=SpanCrc.mcrf4xx(),
                                crc_from=0, crc_order="little")
        self.skipped = 0  # garbage bytes dropped while resynchronising

    def _frame_size(self, length: int) -> int:
        return length if self._min <= length <= MAX_FRAME else 0

    def reset(self) -> None:
        self._buf.clear()

    def feed(self, data: bytes) -> None:
        self._buf.feed(data)

    @property
    def pending(self) -> bytes:
        return bytes(self._buf)

    def next_frame(self) -> Request | Response | None:
        """The next whole frame, or ``None`` until more bytes arrive.

        Resync: garbage before an ``02`` is skipped; an ``02`` that is not a whole good frame gives
        way to any later ``02`` that already is one; failing that, an impossible length costs its
        ``02``, an incomplete frame is awaited, and a whole one with a bad CRC is dropped.

        :raises FrameError: a whole frame with a bad CRC was dropped (and nothing valid follows).
        """
        buf = self._buf
        while len(buf):
            start = buf.find_start()
            if start < 0:
                start = len(buf)
            if start:
                self.skipped += start
                buf.drop(start)
                continue
            n = buf.size_at(0)  # None: length not here yet; 0: impossible
            if n and n <= len(buf) and buf.crc_good(0, n):
                frame = buf.take(n)  # checked whole: no second CRC pass
                return _response(frame) if self._responses else _request(frame)
            later = buf.later_good(0)
            if later is not None:  # the 02 here was noise: a real frame follows
                self.skipped += later
                buf.drop(later)
                continue
            if n is None or n > len(buf):  # incomplete: wait for more
                return None
            if not n:  # an 02 with an impossible length: noise
                self.skipped += 1
                buf.drop(1)
                continue
            bad = buf.take(n)
            raise FrameError(f"bad CRC in ISC frame {bad.hex(' ')}")
        return None
