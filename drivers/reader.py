"""The one interface every HF reader implements, whatever its transport.

A backend (FEIG, 3M 810, PC/SC) implements the ``_``-prefixed primitives; the base class does the
common work (python-can style): retries of inventory, write with read-back verification,
the short read and decoding of library data. What only some readers can do (stay quiet, RF
reset, reading the EAS bit back, …) is declared in :attr:`Reader.capabilities`, a frozenset of
:class:`Capability`, so callers ask instead of probing for methods. UIDs are always the
normalised ``E0…`` form: 16 upper-case hex digits, most significant byte first.
"""

from __future__ import annotations

import abc
import enum
import logging
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

from drivers.errors import NoTransponder, ReaderError, TagError, Unsupported, WriteVerifyError
from drivers.tags import Item, decode
from drivers.tags.short_read import HEAD_BLOCKS, decode_head

log = logging.getLogger(__name__)


def normalise_uid(uid: str | bytes, *, lsb_first: bool = False) -> str:
    """Return a UID as upper-case hex, most significant byte first.

    :param lsb_first: the bytes arrived in air order (least significant first), as raw ISO 15693
        frames and PC/SC readers show them.
    """
    raw = bytes.fromhex(uid) if isinstance(uid, str) else bytes(uid)
    if lsb_first:
        raw = raw[::-1]
    return raw.hex().upper()


@dataclass(frozen=True, kw_only=True)
class TagInfo:
    """One tag answered an inventory."""

    uid: str
    dsfid: int = 0
    afi: int | None = None
    rssi: float | None = None
    tag_type: str = "iso15693"

    def __post_init__(self) -> None:
        if len(self.uid) not in (8, 14, 16, 20) or any(c not in "0123456789ABCDEF" for c in self.uid):
            raise ValueError(f"UID must be upper-case hex of 4, 7, 8 or 10 bytes, got {self.uid!r}")


@dataclass(frozen=True, kw_only=True)
class SystemInfo:
    """ISO 15693 Get System Information, as far as the tag reports it."""

    uid: str
    dsfid: int | None = None
    afi: int | None = None
    block_size: int = 4
    block_count: int = 28
    ic_reference: int | None = None


@dataclass(frozen=True, kw_only=True)
class ReaderInfo:
    protocol: str
    model: str = ""
    firmware: str = ""
    port: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class Capability(enum.StrEnum):
    """What a reader may do beyond the calls every backend answers."""

    #: many tags in one inventory (ISO 15693 anticollision); a PC/SC pad sees one tag at a time
    ANTICOLLISION = "anticollision"
    #: set and reset the NXP EAS bit (:meth:`Reader.set_eas`, :meth:`Reader.reset_eas`)
    EAS = "eas"
    #: read the EAS bit back (:meth:`Reader.eas_armed`)
    EAS_READ = "eas_read"
    #: lock the AFI for good (:meth:`Reader.lock_afi`)
    LOCK_AFI = "lock_afi"
    #: lock memory blocks for good (:meth:`Reader.lock_blocks`)
    LOCK_BLOCKS = "lock_blocks"
    #: write the DSFID (:meth:`Reader.write_dsfid`)
    WRITE_DSFID = "write_dsfid"
    #: silence one tag in later inventories (ISO 15693 *stay quiet*, :meth:`Reader.stay_quiet`)
    STAY_QUIET = "stay_quiet"
    #: switch the field off and on, waking every silenced tag (:meth:`Reader.rf_reset`)
    RF_RESET = "rf_reset"


