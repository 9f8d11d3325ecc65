"""sync.ils.sip2 decode (every encoding) and FrameBuffer on any bytes: SIP2DecodeError only."""

from __future__ import annotations

import contextlib

from sync.ils.sip2 import ENCODINGS, FrameBuffer, SIP2DecodeError, decode

ALLOWED = (SIP2DecodeError,)
_ENCODINGS = tuple(ENCODINGS)


def one_input(data: bytes) -> None:
    if not data:
        return
    encoding = _ENCODINGS[data[0] % len(_ENCODINGS)]
    body = data[1:]
    buffer = FrameBuffer(max_frame=512)
    step = 1 + data[0] % 13
    for i in range(0, len(body), step):
        buffer.feed(body[i:i + step])
        try:
            for frame in buffer:
                with contextlib.suppress(SIP2DecodeError):
                    decode(frame, encoding=encoding)
        except SIP2DecodeError:
            buffer = FrameBuffer(max_frame=512)
    frame = decode(body, encoding=encoding)
    assert frame.message is not None
