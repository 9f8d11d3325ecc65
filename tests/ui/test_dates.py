"""Dates in each language and the Minguo (民國) year."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.ui.dates import format_date, format_money, minguo_year

D = dt.date(2026, 11, 21)


@pytest.mark.parametrize(("year", "roc"), [(1912, 1), (2026, 115), (1911, 0), (2000, 89)])
def test_minguo_year(year: int, roc: int) -> None:
    assert minguo_year(year) == roc


def test_minguo_formats() -> None:
    assert format_date(D, "zh_TW", minguo=True) == "115/11/21"
    assert format_date(D, "zh_TW", minguo=True, long=True) == "民國115年11月21日"
    assert format_date(dt.date(1912, 1, 1), "zh_TW", minguo=True, long=True) == "民國元年1月1日"
    assert format_date(dt.date(1911, 10, 10), "zh_TW", minguo=True, long=True) == "民國前1年10月10日"


def test_gregorian_formats_per_language(qapp) -> None:
    assert format_date(D, "zh_TW") == "2026/11/21"
    assert format_date(D, "zh_TW", long=True) == "2026年11月21日"
    assert format_date(D, "en") == "21 Nov 2026"
    assert format_date(D, "vi") == "21/11/2026"
    assert format_date(dt.date(2026, 3, 1), "id", long=True) == "1 Maret 2026"  # CLDR month name
    # the Minguo year is for the Chinese UI only
    assert format_date(D, "en", minguo=True) == "21 Nov 2026"


def test_datetime_and_bad_language() -> None:
    assert format_date(dt.datetime(2026, 11, 21, 23, 59), "zh_TW") == "2026/11/21"
    with pytest.raises(ValueError):
        format_date(D, "fr")


def test_money() -> None:
    assert format_money(12000) == "NT$120"
    assert format_money(12050) == "NT$120.50"
