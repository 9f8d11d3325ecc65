"""Call numbers in shelf order: 中國圖書分類法 (``ccl``), Dewey (``dewey``) and LC (``lc``).

:func:`parse` never raises on any text: a call number it cannot read is kept with
``parsed=False`` and a deterministic key. Compare :attr:`CallNumber.key` strings to sort.
"""

from __future__ import annotations

from typing import get_args

from inventory_scanner.callnumbers import ccl, dewey, lc
from inventory_scanner.callnumbers.callnumber import AuthorNumber, CallNumber, Scheme
from inventory_scanner.callnumbers.normalise import normalise

__all__ = ["AUTHOR_NUMBERS", "SCHEMES", "AuthorNumber", "CallNumber", "Scheme", "parse", "sort_key"]

SCHEMES: tuple[str, ...] = get_args(Scheme)
AUTHOR_NUMBERS: tuple[str, ...] = get_args(AuthorNumber)


def parse(text: str, scheme: Scheme = "ccl", author_number: AuthorNumber = "decimal") -> CallNumber:
    """Read ``text`` as a call number of ``scheme``.

    :param author_number: how 中國圖書分類法 author numbers compare (``decimal``: 8345 < 835;
        ``integer``: 835 < 8345); the other schemes ignore it.
    :raises ValueError: for an unknown scheme or author-number rule (never for the text).
    """
    norm = normalise(text)
    if scheme == "ccl":
        if author_number not in AUTHOR_NUMBERS:
            raise ValueError(f"author number rule {author_number!r}: one of {', '.join(AUTHOR_NUMBERS)}")
        return ccl.parse(text, norm, author_number)
    if scheme == "dewey":
        return dewey.parse(text, norm)
    if scheme == "lc":
        return lc.parse(text, norm)
    raise ValueError(f"unknown call-number scheme {scheme!r}: one of {', '.join(SCHEMES)}")


def sort_key(text: str, scheme: Scheme = "ccl", author_number: AuthorNumber = "decimal") -> str:
    """The sort key of ``text`` alone (see :func:`parse`)."""
    return parse(text, scheme, author_number).key
