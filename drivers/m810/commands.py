"""3M 810 host commands: one function per command, each returning a :class:`Command` (sans-I/O).

A :class:`Command` holds the request body and a parser for the reply; the driver only sends
``command.encode()`` and hands the reply frame to ``command.parse()``. Requests are checked when
built (:class:`~drivers.errors.LocalProtocolError`); replies are checked when parsed
(:class:`~drivers.errors.FrameError` for a malformed reply, typed tag errors for a status).

| code | command | request fields | reply fields after ``code status`` | source |
|---|---|---|---|---|
| FE | inventory | AFI, options | AFI, options, count, per tag [DSFID] UID | Biblio-RFID, LibraryStockScanner |
| D5 04 00 11 | version | — | four version bytes | Biblio-RFID |
| 02 | read multiblock | UID, first, count | UID, count, per block: number, lock, 4 bytes | Biblio-RFID |
| 04 | write multiblock | UID, first, count, 00, data | UID, count | Biblio-RFID |
| 0A | get AFI | UID | UID, AFI | Biblio-RFID |
| 09 | write AFI | UID, AFI | UID | Biblio-RFID |
| 01 | quiet | UID | UID | assumed |
| 05 | write block | UID, block, 4 bytes | UID, block | assumed |
| 07 | write and lock | UID, block, 4 bytes | UID, block | assumed |
| 06 | lock AFI | UID | UID | assumed |
| 03 | check EAS | UID | UID, 01 armed / 00 not | assumed |
| 0C | EAS control | UID, 01 set / 00 reset | UID | assumed |
| 0F | get DSFID | UID | UID, DSFID | assumed |
| 0D | tag info | UID | UID, ISO 15693 system info after its UID | assumed |
| 14 | ISO pass-through | ISO request without CRC | ISO response without CRC | assumed |

"assumed": PROTOCOLS.md names the command code but no public source shows its fields, so these
follow the pattern the documented commands share (UID MSB first right after the command; the
reply echoes command and UID after the status). Error replies carry ``code status`` and, for
addressed commands, the UID. Inventory option bit ``02`` puts one byte before each UID
(LibraryStockScanner reads options ``07`` replies as 9 bytes per tag and skips that byte); we
take it to be the tag's DSFID. In write multiblock the byte after the count is ``00`` in the
only public capture; we always send ``00``.

Status codes (PROTOCOLS.md): 00 OK, 02 not implemented, 06 no transponder, 11/12/15/16 memory
errors, 30/31 not supported. How the emulator maps ISO 15693 tag errors onto them is in
:mod:`hwsim.m810.firmware`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from drivers.errors import (
    FrameError,
    LocalProtocolError,
    NoTransponder,
    ReaderStatusError,
    TagCommandError,
    TagLocked,
)
from drivers.m810.frames import SOF_OPERATION, SOF_SETUP, Frame, encode_frame
from drivers.reader import normalise_uid

T = TypeVar("T")

BLOCK_SIZE = 4

STATUS_OK = 0x00
STATUS_NOT_IMPLEMENTED = 0x02
STATUS_NO_TRANSPONDER = 0x06
STATUS_ALREADY_LOCKED = 0x11
STATUS_LOCKED = 0x12
STATUS_BLOCK_UNAVAILABLE = 0x15
STATUS_MEMORY_ERROR = 0x16
STATUS_NOT_SUPPORTED = 0x30
STATUS_OPTION_NOT_SUPPORTED = 0x31

STATUS_TEXT: dict[int, str] = {
    STATUS_OK: "ok",
    STATUS_NOT_IMPLEMENTED: "command not implemented",
    STATUS_NO_TRANSPONDER: "no transponder",
    STATUS_ALREADY_LOCKED: "already locked",
    STATUS_LOCKED: "locked, cannot change",
    STATUS_BLOCK_UNAVAILABLE: "block not available",
    STATUS_MEMORY_ERROR: "memory error",
    STATUS_NOT_SUPPORTED: "not supported by the tag",
    STATUS_OPTION_NOT_SUPPORTED: "option not supported",
}

CMD_QUIET = 0x01
CMD_READ_MULTIBLOCK = 0x02
CMD_CHECK_EAS = 0x03
CMD_WRITE_MULTIBLOCK = 0x04
CMD_WRITE_BLOCK = 0x05
CMD_LOCK_AFI = 0x06
CMD_WRITE_AND_LOCK = 0x07
CMD_WRITE_AFI = 0x09
CMD_GET_AFI = 0x0A
CMD_EAS_CONTROL = 0x0C
CMD_TAG_INFO = 0x0D
CMD_GET_DSFID = 0x0F
CMD_VERSION = 0x11
CMD_PASSTHROUGH = 0x14
CMD_INVENTORY = 0xFE

#: setup-channel body of the version probe (sent with SOF D5)
VERSION_BODY = bytes([0x04, 0x00, CMD_VERSION])

OPT_DSFID = 0x02
#: inventory options the driver sends: the capture's 05 plus the DSFID bit
DEFAULT_INVENTORY_OPTIONS = 0x07


# -- results --------------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class InventoryEntry:
    uid: str
    dsfid: int | None = None


@dataclass(frozen=True, kw_only=True)
class InventoryReply:
    afi: int
    options: int
    tags: tuple[InventoryEntry, ...]


@dataclass(frozen=True, kw_only=True)
class Block:
    number: int
    lock: int  # 00 unlocked, 01 locked (ISO 15693 block security status)
    data: bytes


@dataclass(frozen=True, kw_only=True)
class ReadReply:
    uid: str
    blocks: tuple[Block, ...]

    @property
    def data(self) -> bytes:
        return b"".join(b.data for b in self.blocks)


@dataclass(frozen=True, kw_only=True)
class TagInfoReply:
    uid: str
    info_flags: int
    dsfid: int | None
    afi: int | None
    block_count: int | None
    block_size: int | None
    ic_reference: int | None


# -- the command object -----------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class Command(Generic[T]):
    """One request and how to read its reply."""

    name: str
    body: bytes
    parser: Callable[[bytes], T]
    sof: int = SOF_OPERATION
    uid: str | None = None

    @property
    def code(self) -> int:
        return self.body[0]

    def encode(self) -> bytes:
        return encode_frame(self.body, sof=self.sof)

    def is_reply(self, frame: Frame) -> bool:
        """Is ``frame`` the answer to this command (same channel, same command code)?"""
        if frame.sof != self.sof:
            return False
        if self.sof == SOF_SETUP:
            return frame.body[:1] == self.body[:1]
        return frame.body[:1] == self.body[:1] and len(frame.body) >= 2

    def parse(self, frame: Frame) -> T:
        """Check the reply's status and decode its fields.

        :raises NoTransponder, TagLocked, TagCommandError: the tag failed (status 06, 11/12, others).
        :raises ReaderStatusError: status 02 (command not implemented by the reader).
        :raises FrameError: the reply is malformed.
        """
        if not self.is_reply(frame):
            raise FrameError(f"{self.name}: unexpected reply {frame!r}")
        if self.sof == SOF_SETUP:
            return self.parser(frame.body)
        check_status(frame.body[1], self.name, self.uid)
        return self.parser(frame.body[2:])


def check_status(status: int, name: str, uid: str | None) -> None:
    """Raise the typed error for a non-OK status."""
    if status == STATUS_OK:
        return
    text = f"{name}: {STATUS_TEXT.get(status, 'unknown status')} (status {status:02X})"
    if status == STATUS_NO_TRANSPONDER:
        raise NoTransponder(text, uid)
    if status in (STATUS_ALREADY_LOCKED, STATUS_LOCKED):
        raise TagLocked(text, uid)
    if status == STATUS_NOT_IMPLEMENTED:
        raise ReaderStatusError(text, status)
    raise TagCommandError(text, uid, status)


def _uid_bytes(uid: str) -> bytes:
    try:
        raw = bytes.fromhex(uid)
    except ValueError:
        raw = b""
    if len(raw) != 8:
        raise LocalProtocolError(f"an ISO 15693 UID is 16 hex digits, got {uid!r}")
    return raw


def _byte(value: int, what: str) -> int:
    if not 0 <= value <= 0xFF:
        raise LocalProtocolError(f"{what} must be 0..255, got {value}")
    return value


def _need(fields: bytes, n: int, name: str) -> None:
    if len(fields) < n:
        raise FrameError(f"{name}: reply too short ({len(fields)} < {n} bytes)")


def _uid_of(fields: bytes) -> str:
    return fields[:8].hex().upper()


def _echo_uid(name: str, uid: str) -> Callable[[bytes], str]:
    def parse(fields: bytes) -> str:
        _need(fields, 8, name)
        got = _uid_of(fields)
        if got != uid:
            raise FrameError(f"{name}: reply for {got}, expected {uid}")
        return got

    return parse


# -- commands ---------------------------------------------------------------------------------------
def inventory(afi: int = 0x00, options: int = DEFAULT_INVENTORY_OPTIONS) -> Command[InventoryReply]:
    """FE: tags in the field; AFI 00 means every tag, any other value filters (ISO 15693 AFI rules)."""
    body = bytes([CMD_INVENTORY, _byte(afi, "AFI"), _byte(options, "options")])

    def parse(fields: bytes) -> InventoryReply:
        _need(fields, 3, "inventory")
        got_afi, got_opts, count = fields[0], fields[1], fields[2]
        per = 9 if got_opts & OPT_DSFID else 8
        rest = fields[3:]
        if len(rest) != count * per:
            raise FrameError(f"inventory: {len(rest)} bytes for {count} tags of {per} bytes")
        tags = []
        for i in range(count):
            entry = rest[i * per:(i + 1) * per]
            dsfid = entry[0] if per == 9 else None
            tags.append(InventoryEntry(uid=entry[per - 8:].hex().upper(), dsfid=dsfid))
        return InventoryReply(afi=got_afi, options=got_opts, tags=tuple(tags))

    return Command(name="inventory", body=body, parser=parse)


def version() -> Command[tuple[int, int, int, int]]:
    """Setup channel ``D5 … 04 00 11``: the reader's hardware/firmware version (e.g. 10.5.0.2)."""

    def parse(body: bytes) -> tuple[int, int, int, int]:
        if body[:3] != VERSION_BODY or len(body) < 7:
            raise FrameError(f"version: unexpected reply {body.hex(' ').upper()}")
        return (body[3], body[4], body[5], body[6])

    return Command(name="version", body=VERSION_BODY, parser=parse, sof=SOF_SETUP)


