"""The CRC-16 variants the library RFID protocols use, each pinned by its check value in tests.

| name | poly | init | reflected | xorout | used by |
|---|---|---|---|---|---|
| ``crc16_ccitt_false`` | 0x1021 | 0xFFFF | no | 0x0000 | ISO 28560-3 basic block |
| ``crc16_iso15693`` | 0x1021 | 0xFFFF | yes | 0xFFFF | ISO 15693 air frames (CRC-16/X-25) |
| ``crc16_mcrf4xx`` | 0x1021 | 0xFFFF | yes | 0x0000 | FEIG ISC frames |
| ``crc16_genibus`` | 0x1021 | 0xFFFF | no | 0xFFFF | 3M 810 frames |

Tables are built once at import; each function is a single pass over the bytes.
"""

from __future__ import annotations


def _table_msb(poly: int) -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ poly) if crc & 0x8000 else (crc << 1)
        table.append(crc & 0xFFFF)
    return tuple(table)


def _table_lsb(poly_reflected: int) -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ poly_reflected if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_MSB = _table_msb(0x1021)
_LSB = _table_lsb(0x8408)


def _crc_msb(data: bytes, init: int) -> int:
    crc = init
    for b in data:
        crc = ((crc << 8) & 0xFFFF) ^ _MSB[(crc >> 8) ^ b]
    return crc


def _crc_lsb(data: bytes, init: int) -> int:
    crc = init
    for b in data:
        crc = (crc >> 8) ^ _LSB[(crc ^ b) & 0xFF]
    return crc


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (ISO 28560-3). Check: b"123456789" → 0x29B1."""
    return _crc_msb(data, 0xFFFF)


def crc16_genibus(data: bytes) -> int:
    """CRC-16/GENIBUS (3M 810 frames). Check: b"123456789" → 0xD64E."""
    return _crc_msb(data, 0xFFFF) ^ 0xFFFF


def crc16_mcrf4xx(data: bytes) -> int:
    """CRC-16/MCRF4XX (FEIG ISC frames). Check: b"123456789" → 0x6F91."""
    return _crc_lsb(data, 0xFFFF)


def crc16_iso15693(data: bytes) -> int:
    """CRC-16/X-25 as ISO/IEC 15693-3 uses it on air (sent LSB first). Check: b"123456789" → 0x906E."""
    return _crc_lsb(data, 0xFFFF) ^ 0xFFFF


def append_crc_iso15693(frame: bytes) -> bytes:
    """An air frame with its CRC appended, least significant byte first."""
    return frame + crc16_iso15693(frame).to_bytes(2, "little")


def check_crc_iso15693(frame: bytes) -> bool:
    """True if the last two bytes of ``frame`` are the ISO 15693 CRC of the rest."""
    return len(frame) >= 2 and crc16_iso15693(frame[:-2]) == int.from_bytes(frame[-2:], "little")
