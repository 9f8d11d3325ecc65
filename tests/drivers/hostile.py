"""Hostile serial input for the frame decoders' tests (FEIG, 3M 810, and the emulators' parsers):
streams of frames mixed with noise, corrupted and cut-short frames, fed in arbitrary steps."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Protocol

from hypothesis import strategies as st

from drivers.errors import FrameError

#: per step: bytes fed, then how many next_frame calls (-1: until None), then a reset or not
STEPS = st.lists(st.tuples(st.integers(1, 48), st.sampled_from([-1, -1, -1, 0, 1, 2]),
                           st.sampled_from([False] * 12 + [True])), max_size=40)


def streams(frame: st.SearchStrategy[bytes], noise: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    """Up to 14 parts joined: whole frames, ``noise``, frames with one byte changed, frames cut short."""
    corrupt = st.tuples(frame, st.integers(0, 999), st.integers(1, 255)).map(
        lambda t: t[0][:t[1] % len(t[0])] + bytes([t[0][t[1] % len(t[0])] ^ t[2]]) + t[0][t[1] % len(t[0]) + 1:])
    truncated = st.tuples(frame, st.integers(1, 999)).map(lambda t: t[0][:t[1] % len(t[0])])
    return st.lists(st.one_of(frame, noise, corrupt, truncated), max_size=14).map(b"".join)


class Decoder(Protocol):
    def feed(self, data: bytes) -> None: ...
    def next_frame(self) -> object: ...
    def reset(self) -> None: ...


def replay(decoder: Decoder, stream: bytes, steps: list[tuple[int, int, bool]],
           state: Callable[[], object]) -> list[object]:
    """Feed ``stream`` as ``steps`` say (the rest at the end), recording every outcome and
    ``state()`` after each step."""
    out: list[object] = []
    pos = 0
    for size, calls, reset in [*steps, (len(stream), -1, False)]:
        decoder.feed(stream[pos:pos + size])
        pos += size
        done = 0
        while calls < 0 or done < calls:
            done += 1
            try:
                frame = decoder.next_frame()
            except FrameError:
                out.append("bad CRC")
                continue
            out.append(frame)
            if frame is None:
                break
        out.append(state())
        if reset:
            decoder.reset()
    return out


def in_garbage(frame: Callable[[bytes], bytes], sof: bytes, min_body: int = 0) -> Callable[[int], bytes]:
    """``n`` bytes of frames (random bodies) between random garbage, each ``sof`` in it followed
    by ``00``; seeded by ``n``."""

    def make(n: int) -> bytes:
        rnd = random.Random(n)
        out = bytearray()
        while len(out) < n:
            out += frame(rnd.randbytes(rnd.randrange(min_body, 40)))
            out += rnd.randbytes(rnd.randrange(30)).replace(sof, sof + b"\x00")
        return bytes(out[:n])

    return make
