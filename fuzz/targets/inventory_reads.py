"""inventory_scanner.reads.parse_read_line on any line: a Read, None, or ReadError."""

from __future__ import annotations

import math

from inventory_scanner.reads import Read, ReadError, parse_read_line

ALLOWED = (ReadError,)


def one_input(data: bytes) -> None:
    line: str | bytes = data
    if data[:1] == b"s":
        line = data[1:].decode("utf-8", "replace")
    read = parse_read_line(line, 7)
    if read is not None:
        assert isinstance(read, Read) and isinstance(read.uid, str) and math.isfinite(read.t), read
