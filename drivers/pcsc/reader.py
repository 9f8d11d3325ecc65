"""``PcscReader``: ISO 15693 item tags on a PC/SC pad (one tag at a time) through the Reader interface.

| function | how | remarks |
|---|---|---|
| inventory | ``FF CA`` + get system information | the one card in the field; ISO 14443 cards show with ``tag_type="iso14443a"`` |
| read blocks | ``FF B0 00 <block> <4 × n>`` | up to 8 blocks per APDU (read multiple blocks on air) |
| write blocks | ``FF D6 00 <block> 04 <data>`` | verified by read-back in the base class |
| AFI, DSFID, EAS, system info | transparent session ``FF C2`` with raw ISO 15693 frames | writes carry a timer object |
| lock AFI | idem (``28``) | permanent |
| lock blocks | idem (``22``), one block per frame | permanent |

URL: ``pcsc://<reader name glob>?timeout=2``; the first matching reader is used. Every operation
checks that the card in the field is still the tag asked for, so a book swapped on the pad is
:class:`~drivers.errors.NoTransponder`, never another book's data.
"""

from __future__ import annotations

import logging
from typing import Self

from drivers.errors import FrameError, NoTransponder, ReaderUnavailable, TagCommandError, TagLocked
from drivers.pcsc import apdu
from drivers.pcsc.apdu import CardRemoved
from drivers.pcsc.transport import CardChannel, match_readers, parse_url
from drivers.reader import Capability, Reader, ReaderInfo, SystemInfo, TagInfo, normalise_uid

log = logging.getLogger(__name__)

__all__ = ["PcscReader"]

READ_BLOCKS_PER_APDU = 8  # the pad answers FF B0 with Le = 4..32 through ISO 15693 read multiple blocks
WRITE_TIMER_US = 50_000  # 50 ms: room for EEPROM programming (ICODE SLIX ~6 ms per block)
_NXP = 0x04


