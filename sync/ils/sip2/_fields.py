"""Field kinds of SIP2 2.00 and the conversions between wire text and Python values.

Every message is a fixed part (positional, fixed widths) followed by variable fields, each a
two-letter field ID, a value and ``|``. Wire text is converted leniently on the way in (real ILSs
send blanks, lower case, and dates in other forms) and strictly on the way out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
from typing import Any

from drivers.idchars import first_control
from sync.ils.sip2._errors import InvalidFieldValue

#: SIP2 dates are 18 characters: YYYYMMDD, a 4-character zone (spaces = local, ``   Z`` = UTC),
#: HHMMSS.
DATE_WIDTH = 18


class Kind(enum.Enum):
    """How a field's wire text maps to a Python value."""

    YN = "Y/N flag -> bool"  # Y true, anything else false
    ONE_ZERO = "1/0 flag -> bool"  # 1 true, anything else false (the 'ok' fields)
    YNU = "Y/N/U -> bool | None"  # U (unknown) -> None
    DATE = "18-char date -> datetime | None"
    INT = "zero-padded number -> int | None"  # blanks -> None
    TEXT = "text"


@dataclasses.dataclass(frozen=True)
class Fixed:
    kind: Kind
    width: int


@dataclasses.dataclass(frozen=True)
class Var:
    code: str
    kind: Kind = Kind.TEXT  # TEXT or YN
    required: bool = False  # required fields are always sent, even empty
    repeat: bool = False  # kept in order as a tuple


def fixed(kind: Kind, width: int = 1, *, default: Any = dataclasses.MISSING,
          default_factory: Any = dataclasses.MISSING) -> Any:
    if kind is Kind.DATE:
        width = DATE_WIDTH
    if default is dataclasses.MISSING and default_factory is dataclasses.MISSING:
        default = {Kind.YN: False, Kind.ONE_ZERO: False, Kind.YNU: None, Kind.DATE: None,
                   Kind.INT: None, Kind.TEXT: " " * width}[kind]
    return dataclasses.field(default=default, default_factory=default_factory,
                             metadata={"sip": Fixed(kind, width)})


def var(code: str, kind: Kind = Kind.TEXT, *, required: bool = False, repeat: bool = False) -> Any:
    if repeat:
        default: Any = ()
    elif required:
        default = ""
    else:
        default = None
    return dataclasses.field(default=default, metadata={"sip": Var(code, kind, required, repeat)})


# --- dates ------------------------------------------------------------------------------------

def now() -> dt.datetime:
    """Local wall-clock time to the second: what a transaction date carries on the wire."""
    return dt.datetime.now().replace(microsecond=0)


def format_date(value: dt.datetime | dt.date | None) -> str:
    """The 18-character SIP2 date; naive = local (zone blank), UTC-aware = zone ``   Z``."""
    if value is None:
        return " " * DATE_WIDTH
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day, 23, 59, 59)
    zone = "    "
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
        zone = "   Z"
    return f"{value:%Y%m%d}{zone}{value:%H%M%S}"


_SIP_DATE = re.compile(r"^(\d{8})(.{4})(\d{6})$")
_LOOSE_FORMATS = (
    "%Y%m%d%H%M%S", "%Y%m%d %H%M%S", "%Y%m%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d", "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y", "%d.%m.%Y",
)


def parse_date(text: str | None) -> dt.datetime | None:
    """Parse a SIP2 date leniently; ``None`` when blank or not a date at all.

    Accepts the standard ``YYYYMMDDZZZZHHMMSS`` (zone ``Z``/``UTC`` -> aware UTC, anything else
    local/naive) and the forms ILSs send in variable date fields instead (dp2's ``2024-11-19``,
    ISO 8601 with a time, ``YYYYMMDD``, ``MM/DD/YYYY``…).
    """
    if not text:
        return None
    text = text.strip()
    if not text:
        return None
    m = _SIP_DATE.match(text) or _SIP_DATE.match(text.rjust(DATE_WIDTH)[:DATE_WIDTH])
    if m and len(text) >= 14:
        try:
            value = dt.datetime.strptime(m.group(1) + m.group(3), "%Y%m%d%H%M%S")
        except ValueError:
            value = None
        if value is not None:
            zone = m.group(2).strip().upper()
            return value.replace(tzinfo=dt.UTC) if zone in ("Z", "UTC", "GMT") else value
    iso = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        value = dt.datetime.fromisoformat(iso)
    except ValueError:
        value = None
    if value is not None:
        return value.astimezone(dt.UTC) if value.tzinfo else value
    for fmt in _LOOSE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


# --- fixed fields -----------------------------------------------------------------------------

def encode_fixed(spec: Fixed, value: Any) -> str:
    k = spec.kind
    if k is Kind.YN:
        return "Y" if value else "N"
    if k is Kind.ONE_ZERO:
        return "1" if value else "0"
    if k is Kind.YNU:
        return "U" if value is None else ("Y" if value else "N")
    if k is Kind.DATE:
        return format_date(value)
    if k is Kind.INT:
        return " " * spec.width if value is None else str(value).zfill(spec.width)
    return value


def decode_fixed(spec: Fixed, text: str) -> Any:
    k = spec.kind
    if k is Kind.YN:
        return text in ("Y", "y")
    if k is Kind.ONE_ZERO:
        return text == "1"
    if k is Kind.YNU:
        return True if text in ("Y", "y") else (False if text in ("N", "n") else None)
    if k is Kind.DATE:
        return parse_date(text)
    if k is Kind.INT:
        return int(text) if text.isascii() and text.isdigit() else None
    return text


