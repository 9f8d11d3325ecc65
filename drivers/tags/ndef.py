"""NDEF for patron cards, phones and shelf markers (through ndeflib), and the NFC Forum Type 2 TLV.

Library *item* tags carry ISO 28560 data, not NDEF; NDEF appears on patron cards (Type 2/4 tags,
phones) and shelf-location markers. The conventions used here:

| carries | Text record | URI record |
|---|---|---|
| patron identifier | the identifier as text | ``urn:x-library:patron:<id>`` (percent-encoded) |
| shelf location | the code as text | ``urn:x-library:shelf:<code>`` |

Parsing is lenient about URIs written by others: an ``http(s)`` URI with a ``patron=`` (or
``shelf=``) query parameter is accepted too. A Text record names no kind, so both parsers accept
the first Text record — read a patron card with :func:`parse_patron_id` and a shelf marker with
:func:`parse_shelf_location`.

Type 2 tag memory holds TLVs: ``00`` NULL, ``01`` lock control, ``02`` memory control, ``03``
NDEF message, ``FD`` proprietary, ``FE`` terminator; a length is one byte, or ``FF`` and two
bytes big endian. :func:`unwrap_type2_tlv` takes the data area (from byte 16) or a whole memory
dump (recognised by the ``E1`` capability-container magic at byte 12).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable

import ndef

from drivers.tags.item import TagDataError

__all__ = [
    "PATRON_URN",
    "SHELF_URN",
    "decode_message",
    "encode_message",
    "parse_patron_id",
    "parse_shelf_location",
    "patron_id_record",
    "shelf_location_record",
    "unwrap_type2_tlv",
    "wrap_type2_tlv",
]

PATRON_URN = "urn:x-library:patron:"
SHELF_URN = "urn:x-library:shelf:"

_TLV_NULL, _TLV_NDEF, _TLV_TERMINATOR = 0x00, 0x03, 0xFE


def _record(value: str, kind: str, urn: str, what: str) -> ndef.Record:
    if not isinstance(value, str) or not value or value != value.strip():
        raise TagDataError(f"{what} must be a non-empty string without surrounding spaces, not {value!r}")
    if kind == "text":
        return ndef.TextRecord(value, "en")
    if kind == "uri":
        return ndef.UriRecord(urn + urllib.parse.quote(value, safe=""))
    raise TagDataError(f"record kind must be 'text' or 'uri', not {kind!r}")


def patron_id_record(patron_id: str, kind: str = "text") -> ndef.Record:
    """An NDEF Text or URI record carrying a patron identifier."""
    return _record(patron_id, kind, PATRON_URN, "patron identifier")


def shelf_location_record(code: str, kind: str = "uri") -> ndef.Record:
    """An NDEF URI (default) or Text record carrying a shelf-location code."""
    return _record(code, kind, SHELF_URN, "shelf location")


def encode_message(records: Iterable[ndef.Record] | ndef.Record) -> bytes:
    """The NDEF message bytes of one record or several."""
    if isinstance(records, ndef.Record):
        records = [records]
    try:
        return b"".join(ndef.message_encoder(list(records)))
    except ndef.EncodeError as exc:
        raise TagDataError(f"cannot encode NDEF message: {exc}") from None


def decode_message(message: bytes) -> list[ndef.Record]:
    """The records of an NDEF message; :class:`TagDataError` for anything malformed."""
    if not isinstance(message, bytes | bytearray):
        raise TagDataError(f"an NDEF message is bytes, not {type(message).__name__}")
    try:
        return list(ndef.message_decoder(bytes(message), errors="strict"))
    except Exception as exc:  # ndeflib raises DecodeError, but also others on odd payloads
        raise TagDataError(f"malformed NDEF message: {exc}") from None


def _from_uri(uri: str, urn: str, query_key: str) -> str | None:
    """The value a URI carries, None when it carries none.

    :raises TagDataError: the URI cannot be parsed (``http://[x/?patron=1``): the card holds a
        value we cannot read, which is not the same as holding none.
    """
    if uri.startswith(urn):
        value = urllib.parse.unquote(uri[len(urn) :]).strip()
        return value or None
    try:
        parsed = urllib.parse.urlsplit(uri)
        if parsed.scheme not in ("http", "https"):
            return None
        values = urllib.parse.parse_qs(parsed.query).get(query_key)
    except ValueError as exc:  # urllib's own: a bad IPv6 host, a bad port, ...
        raise TagDataError(f"malformed URI in NDEF record: {exc}") from None
    if values and values[0].strip():
        return values[0].strip()
    return None


def _parse(message: bytes, urn: str, query_key: str) -> str | None:
    for record in decode_message(message):
        if isinstance(record, ndef.TextRecord):
            text = record.text.strip()
            if text:
                return text
        elif isinstance(record, ndef.UriRecord):
            value = _from_uri(record.iri, urn, query_key)
            if value:
                return value
    return None


def parse_patron_id(message: bytes) -> str | None:
    """The patron identifier in an NDEF message (first Text record or patron URI), else None.

    :raises TagDataError: the message, or a URI in it, is malformed (never another exception).
    """
    return _parse(message, PATRON_URN, "patron")


def parse_shelf_location(message: bytes) -> str | None:
    """The shelf-location code in an NDEF message (first shelf URI or Text record), else None.

    :raises TagDataError: the message, or a URI in it, is malformed (never another exception).
    """
    return _parse(message, SHELF_URN, "shelf")


def wrap_type2_tlv(message: bytes) -> bytes:
    """``03 len message FE``: an NDEF message as Type 2 tag data (3-byte length from 255 up)."""
    if not isinstance(message, bytes | bytearray):
        raise TagDataError(f"an NDEF message is bytes, not {type(message).__name__}")
    n = len(message)
    if n > 0xFFFE:
        raise TagDataError(f"NDEF message of {n} bytes is too long for a TLV")
    length = bytes([n]) if n < 0xFF else b"\xff" + n.to_bytes(2, "big")
    return bytes([_TLV_NDEF]) + length + bytes(message) + bytes([_TLV_TERMINATOR])


def unwrap_type2_tlv(memory: bytes, *, offset: int | None = None) -> bytes:
    """The first NDEF message in Type 2 tag data.

    :param offset: where the TLVs start; default: 16 if ``memory`` is a whole dump (capability
        container ``E1`` at byte 12 and a non-TLV first byte), else 0.
    :raises TagDataError: no NDEF TLV, or a TLV runs past the end.
    """
    if not isinstance(memory, bytes | bytearray):
        raise TagDataError(f"tag memory is bytes, not {type(memory).__name__}")
    memory = bytes(memory)
    if offset is None:
        whole_dump = len(memory) >= 16 and memory[12] == 0xE1 and memory[0] not in (0, 1, 2, 3, 0xFD, 0xFE)
        offset = 16 if whole_dump else 0
    pos = offset
    while pos < len(memory):
        tag = memory[pos]
        pos += 1
        if tag == _TLV_NULL:
            continue
        if tag == _TLV_TERMINATOR:
            break
        if pos >= len(memory):
            raise TagDataError(f"truncated TLV: length of type {tag:02X} missing at offset {pos}")
        length = memory[pos]
        pos += 1
        if length == 0xFF:
            if pos + 2 > len(memory):
                raise TagDataError(f"truncated TLV: 3-byte length of type {tag:02X} at offset {pos - 1}")
            length = int.from_bytes(memory[pos : pos + 2], "big")
            pos += 2
        if pos + length > len(memory):
            raise TagDataError(f"truncated TLV: type {tag:02X} needs {length} bytes, {len(memory) - pos} left")
        if tag == _TLV_NDEF:
            return memory[pos : pos + length]
        pos += length
    raise TagDataError("no NDEF message TLV in the tag data")
