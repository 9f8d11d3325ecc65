"""Text as shelf labels and catalogues write it, made comparable.

Taiwanese catalogues mix full-width digits and letters (``８６３．５７``), ideographic spaces
(U+3000) and stray control characters from spreadsheets; NFKC folds the full-width forms to
ASCII, and every run of whitespace or control characters becomes one space, so ``J８６３．５７　８３４５``
and ``J 863.57 8345`` are the same call number.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise"]

_GAPS = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")
#: catalogue punctuation that means "separator" between parts of a call number
_ODD_DOTS = str.maketrans({"。": ".", "．": ".", "｡": "."})


def normalise(text: str) -> str:
    """``text`` in NFKC, upper case, whitespace and control characters collapsed to one space."""
    if text.isascii():  # NFKC leaves ASCII as it is
        return _GAPS.sub(" ", text).strip().upper()
    folded = unicodedata.normalize("NFKC", text.translate(_ODD_DOTS))
    return _GAPS.sub(" ", folded).strip().upper()
