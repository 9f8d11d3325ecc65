"""ISO/IEC 15962 compaction schemes, as ISO 28560-2 uses them. Pure functions over str/bytes.

| scheme | name | characters | packing | pad bits |
|---|---|---|---|---|
| 0 | application defined | ISIL: ``A-Z a-z 0-9 - : /`` | ISIL compaction (below) | ``1`` |
| 1 | integer | decimal digits, no leading zero | unsigned big-endian binary | — |
| 2 | numeric | decimal digits | 2 digits per byte (BCD) | nibble ``F`` |
| 3 | 5-bit code | ``0x41-0x5F`` (A-Z [ \\ ] ^ _) | low 5 bits | ``0`` |
| 4 | 6-bit code | ``0x20-0x5F``, no trailing space | low 6 bits | ``1`` then ``0`` |
| 5 | 7-bit code | ``0x00-0x7E`` | 7 bits | ``1`` |
| 6 | octet string | any bytes | as is | — |
| 7 | UTF-8 string | any text | UTF-8 | — |

Decoding rules that follow from the padding: a 5-bit group ``00000`` ends the text; a last 6-bit
group ``100000`` (space) that ends exactly at the data end is padding; a 7-bit group ``1111111``
(DEL) ends the text; fewer bits than one group are padding.

ISIL compaction (ISO 28560-2 annex, as read from the public DigitalPlatform/dp2 implementation —
the annex itself is not public). Three character sets; decoding starts in upper case:

| set | bits | codes |
|---|---|---|
| upper | 5 | 0 ``-``, 1-26 ``A-Z``, 27 ``:``, 28 latch lower, 29 shift lower, 30 latch digit, 31 shift digit |
| lower | 5 | 0 ``-``, 1-26 ``a-z``, 27 ``/``, 28 latch upper, 29 shift upper, 30 latch digit, 31 shift digit |
| digit | 4 | 0-9 digits, 10 ``-``, 11 ``:``, 12 latch upper, 13 shift upper, 14 latch lower, 15 shift lower |

A *shift* changes the set for one character, a *latch* until the next latch. The tail is padded
with 1 bits, which decode as an unfinished shift and are ignored. Assumption (documented, as the
annex is not at hand): a shift applies to exactly one character, also in the digit set (dp2's
decoder keeps a digit shift for the rest of the string, its encoder does not rely on that).
The encoder picks the shortest latch/shift sequence by dynamic programming over the three sets.
"""

from __future__ import annotations

from drivers.tags.item import TagDataError

__all__ = [
    "SCHEME_NAMES",
    "best_compaction",
    "compact",
    "compact_isil",
    "eligible",
    "expand",
    "expand_isil",
]

SCHEME_NAMES = {
    0: "application defined",
    1: "integer",
    2: "numeric",
    3: "5-bit code",
    4: "6-bit code",
    5: "7-bit code",
    6: "octet string",
    7: "UTF-8 string",
}

_ISIL_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-:/")


# -- bit packing ---------------------------------------------------------------------------


