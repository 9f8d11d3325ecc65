"""3M 810 frames: the whole-frame decoder and the streaming decoder, any bytes in any split (and
one byte at a time, drained only now and then, as a hostile line would feed it); every command of
drivers.m810.commands reading each frame found as its reply. The frame layer raises FrameError
only; a reply may also be a tag's failure (a ReaderError). Every byte fed is accounted for: in a
frame found, discarded, or still buffered."""

from __future__ import annotations

import contextlib

from drivers.errors import FrameError, ReaderError
from drivers.m810 import commands, frames

ALLOWED = (FrameError,)
BYTEWISE = 600  # bytes fed one at a time, so each input stays quick (tests/m810 checks linear work)
UID = "E004010000000001"
COMMANDS = (commands.inventory(), commands.version(), commands.read_multiblock(UID, 0, 4),
            commands.write_multiblock(UID, 0, bytes(4)), commands.write_block(UID, 1, bytes(4)),
            commands.quiet(UID), commands.write_afi(UID, 7), commands.get_afi(UID),
            commands.get_dsfid(UID), commands.check_eas(UID), commands.eas_control(UID, True),
            commands.tag_info(UID), commands.passthrough(bytes.fromhex("0220")))


def _replies(frame: frames.Frame) -> None:
    for command in COMMANDS:
        with contextlib.suppress(ReaderError):
            command.parse(frame)


def _drain(decoder: frames.FrameDecoder, limit: int) -> int:
    """Bytes of the frames found."""
    found = 0
    for _ in range(limit + 1):
        try:
            frame = decoder.next_frame()
        except FrameError:
            continue
        if frame is None:
            return found
        wire = frame.encode()
        assert frames.decode_frame(wire) == frame
        found += len(wire)
        _replies(frame)
    raise AssertionError("next_frame never settles")


def _feed(data: bytes, step: int, every: int) -> None:
    decoder = frames.FrameDecoder()
    found = 0
    for n, i in enumerate(range(0, len(data), step)):
        decoder.feed(data[i:i + step])
        if n % every == 0:
            found += _drain(decoder, len(data))
    found += _drain(decoder, len(data))
    assert found + decoder.discarded + decoder.buffered == len(data), (found, decoder.discarded, decoder.buffered)


def one_input(data: bytes) -> None:
    _feed(data, 1 + (data[0] % 17 if data else 0), 1)
    _feed(data[:BYTEWISE], 1, 1 + (data[1] % 7 if len(data) > 1 else 0))
    frames.decode_frame(data).encode()
