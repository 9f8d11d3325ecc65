"""Names the screen shows: the patron's (masked by default) and branches' (not their codes).

A kiosk screen is read by whoever stands behind the patron, and the receipt already masks the
card number, so the patron's name is masked too unless the site chooses otherwise
(``[kiosk.ui] show_patron_name``). Masking follows the Taiwanese convention for names on
public lists (王小明 → 王○明): first and last character kept, the middle hidden; Latin-script
names keep each word's first and last letter (Nguyen Van An → N****n V*n A*).

Branches travel as codes (``TPML-BT``); a patron reads the branch's name (北投分館). The names
come from ``[kiosk.ui.branch_names]`` until the core sends them; a code without a name is shown
as it is rather than hidden, since it is still the only clue where a hold waits.
"""

from __future__ import annotations

from collections.abc import Mapping

#: ``[kiosk.ui] show_patron_name`` values.
NAME_MODES = ("masked", "full", "none")
DEFAULT_NAME_MODE = "masked"

_CJK_MASK = "○"
_LATIN_MASK = "*"


def _wide(ch: str) -> bool:
    """A CJK ideograph or kana/hangul: names in these scripts are masked with ○."""
    code = ord(ch)
    return (0x2E80 <= code <= 0x9FFF) or (0xAC00 <= code <= 0xD7AF) or (0xF900 <= code <= 0xFAFF) \
        or (0x20000 <= code <= 0x3FFFF)


def _mask_word(word: str) -> str:
    if len(word) <= 1:
        return word
    mask = _CJK_MASK if any(_wide(c) for c in word) else _LATIN_MASK
    if len(word) == 2:
        return word[0] + mask
    return word[0] + mask * (len(word) - 2) + word[-1]


def mask_name(name: str) -> str:
    """``name`` with all but the first and last character of each word hidden.

    >>> mask_name("王小明"), mask_name("陳美"), mask_name("Nguyen Van An")
    ('王○明', '陳○', 'N****n V*n A*')
    """
    return " ".join(_mask_word(w) for w in name.split())


def patron_label(name: str | None, masked_id: str, mode: str) -> str:
    """What the greeting shows for a patron: the name per ``mode``, else the masked card number;
    ``""`` for ``mode == "none"`` (the screen then greets no one by name)."""
    if mode not in NAME_MODES:
        raise ValueError(f"show_patron_name must be one of {', '.join(NAME_MODES)}, not {mode!r}")
    if mode == "none":
        return ""
    if not name or not name.strip():
        return masked_id
    return name.strip() if mode == "full" else mask_name(name)


def branch_label(code: str | None, names: Mapping[str, str]) -> str:
    """A branch's name when known, else its code (``""`` for no branch)."""
    if not code:
        return ""
    return names.get(code) or code
