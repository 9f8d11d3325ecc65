"""FEIG ISC frames: whole-frame decoders and the streaming decoder, any bytes in any split (and one
byte at a time, drained only now and then, reset at times, as a hostile line would feed it); the
reply parsers of drivers.feig.commands on every reply found. FrameError only; every frame found
re-encodes to a frame that decodes to itself."""

from __future__ import annotations

import contextlib

from drivers.errors import FrameError
from drivers.feig import commands, frames

ALLOWED = (FrameError,)
BYTEWISE = 600
PARSERS = (commands.parse_software_version, commands.parse_inventory,
           commands.parse_read_multiple_blocks, commands.parse_system_information)


def _replies(data: bytes) -> None:
    for parse in PARSERS:
        with contextlib.suppress(FrameError):
            parse(data)


def _drain(decoder: frames.FrameDecoder, limit: int) -> None:
    for _ in range(limit + 1):  # each call consumes bytes; bounded so a loop shows up
        try:
            frame = decoder.next_frame()
        except FrameError:
            continue
        if frame is None:
            return
        wire = frame.encode()
        again = frames.decode_response(wire) if isinstance(frame, frames.Response) else frames.decode_request(wire)
        assert again == frame, (frame, again)
        if isinstance(frame, frames.Response):
            _replies(frame.data)
    raise AssertionError("next_frame never settles")


def _stream(data: bytes, responses: bool) -> None:
    decoder = frames.FrameDecoder(responses=responses)
    step = 1 + (data[0] % 17 if data else 0)
    for i in range(0, len(data), step):
        decoder.feed(data[i:i + step])
        _drain(decoder, len(data))


def _bytewise(data: bytes, responses: bool) -> None:
    """One byte at a time; drained every ``k``-th byte, reset at some ``5A`` bytes. The first
    :data:`BYTEWISE` bytes only, so each input stays quick (tests/feig checks the work is linear)."""
    data = data[:BYTEWISE]
    decoder = frames.FrameDecoder(responses=responses)
    every = 1 + (data[1] % 7 if len(data) > 1 else 0)
    for i, b in enumerate(data):
        decoder.feed(bytes([b]))
        if i % every == 0:
            _drain(decoder, len(data))
        if b == 0x5A and i % 3 == 0:
            decoder.reset()
    _drain(decoder, len(data))


def one_input(data: bytes) -> None:
    _replies(data)
    for responses in (True, False):
        _stream(data, responses)
        _bytewise(data, responses)
    for decode in (frames.decode_request, frames.decode_response):
        with contextlib.suppress(FrameError):
            decode(data).encode()
