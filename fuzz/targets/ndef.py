"""drivers.tags.ndef on any bytes: messages, patron ids and shelf codes, Type 2 TLVs."""

from __future__ import annotations

from drivers.tags import TagDataError, ndef

ALLOWED = (TagDataError,)


def one_input(data: bytes) -> None:
    if data[:1] == b"\x03":  # Type 2 tag memory: unwrap first, as the PC/SC patron reader does
        try:
            data = ndef.unwrap_type2_tlv(data, offset=0)
        except TagDataError:
            return
    for parse in (ndef.parse_patron_id, ndef.parse_shelf_location):
        try:
            value = parse(data)
        except TagDataError:
            continue
        assert value is None or (isinstance(value, str) and value), repr(value)
    ndef.decode_message(data)
