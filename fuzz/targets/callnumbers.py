"""inventory_scanner.callnumbers.parse on any text, every scheme: it never raises, and equal
text gives an equal key (the order of a shelf depends on it)."""

from __future__ import annotations

from inventory_scanner.callnumbers import AUTHOR_NUMBERS, SCHEMES, parse

ALLOWED: tuple[type[BaseException], ...] = ()


def one_input(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    for scheme in SCHEMES:
        for rule in AUTHOR_NUMBERS if scheme == "ccl" else AUTHOR_NUMBERS[:1]:
            number = parse(text, scheme, rule)  # type: ignore[arg-type]
            assert isinstance(number.key, str), number
            assert parse(text, scheme, rule).key == number.key  # type: ignore[arg-type]
