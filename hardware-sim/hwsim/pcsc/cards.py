"""Cards and tags a simulated contactless PC/SC reader can hold, each answering at the card level.

The reader firmware (:mod:`hwsim.pcsc.firmware`) turns pseudo-APDUs into calls on these objects;
ISO 14443-4 cards also take ISO/IEC 7816-4 APDUs directly. Errors are raised as :class:`Sw` with
the status word a real reader would return.

| card | ATR | ``FF CA`` | ``FF B0``/``FF D6`` | 7816-4 APDUs |
|---|---|---|---|---|
| :class:`UidCard` (MIFARE Classic, EasyCard) | storage, ``03 00 01`` | 4/7/10-byte UID | ``69 82`` (needs auth) | — |
| :class:`Type2Tag` (NTAG213/Ultralight) | storage, ``03 00 03`` | 7-byte UID | 4-byte pages | — |
| :class:`Type4Tag` | ISO 14443-4 | 7-byte UID | ``6A 81`` | NDEF application |
| :class:`VicinityCard` (ISO 15693) | storage, ``0B 00 00`` | UID LSB first | via air frames | — |
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drivers.crc import append_crc_iso15693, check_crc_iso15693
from drivers.tags.ndef import encode_message, patron_id_record, wrap_type2_tlv
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.iso15693.timing import AirTiming

__all__ = [
    "Card",
    "Sw",
    "Type2Tag",
    "Type4Tag",
    "UidCard",
    "VicinityCard",
    "storage_atr",
]


class Sw(Exception):
    """A status word the reader returns instead of data."""

    def __init__(self, sw: int) -> None:
        super().__init__(f"{sw:04X}")
        self.sw = sw


def _with_tck(body: bytes) -> bytes:
    tck = 0
    for b in body[1:]:
        tck ^= b
    return body + bytes([tck])


def storage_atr(standard: int, name: int) -> bytes:
    """PC/SC part 3 ATR of a contactless storage card: ``3B 8F 80 01 80 4F 0C A0 00 00 03 06 SS NN NN 00 00 00 00 TCK``."""
    historical = b"\x80\x4f\x0c" + bytes.fromhex("A000000306") + bytes([standard]) + name.to_bytes(2, "big") + b"\x00" * 4
    return _with_tck(bytes([0x3B, 0x80 | len(historical), 0x80, 0x01]) + historical)


def iso14443_4_atr(historical: bytes = b"") -> bytes:
    """ATR a PC/SC reader builds for an ISO 14443-4 type A card: historical bytes from the ATS."""
    return _with_tck(bytes([0x3B, 0x80 | len(historical), 0x80, 0x01]) + historical)


class Card:
    """Base: a card with a UID and an ATR. ``kind`` names it in scenarios and logs."""

    kind = "card"
    atr: bytes
    #: seconds per APDU in realistic mode (ISO 14443 at 106 kbit/s plus reader overhead)
    apdu_time_s = 0.004

    def uid_bytes(self) -> bytes:
        """What ``FF CA 00 00 00`` returns."""
        raise NotImplementedError

    def read_binary(self, block: int, length: int) -> bytes:
        raise Sw(0x6A81)

    def update_binary(self, block: int, data: bytes) -> None:
        raise Sw(0x6A81)

    def process(self, apdu: bytes) -> bytes:
        """An ISO/IEC 7816-4 APDU (CLA not FF); returns the full response with status word."""
        return b"\x6e\x00"

    def transceive(self, frame: bytes, timeout_us: int | None) -> bytes | None:
        """A raw air frame (no CRC) in a transparent session: the answer without CRC, or None."""
        raise Sw(0x6A81)

    def describe(self) -> dict[str, object]:
        return {"kind": self.kind, "uid": self.uid_bytes().hex().upper()}


def _check_uid(uid: bytes | str, lengths: tuple[int, ...]) -> bytes:
    raw = bytes.fromhex(uid) if isinstance(uid, str) else bytes(uid)
    if len(raw) not in lengths:
        raise ValueError(f"UID must be {' or '.join(map(str, lengths))} bytes, got {len(raw)}")
    return raw


class UidCard(Card):
    """An ISO 14443-A card identified by its UID only (MIFARE Classic 1K: EasyCard, library cards)."""

    kind = "uid"

    def __init__(self, uid: bytes | str, *, name: int = 0x0001) -> None:
        self.uid = _check_uid(uid, (4, 7, 10))
        self.atr = storage_atr(0x03, name)

    def uid_bytes(self) -> bytes:
        return self.uid

    def read_binary(self, block: int, length: int) -> bytes:
        raise Sw(0x6982)  # MIFARE Classic sectors need authentication first

    def update_binary(self, block: int, data: bytes) -> None:
        raise Sw(0x6982)


class Type2Tag(Card):
    """NFC Forum Type 2 tag (NTAG213 layout): 4-byte pages, UID in pages 0–2, CC in page 3, TLVs from page 4.

    :param ndef: NDEF message bytes to store (wrapped in an ``03`` TLV), or ``patron_id`` to build a
        Text (or URI, with ``record="uri"``) record carrying it.
    """

    kind = "type2"

    def __init__(self, uid: bytes | str = "04A1B2C3D4E5F6", *, ndef: bytes | None = None, patron_id: str | None = None,
                 record: str = "text", pages: int = 45, memory: bytes | None = None) -> None:
        self.uid = _check_uid(uid, (7,))
        self.atr = storage_atr(0x03, 0x0003)
        self.pages = pages
        if memory is not None:
            self.memory = bytearray(memory.ljust(pages * 4, b"\x00"))
            return
        if patron_id is not None:
            ndef = encode_message(patron_id_record(patron_id, record))
        u = self.uid
        bcc0 = 0x88 ^ u[0] ^ u[1] ^ u[2]
        bcc1 = u[3] ^ u[4] ^ u[5] ^ u[6]
        header = u[:3] + bytes([bcc0]) + u[3:] + bytes([bcc1, 0x48, 0x00, 0x00])
        data_area = (pages - 4 - 5) * 4  # NTAG213: 144 bytes of user memory
        cc = bytes([0xE1, 0x10, data_area // 8, 0x00])
        tlv = wrap_type2_tlv(ndef) if ndef is not None else b"\x03\x00\xfe"
        if len(tlv) > data_area:
            raise ValueError(f"NDEF TLV of {len(tlv)} bytes does not fit {data_area} bytes")
        self.memory = bytearray((header + cc + tlv).ljust(pages * 4, b"\x00"))

    def uid_bytes(self) -> bytes:
        return self.uid

    def read_binary(self, block: int, length: int) -> bytes:
        if length % 4 or not 4 <= length <= 16:
            raise Sw(0x6700)
        if block >= self.pages:
            raise Sw(0x6B00)
        # a READ returns 4 pages, rolling over to page 0 past the end (NTAG behaviour)
        out = b"".join(bytes(self.memory[((block + i) % self.pages) * 4 : ((block + i) % self.pages) * 4 + 4]) for i in range(4))
        return out[:length]

    def update_binary(self, block: int, data: bytes) -> None:
        if len(data) != 4:
            raise Sw(0x6700)
        if not 4 <= block < self.pages - 5:
            raise Sw(0x6B00 if block >= self.pages else 0x6986)
        self.memory[block * 4 : block * 4 + 4] = data


@dataclass
class _File:
    fid: int
    data: bytearray = field(default_factory=bytearray)


class Type4Tag(Card):
    """NFC Forum Type 4 tag: NDEF application ``D2760000850101``, CC file ``E103``, NDEF file ``E104``."""

    kind = "type4"
    MLE = 0x3B  # max R-APDU data size the CC announces

    def __init__(self, uid: bytes | str = "04112233445566", *, ndef: bytes | None = None, patron_id: str | None = None,
                 record: str = "text", max_ndef: int = 0x0800) -> None:
        self.uid = _check_uid(uid, (4, 7, 10))
        self.atr = iso14443_4_atr(b"")
        if patron_id is not None:
            ndef = encode_message(patron_id_record(patron_id, record))
        ndef = ndef or b""
        if len(ndef) + 2 > max_ndef:
            raise ValueError("NDEF message larger than the NDEF file")
        cc = (bytes.fromhex("000F20") + self.MLE.to_bytes(2, "big") + bytes.fromhex("0034")
              + bytes.fromhex("0406E104") + max_ndef.to_bytes(2, "big") + b"\x00\x00")
        self.files = {0xE103: _File(0xE103, bytearray(cc)), 0xE104: _File(0xE104, bytearray(len(ndef).to_bytes(2, "big") + ndef))}
        self._app = False
        self._file: _File | None = None

    def uid_bytes(self) -> bytes:
        return self.uid

    def reset(self) -> None:
        self._app = False
        self._file = None

    def process(self, apdu: bytes) -> bytes:
        if len(apdu) < 4:
            return b"\x67\x00"
        cla, ins, p1, p2 = apdu[:4]
        if cla != 0x00:
            return b"\x6e\x00"
        if ins == 0xA4:
            lc = apdu[4] if len(apdu) > 4 else 0
            body = apdu[5 : 5 + lc]
            if len(body) != lc:
                return b"\x67\x00"
            if p1 == 0x04:
                if body == bytes.fromhex("D2760000850101"):
                    self._app, self._file = True, None
                    return b"\x90\x00"
                return b"\x6a\x82"
            if p1 == 0x00 and len(body) == 2:
                fid = int.from_bytes(body, "big")
                if not self._app or fid not in self.files:
                    return b"\x6a\x82"
                self._file = self.files[fid]
                return b"\x90\x00"
            return b"\x6a\x86"
        if ins == 0xB0:
            if self._file is None:
                return b"\x69\x86"
            if len(apdu) != 5:
                return b"\x67\x00"
            offset = (p1 << 8) | p2
            le = apdu[4] or 256
            if le > self.MLE:
                return b"\x67\x00"
            if offset > len(self._file.data):
                return b"\x6b\x00"
            return bytes(self._file.data[offset : offset + le]) + b"\x90\x00"
        return b"\x6d\x00"


class VicinityCard(Card):
    """An ISO 15693 tag on a PC/SC pad: every command becomes an air frame to the shared tag model.

    ``FF CA`` returns the UID least significant byte first, as ACS readers do. The tag must be in
    ``field`` to answer (it may have been lifted mid-command).
    """

    kind = "iso15693"
    #: reader answer timeout without a timer object: t1 plus margin, too short for EEPROM writes
    DEFAULT_TIMEOUT_US = 2_000

    def __init__(self, tag: Iso15693Tag, field: object | None = None) -> None:
        self.tag = tag
        self.field = field
        self.atr = storage_atr(0x0B, 0x0000)
        self.apdu_time_s = 0.0  # charged from the air timing model instead
        self.timing = AirTiming(realistic=False)
        self.air_s = 0.0  # air time spent so far; the firmware sleeps it off in realistic mode

    def uid_bytes(self) -> bytes:
        return self.tag.uid_air

    def describe(self) -> dict[str, object]:
        return {"kind": self.kind, "uid": self.tag.uid_hex}

    def _air(self, body: bytes) -> tuple[bytes | None, int]:
        frame = append_crc_iso15693(body)
        if self.field is not None:
            responses, writes = self.field.transceive(frame, uid=self.tag.uid_hex)  # type: ignore[attr-defined]
            response = responses[0] if responses else None
        else:
            answer = self.tag.exchange(frame)
            response, writes = answer.response, answer.writes
        self.air_s += self.timing.exchange(frame, response, writes=writes)
        if response is None or not check_crc_iso15693(response):
            return None, writes
        return response[:-2], writes

    def _addressed(self, cmd: int, args: bytes) -> bytes:
        answer, _ = self._air(bytes([0x22, cmd]) + self.tag.uid_air + args)
        if answer is None:
            raise Sw(0x6300)  # the reader's own "operation failed": the tag did not answer
        if answer[0] & 0x01:
            raise Sw(0x6300)
        return answer[1:]

    def read_binary(self, block: int, length: int) -> bytes:
        bs = self.tag.block_size
        if length % bs or length == 0 or length > 8 * bs:
            raise Sw(0x6700)
        count = length // bs
        if count == 1:
            return self._addressed(0x20, bytes([block]))
        return self._addressed(0x23, bytes([block, count - 1]))

    def update_binary(self, block: int, data: bytes) -> None:
        if len(data) != self.tag.block_size:
            raise Sw(0x6700)
        self._addressed(0x21, bytes([block]) + data)

    def transceive(self, frame: bytes, timeout_us: int | None) -> bytes | None:
        answer, writes = self._air(frame)
        needed_us = 400 + writes * 6_000  # t1 + EEPROM programming (ICODE SLIX order of magnitude)
        if answer is not None and (timeout_us or self.DEFAULT_TIMEOUT_US) < needed_us:
            return None  # the write took, but the reader stopped listening first
        return answer
