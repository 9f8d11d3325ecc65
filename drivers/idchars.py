"""The characters no identifier may hold, one rule for every end of the system: the drivers
that read ids (card data, scanned codes), the sync wire (:func:`sync.fields.identifier` and the
JSON schema) and the centre's ledger.

They are the control characters (Unicode category Cc: C0, DEL and C1, NEL and the terminal's
CSI U+009B among them) and the line and paragraph separators U+2028/U+2029, which end a line in
logs and JavaScript as a newline does. None of them is ever part of a real library id: one in an
id is a damaged tag, a scanner's line end or a hostile device. (PostgreSQL text cannot even hold
a NUL.)
"""

from __future__ import annotations

import re

__all__ = ["CONTROL", "CONTROL_PATTERN", "first_control"]

#: the rule as pattern text that Python, ECMA-262 (JSON Schema) and Rust's regex read alike
CONTROL_PATTERN = "[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]"
CONTROL = re.compile(CONTROL_PATTERN)


def first_control(text: str) -> str | None:
    """Where ``text`` breaks the rule, worded for an error (``U+0000 at 4``), or None."""
    found = CONTROL.search(text)
    return None if found is None else f"U+{ord(found.group()):04X} at {found.start()}"
