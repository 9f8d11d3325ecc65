"""The 3M 810 driver: :class:`M810Reader`, a :class:`~drivers.reader.Reader` over a serial port.

| function | 3M command | remarks |
|---|---|---|
| inventory (AFI filter) | FE | options 07: UID and DSFID per tag |
| read blocks | 02 | block numbers and lock bytes checked |
| write blocks | 04 | base class reads back and verifies |
| write / lock AFI | 09 / 06 | |
| lock blocks | 02 then 07 per block | no plain lock known: each block is written again with what it holds, and locked (07 unverified, see :meth:`M810Reader.lock_blocks`) |
| set / reset EAS, check EAS | 0C / 03 | NXP EAS |
| system info | 0D | |
| reader info | D5 version probe | firmware as "a.b.c.d" |
| get AFI, get DSFID, quiet, write block, write and lock, ISO pass-through | 0A, 0F, 01, 05, 07, 14 | extra methods |

URL: ``m810:///dev/ttyUSB1`` with optional ``baud`` (default 19200), ``timeout`` (seconds per
attempt, default 1.0) and ``retries`` (resends after a timeout or garbled reply, default 2).
Every exchange goes through :func:`drivers.serial_transport.exchange`, which reopens the port
after an unplug (a stale handle gets one more try on a fresh one, so a reader replugged between
two commands just works; a port still missing is :class:`~drivers.errors.ReaderUnavailable`);
frames are decoded by :class:`drivers.m810.frames.FrameDecoder`.
"""

from __future__ import annotations

import logging
from typing import Self, TypeVar
from urllib.parse import urlsplit

from drivers import serial_transport
from drivers.errors import LocalProtocolError, ReaderInitError
from drivers.m810 import commands
from drivers.m810.commands import Command
from drivers.m810.frames import FrameDecoder
from drivers.reader import Capability, Reader, ReaderInfo, SystemInfo, TagInfo, normalise_uid
from drivers.serial_transport import SerialTransport, parse_serial_url

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_BAUD = 19200


