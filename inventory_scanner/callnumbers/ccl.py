"""中國圖書分類法 (賴永祥) call numbers as Taiwanese public libraries write them.

``[prefix] class[/area] [author] [year] [v.N] [pt.N] [c.N]``, e.g. ``J 863.59 8564 2019 v.2
c.3``: the collection prefix (``J`` children, ``R`` reference, ``YA``, or a CJK mark such as
``參``) separates shelves and sorts first, no prefix before any; the class number (000–999 with
a decimal fraction, and the ``/`` area subdivision of 733.9/101.4-style local history) compares
as a decimal; the author number (四角號碼, 首尾五筆 or 著者號碼表 digits, optionally after
letters, with a work mark ``-2`` or ``:2``) compares as a decimal fraction by default
(``8345`` < ``835``) or as an integer (``835`` < ``8345``) for libraries that file so.
"""

from __future__ import annotations

import re

from inventory_scanner.callnumbers.callnumber import (
    AuthorNumber,
    CallNumber,
    build,
    int_slot,
    unparsed,
)
from inventory_scanner.callnumbers.tail import TAIL, item_parts, year_slots

__all__ = ["parse"]

PREFIX = r"[A-Z]{1,4}|[\u3400-\u9fff]{1,4}"
#: ``v1``, ``v.120``, ``c2``, ``p3`` after the class are item parts, not a lettered author
#: number; ``C442`` (three digits after C or P) is an author: no shelf holds 100 copies
NOT_ITEM = r"(?!(?:(?:VOL|V)\.?\s*\d{1,3}|(?:COPY|C|PT|P)\.?\s*\d{1,2})(?:\s|$))"
_PATTERN = re.compile(
    rf"""^(?:(?P<prefix>{PREFIX})\s*(?=\d))?
(?P<cls>\d{{1,3}})(?:\.(?P<frac>\d*))?
(?:\s*/\s*(?P<area>\d{{1,4}})(?:\.(?P<area_frac>\d*))?)?
(?:\s+{NOT_ITEM}(?P<a_letters>[A-Z]{{0,3}})(?P<a_digits>\d{{1,12}})(?P<a_suffix>[A-Z]{{0,3}})
   (?:\s*[-:]\s*(?P<a_work>\d{{1,6}}))?(?=\s|$))?
"""
    + TAIL,
    re.VERBOSE,
)


def parse(text: str, normalised: str, author_number: AuthorNumber = "decimal") -> CallNumber:
    """The call number ``text`` (``normalised`` is its :func:`normalise` form)."""
    m = _PATTERN.match(normalised)
    if m is None:
        return unparsed(text, "ccl", normalised)
    parts: dict[str, str] = {}
    prefix = m.group("prefix") or ""
    cls = m.group("cls").zfill(3)
    frac = m.group("frac") or ""
    class_number = f"{cls}.{frac}" if frac else cls
    if prefix:
        parts["prefix"] = prefix
    parts["class"] = class_number
    area = ""
    if m.group("area") is not None:
        area_frac = m.group("area_frac") or ""
        area = m.group("area").zfill(4) + (f".{area_frac}" if area_frac else "")
        parts["area"] = m.group("area") + (f".{area_frac}" if area_frac else "")
    digits = m.group("a_digits")
    author_slots = ["", "", "", ""]
    if digits is not None:
        letters, suffix, work = m.group("a_letters"), m.group("a_suffix"), m.group("a_work")
        parts["author"] = letters + digits + suffix + (f"-{work}" if work else "")
        number = digits if author_number == "decimal" else int_slot(digits)
        author_slots = [letters, number, suffix, int_slot(work)]
    title = [prefix, class_number, area, *author_slots, *year_slots(m, parts)]
    division = (prefix + " " if prefix else "") + cls[:2] + "0"
    return build(text, "ccl", normalised, title, item_parts(m, parts), m.group("rest"),
                 parts, division)