class PcscReader(Reader):
    """A contactless PC/SC reader (ACS ACR1552U and alike) used as a single-item pad."""

    protocol = "pcsc"
    #: one card in the field at a time; the NXP custom commands through the transparent session
    capabilities = frozenset({Capability.EAS, Capability.LOCK_AFI, Capability.LOCK_BLOCKS,
                              Capability.WRITE_DSFID})

    def __init__(self, reader_name: str, *, url: str = "", timeout: float = 2.0) -> None:
        super().__init__(url or f"pcsc://{reader_name}")
        self.reader_name = reader_name
        self.timeout = timeout
        self._channel: CardChannel | None = None
        self._uid_raw: bytes | None = None  # as FF CA returns it (ISO 15693: LSB first)
        self._uid: str | None = None  # normalised: ISO 15693 E0… first, ISO 14443 as sent
        self._tech = ""

    @classmethod
    def from_url(cls, url: str) -> Self:
        """Open the first reader whose name matches the URL's glob.

        :raises ReaderUnavailable: pcscd is not running or no reader matches.
        """
        glob, options = parse_url(url)
        names = match_readers(glob)
        if not names:
            raise ReaderUnavailable(f"no PC/SC reader matches {glob!r}")
        return cls(names[0], url=url, timeout=float(options.get("timeout", 2.0)))

    def close(self) -> None:
        self._drop()

    # -- the card in the field -------------------------------------------------------------------
    def _drop(self) -> None:
        if self._channel is not None:
            self._channel.close()
        self._channel, self._uid_raw, self._uid, self._tech = None, None, None, ""

    def _connect(self) -> CardChannel | None:
        """The channel to the card now in the field (None: no card)."""
        if self._channel is not None:
            return self._channel
        try:
            channel = CardChannel(self.reader_name, timeout=self.timeout)
        except CardRemoved:
            return None
        try:
            self._uid_raw = apdu.check(channel.transmit(apdu.get_uid()), "get UID")
        except CardRemoved:
            channel.close()  # a card leaving or arriving right now: no stable card yet
            return None
        except Exception:
            channel.close()
            raise
        self._channel = channel
        self._tech = apdu.parse_atr(channel.atr).technology
        self._uid = normalise_uid(self._uid_raw, lsb_first=self._tech == "iso15693")
        return channel

    def _send(self, command: bytes) -> bytes:
        channel = self._connect()
        if channel is None:
            raise NoTransponder(f"no card on {self.reader_name}")
        try:
            return channel.transmit(command)
        except CardRemoved:
            self._drop()
            raise

    def _for(self, uid: str) -> None:
        """Make sure the tag in the field is ``uid``, reconnecting after a swap."""
        for _attempt in range(2):
            channel = self._connect()
            if channel is None:
                raise NoTransponder(f"tag {uid} is not on {self.reader_name}", uid=uid)
            if self._uid == uid.upper():
                return
            self._drop()  # another card (or a stale handle): look again once
        raise NoTransponder(f"tag {uid} is not on {self.reader_name}", uid=uid)

    def _call(self, uid: str, command: bytes, what: str) -> bytes:
        self._for(uid)
        try:
            return apdu.check(self._send(command), what, uid=uid)
        except CardRemoved as exc:
            raise NoTransponder(f"tag {uid} left during {what}", uid=uid) from exc

    def _air(self, uid: str, cmd: int, args: bytes = b"", *, custom: bool = False, write: bool = False) -> bytes:
        """One addressed ISO 15693 command in a transparent session; the answer after its flags byte."""
        self._for(uid)
        assert self._uid_raw is not None
        if self._tech != "iso15693":
            raise TagCommandError(f"{uid} is an {self._tech} card, not an ISO 15693 tag", uid=uid)
        frame = bytes([0x22, cmd]) + (bytes([_NXP]) if custom else b"") + self._uid_raw + args
        what = f"ISO 15693 command {cmd:02X}"
        try:
            apdu.parse_transparent(self._send(apdu.start_session()), "start transparent session")
            try:
                apdu.parse_transparent(self._send(apdu.switch_iso15693()), "switch to ISO 15693")
                result = apdu.parse_transparent(self._send(apdu.transceive(frame, timeout_us=WRITE_TIMER_US if write else None)), what)
            finally:
                if self._channel is not None:
                    self._send(apdu.end_session())
        except CardRemoved as exc:
            raise NoTransponder(f"tag {uid} left during {what}", uid=uid) from exc
        answer = result.answer
        if not answer:
            raise NoTransponder(f"tag {uid} did not answer {what}", uid=uid)
        if answer[0] & 0x01:
            code = answer[1] if len(answer) > 1 else None
            if code in (0x11, 0x12):
                raise TagLocked(f"{what}: tag reports locked ({code:02X})", uid=uid)
            raise TagCommandError(f"{what}: tag error {code if code is None else f'{code:02X}'}", uid=uid, code=code)
        return answer[1:]

    # -- Reader primitives -----------------------------------------------------------------------
    def _inventory_once(self, afi: int | None) -> list[TagInfo]:
        channel = self._connect()
        if channel is None or self._uid_raw is None:
            return []
        if self._tech != "iso15693":
            return [TagInfo(uid=self._uid or "", tag_type=self._tech)]
        uid = self._uid or ""
        info = self.system_info(uid)
        if afi is not None and afi != 0 and info.afi is not None and not _afi_matches(info.afi, afi):
            return []
        return [TagInfo(uid=uid, dsfid=info.dsfid or 0, afi=info.afi)]

    def _read_blocks(self, uid: str, first: int, count: int) -> bytes:
        chunks = []
        for b in range(first, first + count, READ_BLOCKS_PER_APDU):
            n = min(READ_BLOCKS_PER_APDU, first + count - b)
            chunks.append(self._call(uid, apdu.read_binary(b, 4 * n), f"read blocks {b}..{b + n - 1}"))
        return b"".join(chunks)

    def _write_blocks(self, uid: str, first: int, data: bytes, block_size: int) -> None:
        for i in range(len(data) // block_size):
            block = data[i * block_size : (i + 1) * block_size]
            self._call(uid, apdu.update_binary(first + i, block), f"write block {first + i}")

    def write_afi(self, uid: str, afi: int) -> None:
        if not 0 <= afi <= 0xFF:
            raise ValueError("AFI is one byte")
        self._air(uid, 0x27, bytes([afi]), write=True)

    def lock_afi(self, uid: str) -> None:
        self._air(uid, 0x28, write=True)

    def lock_blocks(self, uid: str, first: int, count: int) -> None:
        """ISO 15693 Lock Block (``22``), one block at a time."""
        if count <= 0 or first < 0 or first + count > 256:
            raise ValueError("blocks must lie in 0..255 and count be > 0")
        for block in range(first, first + count):
            self._air(uid, 0x22, bytes([block]), write=True)

    def write_dsfid(self, uid: str, dsfid: int) -> None:
        self._air(uid, 0x29, bytes([dsfid]), write=True)

    def set_eas(self, uid: str) -> None:
        self._air(uid, 0xA2, custom=True, write=True)

    def reset_eas(self, uid: str) -> None:
        self._air(uid, 0xA3, custom=True, write=True)

    def system_info(self, uid: str) -> SystemInfo:
        body = self._air(uid, 0x2B)
        return parse_system_info(body)

    def reader_info(self) -> ReaderInfo:
        return ReaderInfo(protocol="pcsc", model=self.reader_name, port=self.reader_name)


def _afi_matches(tag_afi: int, requested: int) -> bool:
    fam, sub = requested >> 4, requested & 0x0F
    if sub == 0:
        return tag_afi >> 4 == fam
    if fam == 0:
        return tag_afi & 0x0F == sub
    return tag_afi == requested


def parse_system_info(body: bytes) -> SystemInfo:
    """ISO/IEC 15693-3 get system information answer (after the flags byte).

    :raises drivers.errors.FrameError: shorter than its information flags say.
    """
    if len(body) < 9:
        raise FrameError(f"system information of {len(body)} bytes is too short")
    flags, uid = body[0], normalise_uid(body[1:9], lsb_first=True)
    pos, dsfid, afi, blocks, size, ic = 9, None, None, 28, 4, None
    try:
        if flags & 0x01:
            dsfid, pos = body[pos], pos + 1
        if flags & 0x02:
            afi, pos = body[pos], pos + 1
        if flags & 0x04:
            blocks, size, pos = body[pos] + 1, (body[pos + 1] & 0x1F) + 1, pos + 2
        if flags & 0x08:
            ic, pos = body[pos], pos + 1
    except IndexError:
        raise FrameError(f"system information truncated: {body.hex().upper()}") from None
    return SystemInfo(uid=uid, dsfid=dsfid, afi=afi, block_size=size, block_count=blocks, ic_reference=ic)
