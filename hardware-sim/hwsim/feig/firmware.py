"""A FEIG ID ISC.MR-class reader's firmware, sans-I/O: ISC frames in, ISC frames out.

Written from the protocol facts (PROTOCOLS.md, FEIG ISC manuals) independently of
:mod:`drivers.feig`, so a driver bug cannot hide behind an emulator sharing its code: it has its
own frame parser and only shares the CRC functions (pinned by their check values; the span CRC
against them).

ISO host commands become real ISO 15693 air frames sent through the :class:`~hwsim.field.Field`
(``E0…`` UIDs go on air LSB first); every reply carries the air time those frames cost
(:class:`~hwsim.iso15693.timing.AirTiming`). As on ICODE SLIX tags, which lack Write Multiple
Blocks, a write of N blocks is N Write Single Block frames: a tag lifted between two of them
leaves the first ones written and the reader reports ``03`` write error with the failed block.
Lock Multiple Blocks (``B0 22``) is likewise N Lock Block frames, stopping at the first refusal
with the tag's ISO error (``12`` locked, ``11`` already locked) and the block (DB-ADR-E) after
status ``95``, as FEIG's manual gives the reply; a locked block refuses writes with error ``12``.
Inventory replies hold at most ``max_records`` data sets; the rest comes with MODE bit ``80``
(MORE) after status ``94``.

A partial frame (a frame of another protocol whose bytes read as the start of a long ISC frame,
or one cut short on the line) is dropped after an inter-byte timeout, as a real reader drops it:
the next good frame is answered. The clock is injected, so the firmware stays free of I/O.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from drivers.crc import SpanCrc, append_crc_iso15693, crc16_mcrf4xx
from drivers.resync import FrameBuffer
from hwsim.field import Field
from hwsim.iso15693.anticollision import run_inventory
from hwsim.iso15693.timing import AirTiming
from hwsim.serial_pty import Reply

log = logging.getLogger(__name__)

OK, NO_TRANSPONDER, WRITE_ERROR, ADDRESS_ERROR = 0x00, 0x01, 0x03, 0x04
UNKNOWN_COMMAND, LENGTH_ERROR, NOT_AVAILABLE = 0x80, 0x81, 0x82
MORE_DATA, ISO_ERROR = 0x94, 0x95
AIR_ADDRESSED = 0x22  # high data rate | addressed
AIR_OPTION = 0x40


@dataclass(frozen=True, kw_only=True)
class Identity:
    """What the reader says about itself (command 65/66); defaults from an ID ISC.MR101."""

    sw_rev: int = 0x0206
    d_rev: int = 0x00
    hw_type: int = 0x0B
    sw_type: int = 0x4D
    tr_type: int = 0x0009
    rx_buffer: int = 0x0118
    tx_buffer: int = 0x0200


class _Status(Exception):
    def __init__(self, status: int, data: bytes = b"") -> None:
        super().__init__(status)
        self.status, self.data = status, data


def _frame_size(length: int) -> int:
    """An ISC frame's length field is its whole size, 7 to 8 KiB; 0 for any other."""
    return length if 7 <= length <= 0x2000 else 0


