"""FEIG ISC frames: whole-frame decoders and the streaming decoder, any bytes in any split; the
reply parsers of drivers.feig.commands on every reply found. FrameError only."""

from __future__ import annotations

import contextlib

from drivers.errors import FrameError
from drivers.feig import commands, frames

ALLOWED = (FrameError,)
PARSERS = (commands.parse_software_version, commands.parse_inventory,
           commands.parse_read_multiple_blocks, commands.parse_system_information)


def _replies(data: bytes) -> None:
    for parse in PARSERS:
        with contextlib.suppress(FrameError):
            parse(data)


def _stream(data: bytes, responses: bool) -> None:
    decoder = frames.FrameDecoder(responses=responses)
    step = 1 + (data[0] % 17 if data else 0)
    for i in range(0, len(data), step):
        decoder.feed(data[i:i + step])
        for _ in range(len(data) + 1):  # each call consumes bytes; bounded so a loop shows up
            try:
                frame = decoder.next_frame()
            except FrameError:
                continue
            if frame is None:
                break
            frame.encode()
            if isinstance(frame, frames.Response):
                _replies(frame.data)
        else:
            raise AssertionError("next_frame never settles")


def one_input(data: bytes) -> None:
    _replies(data)
    _stream(data, responses=True)
    _stream(data, responses=False)
    for decode in (frames.decode_request, frames.decode_response):
        with contextlib.suppress(FrameError):
            decode(data).encode()