class M810Reader(Reader):
    """A 3M 810 reader on ``port``.

    :param timeout: seconds to wait for one reply (an inventory of many tags in realistic timing
        takes a few hundred ms of air and line time).
    :param retries: resends after a timeout or a garbled reply before a typed error is raised.
    """

    protocol = "m810"
    capabilities = frozenset({Capability.ANTICOLLISION, Capability.EAS, Capability.EAS_READ,
                              Capability.LOCK_AFI, Capability.LOCK_BLOCKS,
                              Capability.STAY_QUIET})

    def __init__(self, port: str, *, baud: int = DEFAULT_BAUD, timeout: float = 1.0, retries: int = 2, url: str = "") -> None:
        super().__init__(url or f"m810://{port}")
        self.port = port
        self.timeout = timeout
        self.retries = retries
        self.transport = SerialTransport(port, baudrate=baud, timeout=timeout)
        self._decoder = FrameDecoder()
        self.transport.open()

    @classmethod
    def from_url(cls, url: str) -> Self:
        if urlsplit(url).scheme != "m810":
            raise ReaderInitError(f"not a 3M 810 URL: {url!r} (expected m810:///dev/ttyUSB1)")
        port, query = parse_serial_url(url)
        try:
            baud = int(query.pop("baud", DEFAULT_BAUD))
            timeout = float(query.pop("timeout", 1.0))
            retries = int(query.pop("retries", 2))
        except ValueError as exc:
            raise ReaderInitError(f"bad parameter in {url!r}: {exc}") from exc
        if query:
            raise ReaderInitError(f"unknown parameters in {url!r}: {', '.join(sorted(query))}")
        return cls(port, baud=baud, timeout=timeout, retries=retries, url=url)

    def close(self) -> None:
        self.transport.close()

    # -- one exchange ----------------------------------------------------------------------------
    def execute(self, command: Command[T], *, timeout: float | None = None) -> T:
        """Send one command and parse its reply (resent on timeouts and garbled frames)."""
        request = command.encode()
        log.debug("> %s %s", command.name, request.hex(" ").upper())
        frame = serial_transport.exchange(
            self.transport, request, self._decoder, timeout=timeout or self.timeout, retries=self.retries,
            accept=command.is_reply,
        )
        log.debug("< %r", frame)
        return command.parse(frame)

    # -- Reader primitives -----------------------------------------------------------------------
    def _inventory_once(self, afi: int | None) -> list[TagInfo]:
        reply = self.execute(commands.inventory(afi=afi or 0x00))
        return [TagInfo(uid=t.uid, dsfid=t.dsfid or 0) for t in reply.tags]

    def _read_blocks(self, uid: str, first: int, count: int) -> bytes:
        return self.execute(commands.read_multiblock(normalise_uid(uid), first, count)).data

    def _write_blocks(self, uid: str, first: int, data: bytes, block_size: int) -> None:
        if block_size != commands.BLOCK_SIZE:
            raise LocalProtocolError(f"the 3M 810 writes {commands.BLOCK_SIZE}-byte blocks, not {block_size}")
        self.execute(commands.write_multiblock(normalise_uid(uid), first, data))

    def write_afi(self, uid: str, afi: int) -> None:
        self.execute(commands.write_afi(normalise_uid(uid), afi))

    def lock_afi(self, uid: str) -> None:
        self.execute(commands.lock_afi(normalise_uid(uid)))

    def lock_blocks(self, uid: str, first: int, count: int) -> None:
        """Lock blocks for good with ``07`` write and lock, the only block lock in the 3M 810
        command set this project knows (PROTOCOLS.md): the blocks are read (``02``) and each is
        written back with the data it holds, locked in the same command, so the lock never
        changes what the tag says.

        Not verified: the ``07`` command itself comes from PROTOCOLS.md alone — the public 3M 810
        code checked (dpavlin/Biblio-RFID ``Reader/3M810.pm``) implements only ``FE``, ``02``,
        ``04``, ``0A`` and ``09`` — and no real 3M 810 was at hand; its frame here is the one
        :func:`drivers.m810.commands.write_and_lock` builds and the emulator answers.
        """
        if count <= 0 or first < 0:
            raise ValueError("first must be >= 0 and count > 0")
        data = self.read_blocks(uid, first, count)
        size = commands.BLOCK_SIZE
        for i in range(count):
            self.write_and_lock(uid, first + i, data[i * size:(i + 1) * size])

    def set_eas(self, uid: str) -> None:
        self.execute(commands.eas_control(normalise_uid(uid), True))

    def reset_eas(self, uid: str) -> None:
        self.execute(commands.eas_control(normalise_uid(uid), False))

    def eas_armed(self, uid: str) -> bool:
        return self.execute(commands.check_eas(normalise_uid(uid)))

    def stay_quiet(self, uid: str) -> None:
        """ISO 15693 stay quiet through the 3M quiet command (01)."""
        self.quiet(uid)

    def system_info(self, uid: str) -> SystemInfo:
        info = self.execute(commands.tag_info(normalise_uid(uid)))
        return SystemInfo(
            uid=info.uid,
            dsfid=info.dsfid,
            afi=info.afi,
            block_size=info.block_size or commands.BLOCK_SIZE,
            block_count=info.block_count or 28,
            ic_reference=info.ic_reference,
        )

    def reader_info(self) -> ReaderInfo:
        version = self.execute(commands.version())
        return ReaderInfo(
            protocol=self.protocol,
            model="3M 810",
            firmware=".".join(str(v) for v in version),
            port=self.port,
            extra={"baud": self.transport.baudrate},
        )

    # -- the rest of the 3M command set ------------------------------------------------------------
    def check_eas(self, uid: str) -> bool:
        """True if the tag's EAS bit is set (it would alarm a gate)."""
        return self.execute(commands.check_eas(normalise_uid(uid)))

    def get_afi(self, uid: str) -> int:
        return self.execute(commands.get_afi(normalise_uid(uid)))

    def get_dsfid(self, uid: str) -> int:
        return self.execute(commands.get_dsfid(normalise_uid(uid)))

    def quiet(self, uid: str) -> None:
        """Silence the tag in later inventories until it leaves the field or is reset."""
        self.execute(commands.quiet(normalise_uid(uid)))

    def write_block(self, uid: str, block: int, data: bytes) -> None:
        """One block, without read-back (use :meth:`write_blocks` for a verified write)."""
        self.execute(commands.write_block(normalise_uid(uid), block, data))

    def write_and_lock(self, uid: str, block: int, data: bytes) -> None:
        """Write one block and lock it permanently."""
        self.execute(commands.write_and_lock(normalise_uid(uid), block, data))

    def passthrough(self, iso_request: bytes) -> bytes:
        """Send a raw ISO 15693 request (no CRC); the tag's response without CRC."""
        return self.execute(commands.passthrough(iso_request))
