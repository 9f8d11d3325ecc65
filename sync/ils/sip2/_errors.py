"""SIP2 errors, split by whose fault it was (as h11 does) and by lifecycle (as python-can does)."""

from __future__ import annotations

from sync.errors import SyncError


class SIP2Error(SyncError):
    """Base of every SIP2 error."""


class LocalProtocolError(SIP2Error, ValueError):
    """We tried to build or send something SIP2 does not allow (our bug, not the ILS's)."""


class InvalidFieldValue(LocalProtocolError):
    """An identifier field holds a character SIP2 cannot carry (``|``, CR, any control:
    :mod:`drivers.idchars`).

    Raised when the message is built, never silently cleaned: a changed patron or item id
    would ask the ACS about someone or something else. ``field`` is the attribute name,
    ``code`` the two-letter field ID; the value is not in the text (it may be a password).
    """

    def __init__(self, field: str, code: str, what: str) -> None:
        super().__init__(f"{field} ({code}) contains {what}, which SIP2 cannot carry")
        self.field = field
        self.code = code


class RemoteProtocolError(SIP2Error):
    """The ACS sent something we cannot use."""


class SIP2DecodeError(RemoteProtocolError, ValueError):
    """A frame could not be decoded: the one exception :func:`decode` raises on bad bytes."""


class VerificationError(RemoteProtocolError):
    """A response failed error detection (checksum or sequence) more often than we may resend.

    ``reason`` is ``"checksum"`` or ``"sequence"``.
    """

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class LoginRefused(SIP2Error):
    """The ACS answered the login (93) with ``94`` ok=0, or hung up on it."""


class SIP2ConnectionError(SIP2Error, ConnectionError):
    """The connection could not be opened, or the ACS closed it."""


class SIP2Timeout(SIP2Error, TimeoutError):
    """The ACS did not answer within the timeout (our own, or the one its ACS status gave)."""


class AnswerLost(SIP2Error):
    """A checkout or renew reached the ACS and its answer was lost, and asking the ACS did not
    settle whether it was applied (:mod:`sync.ils.sip2.lost`). The next try of the same
    transaction must settle first, never send blind: ``code`` is the request, ``before`` what
    the ACS showed of the item before it was sent (a :class:`~sync.ils.sip2.lost.Reading`)."""

    def __init__(self, message: str, *, code: str, before: object) -> None:
        super().__init__(message)
        self.code = code
        self.before = before
