"""The one interface every HF reader implements, whatever its transport.

A backend (FEIG, 3M 810, PC/SC) implements the ``_``-prefixed primitives; the base class does the
common work (python-can style): retries of inventory, write with read-back verification,
decoding of library data. UIDs are always the normalised ``E0…`` form: 16 upper-case hex digits,
most significant byte first.
"""

from __future__ import annotations

import abc
import logging
from dataclasses import dataclass, field
from typing import Any, Self

from drivers.errors import NoTransponder, ReaderError, TagError, WriteVerifyError

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


class Reader(abc.ABC):
    """An HF reader. Use as a context manager; every method may raise :class:`ReaderError`."""

    #: scheme of the URL that selects this backend (``feig``, ``m810``, ``pcsc``)
    protocol: str = ""

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
    def lock_afi(self, uid: str) -> None: ...

    @abc.abstractmethod
    def set_eas(self, uid: str) -> None: ...

    @abc.abstractmethod
    def reset_eas(self, uid: str) -> None: ...

    def eas_armed(self, uid: str) -> bool:
        """Is the tag's NXP EAS bit set (would it alarm a gate)? For verifying an EAS write.

        :raises NoTransponder: the tag is not in the field.
        :raises ReaderError: this reader cannot ask (the default).
        """
        raise ReaderError(f"{type(self).__name__} cannot read the EAS state back")

    @abc.abstractmethod
    def system_info(self, uid: str) -> SystemInfo: ...

    @abc.abstractmethod
    def reader_info(self) -> ReaderInfo: ...

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

    def read_item(self, uid: str) -> Any:
        """Read the whole memory and decode it with :func:`drivers.tags.decode`."""
        from drivers.tags import decode

        info = self.system_info(uid)
        return decode(self.read_blocks(uid, 0, info.block_count), dsfid=info.dsfid)
