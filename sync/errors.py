"""Errors of the sync layer, under one base class :class:`SyncError`.

Grouped by whose fault it was (as h11 does): a message we could not build is a local error, a
message from the other end that breaks the schema is a remote one.
"""

from __future__ import annotations


class SyncError(Exception):
    """Base of every error raised by :mod:`sync`."""


class SchemaError(SyncError, ValueError):
    """A message does not match the versioned schema; ``reason`` is one line naming the fault."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class OutboxError(SyncError):
    """The outbox could not store or update a transaction."""


class Offline(SyncError, TimeoutError):
    """The centre did not answer an online request in time: fall back on offline rules."""


class BrokerError(SyncError):
    """The MQTT broker could not be started, reached or stopped."""


class ILSError(SyncError):
    """The ILS behind an adapter failed (not a refusal: refusals are results, not errors)."""


class ILSUnavailable(ILSError):
    """The ILS cannot be reached now; the bridge answers "retry later"."""


class UnknownRecord(ILSError, LookupError):
    """A patron, item or fee the caller named does not exist in the ILS."""
