"""Reader errors, grouped by lifecycle (as python-can does) and by whose fault it was (as h11 does)."""

from __future__ import annotations


class ReaderError(Exception):
    """Base of every error a reader driver raises."""


class ReaderUnavailable(ReaderError):
    """The reader is not there (port missing, unplugged, PC/SC reader gone)."""


class ReaderInitError(ReaderError):
    """The reader is there but could not be brought up (wrong protocol, baud rate, address)."""


class ReaderIOError(ReaderError):
    """An exchange with the reader failed after bounded retries."""


class FrameError(ReaderIOError):
    """The reader's reply was garbled: bad CRC, wrong length, wrong start byte (remote fault)."""


class ReaderTimeout(ReaderIOError, TimeoutError):
    """The reader did not answer in time."""


class LocalProtocolError(ReaderError):
    """We tried to build a command the protocol does not allow (our fault, not the reader's)."""


class Unsupported(LocalProtocolError):
    """This reader cannot do that at all: the capability is not in
    :attr:`drivers.reader.Reader.capabilities` (ask it before, rather than catching this)."""


class ReaderStatusError(ReaderIOError):
    """The reader answered with a non-OK status code."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class TagError(ReaderError):
    """A tag-level failure: the reader works, the tag did not do what was asked."""

    def __init__(self, message: str, uid: str | None = None) -> None:
        super().__init__(message)
        self.uid = uid


class NoTransponder(TagError):
    """The addressed tag is not (or no longer) in the field."""


class TagLocked(TagError):
    """The block, AFI or DSFID is locked."""


class TagCommandError(TagError):
    """The tag answered with an ISO 15693 error code."""

    def __init__(self, message: str, uid: str | None = None, code: int | None = None) -> None:
        super().__init__(message, uid)
        self.code = code


class WriteVerifyError(TagError):
    """A write was not confirmed by the read-back: never treat it as success.

    ``changed`` lists the block numbers whose read-back equals the data written, ``unchanged``
    those that do not, and ``unknown`` those that could not be read back at all.
    """

    def __init__(
        self,
        message: str,
        uid: str | None = None,
        changed: list[int] | None = None,
        unchanged: list[int] | None = None,
        unknown: list[int] | None = None,
    ) -> None:
        super().__init__(message, uid)
        self.changed = changed or []
        self.unchanged = unchanged or []
        self.unknown = unknown or []


ISO15693_ERROR_CODES: dict[int, str] = {
    0x01: "command not supported",
    0x02: "command not recognised",
    0x03: "option not supported",
    0x0F: "unknown error",
    0x10: "block not available",
    0x11: "block already locked",
    0x12: "block locked, content cannot change",
    0x13: "block not programmed",
    0x14: "block not locked",
}
