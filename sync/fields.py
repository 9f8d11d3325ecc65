"""Checks of single message fields, shared by every typed message (:mod:`sync.messages`).

Why beyond the JSON schema: a pattern cannot say that 2026-02-30 is no date, that ``+48:00`` is no
offset or that ``"0"`` is no payment, and each of those made the centre raise (issue 19, item 1).
Every check here turns a bad value into :class:`~sync.errors.SchemaError` naming the field,
never into anything else, so a caller needs to catch that one error only.

Bounds, and why:

* integers fit a signed 64-bit column (SQLite ``INTEGER``, and every other implementation's
  ``int64``): at most ``2**63 - 1``;
* instants and dates lie in the years 1900–9000 (UTC): a kiosk whose clock battery died still
  reads 1970, and the centre can add horizons and skew corrections without overflowing;
* an amount is a positive decimal with at most nine digits before the point and two after
  (the wire pattern), finite;
* text is valid Unicode that encodes to UTF-8 (no lone surrogates) and fits its length;
* an id holds no control character (:mod:`drivers.idchars`: Cc and U+2028/2029), so no end of
  the system special-cases one.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from drivers.idchars import CONTROL, CONTROL_PATTERN, first_control
from sync.errors import SchemaError

__all__ = ["CONTROL", "CONTROL_PATTERN", "INT64_MAX", "amount", "amount_text", "boolean", "choice",
           "date", "identifier", "integer", "is_identifier", "no_control", "number", "pattern", "show", "text", "timestamp", "uuid_text"]

INT64_MAX = 2**63 - 1
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(9001, 1, 1, tzinfo=dt.UTC)

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII)
# RFC 3339 §5.6 date-time (the wire writes ``Z`` and milliseconds, but reads any offset)
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)", re.ASCII)
#: the spelling every edge writes (:func:`sync.schema.format_time`): UTC, milliseconds
_UTC_MS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", re.ASCII)
_DATE = re.compile(r"\d{4}-\d\d-\d\d", re.ASCII)
_AMOUNT = re.compile(r"\d{1,9}(\.\d{1,2})?", re.ASCII)


def text(name: str, value: Any, *, max_length: int, min_length: int = 0) -> str:
    """A string of ``min_length`` … ``max_length`` characters that encodes to UTF-8."""
    if type(value) is not str:
        raise SchemaError(f"{name}: must be a string, not {type(value).__name__}")
    if not min_length <= len(value) <= max_length:
        raise SchemaError(f"{name}: must be {min_length}–{max_length} characters long"
                          if min_length else f"{name}: longer than {max_length} characters")
    try:
        value.encode()
    except UnicodeEncodeError:
        raise SchemaError(f"{name}: not valid Unicode (a lone surrogate)") from None
    return value


def identifier(name: str, value: Any) -> str:
    """An id on the wire (device, branch, patron, item, …): 1–64 characters, none of them a
    control character (:func:`no_control`)."""
    return no_control(name, text(name, value, min_length=1, max_length=64))


def is_identifier(value: Any) -> bool:
    """Can ``value`` go on the wire as an id (:func:`identifier`)? For the edges, which take ids
    from cards, tags and the ILS's answers and must turn one the wire refuses away early."""
    try:
        identifier("id", value)
    except SchemaError:
        return False
    return True


def no_control(name: str, value: str) -> str:
    """``value`` if it holds no control character (:mod:`drivers.idchars`). An id is a key
    that the ILS, the ledger (PostgreSQL text cannot hold a NUL), logs and screens all take as
    it is; a NUL, a CR/LF or a terminal's CSI (U+009B) in one is a damaged tag, a scanner's line
    end or a hostile device, never a real id, so it is refused where the id is made.

    Leading and trailing spaces are not refused, nor trimmed: a space is printable, an ILS's
    ids are its own and are compared as given, and trimming here would make two ids one; the
    edges trim what a person or a scanner typed before it becomes an id.
    """
    where = first_control(value)
    if where is not None:
        raise SchemaError(f"{name}: must hold no control character, not {show(value)} ({where})")
    return value


def pattern(name: str, value: Any, regex: re.Pattern[str], what: str) -> str:
    """A string matching ``regex`` as a whole (``what`` words it for the error)."""
    if type(value) is not str or not regex.fullmatch(value):
        raise SchemaError(f"{name}: must be {what}, not {show(value)}")
    return value


def uuid_text(name: str, value: Any) -> str:
    """A UUID in its canonical lower-case text form (transaction and session ids)."""
    return pattern(name, value, _UUID, "a lower-case UUID")


def choice(name: str, value: Any, options: Collection[str]) -> str:
    if type(value) is not str or value not in options:
        raise SchemaError(f"{name}: must be one of {', '.join(sorted(options))}, not "
                          f"{show(value)}")
    return value