def _pack(groups: list[tuple[int, int]], pad_bit: int, pad_first: int | None = None) -> bytes:
    """Pack (value, width) groups MSB first; fill the last byte with ``pad_first`` then ``pad_bit``."""
    acc = 0
    nbits = 0
    for value, width in groups:
        acc = (acc << width) | value
        nbits += width
    pad = (-nbits) % 8
    for i in range(pad):
        bit = pad_first if (i == 0 and pad_first is not None) else pad_bit
        acc = (acc << 1) | bit
    nbits += pad
    return acc.to_bytes(nbits // 8, "big") if nbits else b""


def _groups(data: bytes, width: int) -> list[int]:
    """Split ``data`` into whole ``width``-bit groups, MSB first (leftover bits dropped)."""
    acc = int.from_bytes(data, "big")
    total = len(data) * 8
    count = total // width
    return [(acc >> (total - width * (i + 1))) & ((1 << width) - 1) for i in range(count)]


# -- eligibility ---------------------------------------------------------------------------


def eligible(scheme: int, text: str, *, isil: bool = False) -> bool:
    """True if ``text`` can be stored with ``scheme`` and decoded back unchanged."""
    if scheme == 0:
        return isil and bool(text) and all(c in _ISIL_CHARS for c in text)
    if scheme == 1:
        return text.isascii() and text.isdigit() and (text == "0" or not text.startswith("0"))
    if scheme == 2:
        return bool(text) and text.isascii() and text.isdigit()
    if scheme == 3:
        return bool(text) and all(0x41 <= ord(c) <= 0x5F for c in text)
    if scheme == 4:
        return bool(text) and all(0x20 <= ord(c) <= 0x5F for c in text) and not text.endswith(" ")
    if scheme == 5:
        return bool(text) and all(ord(c) <= 0x7E for c in text)
    return scheme == 7  # UTF-8 holds any text; octet strings (6) are for bytes only


# -- compaction ----------------------------------------------------------------------------


def compact(scheme: int, text: str, *, isil: bool = False) -> bytes:
    """Compact ``text`` with ``scheme`` (0-5, 7); raise :class:`TagDataError` if it does not fit."""
    if not eligible(scheme, text, isil=isil):
        raise TagDataError(f"{text!r} cannot be stored with compaction scheme {scheme} ({SCHEME_NAMES.get(scheme, '?')})")
    if scheme == 0:
        return compact_isil(text)
    if scheme == 1:
        value = int(text)
        return value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")
    if scheme == 2:
        digits = [int(c) for c in text]
        if len(digits) % 2:
            digits.append(0xF)
        return bytes((digits[i] << 4) | digits[i + 1] for i in range(0, len(digits), 2))
    if scheme == 3:
        return _pack([(ord(c) & 0x1F, 5) for c in text], pad_bit=0)
    if scheme == 4:
        return _pack([(ord(c) & 0x3F, 6) for c in text], pad_bit=0, pad_first=1)
    if scheme == 5:
        return _pack([(ord(c), 7) for c in text], pad_bit=1)
    return text.encode("utf-8")


def expand(scheme: int, data: bytes, *, isil: bool = False) -> str | bytes:
    """Expand compacted ``data``; octet strings (6) and non-ISIL scheme 0 stay bytes."""
    if scheme == 0:
        return expand_isil(data) if isil else bytes(data)
    if scheme == 1:
        if not data:
            raise TagDataError("integer compaction with no data")
        return str(int.from_bytes(data, "big"))
    if scheme == 2:
        out = []
        nibbles = [n for b in data for n in (b >> 4, b & 0xF)]
        for i, n in enumerate(nibbles):
            if n == 0xF and i == len(nibbles) - 1:
                break
            if n > 9:
                raise TagDataError(f"numeric compaction holds the non-digit nibble {n:X}")
            out.append(chr(0x30 + n))
        return "".join(out)
    if scheme == 3:
        chars = []
        for g in _groups(data, 5):
            if g == 0:
                break
            chars.append(chr(0x40 | g))
        return "".join(chars)
    if scheme == 4:
        groups = _groups(data, 6)
        if groups and groups[-1] == 0x20 and len(groups) * 6 == len(data) * 8:
            groups.pop()  # the 100000 pad group
        return "".join(chr(g if g & 0x20 else g | 0x40) for g in groups)
    if scheme == 5:
        chars = []
        for g in _groups(data, 7):
            if g == 0x7F:
                break
            chars.append(chr(g))
        return "".join(chars)
    if scheme == 6:
        return bytes(data)
    if scheme == 7:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TagDataError(f"invalid UTF-8 at byte {exc.start}") from None
    raise TagDataError(f"unknown compaction scheme {scheme}")


def best_compaction(text: str, *, isil: bool = False) -> tuple[int, bytes]:
    """The most compact (scheme, bytes) for ``text``; ties go to ISIL, then the lower scheme."""
    order = (0, 1, 2, 3, 4, 5, 7) if isil else (1, 2, 3, 4, 5, 7)
    best: tuple[int, bytes] | None = None
    for scheme in order:
        if eligible(scheme, text, isil=isil):
            data = compact(scheme, text, isil=isil)
            if best is None or len(data) < len(best[1]):
                best = (scheme, data)
    assert best is not None  # UTF-8 always fits
    return best


# -- ISIL compaction -----------------------------------------------------------------------

_UPPER, _LOWER, _DIGIT = 0, 1, 2
_WIDTH = {_UPPER: 5, _LOWER: 5, _DIGIT: 4}
# (latch, shift) codes to reach a set, from each set
_SWITCH = {
    _UPPER: {_LOWER: (28, 29), _DIGIT: (30, 31)},
    _LOWER: {_UPPER: (28, 29), _DIGIT: (30, 31)},
    _DIGIT: {_UPPER: (12, 13), _LOWER: (14, 15)},
}


def _isil_code(charset: int, c: str) -> int | None:
    if charset == _UPPER:
        if "A" <= c <= "Z":
            return ord(c) - 0x40
        return {"-": 0, ":": 27}.get(c)
    if charset == _LOWER:
        if "a" <= c <= "z":
            return ord(c) - 0x60
        return {"-": 0, "/": 27}.get(c)
    if "0" <= c <= "9":
        return ord(c) - 0x30
    return {"-": 10, ":": 11}.get(c)


def compact_isil(text: str) -> bytes:
    """ISIL compaction of ``text`` (shortest latch/shift sequence), padded with 1 bits."""
    if not text or any(c not in _ISIL_CHARS for c in text):
        raise TagDataError(f"{text!r} is not an ISIL (A-Z a-z 0-9 - : / only)")
    inf = float("inf")
    # cost[s]: fewest bits to have emitted the prefix and be latched in set s
    cost: dict[int, float] = {_UPPER: 0, _LOWER: inf, _DIGIT: inf}
    paths: dict[int, list[tuple[int, int]]] = {_UPPER: [], _LOWER: [], _DIGIT: []}
    for c in text:
        new_cost: dict[int, float] = {s: inf for s in cost}
        new_paths: dict[int, list[tuple[int, int]]] = {s: [] for s in cost}
        for s, base in cost.items():
            if base == inf:
                continue
            options: list[tuple[int, list[tuple[int, int]]]] = []  # (end set, groups)
            code = _isil_code(s, c)
            if code is not None:
                options.append((s, [(code, _WIDTH[s])]))
            for t, (latch, shift) in _SWITCH[s].items():
                tcode = _isil_code(t, c)
                if tcode is None:
                    continue
                options.append((s, [(shift, _WIDTH[s]), (tcode, _WIDTH[t])]))
                options.append((t, [(latch, _WIDTH[s]), (tcode, _WIDTH[t])]))
            for end, groups in options:
                total = base + sum(w for _, w in groups)
                if total < new_cost[end]:
                    new_cost[end] = total
                    new_paths[end] = paths[s] + groups
        cost, paths = new_cost, new_paths
    end = min(cost, key=lambda s: cost[s])
    return _pack(paths[end], pad_bit=1)


def expand_isil(data: bytes) -> str:
    """Decode ISIL compaction; every bit pattern decodes, so this never fails."""
    acc = int.from_bytes(data, "big")
    left = len(data) * 8
    latched = _UPPER
    current = _UPPER
    out: list[str] = []
    while True:
        width = _WIDTH[current]
        if left < width:
            break
        left -= width
        code = (acc >> left) & ((1 << width) - 1)
        action = None
        for t, (latch, shift) in _SWITCH[current].items():
            if code == latch:
                action = ("latch", t)
            elif code == shift:
                action = ("shift", t)
        if action is not None:
            kind, target = action
            if kind == "latch":
                latched = current = target
            else:
                current = target
            continue
        if current == _DIGIT:
            out.append(chr(0x30 + code) if code <= 9 else "-:"[code - 10])
        elif code == 0:
            out.append("-")
        elif code == 27:
            out.append(":" if current == _UPPER else "/")
        else:
            out.append(chr((0x40 if current == _UPPER else 0x60) + code))
        current = latched
    return "".join(out)
