"""Sans-I/O APDUs for contactless PC/SC readers: builders, parsers and status words → errors.

Nothing here touches pyscard: builders return ``bytes`` to transmit, parsers take the response
APDU (data followed by SW1 SW2) and either return the data or raise the mapped error.

| command | bytes | source |
|---|---|---|
| get UID | ``FF CA 00 00 00`` | PC/SC part 3, §3.2.2.1.3 |
| read binary (storage card) | ``FF B0 00 <block> <Le>`` | PC/SC part 3, §3.2.2.1.8 |
| update binary (storage card) | ``FF D6 00 <block> <Lc> <data>`` | PC/SC part 3, §3.2.2.1.9 |
| transparent session | ``FF C2 00 00 02 81 00`` start, ``… 82 00`` end | PC/SC part 3, §3.2.2.1.10 |
| switch protocol | ``FF C2 00 02 04 8F 02 <rf> <layer>`` (``02 03``: ISO 15693 part 3) | idem |
| transceive | ``FF C2 00 01 Lc [5F 46 04 <µs LE>] 95 <len> <frame>`` → ``… 97 <len> <answer>`` | idem |
| select NDEF application | ``00 A4 04 00 07 D2760000850101 00`` | NFC Forum Type 4 Tag |
| select file / read binary | ``00 A4 00 0C 02 <fid>``, ``00 B0 <offset> <Le>`` | ISO/IEC 7816-4 |

Frames inside the transparent session carry no CRC: the reader adds and checks it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from drivers.errors import (
    FrameError,
    LocalProtocolError,
    NoTransponder,
    ReaderError,
    ReaderStatusError,
    ReaderTimeout,
    TagCommandError,
    TagLocked,
)

__all__ = [
    "ATR_RID",
    "NDEF_AID",
    "CardKind",
    "CardRemoved",
    "CardTimeout",
    "FunctionNotSupported",
    "StatusWordError",
    "TransparentResult",
    "check",
    "describe_sw",
    "end_session",
    "get_uid",
    "iso_read_binary",
    "iso_select_aid",
    "iso_select_file",
    "parse_atr",
    "parse_transparent",
    "read_binary",
    "split_response",
    "start_session",
    "switch_iso15693",
    "transceive",
    "update_binary",
]

#: RID of the PC/SC workgroup in a contactless storage card ATR (PC/SC part 3 supplement).
ATR_RID = bytes.fromhex("A000000306")
#: NFC Forum Type 4 Tag NDEF application (version 2).
NDEF_AID = bytes.fromhex("D2760000850101")

#: SW1 SW2 → (error class, meaning). 6C XX and 61 XX are handled by :func:`check`.
_SW: dict[int, tuple[type[ReaderError], str]] = {
    0x6281: (TagCommandError, "part of the returned data may be corrupted"),
    0x6282: (TagCommandError, "end of file reached before Le bytes"),
    0x6300: (TagCommandError, "operation failed (card did not do what was asked)"),
    0x6401: (ReaderTimeout, "no response from the card within the reader's timeout"),
    0x6581: (TagCommandError, "memory failure (write did not take)"),
    0x6700: (ReaderStatusError, "wrong length"),
    0x6800: (ReaderStatusError, "class byte not supported"),
    0x6981: (ReaderStatusError, "command incompatible with the card"),
    0x6982: (TagLocked, "security status not satisfied (authentication needed)"),
    0x6986: (TagLocked, "command not allowed (block locked)"),
    0x6A81: (ReaderStatusError, "function not supported"),
    0x6A82: (TagCommandError, "file or application not found"),
    0x6B00: (ReaderStatusError, "wrong parameters P1-P2 (block out of range)"),
    0x6D00: (ReaderStatusError, "instruction not supported"),
    0x6E00: (ReaderStatusError, "class not supported"),
}


class StatusWordError(ReaderStatusError):
    """The reader or card answered with a non-OK status word (``status`` is SW1 SW2 as an int)."""

    @property
    def sw(self) -> str:
        return f"{self.status:04X}"


class FunctionNotSupported(StatusWordError):
    """``6A 81``: this reader or card does not implement the command."""


class CardRemoved(NoTransponder):
    """The card left the field (or was swapped) while we were talking to it: nothing it said counts."""


class CardTimeout(ReaderTimeout):
    """``64 01``: the card stayed silent; the reader gave up waiting."""

    def __init__(self, message: str, status: int = 0x6401) -> None:
        super().__init__(message)
        self.status = status


def describe_sw(sw: int) -> str:
    """A human meaning of a status word, e.g. ``6A81`` → "function not supported"."""
    if sw == 0x9000:
        return "ok"
    if sw >> 8 == 0x6C:
        return f"wrong Le, card has {sw & 0xFF} bytes"
    if sw >> 8 == 0x61:
        return f"{sw & 0xFF} more bytes available"
    return _SW.get(sw, (StatusWordError, "unknown status"))[1]


def split_response(response: bytes) -> tuple[bytes, int]:
    """``(data, sw)`` of a response APDU.

    :raises FrameError: fewer than the two status bytes.
    """
    if len(response) < 2:
        raise FrameError(f"response APDU of {len(response)} bytes has no status word")
    return bytes(response[:-2]), (response[-2] << 8) | response[-1]


def check(response: bytes, what: str = "command", uid: str | None = None) -> bytes:
    """The data of a ``90 00`` response; otherwise the status word's error.

    :raises CardTimeout: ``64 01``.
    :raises FunctionNotSupported: ``6A 81``.
    :raises TagLocked: ``69 82``/``69 86``.
    :raises TagCommandError: ``63 00``, ``6A 82``, ``62 8x``, ``65 81``.
    :raises StatusWordError: any other non-OK status word.
    """
    data, sw = split_response(response)
    if sw == 0x9000:
        return data
    meaning = describe_sw(sw)
    message = f"{what}: status {sw:04X} ({meaning})"
    if sw == 0x6401:
        raise CardTimeout(message, sw)
    if sw == 0x6A81:
        raise FunctionNotSupported(message, sw)
    cls = _SW.get(sw, (StatusWordError, ""))[0]
    if cls is TagCommandError:
        raise TagCommandError(message, uid=uid, code=sw)
    if cls is TagLocked:
        raise TagLocked(message, uid=uid)
    raise StatusWordError(message, sw)


def _byte(name: str, value: int) -> int:
    if not isinstance(value, int) or not 0 <= value <= 0xFF:
        raise LocalProtocolError(f"{name} must be 0..255, got {value!r}")
    return value


# -- PC/SC part 3 pseudo-APDUs -------------------------------------------------------------------
def get_uid() -> bytes:
    """``FF CA 00 00 00``: the UID of the card in the field, as the reader saw it."""
    return bytes.fromhex("FFCA000000")


def read_binary(block: int, length: int) -> bytes:
    """``FF B0 00 <block> <Le>``: read ``length`` bytes from a storage card block (``Le`` 0 = 256)."""
    _byte("block", block)
    if not 1 <= length <= 256:
        raise LocalProtocolError(f"Le must be 1..256, got {length}")
    return bytes([0xFF, 0xB0, 0x00, block, length & 0xFF])


def update_binary(block: int, data: bytes) -> bytes:
    """``FF D6 00 <block> <Lc> <data>``: write one storage card block."""
    _byte("block", block)
    if not 1 <= len(data) <= 255:
        raise LocalProtocolError(f"update binary carries 1..255 bytes, got {len(data)}")
    return bytes([0xFF, 0xD6, 0x00, block, len(data)]) + bytes(data)


def _session(p2: int, body: bytes) -> bytes:
    return bytes([0xFF, 0xC2, 0x00, p2, len(body)]) + body + b"\x00"


def start_session() -> bytes:
    """``FF C2 00 00 02 81 00 00``: start a transparent session (the reader stops polling)."""
    return _session(0x00, b"\x81\x00")


def end_session() -> bytes:
    """``FF C2 00 00 02 82 00 00``: end the transparent session."""
    return _session(0x00, b"\x82\x00")


def switch_iso15693() -> bytes:
    """``FF C2 00 02 04 8F 02 02 03 00``: switch protocol to ISO 15693, layer 3."""
    return _session(0x02, b"\x8f\x02\x02\x03")


def transceive(frame: bytes, *, timeout_us: int | None = None) -> bytes:
    """``FF C2 00 01 Lc [5F 46 04 <µs>] 95 <len> <frame> 00``: send one raw air frame (no CRC).

    :param timeout_us: the reader's answer timeout (timer object, little endian µs). Commands that
        program EEPROM need it: without it an ACR1552U reports ``64 01`` although the write took.
    """
    if not 1 <= len(frame) <= 0xF0:
        raise LocalProtocolError(f"a transparent frame is 1..240 bytes, got {len(frame)}")
    body = b""
    if timeout_us is not None:
        if not 0 < timeout_us < 1 << 32:
            raise LocalProtocolError(f"timer must be 1..2^32-1 µs, got {timeout_us}")
        body += b"\x5f\x46\x04" + timeout_us.to_bytes(4, "little")
    body += bytes([0x95, len(frame)]) + bytes(frame)
    return _session(0x01, body)


# -- ISO/IEC 7816-4 (NFC Forum Type 4 Tag) -----------------------------------------------------
def iso_select_aid(aid: bytes = NDEF_AID) -> bytes:
    """``00 A4 04 00 Lc <aid> 00``: select an application by name."""
    if not 5 <= len(aid) <= 16:
        raise LocalProtocolError(f"an AID is 5..16 bytes, got {len(aid)}")
    return bytes([0x00, 0xA4, 0x04, 0x00, len(aid)]) + bytes(aid) + b"\x00"


def iso_select_file(fid: int) -> bytes:
    """``00 A4 00 0C 02 <fid>``: select an elementary file by identifier (first occurrence, no FCI)."""
    if not 0 <= fid <= 0xFFFF:
        raise LocalProtocolError(f"file identifier must be 0..FFFF, got {fid:#x}")
    return bytes([0x00, 0xA4, 0x00, 0x0C, 0x02]) + fid.to_bytes(2, "big")


def iso_read_binary(offset: int, length: int) -> bytes:
    """``00 B0 <offset hi> <offset lo> <Le>``: read from the selected file."""
    if not 0 <= offset <= 0x7FFF:
        raise LocalProtocolError(f"offset must be 0..7FFF, got {offset}")
    if not 1 <= length <= 256:
        raise LocalProtocolError(f"Le must be 1..256, got {length}")
    return bytes([0x00, 0xB0]) + offset.to_bytes(2, "big") + bytes([length & 0xFF])


# -- parsers -----------------------------------------------------------------------------------
def _tlvs(data: bytes) -> Iterator[tuple[int, bytes]]:
    """BER-TLV with one- or two-byte tags (``5F 46``) and short/long (``81``/``82``) lengths."""
    pos = 0
    while pos < len(data):
        tag = data[pos]
        pos += 1
        if tag & 0x1F == 0x1F:
            if pos >= len(data):
                raise FrameError("truncated two-byte tag in transparent response")
            tag = (tag << 8) | data[pos]
            pos += 1
        if pos >= len(data):
            raise FrameError(f"missing length of data object {tag:X}")
        length = data[pos]
        pos += 1
        if length in (0x81, 0x82):
            n = length - 0x80
            if pos + n > len(data):
                raise FrameError(f"truncated length of data object {tag:X}")
            length = int.from_bytes(data[pos : pos + n], "big")
            pos += n
        elif length > 0x80:
            raise FrameError(f"unsupported length form {length:02X}")
        if pos + length > len(data):
            raise FrameError(f"data object {tag:X} needs {length} bytes, {len(data) - pos} left")
        yield tag, bytes(data[pos : pos + length])
        pos += length


@dataclass(frozen=True, kw_only=True)
class TransparentResult:
    """What a transparent exchange returned: the card's raw answer (``None``: silent)."""

    answer: bytes | None
    error_status: int = 0x009000  # C0: 3 bytes, ``00 90 00`` = no error

    def __post_init__(self) -> None:
        if not 0 <= self.error_status <= 0xFFFFFF:
            raise ValueError("error_status is 3 bytes")


