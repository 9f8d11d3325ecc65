"""One function per ISC command, named as in the FEIG manuals: request builders and reply parsers.

Pure functions over bytes (nfcpy's "chipset" layer without the transport). Each ``*_request``
returns a :class:`~drivers.feig.frames.Request`; each ``parse_*`` takes the reply's data field.

| command | request data | reply data |
|---|---|---|
| ``52`` baud detect | ``00`` | — |
| ``65`` software version | — | SW-REV(2) D-REV HW-TYPE SW-TYPE TR-TYPE(2) |
| ``66`` reader info, mode ``00`` | MODE | as 65, then RX-BUF(2) TX-BUF(2) |
| ``69`` RF reset | — | — |
| ``80``/``81`` read/write configuration | CFG-ADR [CFG-DATA(14)] | [CFG-DATA(14)] |
| ``B0 01`` inventory | MODE [AFI] | count, then per tag TR-TYPE DSFID UID(8, MSB first) |
| ``B0 02/25/26/28/2A`` quiet/select/reset/lock AFI/lock DSFID | MODE UID | — |
| ``B0 22`` lock multiple blocks | MODE UID DB-ADR DB-N | — (``03``: DB-ADR-E; ``95``: ISO error, DB-ADR-E) |
| ``B0 23`` read multiple blocks | MODE UID DB-ADR DB-N | DB-N DB-SIZE, per block SEC + DB (reversed) |
| ``B0 24`` write multiple blocks | MODE UID DB-ADR DB-N DB-SIZE DB… (reversed) | — |
| ``B0 27/29`` write AFI/DSFID | MODE UID value | — |
| ``B0 2B`` system information | MODE UID | DSFID UID AFI MEM-SIZE(2) IC-REF |
| ``B1`` NXP custom (``A2`` set EAS, ``A3`` reset, ``A4`` lock, ``A5`` alarm) | MFR(04) CMD MODE UID | [EAS sequence] |

MODE ``01`` is addressed (a UID follows); inventory MODE bit ``10`` carries an AFI, bit ``80``
(MORE) fetches the rest of an inventory whose reply said status ``94`` (more data).
Block data travels with its bytes reversed (FEIG's "MSB first" block order): memory bytes
``01 02 03 04`` are sent as ``04 03 02 01``.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.errors import FrameError, LocalProtocolError
from drivers.feig.frames import Request

BAUD_DETECT = 0x52
SOFTWARE_VERSION = 0x65
READER_INFO = 0x66
RF_RESET = 0x69
READ_CONFIGURATION = 0x80
WRITE_CONFIGURATION = 0x81
ISO_HOST = 0xB0
ISO_CUSTOM = 0xB1

INVENTORY = 0x01
STAY_QUIET = 0x02
LOCK_MULTIPLE_BLOCKS = 0x22
READ_MULTIPLE_BLOCKS = 0x23
WRITE_MULTIPLE_BLOCKS = 0x24
SELECT = 0x25
RESET_TO_READY = 0x26
WRITE_AFI = 0x27
LOCK_AFI = 0x28
WRITE_DSFID = 0x29
LOCK_DSFID = 0x2A
GET_SYSTEM_INFORMATION = 0x2B

MODE_ADDRESSED = 0x01
MODE_AFI = 0x10
MODE_MORE = 0x80
NXP = 0x04
SET_EAS, RESET_EAS, LOCK_EAS, EAS_ALARM = 0xA2, 0xA3, 0xA4, 0xA5
TR_TYPE_ISO15693 = 0x03
CONFIG_BLOCK = 14


def uid_bytes(uid: str) -> bytes:
    raw = bytes.fromhex(uid)
    if len(raw) != 8:
        raise LocalProtocolError(f"ISO 15693 UID must be 8 bytes, got {uid!r}")
    return raw


def reverse_blocks(data: bytes, block_size: int) -> bytes:
    """Memory order ↔ FEIG wire order (each block's bytes reversed; its own inverse)."""
    return b"".join(data[i:i + block_size][::-1] for i in range(0, len(data), block_size))


# -- reader commands ------------------------------------------------------------------------------
def baud_detect_request(address: int = 0xFF) -> Request:
    return Request(address=address, command=BAUD_DETECT, data=b"\x00")


def software_version_request(address: int = 0xFF) -> Request:
    return Request(address=address, command=SOFTWARE_VERSION)


def reader_info_request(address: int = 0xFF, mode: int = 0x00) -> Request:
    return Request(address=address, command=READER_INFO, data=bytes([mode]))


def rf_reset_request(address: int = 0xFF) -> Request:
    return Request(address=address, command=RF_RESET)


def read_configuration_request(block: int, *, eeprom: bool = False, address: int = 0xFF) -> Request:
    if not 0 <= block <= 0x3F:
        raise LocalProtocolError("configuration block is 0..63")
    return Request(address=address, command=READ_CONFIGURATION, data=bytes([block | (0x80 if eeprom else 0)]))


def write_configuration_request(block: int, data: bytes, *, eeprom: bool = False, address: int = 0xFF) -> Request:
    if len(data) != CONFIG_BLOCK:
        raise LocalProtocolError(f"a configuration block is {CONFIG_BLOCK} bytes")
    head = read_configuration_request(block, eeprom=eeprom, address=address)
    return Request(address=address, command=WRITE_CONFIGURATION, data=head.data + data)


@dataclass(frozen=True, kw_only=True)
class SoftwareVersion:
    sw_rev: int
    d_rev: int
    hw_type: int
    sw_type: int
    tr_type: int
    rx_buffer: int | None = None
    tx_buffer: int | None = None

    @property
    def firmware(self) -> str:
        return f"{self.sw_rev >> 8:02X}.{self.sw_rev & 0xFF:02X}.{self.d_rev:02X}"


def parse_software_version(data: bytes) -> SoftwareVersion:
    if len(data) < 7:
        raise FrameError(f"software version reply too short: {data.hex(' ')}")
    extra = {}
    if len(data) >= 11:
        extra = {"rx_buffer": int.from_bytes(data[7:9], "big"), "tx_buffer": int.from_bytes(data[9:11], "big")}
    return SoftwareVersion(
        sw_rev=int.from_bytes(data[0:2], "big"), d_rev=data[2], hw_type=data[3], sw_type=data[4],
        tr_type=int.from_bytes(data[5:7], "big"), **extra,
    )


# -- ISO host commands (B0) -----------------------------------------------------------------------
def _iso(command: int, mode: int, payload: bytes = b"", *, address: int) -> Request:
    return Request(address=address, command=ISO_HOST, data=bytes([command, mode]) + payload)


def _addressed(command: int, uid: str, payload: bytes = b"", *, address: int) -> Request:
    return _iso(command, MODE_ADDRESSED, uid_bytes(uid) + payload, address=address)


def inventory_request(afi: int | None = None, *, more: bool = False, address: int = 0xFF) -> Request:
    mode = (MODE_MORE if more else 0) | (MODE_AFI if afi is not None else 0)
    payload = b"" if afi is None else bytes([afi & 0xFF])
    return _iso(INVENTORY, mode, payload, address=address)


@dataclass(frozen=True, kw_only=True)
class InventoryRecord:
    tr_type: int
    dsfid: int
    uid: str


def parse_inventory(data: bytes) -> list[InventoryRecord]:
    """Data sets of an inventory reply (status 00, or 83/84/94 which still carry data sets)."""
    if not data:
        return []
    count, records = data[0], []
    if len(data) < 1 + count * 10:
        raise FrameError(f"inventory reply announces {count} tags but holds {len(data) - 1} bytes")
    for i in range(count):
        rec = data[1 + 10 * i:11 + 10 * i]
        records.append(InventoryRecord(tr_type=rec[0], dsfid=rec[1], uid=rec[2:10].hex().upper()))
    return records


def stay_quiet_request(uid: str, *, address: int = 0xFF) -> Request:
    return _addressed(STAY_QUIET, uid, address=address)


def select_request(uid: str, *, address: int = 0xFF) -> Request:
    return _addressed(SELECT, uid, address=address)


def reset_to_ready_request(uid: str, *, address: int = 0xFF) -> Request:
    return _addressed(RESET_TO_READY, uid, address=address)


def read_multiple_blocks_request(uid: str, first: int, count: int, *, address: int = 0xFF) -> Request:
    if not (0 <= first <= 0xFF and 1 <= count <= 0xFF and first + count <= 0x100):
        raise LocalProtocolError("blocks must lie in 0..255")
    return _addressed(READ_MULTIPLE_BLOCKS, uid, bytes([first, count]), address=address)


def lock_multiple_blocks_request(uid: str, first: int, count: int, *, address: int = 0xFF) -> Request:
    """``B0 22``: lock ``count`` blocks from ``first`` for good.

    From FEIG's manuals (ID ISC.MR/PR/PRH101 system manual H60301 §6.1.3, ID ISC.MR200 H40801,
    ID CPR30 H01114): request ``22`` MODE [UID] DB-ADR DB-N; on failure status ``03`` with
    DB-ADR-E, or ``95`` with the ISO 15693 error and DB-ADR-E (the block where it stopped; the
    blocks after it stay unlocked). FEIG's SDK (``LockMultipleBlocks``) sends the same fields.
    """
    if not (0 <= first <= 0xFF and 1 <= count <= 0xFF and first + count <= 0x100):
        raise LocalProtocolError("blocks must lie in 0..255")
    return _addressed(LOCK_MULTIPLE_BLOCKS, uid, bytes([first, count]), address=address)


@dataclass(frozen=True, kw_only=True)
class Blocks:
    block_size: int
    data: bytes  # memory order
    security: bytes  # one byte per block (01 = locked)


def parse_read_multiple_blocks(data: bytes) -> Blocks:
    if len(data) < 2:
        raise FrameError("read multiple blocks reply too short")
    count, size = data[0], data[1]
    if size == 0 or len(data) < 2 + count * (size + 1):
        raise FrameError(f"read reply announces {count}×{size} bytes but holds {len(data) - 2}")
    out, sec = bytearray(), bytearray()
    for i in range(count):
        rec = data[2 + i * (size + 1):2 + (i + 1) * (size + 1)]
        sec.append(rec[0])
        out += rec[1:][::-1]
    return Blocks(block_size=size, data=bytes(out), security=bytes(sec))


def write_multiple_blocks_request(uid: str, first: int, data: bytes, block_size: int = 4, *, address: int = 0xFF) -> Request:
    if not 1 <= block_size <= 32 or not data or len(data) % block_size:
        raise LocalProtocolError("data must be whole blocks")
    count = len(data) // block_size
    if first < 0 or first + count > 0x100:
        raise LocalProtocolError("blocks must lie in 0..255")
    payload = bytes([first, count, block_size]) + reverse_blocks(data, block_size)
    return _addressed(WRITE_MULTIPLE_BLOCKS, uid, payload, address=address)


def write_afi_request(uid: str, afi: int, *, address: int = 0xFF) -> Request:
    return _addressed(WRITE_AFI, uid, bytes([afi & 0xFF]), address=address)


def lock_afi_request(uid: str, *, address: int = 0xFF) -> Request:
    return _addressed(LOCK_AFI, uid, address=address)


def write_dsfid_request(uid: str, dsfid: int, *, address: int = 0xFF) -> Request:
    return _addressed(WRITE_DSFID, uid, bytes([dsfid & 0xFF]), address=address)


def lock_dsfid_request(uid: str, *, address: int = 0xFF) -> Request:
    return _addressed(LOCK_DSFID, uid, address=address)


def system_information_request(uid: str, *, address: int = 0xFF) -> Request:
    return _addressed(GET_SYSTEM_INFORMATION, uid, address=address)


@dataclass(frozen=True, kw_only=True)
class SystemInformation:
    dsfid: int
    uid: str
    afi: int
    block_size: int
    block_count: int
    ic_reference: int


def parse_system_information(data: bytes) -> SystemInformation:
    """DSFID, UID(8), AFI, MEM-SIZE (block size − 1, block count − 1), IC-REF."""
    if len(data) < 13:
        raise FrameError(f"system information reply too short: {data.hex(' ')}")
    return SystemInformation(
        dsfid=data[0], uid=data[1:9].hex().upper(), afi=data[9],
        block_size=(data[10] & 0x1F) + 1, block_count=data[11] + 1, ic_reference=data[12],
    )


# -- manufacturer custom commands (B1) ------------------------------------------------------------
def nxp_request(nxp_command: int, uid: str, payload: bytes = b"", *, address: int = 0xFF) -> Request:
    return Request(address=address, command=ISO_CUSTOM, data=bytes([NXP, nxp_command, MODE_ADDRESSED]) + uid_bytes(uid) + payload)


def set_eas_request(uid: str, *, address: int = 0xFF) -> Request:
    return nxp_request(SET_EAS, uid, address=address)


def reset_eas_request(uid: str, *, address: int = 0xFF) -> Request:
    return nxp_request(RESET_EAS, uid, address=address)


def lock_eas_request(uid: str, *, address: int = 0xFF) -> Request:
    return nxp_request(LOCK_EAS, uid, address=address)


def eas_alarm_request(uid: str, *, address: int = 0xFF) -> Request:
    return nxp_request(EAS_ALARM, uid, address=address)