def read_multiblock(uid: str, first: int, count: int) -> Command[ReadReply]:
    """02: ``count`` blocks from ``first``; each block comes back with its number and lock byte."""
    if not 1 <= count <= 0xFF or not 0 <= first <= 0xFF or first + count > 0x100:
        raise LocalProtocolError(f"read of {count} blocks from {first} is out of range")
    body = bytes([CMD_READ_MULTIBLOCK]) + _uid_bytes(uid) + bytes([first, count])

    def parse(fields: bytes) -> ReadReply:
        got = _echo_uid("read multiblock", uid)(fields)
        _need(fields, 9, "read multiblock")
        n = fields[8]
        rest = fields[9:]
        if n != count or len(rest) != n * (2 + BLOCK_SIZE):
            raise FrameError(f"read multiblock: {len(rest)} bytes for {n} blocks, asked {count}")
        blocks = []
        for i in range(n):
            chunk = rest[i * 6:(i + 1) * 6]
            if chunk[0] != first + i:
                raise FrameError(f"read multiblock: block {chunk[0]} where {first + i} was expected")
            blocks.append(Block(number=chunk[0], lock=chunk[1], data=bytes(chunk[2:])))
        return ReadReply(uid=got, blocks=tuple(blocks))

    return Command(name="read multiblock", body=body, parser=parse, uid=uid)


