"""3M 810 serial frames: a sans-I/O codec (bytes in, :class:`Frame` out; no I/O, no clock).

Layout (both directions, 19200 baud 8N1)::

    SOF | length (2, big endian) | body: command [status] fields | CRC (2, big endian)

* ``SOF`` is ``D6`` for normal operation and ``D5`` for the setup channel (the hardware-version
  probe ``D5 00 05 04 00 11 8C 66``).
* ``length`` counts every byte after itself: the body plus the two CRC bytes (so a body of
  ``FE 00 07`` is sent with length ``00 05``).
* The CRC is CRC-16/GENIBUS over every byte after the SOF up to the CRC: the length bytes and
  the body. Check value (PROTOCOLS.md): ``00 09 03 00 02 00 00 00 03`` → ``12 E6``.

Sources (facts only): dpavlin/Biblio-RFID ``lib/Biblio/RFID/Reader/3M810.pm`` (the SOF bytes, the
length = body + 2 rule, the CRC parameters and byte order, the D5 version probe and its answer
``D5 00 09 04 00 11 0A 05 00 02 72 50``); BIOS9/LibraryStockScanner ``ReaderResponseTests.cs``
(captured inventory replies with their CRCs, used as test vectors here). Both public readers
read only the low length byte; we honour the full 16-bit length PROTOCOLS.md gives, and cap it
at :data:`MAX_LENGTH` so line noise that looks like a huge frame cannot stall the decoder.

Resynchronisation: :class:`FrameDecoder` skips bytes until a SOF; a candidate whose length is
impossible or whose CRC fails costs one byte and the scan goes on. While a candidate is still
incomplete, a *later* SOF that already holds a whole frame with a good CRC wins (a reply cut
short by a noisy line must not swallow the next one). The odds that a frame body hides another
complete frame with a valid CRC are ~2⁻¹⁶ per embedded ``D5``/``D6`` with a plausible length.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from drivers.crc import SpanCrc, crc16_genibus
from drivers.errors import FrameError, LocalProtocolError
from drivers.resync import FrameBuffer

log = logging.getLogger(__name__)

SOF_OPERATION = 0xD6
SOF_SETUP = 0xD5
SOFS = (SOF_OPERATION, SOF_SETUP)

#: smallest length field: one command byte plus the CRC
MIN_LENGTH = 3
#: largest length field accepted (an inventory of 100 tags with DSFID is 5 + 900 + 2 bytes)
MAX_LENGTH = 1024


@dataclass(frozen=True, kw_only=True)
class Frame:
    """One 3M 810 frame. ``body`` is the command byte and its fields (a reply: command, status, fields)."""

    body: bytes
    sof: int = SOF_OPERATION

    def __post_init__(self) -> None:
        if self.sof not in SOFS:
            raise LocalProtocolError(f"SOF must be D6 or D5, got {self.sof:02X}")
        if not 1 <= len(self.body) <= MAX_LENGTH - 2:
            raise LocalProtocolError(f"frame body must be 1..{MAX_LENGTH - 2} bytes, got {len(self.body)}")

    @property
    def command(self) -> int:
        return self.body[0]

    @property
    def status(self) -> int | None:
        """The status byte of a reply (``None`` if the body is only a command byte)."""
        return self.body[1] if len(self.body) > 1 else None

    def encode(self) -> bytes:
        return encode_frame(self.body, sof=self.sof)

    def __repr__(self) -> str:
        return f"Frame({self.sof:02X} {self.body.hex(' ').upper()})"


def encode_frame(body: bytes, *, sof: int = SOF_OPERATION) -> bytes:
    """The wire bytes of one frame: SOF, length, body, CRC.

    :raises LocalProtocolError: the body is empty or too long, or the SOF is not D5/D6.
    """
    Frame(body=bytes(body), sof=sof)  # validates
    head = (len(body) + 2).to_bytes(2, "big") + bytes(body)
    return bytes([sof]) + head + crc16_genibus(head).to_bytes(2, "big")


def decode_frame(data: bytes) -> Frame:
    """Decode exactly one whole frame (no leading or trailing bytes).

    :raises FrameError: wrong SOF, wrong length or bad CRC.
    """
    data = bytes(data)
    if len(data) < 1 + 2 + MIN_LENGTH or data[0] not in SOFS:
        raise FrameError(f"not a 3M 810 frame: {data[:8].hex(' ').upper()}")
    length = int.from_bytes(data[1:3], "big")
    if length < MIN_LENGTH or length > MAX_LENGTH or len(data) != 3 + length:
        raise FrameError(f"length field {length} does not match {len(data) - 3} bytes")
    if crc16_genibus(data[1:-2]) != int.from_bytes(data[-2:], "big"):
        raise FrameError(f"bad CRC in {data.hex(' ').upper()}")
    return Frame(body=data[3:-2], sof=data[0])


def _frame_size(length: int) -> int:
    """SOF, the length field, then ``length`` bytes; 0 for a length no frame has."""
    return 3 + length if MIN_LENGTH <= length <= MAX_LENGTH else 0


class FrameDecoder:
    """Incremental decoder (h11 style): :meth:`feed` bytes, then :meth:`next_frame` until ``None``.

    Never raises on any input except :class:`FrameError` from :meth:`next_frame`, which reports
    a whole frame discarded for a bad CRC (so a caller can resend at once instead of waiting out
    a timeout). The bad bytes are already dropped when it raises; calling again goes on.
    Amortised O(1) work per byte received, whatever the noise (:class:`~drivers.resync.FrameBuffer`
    finds the later whole frames the resync rule asks for without re-scanning).

    :ivar discarded: bytes skipped so far (noise, bad frames).
    :ivar crc_errors: whole candidate frames dropped for a bad CRC.
    """

    def __init__(self) -> None:
        self._buf = FrameBuffer(starts=bytes(SOFS), frame_size=_frame_size, crc=SpanCrc.genibus(),
                                crc_from=1, crc_order="big")
        self.discarded = 0
        self.crc_errors = 0

    def feed(self, data: bytes) -> None:
        self._buf.feed(data)

    def reset(self) -> None:
        """Forget buffered bytes (before a new request)."""
        self._buf.clear()

    @property
    def buffered(self) -> int:
        return len(self._buf)

    def _drop(self, n: int) -> None:
        if n > 0:
            if log.isEnabledFor(logging.DEBUG):
                log.debug("discarding %s", self._buf.slice(0, n).hex(" ").upper())
            self.discarded += n
            self._buf.drop(n)

    def _take(self, size: int) -> Frame:
        frame = self._buf.take(size)
        return Frame(body=frame[3:-2], sof=frame[0])

    def next_frame(self) -> Frame | None:
        """The next whole frame, or ``None`` if more bytes are needed.

        :raises FrameError: a whole frame with a bad CRC was dropped and nothing else is
            buffered (a partial frame after it is awaited instead).
        """
        buf = self._buf
        crc_failed = False
        while True:
            first = buf.find_start()
            self._drop(len(buf) if first < 0 else first)
            if first < 0:
                break
            size = buf.size_at(0)  # None: length not here yet; 0: impossible
            if size == 0:
                self._drop(1)
                continue
            if size is not None and size <= len(buf):
                if buf.crc_good(0, size):
                    return self._take(size)
                self.crc_errors += 1
                crc_failed = True
                self._drop(1)
                continue
            # partial: a later SOF holding a whole good frame means this one was cut short
            later = buf.later_good(0)
            if later is not None:
                self._drop(later)
                return self._take(buf.size_at(0) or 0)
            break
        if crc_failed and not len(buf):
            raise FrameError("3M 810 frame with a bad CRC discarded")
        return None

    def frames(self) -> list[Frame]:
        """All whole frames buffered now, skipping bad ones silently (for tests and tools)."""
        out: list[Frame] = []
        while True:
            try:
                frame = self.next_frame()
            except FrameError:
                continue
            if frame is None:
                return out
            out.append(frame)