def parse_transparent(response: bytes, what: str = "transparent exchange") -> TransparentResult:
    """Parse a transparent-session response: ``C0 03 <status>`` and, if the card answered, ``97``.

    :raises CardTimeout: generic error status ``01 64 01`` (card silent within the timer).
    :raises StatusWordError: the APDU status or the generic error status is not OK.
    :raises FrameError: malformed data objects.
    """
    data = check(response, what)
    objects = dict(_tlvs(data))
    status_obj = objects.get(0xC0)
    if status_obj is None or len(status_obj) != 3:
        raise FrameError(f"{what}: no generic error status (C0) in {data.hex().upper()}")
    status = int.from_bytes(status_obj, "big")
    if status & 0xFFFF != 0x9000:
        sw = status & 0xFFFF
        message = f"{what}: reader reports {sw:04X} ({describe_sw(sw)}) for data object {status >> 16:02X}"
        if sw == 0x6401:
            raise CardTimeout(message, sw)
        if sw == 0x6A81:
            raise FunctionNotSupported(message, sw)
        raise StatusWordError(message, sw)
    return TransparentResult(answer=objects.get(0x97), error_status=status)


@dataclass(frozen=True, kw_only=True)
class CardKind:
    """What an ATR says about the card in a contactless reader's field.

    ``standard`` is the PC/SC part 3 byte (``0x03`` ISO 14443-A part 3, ``0x0B`` ISO 15693 part 3)
    for storage cards, ``None`` for ISO 14443-4 (smart) cards; ``name`` the two-byte card name.
    """

    storage: bool
    standard: int | None = None
    name: int | None = None
    historical: bytes = b""

    @property
    def technology(self) -> str:
        if not self.storage:
            return "iso14443-4"
        return {0x03: "iso14443a", 0x07: "iso14443b", 0x0B: "iso15693", 0x0C: "iso15693"}.get(self.standard or 0, "unknown")

    @property
    def maybe_type2(self) -> bool:
        """MIFARE Ultralight family and NTAG (name ``00 03``, ``00 3A``, ``00 3D``…) or unknown 14443-A."""
        return self.technology == "iso14443a" and self.name not in (0x0001, 0x0002, 0x0026)


def parse_atr(atr: bytes) -> CardKind:
    """Classify a contactless card by its ATR (PC/SC part 3 §3.1.3.2.3).

    Never raises: anything that is not a storage-card ATR counts as an ISO 14443-4 card whose
    historical bytes are whatever followed ``TD2``.
    """
    atr = bytes(atr)
    if len(atr) < 4 or atr[0] != 0x3B:
        return CardKind(storage=False, historical=b"")
    n = atr[1] & 0x0F
    historical = atr[4 : 4 + n]
    # storage card: 80 4F 0C <RID 5> SS NN NN 00 00 00 00
    if len(historical) >= 11 and historical[:3] == b"\x80\x4f\x0c" and historical[3:8] == ATR_RID:
        return CardKind(storage=True, standard=historical[8], name=int.from_bytes(historical[9:11], "big"), historical=historical)
    return CardKind(storage=False, historical=historical)
