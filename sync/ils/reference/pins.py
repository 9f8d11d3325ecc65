"""Patron PINs, kept only as scrypt hashes with a per-patron salt."""

from __future__ import annotations

import hashlib
import hmac
import secrets

#: scrypt cost; 2**14 is the interactive-login recommendation. Tests may lower it.
SCRYPT_N = 2**14


def hash_pin(pin: str, *, n: int | None = None) -> str:
    """``scrypt$n$r$p$salt$hash``: a salted, memory-hard hash; the PIN itself is never stored."""
    n = n or SCRYPT_N
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=8, p=1, dklen=32)
    return f"scrypt${n}$8$1${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(digest) // 2)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(got.hex(), digest)
