"""A 3M 810 reader's firmware: host frames in, replies out, every tag operation as ISO 15693 air frames.

Frames (facts from dpavlin/Biblio-RFID ``3M810.pm`` and BIOS9/LibraryStockScanner test vectors,
see :mod:`drivers.m810.frames` and :mod:`drivers.m810.commands` for the field tables): ``D6``
(``D5`` on the setup channel), a 2-byte big-endian length counting body + CRC, the body, then
CRC-16/GENIBUS big endian over length and body. This module parses frames itself (it shares
only :mod:`drivers.crc` with the driver), so it answers hand-built frames independently of
the driver's codec.

Each host command becomes the air frames a real reader would send through the shared
:class:`~hwsim.field.Field` and :class:`~hwsim.iso15693.tag.Iso15693Tag` model, and the reply
carries their air time (:class:`~hwsim.iso15693.timing.AirTiming`):

| host | air |
|---|---|
| FE inventory | 16-slot anticollision (:func:`~hwsim.iso15693.run_inventory`), AFI flag when AFI ≠ 00 |
| 02 read multiblock | one addressed ``23`` with the option flag (block security status) |
| 04 write multiblock | one addressed ``21`` per block (SLIX tags lack ``24``); stops at the first failure |
| 05 write block / 07 write and lock | ``21`` / ``21`` then ``22`` |
| 09 write AFI / 06 lock AFI | ``27`` / ``28`` |
| 0A get AFI / 0F get DSFID / 0D tag info | ``2B`` get system information |
| 0C EAS control / 03 check EAS | NXP ``A2``/``A3`` / NXP ``A5`` (silent: ``2B`` tells absent from unarmed) |
| 01 quiet | ``02`` stay quiet (never answered, so always OK) |
| 14 pass-through | the given request, CRC added |

Status mapping (an assumption: no public source shows the 810's choice): no answer → ``06``;
ISO error ``11`` → ``11``; ``12`` → ``12``; ``10`` (block unavailable) → ``15``; ``0F``/``13``/
``14`` and others → ``16``; ``01``/``02`` → ``30``; ``03`` → ``31``. Unknown host command →
``02``; malformed fields → ``31``. Host frames with a bad CRC get no reply (the host times out
and resends). The ``13 04 01 00 02 00 03 00 04 00`` set-up exchange Biblio-RFID sends after the
version probe is answered with the reply it expects (its meaning is not documented).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from drivers.crc import SpanCrc, append_crc_iso15693, check_crc_iso15693, crc16_genibus
from drivers.resync import FrameBuffer
from hwsim.field import Field
from hwsim.iso15693.anticollision import run_inventory
from hwsim.iso15693.timing import AirTiming
from hwsim.serial_pty import Reply

log = logging.getLogger(__name__)

SOF_OPERATION = 0xD6
SOF_SETUP = 0xD5
SOFS = (SOF_OPERATION, SOF_SETUP)
MAX_LENGTH = 1024

ADDRESSED = 0x22  # high data rate + address flag
ADDRESSED_OPTION = 0x62  # … + option flag (block security status in reads)
NXP = 0x04

SETUP_13_REQUEST = bytes.fromhex("04 01 00 02 00 03 00 04 00")
SETUP_13_REPLY = bytes.fromhex("02 01 01 03 02 02 03 00")


class _Status(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def iso_error_to_status(code: int) -> int:
    """The 3M 810 status for an ISO 15693 tag error code."""
    return {0x11: 0x11, 0x12: 0x12, 0x10: 0x15, 0x01: 0x30, 0x02: 0x30, 0x03: 0x31}.get(code, 0x16)


def _frame(sof: int, body: bytes) -> bytes:
    head = (len(body) + 2).to_bytes(2, "big") + body
    return bytes([sof]) + head + crc16_genibus(head).to_bytes(2, "big")


def _frame_size(length: int) -> int:
    """SOF, the length field, then ``length`` bytes; 0 for a length no frame has."""
    return 3 + length if 3 <= length <= MAX_LENGTH else 0


class M810Firmware:
    """The 3M 810 firmware over one RF field (implements ``hwsim.serial_pty.SerialFirmware``).

    :param field: the reader's RF field.
    :param timing: air-time model (``AirTiming(realistic=False)`` for instant mode).
    :param version: the four version bytes the setup probe reports.
    :ivar commands: whole, CRC-checked requests answered so far (air and line time are counted by
        :class:`~hwsim.serial_pty.PtyServer`, for every protocol alike).
    """

    def __init__(self, field: Field, *, timing: AirTiming | None = None, version: Any = (10, 5, 0, 2), **options: Any) -> None:
        if options:
            raise TypeError(f"unknown 3M 810 options: {', '.join(sorted(options))}")
        if isinstance(version, str):
            version = [int(p) for p in version.split(".")]
        self.version = bytes(version)
        if len(self.version) != 4:
            raise ValueError("version is four numbers 0..255, e.g. '10.5.0.2'")
        self.field = field
        self.timing = timing or AirTiming(realistic=False)
        # resync as the reader: a partial frame gives way to a later whole one, found without re-scanning
        self._buf = FrameBuffer(starts=bytes(SOFS), frame_size=_frame_size, crc=SpanCrc.genibus(),
                                crc_from=1, crc_order="big")
        self.commands = 0
        self._handlers: dict[int, Callable[[bytes], tuple[int, bytes]]] = {
            0xFE: self._inventory,
            0x01: self._quiet,
            0x02: self._read_multiblock,
            0x03: self._check_eas,
            0x04: self._write_multiblock,
            0x05: self._write_block,
            0x06: self._lock_afi,
            0x07: self._write_and_lock,
            0x09: self._write_afi,
            0x0A: self._get_afi,
            0x0C: self._eas_control,
            0x0D: self._tag_info,
            0x0F: self._get_dsfid,
            0x13: self._setup_13,
            0x14: self._passthrough,
        }
        self._air = 0.0

    # -- framing -----------------------------------------------------------------------------------
    def receive(self, data: bytes) -> list[Reply]:
        self._buf.feed(data)
        replies = []
        for sof, body in self._frames():
            self.commands += 1
            out = self._answer(sof, body)
            if out is not None:
                replies.append(out)
        return replies

    def _frames(self) -> list[tuple[int, bytes]]:
        """Whole, CRC-checked frames from the input buffer; noise and bad frames dropped."""
        buf = self._buf
        out: list[tuple[int, bytes]] = []
        i = 0
        while True:
            i = buf.find_start(i)
            if i < 0:
                i = len(buf)
                break
            size = buf.size_at(i)  # None: length not here yet; 0: impossible
            if size is None:
                break
            if not size:
                i += 1
                continue
            if i + size > len(buf):
                # incomplete: keep waiting unless a later SOF already holds a whole good frame
                j = buf.later_good(i)
                if j is None:
                    break
                i = j
                continue
            frame = buf.slice(i, i + size)
            if not buf.crc_good(i, size):
                log.debug("host frame with bad CRC dropped: %s", frame.hex())
                i += 1
                continue
            out.append((frame[0], frame[3:-2]))
            i += size
        buf.drop(i)
        return out

    def _answer(self, sof: int, body: bytes) -> Reply | None:
        self._air = 0.0
        if sof == SOF_SETUP:
            if body == bytes([0x04, 0x00, 0x11]):
                return Reply(data=_frame(SOF_SETUP, body + self.version))
            return Reply(data=_frame(SOF_SETUP, body[:1] + b"\x02"))
        code, fields = body[0], body[1:]
        handler = self._handlers.get(code)
        if handler is None:
            return Reply(data=_frame(SOF_OPERATION, bytes([code, 0x02])))
        try:
            status, out = handler(fields)
        except _Status as err:
            status, out = err.status, fields[:8] if code not in (0xFE, 0x13, 0x14) and len(fields) >= 8 else b""
        return Reply(data=_frame(SOF_OPERATION, bytes([code, status]) + out), air_s=self._air)

    # -- the air -----------------------------------------------------------------------------------
    def _transceive(self, request: bytes, uid: bytes | None) -> bytes | None:
        """Send one air frame (no CRC given); the tag's response body without CRC, or None."""
        frame = append_crc_iso15693(request)
        responses, writes = self.field.transceive(frame, uid=uid.hex().upper() if uid else None)
        response = next((r for r in responses if check_crc_iso15693(r)), None)
        self._air += self.timing.exchange(frame, response, writes=writes)
        return response[:-2] if response is not None else None

    def _addressed(self, cmd: int, uid: bytes, params: bytes = b"", *, flags: int = ADDRESSED, custom: bool = False) -> bytes:
        """An addressed command; the response data after the flags byte. Tag errors → status."""
        request = bytes([flags, cmd]) + (bytes([NXP]) if custom else b"") + uid[::-1] + params
        response = self._transceive(request, uid)
        if response is None or not response:
            raise _Status(0x06)
        if response[0] & 0x01:
            raise _Status(iso_error_to_status(response[1] if len(response) > 1 else 0x0F))
        return response[1:]

    @staticmethod
    def _uid(fields: bytes, extra: int) -> tuple[bytes, bytes]:
        if len(fields) != 8 + extra:
            raise _Status(0x31)
        return fields[:8], fields[8:]

    def _system_info(self, uid: bytes) -> bytes:
        """Get system information; returns info flags + the fields after the UID."""
        data = self._addressed(0x2B, uid)
        if len(data) < 9:
            raise _Status(0x16)
        return data[:1] + data[9:]

    @staticmethod
    def _info_field(info: bytes, wanted: int) -> int:
        flags, pos = info[0], 1
        for bit in (0x01, 0x02):
            if flags & bit:
                if bit == wanted:
                    if len(info) <= pos:
                        break
                    return info[pos]
                pos += 1
        raise _Status(0x31)

    # -- commands ----------------------------------------------------------------------------------
    def _inventory(self, fields: bytes) -> tuple[int, bytes]:
        if len(fields) != 2:
            raise _Status(0x31)
        afi, options = fields
        result = run_inventory(self.field.answering(), afi=afi or None, timing=self.timing)
        self._air += result.air_s
        tags = result.tags[:255]
        out = bytearray([afi, options, len(tags)])
        for tag in tags:
            if options & 0x02:
                out.append(tag.dsfid)
            out += tag.uid
        return 0x00, bytes(out)

    def _quiet(self, fields: bytes) -> tuple[int, bytes]:
        uid, _ = self._uid(fields, 0)
        self._transceive(bytes([ADDRESSED, 0x02]) + uid[::-1], uid)
        return 0x00, uid

    def _read_multiblock(self, fields: bytes) -> tuple[int, bytes]:
        uid, rest = self._uid(fields, 2)
        first, count = rest
        if count == 0:
            raise _Status(0x31)
        if first + count > 0x100:
            raise _Status(0x15)
        data = self._addressed(0x23, uid, bytes([first, count - 1]), flags=ADDRESSED_OPTION)
        if len(data) != count * 5:
            raise _Status(0x16)
        out = bytearray(uid) + bytes([count])
        for i in range(count):
            chunk = data[i * 5:(i + 1) * 5]
            out += bytes([first + i, chunk[0]]) + chunk[1:]
        return 0x00, bytes(out)

    def _write_multiblock(self, fields: bytes) -> tuple[int, bytes]:
        if len(fields) < 11:
            raise _Status(0x31)
        uid, first, count, data = fields[:8], fields[8], fields[9], fields[11:]
        if count == 0 or len(data) != count * 4:
            raise _Status(0x31)
        for i in range(count):
            self._addressed(0x21, uid, bytes([first + i]) + data[i * 4:(i + 1) * 4])
        return 0x00, uid + bytes([count])

    def _write_block(self, fields: bytes) -> tuple[int, bytes]:
        uid, rest = self._uid(fields, 5)
        self._addressed(0x21, uid, rest)
        return 0x00, uid + rest[:1]

    def _write_and_lock(self, fields: bytes) -> tuple[int, bytes]:
        uid, rest = self._uid(fields, 5)
        self._addressed(0x21, uid, rest)
        self._addressed(0x22, uid, rest[:1])
        return 0x00, uid + rest[:1]

    def _lock_afi(self, fields: bytes) -> tuple[int, bytes]:
        uid, _ = self._uid(fields, 0)
        self._addressed(0x28, uid)
        return 0x00, uid

    def _write_afi(self, fields: bytes) -> tuple[int, bytes]:
        uid, rest = self._uid(fields, 1)
        self._addressed(0x27, uid, rest)
        return 0x00, uid

    def _get_afi(self, fields: bytes) -> tuple[int, bytes]:
        uid, _ = self._uid(fields, 0)
        return 0x00, uid + bytes([self._info_field(self._system_info(uid), 0x02)])

    def _get_dsfid(self, fields: bytes) -> tuple[int, bytes]:
        uid, _ = self._uid(fields, 0)
        return 0x00, uid + bytes([self._info_field(self._system_info(uid), 0x01)])

    def _tag_info(self, fields: bytes) -> tuple[int, bytes]:
        uid, _ = self._uid(fields, 0)
        return 0x00, uid + self._system_info(uid)

    def _check_eas(self, fields: bytes) -> tuple[int, bytes]:
        uid, _ = self._uid(fields, 0)
        try:
            self._addressed(0xA5, uid, custom=True)
            return 0x00, uid + b"\x01"
        except _Status:
            self._system_info(uid)  # raises 06 when the tag is not there at all
            return 0x00, uid + b"\x00"

    def _eas_control(self, fields: bytes) -> tuple[int, bytes]:
        uid, rest = self._uid(fields, 1)
        if rest[0] not in (0x00, 0x01):
            raise _Status(0x31)
        self._addressed(0xA2 if rest[0] else 0xA3, uid, custom=True)
        return 0x00, uid

    def _setup_13(self, fields: bytes) -> tuple[int, bytes]:
        if fields != SETUP_13_REQUEST:
            raise _Status(0x31)
        return 0x00, SETUP_13_REPLY

    def _passthrough(self, fields: bytes) -> tuple[int, bytes]:
        if len(fields) < 2:
            raise _Status(0x31)
        uid = None
        flags, cmd = fields[0], fields[1]
        if flags & 0x20 and not flags & 0x04:
            offset = 3 if 0xA0 <= cmd <= 0xDF else 2
            if len(fields) >= offset + 8:
                uid = fields[offset:offset + 8][::-1]
        response = self._transceive(bytes(fields), uid)
        if response is None:
            raise _Status(0x06)
        return 0x00, response
