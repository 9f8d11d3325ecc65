"""Transaction ids: time-ordered UUIDs (version 7, RFC 9562 §5.7).

Why not random (version 4): every store keyed by ``txn_id`` — the outbox, the centre's ledger and
journal — is a B-tree. Random keys land on a random page each, so a batch of a few hundred
dirties a few hundred pages of every such index, and each page is written again at every
commit. Version 7 keys start with the Unix time in milliseconds, so new keys from all devices
gather at the end of the index and a batch dirties a handful of pages. Uniqueness rests on the
74 random bits, as with version 4; a device whose clock is wrong only loses the locality.
(Python 3.14's ``uuid.uuid7`` makes the same layout; use it once 3.14 is the floor.)
"""

from __future__ import annotations

import os
import time
import uuid


def uuid7(ms: int | None = None) -> uuid.UUID:
    """A version 7 UUID for the Unix time ``ms`` (milliseconds; default now)."""
    ms = time.time_ns() // 1_000_000 if ms is None else ms
    rand = int.from_bytes(os.urandom(10), "big")  # 80 bits; 74 are kept
    value = ((ms & 0xFFFF_FFFF_FFFF) << 80) | (0x7 << 76) | ((rand >> 62 & 0xFFF) << 64) \
        | (0b10 << 62) | (rand & 0x3FFF_FFFF_FFFF_FFFF)
    return uuid.UUID(int=value)


def new_txn_id() -> str:
    """The idempotency key of a new transaction."""
    return str(uuid7())
