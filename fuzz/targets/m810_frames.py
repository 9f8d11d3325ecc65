"""3M 810 frames: the whole-frame decoder and the streaming decoder, any bytes in any split;
every command of drivers.m810.commands reading each frame found as its reply. The frame layer
raises FrameError only; a reply may also be a tag's failure (a ReaderError)."""

from __future__ import annotations

import contextlib

from drivers.errors import FrameError, ReaderError
from drivers.m810 import commands, frames

ALLOWED = (FrameError,)
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
            _replies(frame)
        else:
            raise AssertionError("next_frame never settles")
    frames.decode_frame(data).encode()
