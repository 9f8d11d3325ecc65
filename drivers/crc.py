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

from collections.abc import Callable


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


def _zero_step(reflected: bool) -> Callable[[int], int]:
    """One byte of ``00`` through the register: the linear map every span CRC is built from."""
    if reflected:
        return lambda reg: (reg >> 8) ^ _LSB[reg & 0xFF]
    return lambda reg: ((reg << 8) & 0xFFFF) ^ _MSB[reg >> 8]


def _as_tables(step: Callable[[int], int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A linear 16-bit map as two 256-entry tables, for the register's low and high byte."""
    return tuple(step(b) for b in range(256)), tuple(step(b << 8) for b in range(256))


class SpanCrc:
    """The CRC of any span of a buffer that grows at the end and shrinks at the front.

    Why: a decoder resynchronising on line noise checks the CRC of many overlapping candidate
    frames (every ``02`` or ``D6`` that claims a length). Recomputing each over its whole length
    made noise cost O(bytes × frame length). A CRC register is affine in its input, so keeping
    ``Z[i]``, the register after the first ``i`` bytes starting from 0, gives the span ``[a, b)``
    as ``Z[b] ^ Tᵇ⁻ᵃ(Z[a] ^ init) ^ xorout``, where ``T`` feeds one zero byte: O(log span),
    with ``T`` raised to powers of two kept as byte tables. Each byte is fed once.

    The owner keeps its buffer and this in step: :meth:`extend` with every byte appended,
    :meth:`drop` when the front is deleted, :meth:`clear` with the buffer.
    """

    def __init__(self, *, reflected: bool, init: int = 0xFFFF, xorout: int = 0x0000) -> None:
        self._reflected = reflected
        self._init = init
        self._xorout = xorout
        self._powers = _POWERS[reflected]
        self._z = [0]
        self._off = 0  # Z of the buffer's first byte is self._z[self._off]

    @classmethod
    def mcrf4xx(cls) -> SpanCrc:
        """As :func:`crc16_mcrf4xx` (FEIG ISC frames)."""
        return cls(reflected=True)

    @classmethod
    def genibus(cls) -> SpanCrc:
        """As :func:`crc16_genibus` (3M 810 frames)."""
        return cls(reflected=False, xorout=0xFFFF)

    def extend(self, data: bytes | bytearray) -> None:
        z = self._z
        reg = z[-1]
        if self._reflected:
            for b in data:
                reg = (reg >> 8) ^ _LSB[(reg ^ b) & 0xFF]
                z.append(reg)
        else:
            for b in data:
                reg = ((reg << 8) & 0xFFFF) ^ _MSB[(reg >> 8) ^ b]
                z.append(reg)

    def drop(self, n: int) -> None:
        """The buffer's first ``n`` bytes were deleted (compacted once half is dead: O(1) amortised)."""
        self._off += n
        if self._off > 64 and 2 * self._off > len(self._z):
            del self._z[:self._off]
            self._off = 0

    def clear(self) -> None:
        self._z = [0]
        self._off = 0

    def __len__(self) -> int:
        """Bytes covered (the buffer's length, if kept in step)."""
        return len(self._z) - 1 - self._off

    def of(self, start: int, end: int) -> int:
        """The CRC of the buffer's bytes ``[start, end)``."""
        if not 0 <= start <= end <= len(self):
            raise IndexError(f"span {start}:{end} outside 0:{len(self)}")
        reg = self._z[self._off + start] ^ self._init
        k = end - start
        while k:  # one table step per set bit of the span's length
            bit = k & -k
            low, high = self._power(bit.bit_length() - 1)
            reg = low[reg & 0xFF] ^ high[reg >> 8]
            k ^= bit
        return self._z[self._off + end] ^ reg ^ self._xorout

    def _power(self, j: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """``T`` to the power ``2**j``, squared up from the last one known (each built once)."""
        powers = self._powers
        while len(powers) <= j:
            low, high = powers[-1]

            def twice(reg: int, low: tuple[int, ...] = low, high: tuple[int, ...] = high) -> int:
                reg = low[reg & 0xFF] ^ high[reg >> 8]
                return low[reg & 0xFF] ^ high[reg >> 8]

            powers.append(_as_tables(twice))
        return powers[j]


#: per reflection, ``T**(2**j)`` for j = 0, 1, … as byte tables, shared by every :class:`SpanCrc`;
#: grown on first use up to the longest span asked (j ≤ 13 for FEIG's 8 KiB frames), not at import
_POWERS: dict[bool, list[tuple[tuple[int, ...], tuple[int, ...]]]] = {
    r: [_as_tables(_zero_step(r))] for r in (False, True)
}
