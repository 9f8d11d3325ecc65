"""FeigReader: the :class:`~drivers.reader.Reader` backend for FEIG ISC readers on a serial line.

URL: ``feig:///dev/ttyUSB0?baud=38400&addr=255&timeout=1.0&retries=2``. ``addr`` is the reader's
COM-ADR (255 = broadcast, answered by any single reader on the line).

| function | ISC command | remarks |
|---|---|---|
| inventory (AFI filter) | ``B0 01`` | status ``94`` followed with MORE; ``83``/``84`` data kept |
| read blocks | ``B0 23`` | one frame for the whole range |
| write blocks | ``B0 24`` | read back by the base class |
| lock blocks | ``B0 22`` | permanent; a locked block refuses writes with ISO error ``12`` |
| write / lock AFI | ``B0 27`` / ``B0 28`` | |
| set / reset EAS | ``B1 04 A2`` / ``B1 04 A3`` | NXP ICODE SLIX only |
| EAS state | ``B1 04 A5`` (EAS Alarm) | silent when EAS is off: then ``B0 2B`` tells off from gone |
| system information | ``B0 2B`` | |
| reader information | ``66`` mode ``00`` | |
"""

from __future__ import annotations

import logging
from typing import Any, Self

from drivers.errors import (
    FrameError,
    NoTransponder,
    ReaderInitError,
    ReaderStatusError,
    TagCommandError,
    TagError,
    TagLocked,
)
from drivers.feig import commands as c
from drivers.feig.frames import FrameDecoder, Request, Response
from drivers.reader import Capability, Reader, ReaderInfo, SystemInfo, TagInfo
from drivers.serial_transport import SerialTransport, exchange, parse_serial_url

log = logging.getLogger(__name__)

#: ISO 15693 error codes that mean "locked"
_LOCKED = {0x11, 0x12}
_INVENTORY_DATA_STATUSES = {0x00, 0x83, 0x84, 0x94}