def write_multiblock(uid: str, first: int, data: bytes) -> Command[int]:
    """04: write whole 4-byte blocks from ``first``; the reply echoes the block count."""
    if not data or len(data) % BLOCK_SIZE:
        raise LocalProtocolError(f"write data must be whole {BLOCK_SIZE}-byte blocks, got {len(data)} bytes")
    count = len(data) // BLOCK_SIZE
    if not 0 <= first <= 0xFF or count > 0xFF or first + count > 0x100:
        raise LocalProtocolError(f"write of {count} blocks from {first} is out of range")
    body = bytes([CMD_WRITE_MULTIBLOCK]) + _uid_bytes(uid) + bytes([first, count, 0x00]) + bytes(data)

    def parse(fields: bytes) -> int:
        _echo_uid("write multiblock", uid)(fields)
        _need(fields, 9, "write multiblock")
        return fields[8]

    return Command(name="write multiblock", body=body, parser=parse, uid=uid)


def _single_block(code: int, name: str, uid: str, block: int, data: bytes) -> Command[int]:
    if len(data) != BLOCK_SIZE:
        raise LocalProtocolError(f"{name}: one block is {BLOCK_SIZE} bytes, got {len(data)}")
    body = bytes([code]) + _uid_bytes(uid) + bytes([_byte(block, "block")]) + bytes(data)

    def parse(fields: bytes) -> int:
        _echo_uid(name, uid)(fields)
        _need(fields, 9, name)
        return fields[8]

    return Command(name=name, body=body, parser=parse, uid=uid)


def write_block(uid: str, block: int, data: bytes) -> Command[int]:
    """05: write one block."""
    return _single_block(CMD_WRITE_BLOCK, "write block", uid, block, data)


