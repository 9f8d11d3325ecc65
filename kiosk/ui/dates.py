"""Dates as patrons read them: the local format per language, and the Minguo (民國) year.

Taiwan's government and many patrons count years from 1912 (民國元年); libraries print due
dates either way, so the Minguo year is a per-site option. It applies to the Chinese UI only:
new residents reading English, Vietnamese or Indonesian know the Gregorian year. Month names
come from Qt's CLDR locale data, not from a table of ours.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale

#: UI language code → Qt locale name.
LOCALES = {"zh_TW": "zh_TW", "en": "en_GB", "vi": "vi_VN", "id": "id_ID"}

_SHORT = {"zh_TW": "yyyy/MM/dd", "en": "d MMM yyyy", "vi": "dd/MM/yyyy", "id": "d MMM yyyy"}
_LONG = {"zh_TW": "yyyy年M月d日", "en": "d MMMM yyyy", "vi": "'ngày' d 'tháng' M 'năm' yyyy", "id": "d MMMM yyyy"}

MINGUO_EPOCH = 1911


def minguo_year(year: int) -> int:
    """Minguo year of a Gregorian year: 1912 → 1, 2026 → 115; years before 1912 → 0 or less."""
    return year - MINGUO_EPOCH


def _minguo_label(year: int) -> str:
    roc = minguo_year(year)
    if roc == 1:
        return "民國元年"
    if roc >= 1:
        return f"民國{roc}年"
    return f"民國前{1 - roc}年"  # 1911 is 民國前1年: there is no year 0


def format_date(day: dt.date, lang: str = "zh_TW", *, minguo: bool = False, long: bool = False) -> str:
    """``day`` for a patron reading ``lang``.

    >>> format_date(dt.date(2026, 11, 21), "zh_TW", minguo=True)
    '115/11/21'
    >>> format_date(dt.date(2026, 11, 21), "zh_TW", minguo=True, long=True)
    '民國115年11月21日'
    """
    if lang not in LOCALES:
        raise ValueError(f"unknown language {lang!r}")
    if isinstance(day, dt.datetime):
        day = day.date()
    if lang == "zh_TW" and minguo:
        if long:
            return f"{_minguo_label(day.year)}{day.month}月{day.day}日"
        roc = minguo_year(day.year)
        year = str(roc) if roc >= 1 else f"前{1 - roc}"
        return f"{year}/{day.month:02d}/{day.day:02d}"
    pattern = (_LONG if long else _SHORT)[lang]
    return QLocale(LOCALES[lang]).toString(QDate(day.year, day.month, day.day), pattern)


def format_money(amount_cents: int, lang: str = "zh_TW") -> str:
    """A fee in New Taiwan dollars (whole dollars; libraries do not charge cents)."""
    dollars = amount_cents / 100
    text = f"{dollars:,.0f}" if amount_cents % 100 == 0 else f"{dollars:,.2f}"
    return f"NT${text}"
