"""Patron identification from whatever card is on the reader, over any ``transmit(apdu) -> response``.

No I/O of its own: pass :meth:`drivers.pcsc.transport.CardChannel.transmit` in a kiosk, or a
simulator card's firmware in a unit test. Sources, tried in :attr:`IdentifyOptions.sources` order:

| source | card | how |
|---|---|---|
| ``ndef`` | NFC Forum Type 2 (NTAG, Ultralight) | ``FF B0`` pages: CC at page 3 (``E1``), TLV ``03`` from page 4 |
| ``ndef`` | NFC Forum Type 4 (phones, DESFire) | select ``D2760000850101``, CC ``E103``, NDEF file, read binary |
| ``iso28560-3`` | ISO 15693 tag with type of usage 8 | ``FF B0`` blocks 0–8, :func:`drivers.tags.decode` |
| ``uid`` | anything | ``FF CA``, rendered by :class:`UidFormat` |

An NDEF record is a Text record or a ``urn:x-library:patron:`` URI (:mod:`drivers.tags.ndef`).
An ISO 15693 tag that carries an *item* (a book on the patron pad) raises :class:`NotAPatronCard`
rather than passing its UID off as a patron. The UID is read again at the end, so a card swapped
mid-read raises :class:`~drivers.pcsc.apdu.CardRemoved` instead of mixing two cards. A card whose
data cannot be read (an empty UID, a broken TLV, an NDEF message or URI that does not parse)
raises :class:`CardUnreadable` — never a bare ``ValueError`` — and is not passed off as its UID:
the patron is told the card could not be read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from drivers.errors import TagCommandError, TagError, TagLocked
from drivers.idchars import first_control
from drivers.pcsc import apdu
from drivers.pcsc.apdu import CardKind, CardRemoved, StatusWordError
from drivers.privacy import mask  # the one masking rule (exported here for older callers)

if TYPE_CHECKING:
    from drivers.pcsc.settings import PcscSettings

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_OPTIONS", "CardUnreadable", "IdentifyOptions", "NotAPatronCard", "PatronId", "UidFormat", "identify", "mask", "render_uid"]

Transmit = Callable[[bytes], bytes]
SOURCES = ("ndef", "iso28560-3", "uid")
#: status-word errors meaning "this card does not have that": try the next source
_NOT_HERE = (StatusWordError, TagCommandError, TagLocked)


class NotAPatronCard(TagError):
    """The card carries library data that is not a patron card (an item tag on the patron pad)."""


class CardUnreadable(TagError):
    """The card answered, but what it holds cannot be read: the patron is told "card not readable"
    rather than being identified by something else on the card."""


@dataclass(frozen=True, kw_only=True)
class UidFormat:
    """How this library prints card UIDs (they differ: reversed bytes, decimal, zero padding).

    :ivar byte_order: ``msb`` = the order the card sends it (ISO 14443 UID0 first; ISO 15693
        ``E0…`` first), ``lsb`` = reversed.
    :ivar rendering: ``hex`` (upper case) or ``decimal`` (the ordered bytes as a big-endian number).
    :ivar width: zero-pad decimal to this many digits (10 is common for 4-byte UIDs).
    """

    byte_order: Literal["msb", "lsb"] = "msb"
    rendering: Literal["hex", "decimal"] = "hex"
    width: int = 0

    def __post_init__(self) -> None:
        if self.byte_order not in ("msb", "lsb"):
            raise ValueError(f"byte_order must be 'msb' or 'lsb', not {self.byte_order!r}")
        if self.rendering not in ("hex", "decimal"):
            raise ValueError(f"rendering must be 'hex' or 'decimal', not {self.rendering!r}")
        if not 0 <= self.width <= 40:
            raise ValueError("width must be 0..40")


def render_uid(uid: bytes, fmt: UidFormat | None = None) -> str:
    """A UID (in card order, most significant first) rendered the library's way."""
    fmt = fmt or UidFormat()
    ordered = uid if fmt.byte_order == "msb" else uid[::-1]
    if fmt.rendering == "hex":
        return ordered.hex().upper()
    return str(int.from_bytes(ordered, "big")).zfill(fmt.width)