def boolean(name: str, value: Any) -> bool:
    if type(value) is not bool:
        raise SchemaError(f"{name}: must be true or false, not {show(value)}")
    return value


def integer(name: str, value: Any, *, minimum: int = 0, maximum: int = INT64_MAX) -> int:
    """An integer (never a bool or a float, even an integral one) in ``minimum`` … ``maximum``."""
    if type(value) is not int:
        raise SchemaError(f"{name}: must be an integer, not {show(value)}")
    if not minimum <= value <= maximum:
        raise SchemaError(f"{name}: must be between {minimum} and {maximum}, not {value}")
    return value


def number(name: str, value: Any, *, minimum: float = 0, maximum: float = INT64_MAX) -> float:
    """A finite int or float in ``minimum`` … ``maximum`` (durations)."""
    if type(value) not in (int, float):
        raise SchemaError(f"{name}: must be a number, not {show(value)}")
    if (type(value) is float and not math.isfinite(value)) or not minimum <= value <= maximum:
        raise SchemaError(f"{name}: must be between {minimum} and {maximum}, not {value}")
    return value


def amount(name: str, value: Any) -> Decimal:
    """A positive amount of money: a :class:`~decimal.Decimal` or its wire text (``"30"``,
    ``"12.50"``); never a float (binary fractions are not money), zero or negative."""
    if type(value) is str:
        if not _AMOUNT.fullmatch(value):
            raise SchemaError(f"{name}: must be a decimal such as 12.50, not {show(value)}")
        value = Decimal(value)
    elif type(value) is int:
        value = Decimal(value)
    elif type(value) is not Decimal:
        raise SchemaError(f"{name}: must be a decimal, not {show(value)}")
    if not value.is_finite():
        raise SchemaError(f"{name}: must be a finite decimal, not {show(value)}")
    if value <= 0:
        raise SchemaError(f"{name}: must be more than zero, not {show(str(value))}")
    if value.adjusted() > 8 or int(value.as_tuple().exponent) < -2:
        raise SchemaError(f"{name}: must be under 10^9 with at most two decimal places, not "
                          f"{show(str(value))}")
    return value


def amount_text(value: Decimal) -> str:
    """An amount as the wire writes it (plain notation, as given: ``Decimal("30.00")`` → ``30.00``)."""
    return format(value, "f")


def timestamp(name: str, value: Any) -> dt.datetime:
    """An instant with its UTC offset: an aware :class:`~datetime.datetime` or its RFC 3339
    text. A month 13, an hour 24 or an offset of ``+48:00`` is refused here, not at the centre."""
    if type(value) is str and _UTC_MS.fullmatch(value) and "1900" <= value < "9001":
        try:  # the edges' own spelling, in range: only the calendar is left to check
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass  # (the general path words the refusal)
    if type(value) is str:
        if not _TIME.fullmatch(value):
            raise SchemaError(f"{name}: must be an RFC 3339 time such as "
                              f"2026-01-02T03:04:05.678Z, not {show(value)}")
        try:
            value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError as exc:
            raise SchemaError(f"{name}: not a real time ({exc})") from None
    elif not isinstance(value, dt.datetime):
        raise SchemaError(f"{name}: must be a time, not {show(value)}")
    try:
        offset = value.utcoffset()
        utc = value.astimezone(dt.UTC) if offset is not None else None
    except (ValueError, OverflowError, TypeError) as exc:  # a tzinfo that misbehaves, year 1
        raise SchemaError(f"{name}: not a real time ({exc})") from None
    if utc is None:
        raise SchemaError(f"{name}: needs a UTC offset (a naive time is ambiguous)")
    if not EARLIEST <= utc < LATEST:
        raise SchemaError(f"{name}: must lie in the years 1900–9000, not {utc.year}")
    return value


def date(name: str, value: Any) -> dt.date:
    """A calendar date: a :class:`~datetime.date` or ``YYYY-MM-DD`` (2026-02-30 is refused)."""
    if type(value) is str:
        if not _DATE.fullmatch(value):
            raise SchemaError(f"{name}: must be a date such as 2026-01-31, not {show(value)}")
        try:
            value = dt.date.fromisoformat(value)
        except ValueError as exc:
            raise SchemaError(f"{name}: not a real date ({exc})") from None
    elif type(value) is not dt.date:  # a datetime is a date too, but not a due date
        raise SchemaError(f"{name}: must be a date, not {show(value)}")
    if not EARLIEST.year <= value.year < LATEST.year:
        raise SchemaError(f"{name}: must lie in the years 1900–9000, not {value.year}")
    return value


def show(value: Any) -> str:
    """A value as an error may quote it: short, and without its full text for long strings."""
    try:
        shown = repr(value)
    except ValueError:  # an int of more digits than Python will print
        return f"a {type(value).__name__} too large to show"
    return shown if len(shown) <= 40 else shown[:37] + "..."
