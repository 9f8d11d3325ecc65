"""3M 810 frames: the whole-frame decoder and the streaming decoder, any bytes in any split."""

from __future__ import annotations

from drivers.errors import FrameError
from drivers.m810 import frames

ALLOWED = (FrameError,)


def one_input(data: bytes) -> None:
    decoder = frames.FrameDecoder()
    step = 1 + (data[0] % 17 if data else 0)
    for i in range(0, len(data), step):
        decoder.feed(data[i:i + step])
        for _ in range(len(data) + 1):
            try:
                frame = decoder.next_frame()
            except FrameError:
                continue
            if frame is None:
                break
            frame.encode()
        else:
            raise AssertionError("next_frame never settles")
    frames.decode_frame(data).encode()