@dataclass(frozen=True, kw_only=True)
class IdentifyOptions:
    """What counts as a patron identifier on this kiosk."""

    uid_format: UidFormat = field(default_factory=UidFormat)
    sources: tuple[str, ...] = SOURCES

    def __post_init__(self) -> None:
        unknown = [s for s in self.sources if s not in SOURCES]
        if unknown or not self.sources:
            raise ValueError(f"sources must be a non-empty subset of {SOURCES}, got {self.sources}")

    @classmethod
    def from_settings(cls, settings: PcscSettings) -> IdentifyOptions:
        """From the validated ``[pcsc]`` settings (:class:`drivers.pcsc.settings.PcscSettings`)."""
        fmt = UidFormat(byte_order=settings.uid_byte_order, rendering=settings.uid_rendering,
                        width=settings.uid_width)
        return cls(uid_format=fmt, sources=tuple(settings.sources))

    @classmethod
    def from_config(cls, section: Mapping[str, Any] | None) -> IdentifyOptions:
        """From the device TOML's ``[pcsc]`` section, validated by :class:`PcscSettings`.

        :raises pydantic.ValidationError: a key that is unknown or wrong.
        """
        from drivers.pcsc.settings import PcscSettings

        return cls.from_settings(PcscSettings.from_section(section))


@dataclass(frozen=True, kw_only=True)
class PatronId:
    """A patron identified by card. ``repr`` masks the identifier and UID (safe to log).

    :ivar value: the identifier to send to the ILS.
    :ivar source: ``ndef``, ``iso28560-3`` or ``uid``.
    :ivar uid: the card UID, upper-case hex, most significant first (``E0…`` for ISO 15693).
    :ivar technology: ``iso14443a``, ``iso14443-4`` or ``iso15693``.
    """

    value: str = field(repr=False)
    source: str
    uid: str = field(repr=False)
    technology: str
    owner_library: str | None = None

    def __post_init__(self) -> None:
        if not self.value:
            raise ValueError("a patron identifier cannot be empty")
        if (where := first_control(self.value)) is not None:  # card data written badly
            raise ValueError(f"a patron identifier cannot hold a control character ({where})")
        if self.source not in SOURCES:
            raise ValueError(f"unknown source {self.source!r}")

    @property
    def masked(self) -> str:
        return mask(self.value)

    def __repr__(self) -> str:
        return f"PatronId(value={self.masked!r}, source={self.source!r}, uid={mask(self.uid)!r}, technology={self.technology!r})"

    def to_json(self) -> dict[str, object]:
        """For the kiosk core and ``--json`` output (the caller decides whether to mask)."""
        return {"patron_id": self.value, "source": self.source, "uid": self.uid, "technology": self.technology,
                "owner_library": self.owner_library}


DEFAULT_OPTIONS = IdentifyOptions()


def _uid(transmit: Transmit) -> bytes:
    uid = apdu.check(transmit(apdu.get_uid()), "get UID")
    if not uid:
        raise CardUnreadable("the card gave an empty UID")
    return uid


def _read_type2(transmit: Transmit) -> bytes | None:
    """The NDEF message on a Type 2 tag, or None when it has no (readable) NDEF data."""
    try:
        head = apdu.check(transmit(apdu.read_binary(3, 16)), "read CC")
    except _NOT_HERE:
        return None  # MIFARE Classic and friends: not a Type 2 tag
    if len(head) < 4 or head[0] != 0xE1:
        return None
    area = head[2] * 8
    data = bytearray(head[4:])  # pages 4..6 came with the CC
    needed = _tlv_needed(bytes(data), area)
    page = 7
    while needed is not None and len(data) < needed and len(data) < area:
        data += apdu.check(transmit(apdu.read_binary(page, 16)), f"read page {page}")
        page += 4
        needed = _tlv_needed(bytes(data), area)
    if needed is None:
        return None
    from drivers.tags.ndef import unwrap_type2_tlv

    return unwrap_type2_tlv(bytes(data[:needed]), offset=0)


def _tlv_needed(data: bytes, area: int) -> int | None:
    """How many data-area bytes hold everything up to the end of the first NDEF TLV (None: none).

    :raises TagDataError: the NDEF TLV runs past the data area.
    """
    pos = 0
    while True:
        if pos >= len(data):
            return pos + 4 if pos < area else None  # need more bytes to see the next TLV
        tag = data[pos]
        if tag == 0x00:
            pos += 1
            continue
        if tag == 0xFE:
            return None
        if pos + 4 > len(data):
            return pos + 4
        length, hdr = data[pos + 1], 2
        if length == 0xFF:
            length, hdr = int.from_bytes(data[pos + 2 : pos + 4], "big"), 4
        end = pos + hdr + length
        if end > area:
            if tag == 0x03:
                from drivers.tags.item import TagDataError

                raise TagDataError(f"the NDEF TLV needs {end} bytes of a {area}-byte data area")
            return None
        if tag == 0x03:
            return end
        pos = end