class FeigReader(Reader):
    """A FEIG ISC reader. Opening it does not talk to it; the first command does.

    :param port: serial device path or pyserial URL.
    :param timeout: seconds to wait for each reply (covers the RF work of the command).
    :param retries: resends after a timeout or garbled reply before raising.
    """

    protocol = "feig"
    capabilities = frozenset({
        Capability.ANTICOLLISION, Capability.EAS, Capability.EAS_READ, Capability.LOCK_AFI,
        Capability.LOCK_BLOCKS, Capability.WRITE_DSFID, Capability.STAY_QUIET, Capability.RF_RESET,
    })

    def __init__(
        self, port: str, *, baudrate: int = 38400, address: int = 0xFF, timeout: float = 1.0,
        retries: int = 2, url: str = "",
    ) -> None:
        super().__init__(url or f"feig://{port}")
        self.transport = SerialTransport(port, baudrate=baudrate, timeout=timeout)
        self.address = address
        self.timeout = timeout
        self.retries = retries
        self._decoder = FrameDecoder()
        self._dsfid: dict[str, int] = {}
        self._blocks: dict[str, int] = {}

    @classmethod
    def from_url(cls, url: str) -> Self:
        port, q = parse_serial_url(url)
        try:
            reader = cls(
                port, baudrate=int(q.get("baud", "38400")), address=int(q.get("addr", "255"), 0),
                timeout=float(q.get("timeout", "1.0")), retries=int(q.get("retries", "2")), url=url,
            )
        except ValueError as exc:
            raise ReaderInitError(f"bad option in {url!r}: {exc}") from exc
        reader.transport.open()
        return reader

    def close(self) -> None:
        self.transport.close()

    # -- one command -----------------------------------------------------------------------------
    def command(self, request: Request, *, timeout: float | None = None) -> Response:
        """Send one ISC request; return the reply (any status). Resent on timeouts and bad frames."""
        frame = request.encode()
        log.debug("%s > %s", self.transport.port, frame.hex(" "))
        reply = exchange(
            self.transport, frame, self._decoder, timeout=timeout or self.timeout, retries=self.retries,
            accept=lambda r: isinstance(r, Response) and r.command == request.command,
        )
        assert isinstance(reply, Response)
        log.debug("%s < %02X %s", self.transport.port, reply.status, reply.data.hex(" "))
        return reply

    def _checked(self, request: Request, uid: str | None = None) -> bytes:
        """Run a command and turn a non-OK status into a typed error."""
        reply = self.command(request)
        if reply.ok:
            return reply.data
        raise self._error(reply, uid)

    def _error(self, reply: Response, uid: str | None) -> Exception:
        text = f"FEIG {reply.command:02X}: {reply.status_text}"
        if reply.status == 0x01:
            return NoTransponder(f"tag {uid} not in the field" if uid else text, uid)
        if reply.status == 0x95:
            code = reply.data[0] if reply.data else None
            where = f" at block {reply.data[1]}" if len(reply.data) >= 2 else ""  # DB-ADR-E
            if code in _LOCKED:
                return TagLocked(f"{text}: locked{where} (ISO error {code:02X})", uid)
            return TagCommandError(f"{text}{where} (ISO error {code})", uid, code)
        if reply.status == 0x03:
            where = f" at block {reply.data[-1]}" if reply.data else ""
            return TagError(f"{text}{where}", uid)
        return ReaderStatusError(text, reply.status)

    # -- Reader primitives -----------------------------------------------------------------------
    def _inventory_once(self, afi: int | None) -> list[TagInfo]:
        found: list[TagInfo] = []
        more = False
        for _ in range(64):  # bounded: 64 × max records per reply
            reply = self.command(c.inventory_request(afi, more=more, address=self.address))
            if reply.status == 0x01:
                break
            if reply.status not in _INVENTORY_DATA_STATUSES:
                raise self._error(reply, None)
            for rec in c.parse_inventory(reply.data):
                self._dsfid[rec.uid] = rec.dsfid
                found.append(TagInfo(uid=rec.uid, dsfid=rec.dsfid, afi=afi))
            if reply.status != 0x94:
                break
            more = True
        return found

    def _read_blocks(self, uid: str, first: int, count: int) -> bytes:
        data = self._checked(c.read_multiple_blocks_request(uid, first, count, address=self.address), uid)
        blocks = c.parse_read_multiple_blocks(data)
        if len(blocks.security) != count:
            raise FrameError(f"asked for {count} blocks, got {len(blocks.security)}")
        return blocks.data

    def _write_blocks(self, uid: str, first: int, data: bytes, block_size: int) -> None:
        self._checked(c.write_multiple_blocks_request(uid, first, data, block_size, address=self.address), uid)

    def write_afi(self, uid: str, afi: int) -> None:
        self._checked(c.write_afi_request(uid, afi, address=self.address), uid)

    def lock_afi(self, uid: str) -> None:
        self._checked(c.lock_afi_request(uid, address=self.address), uid)

    def lock_blocks(self, uid: str, first: int, count: int) -> None:
        """``B0 22`` Lock Multiple Blocks; a refusal stops at the failing block, the ones
        before it locked (:func:`drivers.feig.commands.lock_multiple_blocks_request`)."""
        if count <= 0 or first < 0:
            raise ValueError("first must be >= 0 and count > 0")
        self._checked(c.lock_multiple_blocks_request(uid, first, count, address=self.address), uid)

    def write_dsfid(self, uid: str, dsfid: int) -> None:
        self._checked(c.write_dsfid_request(uid, dsfid, address=self.address), uid)

    def set_eas(self, uid: str) -> None:
        self._checked(c.set_eas_request(uid, address=self.address), uid)

    def reset_eas(self, uid: str) -> None:
        self._checked(c.reset_eas_request(uid, address=self.address), uid)

    def eas_armed(self, uid: str) -> bool:
        """NXP EAS Alarm (``B1 04 A5``): the tag answers only while EAS is set. A silent tag is
        then asked for its system information, which it always answers: EAS off, or gone."""
        reply = self.command(c.eas_alarm_request(uid, address=self.address))
        if reply.ok:
            return True
        if reply.status != 0x01:
            raise self._error(reply, uid)
        self.system_info(uid)  # raises NoTransponder when the tag has left
        return False

    def stay_quiet(self, uid: str) -> None:
        self._checked(c.stay_quiet_request(uid, address=self.address), uid)

    def rf_reset(self) -> None:
        self._checked(c.rf_reset_request(self.address))

    def system_info(self, uid: str) -> SystemInfo:
        info = c.parse_system_information(self._checked(c.system_information_request(uid, address=self.address), uid))
        self._blocks[uid] = info.block_count
        self._dsfid[uid] = info.dsfid
        return SystemInfo(
            uid=info.uid, dsfid=info.dsfid, afi=info.afi, block_size=info.block_size,
            block_count=info.block_count, ic_reference=info.ic_reference,
        )

    def reader_info(self) -> ReaderInfo:
        version = c.parse_software_version(self._checked(c.reader_info_request(self.address)))
        extra: dict[str, Any] = {"hw_type": version.hw_type, "sw_type": version.sw_type, "tr_type": version.tr_type}
        if version.rx_buffer is not None:
            extra |= {"rx_buffer": version.rx_buffer, "tx_buffer": version.tx_buffer}
        return ReaderInfo(protocol="feig", model=f"ISC SW-TYPE {version.sw_type:02X}", firmware=version.firmware, port=self.transport.port, extra=extra)

    # -- fewer round trips -----------------------------------------------------------------------
    def _read_memory_from(self, uid: str, first: int) -> tuple[bytes, int | None]:
        """The rest of the memory in one Read Multiple Blocks.

        The block count comes from an earlier system information, else ICODE SLIX's 28 is tried
        first (one frame for the whole ISO 28560 content), falling back to asking the tag.
        """
        count = self._blocks.get(uid, 28)
        try:
            rest = self.read_blocks(uid, first, count - first) if count > first else b""
        except TagCommandError as exc:
            if exc.code != 0x10:
                raise
            count = self.system_info(uid).block_count
            rest = self.read_blocks(uid, first, count - first) if count > first else b""
        return rest, self._dsfid.get(uid)