class Reader(abc.ABC):
    """An HF reader. Use as a context manager; every method may raise :class:`ReaderError`."""

    #: scheme of the URL that selects this backend (``feig``, ``m810``, ``pcsc``)
    protocol: str = ""
    #: what this backend can do beyond the common calls; a call outside it raises
    #: :class:`~drivers.errors.Unsupported`
    capabilities: ClassVar[frozenset[Capability]] = frozenset()

    def __init__(self, url: str = "") -> None:
        self.url = url
        self.inventory_retries = 2

    # -- construction --------------------------------------------------------------------------
    @classmethod
    @abc.abstractmethod
    def from_url(cls, url: str) -> Self:
        """Open the reader a URL names (``feig:///dev/ttyUSB0?baud=38400&addr=255``)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abc.abstractmethod
    def close(self) -> None: ...

    # -- primitives a backend implements --------------------------------------------------------
    @abc.abstractmethod
    def _inventory_once(self, afi: int | None) -> list[TagInfo]: ...

    @abc.abstractmethod
    def _read_blocks(self, uid: str, first: int, count: int) -> bytes: ...

    @abc.abstractmethod
    def _write_blocks(self, uid: str, first: int, data: bytes, block_size: int) -> None: ...

    @abc.abstractmethod
    def write_afi(self, uid: str, afi: int) -> None: ...

    @abc.abstractmethod
    def system_info(self, uid: str) -> SystemInfo: ...

    @abc.abstractmethod
    def reader_info(self) -> ReaderInfo: ...

    # -- optional: a backend declares each in ``capabilities`` and overrides it ---------------------
    def supports(self, *capabilities: Capability) -> bool:
        """Can this reader do all of these?"""
        return all(c in self.capabilities for c in capabilities)

    def _unsupported(self, capability: Capability) -> Unsupported:
        return Unsupported(f"{type(self).__name__} cannot {capability.value.replace('_', ' ')}")

    def lock_afi(self, uid: str) -> None:
        """Lock the tag's AFI for good (:attr:`Capability.LOCK_AFI`)."""
        raise self._unsupported(Capability.LOCK_AFI)

    def lock_blocks(self, uid: str, first: int, count: int) -> None:
        """Lock ``count`` memory blocks from ``first`` for good: no write will change them again
        (:attr:`Capability.LOCK_BLOCKS`).

        :raises TagLocked: a block was locked already (the ones before it are locked now).
        """
        raise self._unsupported(Capability.LOCK_BLOCKS)

    def set_eas(self, uid: str) -> None:
        """Set the NXP EAS bit (:attr:`Capability.EAS`)."""
        raise self._unsupported(Capability.EAS)

    def reset_eas(self, uid: str) -> None:
        """Reset the NXP EAS bit (:attr:`Capability.EAS`)."""
        raise self._unsupported(Capability.EAS)

    def eas_armed(self, uid: str) -> bool:
        """Is the tag's NXP EAS bit set (would it alarm a gate)? For verifying an EAS write
        (:attr:`Capability.EAS_READ`).

        :raises NoTransponder: the tag is not in the field.
        """
        raise self._unsupported(Capability.EAS_READ)

    def write_dsfid(self, uid: str, dsfid: int) -> None:
        """Write the tag's DSFID (:attr:`Capability.WRITE_DSFID`)."""
        raise self._unsupported(Capability.WRITE_DSFID)

    def stay_quiet(self, uid: str) -> None:
        """Silence the tag in later inventories until an RF reset or it leaves the field; it
        still answers addressed commands (:attr:`Capability.STAY_QUIET`)."""
        raise self._unsupported(Capability.STAY_QUIET)

    def rf_reset(self) -> None:
        """Switch the field off and on: every tag answers inventories again
        (:attr:`Capability.RF_RESET`)."""
        raise self._unsupported(Capability.RF_RESET)

    # -- common work -----------------------------------------------------------------------------
    def inventory(self, afi: int | None = None) -> list[TagInfo]:
        """Tags in the field (deduplicated, sorted by UID); retried on I/O errors a bounded number of times."""
        last: ReaderError | None = None
        for attempt in range(self.inventory_retries + 1):
            try:
                seen = {t.uid: t for t in self._inventory_once(afi)}
                return [seen[u] for u in sorted(seen)]
            except TagError:
                raise
            except ReaderError as exc:
                last = exc
                log.debug("inventory attempt %d failed: %s", attempt + 1, exc)
        assert last is not None
        raise last

    def read_blocks(self, uid: str, first: int, count: int) -> bytes:
        """``count`` blocks from ``first`` as one byte string in memory order."""
        if count <= 0 or first < 0:
            raise ValueError("first must be >= 0 and count > 0")
        return self._read_blocks(uid, first, count)

    def write_blocks(self, uid: str, first: int, data: bytes, *, block_size: int = 4, verify: bool = True) -> None:
        """Write whole blocks, then read them back.

        :raises WriteVerifyError: the read-back differs (or the tag left): ``changed``/``unchanged``
            say which blocks took the new data. A write is never reported as done unless verified.
        """
        if len(data) % block_size:
            raise ValueError(f"data must be whole blocks of {block_size} bytes")
        count = len(data) // block_size
        error: Exception | None = None
        try:
            self._write_blocks(uid, first, data, block_size)
        except (TagError, ReaderError) as exc:
            error = exc
        if not verify and error is None:
            return
        try:
            back = self._read_blocks(uid, first, count)
        except (NoTransponder, ReaderError) as exc:
            raise WriteVerifyError(
                f"write of blocks {first}..{first + count - 1} not verified: {error or exc}",
                uid=uid,
                unknown=list(range(first, first + count)),
            ) from (error or exc)
        changed = [first + i for i in range(count) if back[i * block_size:(i + 1) * block_size] == data[i * block_size:(i + 1) * block_size]]
        unchanged = [first + i for i in range(count) if first + i not in changed]
        if unchanged or error is not None:
            raise WriteVerifyError(
                f"write not verified: blocks {unchanged} differ" + (f" ({error})" if error else ""),
                uid=uid,
                changed=changed,
                unchanged=unchanged,
            ) from error

    def read_memory(self, uid: str) -> bytes:
        """The tag's whole user memory (block count from system information)."""
        info = self.system_info(uid)
        return self.read_blocks(uid, 0, info.block_count)

    def read_item(self, uid: str, *, dsfid: int | None = None) -> Item:
        """The tag's library data, decoded, in as few reads as the data model allows.

        The first :data:`drivers.tags.short_read.HEAD_BLOCKS` blocks are read first: most
        library tags (ISO 28560-3 without optional blocks) hold everything there. Otherwise the
        rest of the memory follows (:meth:`_read_memory_from`), and the whole is decoded.

        :param dsfid: the tag's DSFID if known (from its inventory): a hint for the decoder.
        :raises TagDataError: the data fits no model.
        """
        try:
            head = self.read_blocks(uid, 0, HEAD_BLOCKS)
        except TagError:  # a smaller memory (the 32-byte form) or another layout
            head = b""
        item = decode_head(head)
        if item is not None:
            return item
        rest, known = self._read_memory_from(uid, HEAD_BLOCKS if head else 0)
        return decode(head + rest, dsfid=known if known is not None else dsfid)

    def _read_memory_from(self, uid: str, first: int) -> tuple[bytes, int | None]:
        """The tag's memory from block ``first`` to its end (block count from system
        information), and its DSFID where the reader learnt it on the way."""
        info = self.system_info(uid)
        count = info.block_count - first
        return (self.read_blocks(uid, first, count) if count > 0 else b""), info.dsfid