def _read_type4(transmit: Transmit) -> bytes | None:
    """The NDEF message in a Type 4 tag's NDEF file, or None when the application is not there."""
    try:
        apdu.check(transmit(apdu.iso_select_aid()), "select NDEF application")
    except _NOT_HERE:
        return None
    apdu.check(transmit(apdu.iso_select_file(0xE103)), "select CC file")
    cc = apdu.check(transmit(apdu.iso_read_binary(0, 15)), "read CC file")
    if len(cc) < 15 or cc[7] != 0x04:
        return None
    mle = max(1, min(int.from_bytes(cc[3:5], "big"), 255))
    fid = int.from_bytes(cc[9:11], "big")
    apdu.check(transmit(apdu.iso_select_file(fid)), "select NDEF file")
    nlen = int.from_bytes(apdu.check(transmit(apdu.iso_read_binary(0, 2)), "read NLEN")[:2], "big")
    message = bytearray()
    while len(message) < nlen:
        chunk = apdu.check(transmit(apdu.iso_read_binary(2 + len(message), min(mle, nlen - len(message)))), "read NDEF file")
        if not chunk:
            break
        message += chunk
    return bytes(message[:nlen]) if nlen else None


def _read_vicinity(transmit: Transmit, blocks: int = 9) -> bytes:
    return b"".join(apdu.check(transmit(apdu.read_binary(b, 4)), f"read block {b}") for b in range(blocks))


def identify(transmit: Transmit, atr: bytes, options: IdentifyOptions = DEFAULT_OPTIONS) -> PatronId:
    """Identify the patron whose card is in the field.

    :param transmit: sends one APDU and returns the response APDU.
    :param atr: the card's ATR (says which technology it is).
    :raises CardRemoved: the card left or changed during the read.
    :raises NotAPatronCard: an ISO 15693 item tag, not a patron card.
    :raises CardUnreadable: an empty UID, or data on the card (TLV, NDEF, URI) that is broken.
    :raises TagError: no configured source yielded an identifier.
    :raises drivers.errors.ReaderError: the reader failed (timeout, status word, pcscd gone).
    """
    kind: CardKind = apdu.parse_atr(atr)
    raw_uid = _uid(transmit)
    tech = kind.technology if kind.storage else "iso14443-4"
    card_uid = raw_uid[::-1] if tech == "iso15693" else raw_uid  # 15693 readers give LSB first
    uid_hex = card_uid.hex().upper()
    result: PatronId | None = None
    for source in options.sources:
        try:
            result = _from_source(source, transmit, kind, tech, card_uid, uid_hex, options)
        except ValueError as exc:  # TagDataError and whatever a parser of card data raises
            log.info("card %s: %s data not readable: %s", mask(uid_hex), source, exc)
            raise CardUnreadable(f"the card's {source} data cannot be read: {exc}", uid=uid_hex) from exc
        if result is not None:
            break
    if result is None:
        raise TagError(f"no patron identifier on this {tech} card (tried {', '.join(options.sources)})", uid=uid_hex)
    if result.source != "uid" and _uid(transmit) != raw_uid:
        raise CardRemoved("the card changed during the read", uid=uid_hex)
    log.info("patron %s identified by %s (%s)", result.masked, result.source, tech)
    return result


def _from_source(source: str, transmit: Transmit, kind: CardKind, tech: str, card_uid: bytes, uid_hex: str,
                 options: IdentifyOptions) -> PatronId | None:
    """The patron identifier one source finds on the card, or None when it has none.

    :raises ValueError: (``TagDataError`` among them) the source's data is there but broken.
    """
    if source == "ndef" and tech in ("iso14443a", "iso14443-4"):
        if tech == "iso14443a":
            message = _read_type2(transmit) if kind.maybe_type2 else None
        else:
            message = _read_type4(transmit)
        if message:
            from drivers.tags.ndef import parse_patron_id

            value = parse_patron_id(message)
            if value:
                return PatronId(value=value, source="ndef", uid=uid_hex, technology=tech)
    elif source == "iso28560-3" and tech == "iso15693":
        from drivers.tags import TagDataError, decode

        memory = _read_vicinity(transmit)
        try:
            item = decode(memory)
        except TagDataError:
            item = None  # not ISO 28560 data: no patron here, try the next source
        if item is not None and item.model != "blank":
            if item.type_of_usage != 8:
                raise NotAPatronCard(f"an item tag (type of usage {item.type_of_usage}), not a patron card", uid=uid_hex)
            if item.primary_item_id:
                return PatronId(value=item.primary_item_id, source="iso28560-3", uid=uid_hex, technology=tech,
                                owner_library=item.owner_library)
    elif source == "uid":
        return PatronId(value=render_uid(card_uid, options.uid_format), source="uid", uid=uid_hex, technology=tech)
    return None
