"""What follows the class and author/Cutter marks in every scheme: year, volume, part, copy.

Written as regular-expression text so each scheme's pattern ends with it; ``v.2``, ``V2``,
``vol. 2`` and ``第2冊`` are volume 2, ``pt.1``/``p.1`` part 1, ``c.2``/``copy 2`` copy 2. A
volume range (``v.1-3``) sorts by its first volume.
"""

from __future__ import annotations

import re

from inventory_scanner.callnumbers.callnumber import int_slot

__all__ = ["TAIL", "item_parts", "year_slots"]

TAIL = r"""
(?:\s+(?P<year>\d{4})(?P<year_suffix>[A-Z]?)(?=\s|$))?
(?:\s*(?:(?:VOL|V)\.?\s*(?P<volume>\d{1,6})(?:\s*-\s*\d{1,6})?|第\s*(?P<volume_zh>\d{1,6})\s*[冊册卷])(?=\s|$|[A-Z]))?
(?:\s*(?:PT|P)\.?\s*(?P<part>\d{1,6})(?=\s|$|[A-Z]))?
(?:\s*(?:COPY|C)\.?\s*(?P<copy>\d{1,6})(?=\s|$))?
(?P<rest>.*)$
"""


def year_slots(m: re.Match[str], parts: dict[str, str]) -> list[str]:
    """The year and its suffix letter (``1990b``) as two slots; part of the title."""
    year = m.group("year")
    if year is not None:
        parts["year"] = year + m.group("year_suffix")
    return [int_slot(year), m.group("year_suffix") or ""]


def item_parts(m: re.Match[str], parts: dict[str, str]) -> list[str]:
    """Volume, part and copy as integer slots (not part of the title)."""
    volume, volume_zh, part, copy = m.group("volume", "volume_zh", "part", "copy")
    volume = volume or volume_zh
    if volume is None and part is None and copy is None:
        return ["", "", ""]
    slots = []
    for name, value in (("volume", volume), ("part", part), ("copy", copy)):
        if value is not None:
            parts[name] = str(int(value))
        slots.append(int_slot(value))
    return slots
