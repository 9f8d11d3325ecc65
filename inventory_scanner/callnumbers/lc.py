"""Library of Congress call numbers.

``[prefix] letters number[.fraction] [.Cutter] [Cutter] [Cutter] [year] [v.N] [c.N]``, e.g.
``QA76.73.P98 L88 2019``. Class letters compare as text with nothing before something
(``Q`` < ``QA``); the class number as a decimal number (``QA9`` < ``QA76.73`` < ``QA76.8``);
each Cutter as a letter then a decimal fraction (``.P98`` < ``.P982`` < ``.P99``).
"""

from __future__ import annotations

import re

from inventory_scanner.callnumbers.callnumber import CallNumber, build, unparsed
from inventory_scanner.callnumbers.tail import TAIL, item_parts, year_slots

__all__ = ["parse"]

NOT_ITEM = r"(?!(?:VOL|V|COPY|C|PT|P)\.?\d+(?:\s|$))"
CUTTER = r"(?P<{n}_letter>[A-Z])(?P<{n}_digits>\d{{1,12}})(?P<{n}_work>[A-Z]{{0,4}})"
_PATTERN = re.compile(
    r"^(?:(?P<prefix>[A-Z]{1,5})\s+(?=[A-Z]{1,3}\s*\d))?"
    r"(?P<letters>[A-Z]{1,3})\s*(?P<num>\d{1,4})(?:\.(?P<frac>\d+))?"
    rf"(?:\s*\.?\s*{CUTTER.format(n='c1')}(?=\s|$|\.))?"
    rf"(?:\s*\.?\s*{NOT_ITEM}{CUTTER.format(n='c2')}(?=\s|$|\.))?"
    rf"(?:\s*\.?\s*{NOT_ITEM}{CUTTER.format(n='c3')}(?=\s|$))?" + TAIL,
    re.VERBOSE,
)


def _cutter(m: re.Match[str], n: str, parts: dict[str, str]) -> list[str]:
    letter = m.group(f"{n}_letter")
    if letter is None:
        return ["", "", ""]
    digits, work = m.group(f"{n}_digits"), m.group(f"{n}_work")
    parts[f"cutter{n[1]}"] = f".{letter}{digits}{work}"
    return [letter, digits, work]


def parse(text: str, normalised: str) -> CallNumber:
    """The call number ``text`` (``normalised`` is its :func:`normalise` form)."""
    m = _PATTERN.match(normalised)
    if m is None:
        return unparsed(text, "lc", normalised)
    parts: dict[str, str] = {}
    prefix = m.group("prefix") or ""
    if prefix:
        parts["prefix"] = prefix
    letters = m.group("letters")
    frac = m.group("frac") or ""
    number = m.group("num").zfill(4) + (f".{frac}" if frac else "")
    parts["class"] = letters + str(int(m.group("num"))) + (f".{frac}" if frac else "")
    title = [prefix, letters, number, *_cutter(m, "c1", parts), *_cutter(m, "c2", parts),
             *_cutter(m, "c3", parts), *year_slots(m, parts)]
    division = f"{prefix} {letters}" if prefix else letters
    return build(text, "lc", normalised, title, item_parts(m, parts), m.group("rest"),
                 parts, division)
