"""The firmware of a contactless PC/SC reader (ACS ACR1552U-like), sans I/O: APDU in, APDU out.

It plays both the reader (pseudo-APDUs ``FF CA``, ``FF B0``, ``FF D6``, transparent session
``FF C2``) and, through :mod:`hwsim.pcsc.cards`, whatever card is in the field. Faults that the
firmware itself produces live here: forced status words and a silent card (``64 01``). Transport
faults (removal mid-command, a reader that hangs) belong to :mod:`hwsim.pcsc.vpcd`.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import dataclass, field

from hwsim.pcsc.cards import Card, Sw, Type4Tag, VicinityCard

log = logging.getLogger(__name__)

__all__ = ["Faults", "ReaderFirmware"]

OK = b"\x90\x00"
_STATUS_OK = b"\xc0\x03\x00\x90\x00"


@dataclass
class Faults:
    """Faults to inject. Thread-safe enough for tests: set them between commands.

    :ivar status_words: the next APDUs are answered with these status words, in order.
    :ivar silent: the card no longer answers; the reader reports ``64 01`` (timeout).
    :ivar remove_after: the card leaves the field when that many more APDUs have been answered:
        the next APDU gets no answer and the connection drops (removal mid-command).
    :ivar hang_after: the reader stops answering after that many more APDUs, until
        :meth:`release` (or the card is removed).
    """

    status_words: deque[int] = field(default_factory=deque)
    silent: bool = False
    remove_after: int | None = None
    hang_after: int | None = None
    released: threading.Event = field(default_factory=threading.Event)

    def force_status(self, *sws: int) -> None:
        self.status_words.extend(sws)

    def release(self) -> None:
        self.released.set()

    def clear(self) -> None:
        self.status_words.clear()
        self.silent = False
        self.remove_after = None
        self.hang_after = None
        self.released.set()


def _sw(sw: int) -> bytes:
    return sw.to_bytes(2, "big")


class ReaderFirmware:
    """One reader's firmware with at most one card in its field.

    :param realistic: charge ISO 14443 APDU time and ISO 15693 air time (see :attr:`last_cost_s`).
    """

    def __init__(self, *, realistic: bool = False) -> None:
        self.realistic = realistic
        self.card: Card | None = None
        self.faults = Faults()
        self.session = False
        self.last_cost_s = 0.0
        self.apdus = 0
        self.lock = threading.RLock()

    def power_on(self) -> None:
        """Field reset: the card starts over (Type 4 application deselected), the session ends."""
        with self.lock:
            self.session = False
            if isinstance(self.card, Type4Tag):
                self.card.reset()

    def atr(self) -> bytes:
        with self.lock:
            return self.card.atr if self.card is not None else b""

    def handle(self, apdu: bytes) -> bytes:
        """Answer one command APDU with a response APDU (data ‖ SW1 SW2)."""
        with self.lock:
            self.apdus += 1
            self.last_cost_s = 0.0
            if self.faults.status_words:
                return _sw(self.faults.status_words.popleft())
            card = self.card
            if card is None:
                return _sw(0x6300)
            air_before = card.air_s if isinstance(card, VicinityCard) else 0.0
            try:
                response = self._dispatch(card, bytes(apdu))
            except Sw as exc:
                response = _sw(exc.sw)
            if self.realistic:
                self.last_cost_s = card.apdu_time_s + (card.air_s - air_before if isinstance(card, VicinityCard) else 0.0)
            return response

    def _dispatch(self, card: Card, apdu: bytes) -> bytes:
        if len(apdu) < 4:
            return _sw(0x6700)
        cla, ins, p1, p2 = apdu[:4]
        if cla != 0xFF:
            if self.faults.silent:
                return _sw(0x6401)
            return card.process(apdu)
        if ins == 0xCA:
            if p1 != 0x00 or p2 != 0x00:
                return _sw(0x6A81)
            if self.faults.silent:
                return _sw(0x6401)
            return card.uid_bytes() + OK
        if ins == 0xB0:
            if len(apdu) != 5 or p1 != 0x00:
                return _sw(0x6B00 if len(apdu) == 5 else 0x6700)
            if self.faults.silent:
                return _sw(0x6401)
            return card.read_binary(p2, apdu[4] or 256) + OK
        if ins == 0xD6:
            if len(apdu) < 5 or len(apdu) != 5 + apdu[4]:
                return _sw(0x6700)
            if p1 != 0x00:
                return _sw(0x6B00)
            if self.faults.silent:
                return _sw(0x6401)
            card.update_binary(p2, apdu[5:])
            return OK
        if ins == 0xC2:
            return self._transparent(card, p2, apdu)
        return _sw(0x6D00)

    def _transparent(self, card: Card, p2: int, apdu: bytes) -> bytes:
        if len(apdu) < 5 or len(apdu) < 5 + apdu[4]:
            return _sw(0x6700)
        body = apdu[5 : 5 + apdu[4]]
        objects = _parse_objects(body)
        if objects is None:
            return _sw(0x6700)
        if p2 == 0x00:  # session management
            if 0x81 in objects:
                self.session = True
                return _STATUS_OK + OK
            if 0x82 in objects:
                self.session = False
                return _STATUS_OK + OK
            return b"\xc0\x03\x01\x6a\x81" + OK
        if not self.session:
            return b"\xc0\x03\x01\x69\x85" + OK  # conditions of use not satisfied: no session
        if p2 == 0x02:  # switch protocol
            wanted = objects.get(0x8F, b"")
            if wanted[:1] == b"\x02" and isinstance(card, VicinityCard):
                return _STATUS_OK + b"\x8f\x01\x00" + OK
            return b"\xc0\x03\x01\x6a\x81" + OK
        if p2 == 0x01:  # transparent exchange
            frame = objects.get(0x95)
            if frame is None:
                return b"\xc0\x03\x01\x67\x00" + OK
            timer = objects.get(0x5F46)
            timeout_us = int.from_bytes(timer, "little") if timer and len(timer) == 4 else None
            if self.faults.silent:
                return b"\xc0\x03\x01\x64\x01" + OK
            answer = card.transceive(frame, timeout_us)
            if answer is None:
                return b"\xc0\x03\x01\x64\x01" + OK
            return _STATUS_OK + b"\x92\x01\x00\x96\x02\x00\x00\x97" + bytes([len(answer)]) + answer + OK
        return b"\xc0\x03\x01\x6a\x81" + OK


def _parse_objects(body: bytes) -> dict[int, bytes] | None:
    """Data objects of a transparent-session command (one- or two-byte tags, short lengths)."""
    out: dict[int, bytes] = {}
    pos = 0
    while pos < len(body):
        tag = body[pos]
        pos += 1
        if tag & 0x1F == 0x1F:
            if pos >= len(body):
                return None
            tag = (tag << 8) | body[pos]
            pos += 1
        if pos >= len(body):
            return None
        length = body[pos]
        pos += 1
        if pos + length > len(body):
            return None
        out[tag] = bytes(body[pos : pos + length])
        pos += length
    return out
