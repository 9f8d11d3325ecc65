"""drivers.pcsc.patron.identify against a card that answers anything.

Input: one byte choosing the ATR (a Type 2 tag, a Type 4 card, an ISO 15693 tag, a MIFARE
Classic, or the next 20 bytes as the ATR itself), then the card's answers, each a length byte
and that many bytes (status word included). When the answers run out the card is gone.
The errors a kiosk handles are :class:`~drivers.errors.ReaderError` (``TagError``,
``CardRemoved``, ``NotAPatronCard``…): anything else drops the card without telling the patron.
"""

from __future__ import annotations

from drivers.errors import ReaderError
from drivers.pcsc.patron import IdentifyOptions, PatronId, identify

ALLOWED = (ReaderError,)

ATRS = (  # as the simulated reader (hwsim.pcsc) reports them
    bytes.fromhex("3B8F8001804F0CA0000003060300030000000068"),  # NTAG / Ultralight (Type 2)
    bytes.fromhex("3B80800101"),  # ISO 14443-4 (Type 4)
    bytes.fromhex("3B8F8001804F0CA0000003060B00000000000063"),  # ISO 15693
    bytes.fromhex("3B8F8001804F0CA000000306030001000000006A"),  # MIFARE Classic 1K
)
OPTIONS = (IdentifyOptions(), IdentifyOptions(sources=("ndef", "iso28560-3")))


def one_input(data: bytes) -> None:
    if not data:
        return
    choice, pos = data[0], 1
    if choice % 5 < 4:
        atr = ATRS[choice % 5]
    else:
        atr, pos = data[1:21], 21

    def transmit(command: bytes) -> bytes:
        nonlocal pos
        if pos >= len(data):
            return bytes.fromhex("6A82")  # gone: file/application not found
        n = data[pos]
        answer = data[pos + 1:pos + 1 + n]
        pos += 1 + n
        return answer

    patron = identify(transmit, atr, OPTIONS[(choice >> 4) & 1])
    assert isinstance(patron, PatronId) and patron.value, patron