def write_and_lock(uid: str, block: int, data: bytes) -> Command[int]:
    """07: write one block, then lock it permanently."""
    return _single_block(CMD_WRITE_AND_LOCK, "write and lock", uid, block, data)


def _uid_only(code: int, name: str, uid: str) -> Command[str]:
    return Command(name=name, body=bytes([code]) + _uid_bytes(uid), parser=_echo_uid(name, uid), uid=uid)


def quiet(uid: str) -> Command[str]:
    """01: put the tag to ISO 15693 quiet state (it stops answering inventories until reset)."""
    return _uid_only(CMD_QUIET, "quiet", uid)


def lock_afi(uid: str) -> Command[str]:
    """06: lock the AFI permanently."""
    return _uid_only(CMD_LOCK_AFI, "lock AFI", uid)


def write_afi(uid: str, afi: int) -> Command[str]:
    """09: write the AFI (the library security marker)."""
    body = bytes([CMD_WRITE_AFI]) + _uid_bytes(uid) + bytes([_byte(afi, "AFI")])
    return Command(name="write AFI", body=body, parser=_echo_uid("write AFI", uid), uid=uid)


def _uid_and_byte(code: int, name: str, uid: str) -> Command[int]:
    def parse(fields: bytes) -> int:
        _echo_uid(name, uid)(fields)
        _need(fields, 9, name)
        return fields[8]

    return Command(name=name, body=bytes([code]) + _uid_bytes(uid), parser=parse, uid=uid)


def get_afi(uid: str) -> Command[int]:
    """0A: the tag's AFI."""
    return _uid_and_byte(CMD_GET_AFI, "get AFI", uid)


def get_dsfid(uid: str) -> Command[int]:
    """0F: the tag's DSFID."""
    return _uid_and_byte(CMD_GET_DSFID, "get DSFID", uid)


def check_eas(uid: str) -> Command[bool]:
    """03: is the tag's EAS bit set (would it alarm a gate)?"""
    inner = _uid_and_byte(CMD_CHECK_EAS, "check EAS", uid)
    return Command(name=inner.name, body=inner.body, parser=lambda f: bool(inner.parser(f)), uid=uid)


def eas_control(uid: str, armed: bool) -> Command[str]:
    """0C: set (01) or reset (00) the NXP EAS bit."""
    body = bytes([CMD_EAS_CONTROL]) + _uid_bytes(uid) + bytes([0x01 if armed else 0x00])
    return Command(name="EAS control", body=body, parser=_echo_uid("EAS control", uid), uid=uid)


def tag_info(uid: str) -> Command[TagInfoReply]:
    """0D: ISO 15693 system information (fields present as the tag's info flags say)."""

    def parse(fields: bytes) -> TagInfoReply:
        got = _echo_uid("tag info", uid)(fields)
        _need(fields, 9, "tag info")
        flags = fields[8]
        pos = 9
        values: dict[str, int | None] = {"dsfid": None, "afi": None, "block_count": None, "block_size": None, "ic_reference": None}
        if flags & 0x01:
            _need(fields, pos + 1, "tag info")
            values["dsfid"] = fields[pos]
            pos += 1
        if flags & 0x02:
            _need(fields, pos + 1, "tag info")
            values["afi"] = fields[pos]
            pos += 1
        if flags & 0x04:
            _need(fields, pos + 2, "tag info")
            values["block_count"] = fields[pos] + 1
            values["block_size"] = (fields[pos + 1] & 0x1F) + 1
            pos += 2
        if flags & 0x08:
            _need(fields, pos + 1, "tag info")
            values["ic_reference"] = fields[pos]
        return TagInfoReply(uid=got, info_flags=flags, **values)  # type: ignore[arg-type]

    return Command(name="tag info", body=bytes([CMD_TAG_INFO]) + _uid_bytes(uid), parser=parse, uid=uid)


def passthrough(iso_request: bytes) -> Command[bytes]:
    """14: send a raw ISO 15693 request (flags, command, parameters; the reader adds the CRC).

    Returns the tag's raw response without CRC (response flags first). No answer is status 06.
    """
    if len(iso_request) < 2:
        raise LocalProtocolError("an ISO 15693 request has at least flags and a command byte")
    uid = None
    flags = iso_request[0]
    if flags & 0x20 and not flags & 0x04:  # addressed, not inventory
        offset = 3 if 0xA0 <= iso_request[1] <= 0xDF else 2
        if len(iso_request) >= offset + 8:
            uid = normalise_uid(iso_request[offset:offset + 8], lsb_first=True)
    return Command(name="ISO pass-through", body=bytes([CMD_PASSTHROUGH]) + bytes(iso_request), parser=bytes, uid=uid)
