"""drivers.wedge: stream and evdev bytes to keystrokes, keystrokes to lines, lines to patron ids.

Input: one byte of chunk size, then the bytes a scanner sends (a raw terminal stream, and the
same bytes read as ``struct input_event`` records). Nothing may raise.
"""

from __future__ import annotations

from drivers.wedge import EvdevDecoder, LineAssembler, StreamDecoder, patron_id_from_code

ALLOWED: tuple[type[BaseException], ...] = ()


def _lines(assembler: LineAssembler, keys: list) -> None:
    for line in assembler.feed_all(keys):
        assert line.text and line.kind in ("scanner", "keyboard"), line
        value = patron_id_from_code(line.text)
        assert value is None or (isinstance(value, str) and value), repr(value)


def one_input(data: bytes) -> None:
    if not data:
        return
    step = 1 + data[0] % 16
    body = data[1:]
    stream, evdev, assembler = StreamDecoder(), EvdevDecoder(), LineAssembler()
    at = 0.0
    for i in range(0, len(body), step):
        chunk = body[i:i + step]
        at += chunk[0] / 1000.0  # a gap of 0..255 ms before each chunk
        _lines(assembler, stream.feed(chunk, at))
        _lines(LineAssembler(min_length=1, max_length=8), evdev.feed(chunk))
    patron_id_from_code(body.decode("utf-8", "replace"))
    assembler.expire(at + 10.0)
