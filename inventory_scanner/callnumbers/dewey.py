"""Dewey Decimal call numbers with Cutter numbers.

``[prefix] class [Cutter] [Cutter] [year] [v.N] [pt.N] [c.N]``, e.g. ``R 813.54 K56s 1990 v.2``.
The class (three digits and a decimal fraction) and the digits of a Cutter compare as decimal
fractions (``813.4 W43`` < ``W4343`` < ``W435``); a Cutter's letters compare as text, then its
digits, then the work mark (``K56s`` < ``K561``). Fiction and biography shelved by prefix and
author letters only (``FIC KIN``, ``B WAS``) parse too and sort under their prefix.
"""

from __future__ import annotations

import re

from inventory_scanner.callnumbers.callnumber import CallNumber, build, unparsed
from inventory_scanner.callnumbers.tail import TAIL, item_parts, year_slots

__all__ = ["parse"]

PREFIX = r"(?:[A-Z]{1,4}|[\u3400-\u9fff]{1,4})(?:\s+(?:[A-Z]{1,4}|[\u3400-\u9fff]{1,4}))*"
#: ``v.2``, ``c 2``, ``copy 2`` are item parts, never a first Cutter; ``V2``/``C2`` are Cutters there
NOT_SPELLED_ITEM = r"(?!(?:VOL|COPY|PT|V|C|P)[.\s]\s*\d)"
#: ... and also never a second Cutter
NOT_ITEM = r"(?!(?:VOL|V|COPY|C|PT|P)\.?\s*\d+(?:\s|$))"
CUTTER = r"(?P<{n}_letters>[A-Z]{{1,12}})(?P<{n}_digits>\d{{0,12}})(?P<{n}_work>[A-Z]{{0,4}})"
_CUTTERS = (
    rf"(?:\s*\.?\s*{NOT_SPELLED_ITEM}{CUTTER.format(n='c1')}(?=\s|$|\.[A-Z]))?"
    rf"(?:\s*\.?\s*{NOT_ITEM}{CUTTER.format(n='c2')}(?=\s|$))?"
)
_WITH_CLASS = re.compile(
    rf"^(?:(?P<prefix>{PREFIX})\s*(?=\d))?(?P<cls>\d{{3}})(?!\d)(?:\.(?P<frac>\d*))?{_CUTTERS}" + TAIL,
    re.VERBOSE,
)
# no class: every letters token but the author's Cutter is prefix (``J FIC`` + ``ROW``)
_PREFIX_ONLY = re.compile(
    rf"^(?P<prefix>[A-Z]{{1,4}}(?:\s+[A-Z]{{1,4}})*)\s+{NOT_SPELLED_ITEM}{CUTTER.format(n='c1')}(?=\s|$)"
    rf"(?:\s*\.?\s*{NOT_ITEM}{CUTTER.format(n='c2')}(?=\s|$))?" + TAIL,
    re.VERBOSE,
)


def cutter_slots(m: re.Match[str], n: str, parts: dict[str, str]) -> list[str]:
    """A Cutter number as three slots: letters (text), digits (decimal), work mark (text)."""
    letters = m.group(f"{n}_letters")
    if letters is None:
        return ["", "", ""]
    digits, work = m.group(f"{n}_digits"), m.group(f"{n}_work")
    parts["cutter" if n == "c1" else "cutter2"] = letters + digits + work
    return [letters, digits, work]


def parse(text: str, normalised: str) -> CallNumber:
    """The call number ``text`` (``normalised`` is its :func:`normalise` form)."""
    m = _WITH_CLASS.match(normalised) or _PREFIX_ONLY.match(normalised)
    if m is None:
        return unparsed(text, "dewey", normalised)
    parts: dict[str, str] = {}
    # a space inside a prefix sorts below letters and digits, so "J FIC" files after "J", before "JR"
    prefix = (m.group("prefix") or "").replace(" ", "+")
    if prefix:
        parts["prefix"] = prefix.replace("+", " ")
    class_number = ""
    if "cls" in m.re.groupindex:
        frac = m.group("frac") or ""
        class_number = m.group("cls") + (f".{frac}" if frac else "")
        parts["class"] = class_number
    title = [prefix, class_number, *cutter_slots(m, "c1", parts), *cutter_slots(m, "c2", parts),
             *year_slots(m, parts)]
    tens = class_number[:2] + "0" if class_number else ""
    division = " ".join(x for x in (prefix.replace("+", " "), tens) if x)
    return build(text, "dewey", normalised, title, item_parts(m, parts), m.group("rest"),
                 parts, division or "?")
