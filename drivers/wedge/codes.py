"""What a scanned code means to a library: the patron identifier in a plain barcode or in a
library QR code (``urn:x-library:patron:<id>``, ``https://…?patron=<id>``)."""

from __future__ import annotations

import urllib.parse

from drivers.idchars import CONTROL
from drivers.tags.ndef import PATRON_URN

__all__ = ["patron_id_from_code"]


def patron_id_from_code(code: str) -> str | None:
    """The patron identifier in a scanned code: the code itself, or what a library QR code
    carries (``urn:x-library:patron:<id>``, ``https://…?patron=<id>``). None if it carries none,
    or one holding a control character (:mod:`drivers.idchars`: a percent-encoded NUL or CR/LF
    is no library card's number; spaces and line ends around it are trimmed)."""
    value = _carried(code.strip())
    return value if value and not CONTROL.search(value) else None


def _carried(code: str) -> str | None:
    if code.lower().startswith(PATRON_URN):
        return urllib.parse.unquote(code[len(PATRON_URN):]).strip()
    if code.lower().startswith(("http://", "https://")):
        try:
            query = urllib.parse.urlsplit(code).query
        except ValueError:  # e.g. "https://[x/?patron=1" (an unclosed IPv6 host): no QR code of ours
            return None
        values = urllib.parse.parse_qs(query).get("patron")
        return values[0].strip() if values else None
    return code