def check_fixed(name: str, spec: Fixed, value: Any) -> None:
    """Reject values that could not go on the wire in ``spec.width`` characters."""
    k = spec.kind
    if k in (Kind.YN, Kind.ONE_ZERO):
        if not isinstance(value, bool):
            raise TypeError(f"{name} must be a bool")
    elif k is Kind.YNU:
        if value is not None and not isinstance(value, bool):
            raise TypeError(f"{name} must be a bool or None")
    elif k is Kind.DATE:
        if value is not None and not isinstance(value, dt.datetime):
            raise TypeError(f"{name} must be a datetime or None")
        if isinstance(value, dt.datetime) and value.tzinfo not in (None, dt.UTC) and \
                value.utcoffset() != dt.timedelta(0):
            raise ValueError(f"{name} must be naive (local) or UTC")
    elif k is Kind.INT:
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or not 0 <= value < 10 ** spec.width):
            raise ValueError(f"{name} must be an int in 0..{10 ** spec.width - 1} or None")
    elif not isinstance(value, str) or len(value) != spec.width:
        raise ValueError(f"{name} must be a string of exactly {spec.width} characters")
    elif "|" in value or "\r" in value or "\n" in value:
        raise ValueError(f"{name} must not contain '|' or line breaks")


# --- variable fields --------------------------------------------------------------------------

#: Field IDs of free text, shown to a person and never looked up: personal name (AE), screen
#: message (AF), print line (AG), title (AJ), blocked card message (AL), library name (AM),
#: home address (BD), hold patron name (DA). Cleaning these (:func:`clean_value`) changes
#: only what is displayed; every other variable field is an identifier, a code or a secret.
FREE_TEXT: frozenset[str] = frozenset({"AE", "AF", "AG", "AJ", "AL", "AM", "BD", "DA"})


def _unsendable(value: str) -> str | None:
    """What in ``value`` cannot go into an identifier field, in words; None when nothing."""
    if "|" in value:
        return "'|' (the field separator)"
    if "\r" in value or "\n" in value:
        return "a line break (the message terminator)"
    where = first_control(value)  # the one id rule (drivers.idchars), as on the sync wire
    return None if where is None else f"the control character {where}"


def check_var(name: str, spec: Var, value: str) -> None:
    """Reject an identifier value SIP2 cannot carry, at construction (h11 style).

    SIP2 has no escape. Cleaning an identifier would send another patron or item id than the
    device meant (a wrong checkout, or a refusal nobody understands); free text
    (:data:`FREE_TEXT`) is cleaned on the way out instead, since a changed screen message or
    title misleads nobody about which record is meant.

    :raises InvalidFieldValue: naming the field.
    """
    if spec.code in FREE_TEXT:
        return
    what = _unsendable(value)
    if what is not None:
        raise InvalidFieldValue(name, spec.code, what)


def clean_value(value: str) -> str:
    """A free-text value as it may go on the wire: SIP2 has no escape, so ``|`` (the field
    separator) is removed and line breaks (the terminator) become spaces. Identifiers never
    get here changed: :func:`check_var` refuses them when the message is built."""
    if "|" in value or "\r" in value or "\n" in value:
        value = value.replace("|", "").replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    return value


def encode_var(spec: Var, value: Any) -> str:
    if spec.kind is Kind.YN:
        return "Y" if value else "N"
    return clean_value(value)


def decode_var(spec: Var, text: str) -> Any:
    if spec.kind is Kind.YN:
        return text.strip()[:1] in ("Y", "y", "1")
    return text


# --- patron status and summary ----------------------------------------------------------------

#: The 14 positions of the patron status field (SIP2 2.00), 'Y' = true.
PATRON_STATUS_FLAGS: tuple[str, ...] = (
    "charge privileges denied",
    "renewal privileges denied",
    "recall privileges denied",
    "hold privileges denied",
    "card reported lost",
    "too many items charged",
    "too many items overdue",
    "too many renewals",
    "too many claims of items returned",
    "too many items lost",
    "excessive outstanding fines",
    "excessive outstanding fees",
    "recall overdue",
    "too many items billed",
)

#: The positions of the patron information summary (63); 'Y' in one asks for that list.
SUMMARY_ITEMS: tuple[str, ...] = (
    "hold", "overdue", "charged", "fine", "recall", "unavailable_holds",
)


def patron_status_words(status: str) -> tuple[str, ...]:
    """The flags set in a 14-character patron status, in words (anything but 'Y' is unset)."""
    return tuple(word for word, ch in zip(PATRON_STATUS_FLAGS, status, strict=False)
                 if ch in ("Y", "y"))


def make_patron_status(*words: str) -> str:
    unknown = set(words) - set(PATRON_STATUS_FLAGS)
    if unknown:
        raise ValueError(f"unknown patron status flags: {sorted(unknown)}")
    return "".join("Y" if w in words else " " for w in PATRON_STATUS_FLAGS)


def make_summary(item: str | None = None) -> str:
    """The 10-character summary asking for one item list (or none)."""
    if item is None:
        return " " * 10
    if item not in SUMMARY_ITEMS:
        raise ValueError(f"summary item must be one of {SUMMARY_ITEMS}")
    return "".join("Y" if s == item else " " for s in SUMMARY_ITEMS).ljust(10)