class FeigFirmware:
    """Emulated FEIG ISC reader.

    :param address: the reader's COM-ADR (requests to it or to ``FF`` are answered).
    :param max_records: inventory data sets per reply before status ``94`` (more data).
    :param inter_byte_timeout_s: a gap this long inside a frame drops the bytes received so
        far (a real reader's is a few milliseconds; more here, as a loaded host may split a
        write)
    :param clock: seconds, monotonic (tests pass their own)
    """

    def __init__(
        self, field: Field, *, timing: AirTiming | None = None, address: int = 0x00,
        max_records: int = 24, identity: Identity | None = None,
        inter_byte_timeout_s: float = 0.1, clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.field = field
        self.timing = timing or AirTiming()
        self.address = address
        self.max_records = max_records
        self.identity = identity or Identity()
        self.config = {(eeprom, n): bytes(14) for eeprom in (False, True) for n in range(64)}
        self._buf = FrameBuffer(starts=b"\x02", frame_size=_frame_size, crc=SpanCrc.mcrf4xx(), crc_from=0,
                                crc_order="little")
        self._more: list[bytes] = []
        self.requests = 0
        self.inter_byte_timeout_s = inter_byte_timeout_s
        self._clock = clock
        self._last_rx = clock()
        self.dropped_partial = 0  # partial frames dropped after the inter-byte timeout

    # -- framing ---------------------------------------------------------------------------------
    def receive(self, data: bytes) -> list[Reply]:
        now = self._clock()
        if self._buf and now - self._last_rx > self.inter_byte_timeout_s:
            log.debug("dropping %d bytes of a partial frame (inter-byte timeout)", len(self._buf))
            self._buf.clear()
            self.dropped_partial += 1
        self._last_rx = now
        self._buf.feed(data)
        replies = []
        while True:
            frame = self._next_frame()
            if frame is None:
                return replies
            replies.append(self._answer(frame))

    def _next_frame(self) -> bytes | None:
        """The next whole frame with a good CRC; noise and bad frames cost one byte each.

        The CRC of a candidate comes from :class:`~drivers.resync.FrameBuffer` in O(log n), not
        recomputed over its length, so noise claiming long frames stays O(1) per byte.
        """
        buf = self._buf
        while len(buf):
            start = buf.find_start()
            if start:  # garbage before the next 02, or no 02 at all (-1)
                buf.drop(len(buf) if start < 0 else start)
                continue
            n = buf.size_at(0)  # None: length not here yet; 0: impossible
            if n is None or len(buf) < n:
                return None
            if not n or not buf.crc_good(0, n):
                buf.drop(1)  # a real reader stays silent on a bad CRC; resync on the next 02
                continue
            return buf.take(n)
        return None

    def _frame(self, command: int, status: int, data: bytes = b"") -> bytes:
        body = bytes([self.address, command, status]) + data
        head = bytes([0x02]) + (len(body) + 5).to_bytes(2, "big") + body
        return head + crc16_mcrf4xx(head).to_bytes(2, "little")

    def _answer(self, frame: bytes) -> Reply:
        address, command, data = frame[3], frame[4], frame[5:-2]
        self.requests += 1
        if address not in (0xFF, self.address):
            return Reply(data=b"", air_s=0.0)  # another reader's address: not for us
        self._air = 0.0
        try:
            status, payload = OK, self._dispatch(command, data)
        except _Status as st:
            status, payload = st.status, st.data
        return Reply(data=self._frame(command, status, payload), air_s=self._air)

    # -- commands --------------------------------------------------------------------------------
    def _dispatch(self, command: int, data: bytes) -> bytes:
        ident = self.identity
        version = ident.sw_rev.to_bytes(2, "big") + bytes([ident.d_rev, ident.hw_type, ident.sw_type]) + ident.tr_type.to_bytes(2, "big")
        if command == 0x52:
            return b""
        if command == 0x65:
            return version
        if command == 0x66:
            if len(data) < 1:
                raise _Status(LENGTH_ERROR)
            if data[0] != 0x00:
                raise _Status(NOT_AVAILABLE)
            return version + ident.rx_buffer.to_bytes(2, "big") + ident.tx_buffer.to_bytes(2, "big")
        if command == 0x69:
            for tag in self.field.all_tags():
                tag.power_cycle()
            self._more = []
            return b""
        if command in (0x80, 0x81):
            if len(data) < 1 or (command == 0x81 and len(data) != 15):
                raise _Status(LENGTH_ERROR)
            key = (bool(data[0] & 0x80), data[0] & 0x3F)
            if data[0] & 0x40:
                raise _Status(0x11)
            if command == 0x80:
                return self.config[key]
            self.config[key] = bytes(data[1:15])
            return b""
        if command == 0xB0:
            return self._iso(data)
        if command == 0xB1:
            return self._custom(data)
        raise _Status(UNKNOWN_COMMAND)

    def _iso(self, data: bytes) -> bytes:
        if len(data) < 2:
            raise _Status(LENGTH_ERROR)
        cmd, mode, args = data[0], data[1], data[2:]
        if cmd == 0x01:
            return self._inventory(mode, args)
        if not mode & 0x01:
            raise _Status(NOT_AVAILABLE)  # this emulator supports addressed mode only
        if len(args) < 8:
            raise _Status(LENGTH_ERROR)
        uid, args = bytes(args[:8]), args[8:]
        if cmd == 0x23:
            if len(args) != 2:
                raise _Status(LENGTH_ERROR)
            first, count = args
            if count == 0:
                raise _Status(LENGTH_ERROR)
            body = self._air_call(uid, 0x23, bytes([first, count - 1]), option=True)
            size = (len(body)) // count - 1
            out = bytearray([count, size])
            for i in range(count):
                rec = body[i * (size + 1):(i + 1) * (size + 1)]
                out += rec[:1] + rec[1:][::-1]
            return bytes(out)
        if cmd == 0x22:  # lock multiple blocks: one ISO 15693 Lock Block (22) per block
            if len(args) != 2 or args[1] == 0:
                raise _Status(LENGTH_ERROR)
            first, count = args
            for i in range(count):  # stops at the first refusal; the blocks before stay locked
                try:
                    self._air_call(uid, 0x22, bytes([first + i]), writes=1)
                except _Status as st:
                    if i == 0 and st.status == NO_TRANSPONDER:
                        raise
                    # the manual's reply: 03 or 95 + ISO error, then DB-ADR-E
                    raise _Status(WRITE_ERROR if st.status == NO_TRANSPONDER else st.status,
                                  st.data + bytes([first + i])) from None
            return b""
        if cmd == 0x24:
            if len(args) < 3:
                raise _Status(LENGTH_ERROR)
            first, count, size = args[0], args[1], args[2]
            blocks = args[3:]
            if count == 0 or size == 0 or len(blocks) != count * size:
                raise _Status(LENGTH_ERROR)
            for i in range(count):
                chunk = blocks[i * size:(i + 1) * size][::-1]
                try:
                    self._air_call(uid, 0x21, bytes([first + i]) + chunk, writes=1)
                except _Status as st:
                    if i == 0 and st.status == NO_TRANSPONDER:
                        raise
                    # report where it stopped (DB-ADR-E), after the ISO error if any; blocks
                    # before it were written
                    raise _Status(WRITE_ERROR if st.status == NO_TRANSPONDER else st.status, st.data + bytes([first + i])) from None
            return b""
        simple = {0x02: 0, 0x25: 0, 0x26: 0, 0x27: 1, 0x28: 0, 0x29: 1, 0x2A: 0, 0x2B: 0}
        if cmd not in simple:
            raise _Status(UNKNOWN_COMMAND)
        if len(args) != simple[cmd]:
            raise _Status(LENGTH_ERROR)
        if cmd == 0x02:
            self._air_call(uid, 0x02, b"", silent=True)
            return b""
        body = self._air_call(uid, cmd, bytes(args), writes=1 if cmd in (0x27, 0x28, 0x29, 0x2A) else 0)
        if cmd != 0x2B:
            return b""
        info_flags, rest = body[0], body[9:]
        dsfid = afi = 0
        size, count, icref = 0x03, 0x1B, 0x00
        if info_flags & 0x01:
            dsfid, rest = rest[0], rest[1:]
        if info_flags & 0x02:
            afi, rest = rest[0], rest[1:]
        if info_flags & 0x04:
            count, size, rest = rest[0], rest[1], rest[2:]
        if info_flags & 0x08:
            icref = rest[0]
        return bytes([dsfid]) + uid + bytes([afi, size, count, icref])

    def _custom(self, data: bytes) -> bytes:
        if len(data) < 3:
            raise _Status(LENGTH_ERROR)
        mfr, cmd, mode, args = data[0], data[1], data[2], data[3:]
        if mfr != 0x04 or cmd not in (0xA2, 0xA3, 0xA4, 0xA5):
            raise _Status(UNKNOWN_COMMAND)
        if not mode & 0x01:
            raise _Status(NOT_AVAILABLE)
        if len(args) != 8:
            raise _Status(LENGTH_ERROR)
        uid = bytes(args)
        body = self._air_call(uid, cmd, b"", custom=True, writes=1 if cmd != 0xA5 else 0)
        return body if cmd == 0xA5 else b""

    def _inventory(self, mode: int, args: bytes) -> bytes:
        if mode & 0x80:  # MORE: the rest of the last inventory, no new RF round
            records, self._more = self._more, []
        else:
            afi = None
            if mode & 0x10:
                if len(args) < 1:
                    raise _Status(LENGTH_ERROR)
                afi = args[0]
            result = run_inventory(self.field.answering(), afi=afi, timing=self.timing)
            self._air += result.air_s
            records = [bytes([0x03, t.dsfid]) + t.uid for t in result.tags]
        if not records:
            raise _Status(NO_TRANSPONDER)
        now, self._more = records[: self.max_records], records[self.max_records:]
        payload = bytes([len(now)]) + b"".join(now)
        if self._more:
            raise _Status(MORE_DATA, payload)
        return payload

    # -- the air interface -----------------------------------------------------------------------
    def _air_call(
        self, uid: bytes, cmd: int, params: bytes, *, option: bool = False, writes: int = 0,
        custom: bool = False, silent: bool = False,
    ) -> bytes:
        """Send one addressed ISO 15693 request; return the response body after its flags byte."""
        flags = AIR_ADDRESSED | (AIR_OPTION if option else 0)
        frame = append_crc_iso15693(bytes([flags, cmd]) + (b"\x04" if custom else b"") + uid[::-1] + params)
        responses, programmed = self.field.transceive(frame, uid=uid.hex().upper())
        response = responses[0] if len(responses) == 1 else None
        self._air += self.timing.exchange(frame, response, writes=programmed)
        if silent:
            return b""
        if response is None:
            raise _Status(NO_TRANSPONDER)
        body = response[:-2]
        if body[0] & 0x01:
            raise _Status(ISO_ERROR, body[1:2])
        return body[1:]
