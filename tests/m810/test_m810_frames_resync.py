"""The 3M 810 stream decoder on hostile input: the same frames found and the same garbage dropped
as a plain re-scanning reference of the resync rules, on any split; and linear work when noise
arrives one byte at a time (counted in lines run, never in wall time)."""

from __future__ import annotations

import random
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.crc import crc16_genibus
from drivers.errors import FrameError
from drivers.m810 import frames
from drivers.m810.frames import MAX_LENGTH, MIN_LENGTH, Frame, FrameDecoder, encode_frame
from tests.drivers.hostile import STEPS, in_garbage, replay, streams
from tests.drivers.workcount import assert_linear, bytewise, lines_run

SOFS = (0xD6, 0xD5)


class Reference:
    """The resync rules as stated, re-scanning the whole buffer on every call (quadratic, plain)."""

    def __init__(self) -> None:
        self.buf = bytearray()
        self.discarded = 0
        self.crc_errors = 0

    def feed(self, data: bytes) -> None:
        self.buf += data

    def reset(self) -> None:
        self.buf.clear()

    @property
    def buffered(self) -> int:
        return len(self.buf)

    def _end(self, p: int) -> int:
        """Where the frame starting at ``p`` ends; 0 before its length, -1 for an impossible one."""
        if len(self.buf) < p + 3:
            return 0
        length = int.from_bytes(self.buf[p + 1:p + 3], "big")
        return p + 3 + length if MIN_LENGTH <= length <= MAX_LENGTH else -1

    def _crc_good(self, p: int, end: int) -> bool:
        return crc16_genibus(bytes(self.buf[p + 1:end - 2])) == int.from_bytes(self.buf[end - 2:end], "big")

    def _take(self, p: int) -> Frame:
        self._drop(p)
        end = self._end(0)
        frame = Frame(body=bytes(self.buf[3:end - 2]), sof=self.buf[0])
        del self.buf[:end]
        return frame

    def _drop(self, n: int) -> None:
        self.discarded += n
        del self.buf[:n]

    def next_frame(self) -> Frame | None:
        crc_failed = False
        while True:
            first = next((i for i, b in enumerate(self.buf) if b in SOFS), len(self.buf))
            self._drop(first)
            if not self.buf:
                break
            end = self._end(0)
            if end < 0:
                self._drop(1)
            elif 0 < end <= len(self.buf) and self._crc_good(0, end):
                return self._take(0)
            elif 0 < end <= len(self.buf):
                self.crc_errors += 1
                crc_failed = True
                self._drop(1)
            else:
                later = next((p for p in range(1, len(self.buf)) if self.buf[p] in SOFS
                              and 0 < self._end(p) <= len(self.buf) and self._crc_good(p, self._end(p))), None)
                if later is not None:
                    return self._take(later)
                break
        if crc_failed and not self.buf:
            raise FrameError("bad CRC")
        return None


_frame = st.builds(lambda body, sof: encode_frame(body, sof=sof), st.binary(min_size=1, max_size=24),
                   st.sampled_from(SOFS))
_noise = st.one_of(
    st.binary(max_size=24),
    st.sampled_from([b"\xD6", b"\xD5", b"\xD6\x00", b"\xD6\x00\x03", b"\xD6\x00\x08", b"\xD5\x00\x10",
                     b"\xD6\x04\x00", b"\xD6\xff\xff", b"\xD6\x00\x02", b"\xD6\xD6\xD6"]),
    st.integers(1, 30).map(lambda k: b"\xD6" * k),
)
STREAMS = streams(_frame, _noise)


def _replay(decoder: FrameDecoder | Reference, stream: bytes, steps: list[tuple[int, int, bool]]) -> list[object]:
    return replay(decoder, stream, steps, lambda: (decoder.discarded, decoder.crc_errors, decoder.buffered))


@settings(max_examples=400, deadline=None)
@given(STREAMS, STEPS)
def test_same_frames_and_garbage_as_the_reference(stream: bytes, steps: list[tuple[int, int, bool]]) -> None:
    assert _replay(FrameDecoder(), stream, steps) == _replay(Reference(), stream, steps)


def test_frames_split_at_every_byte_boundary() -> None:
    stream = b"".join([encode_frame(bytes(range(1, 40))), b"\xD6\x00", encode_frame(b"\x11", sof=0xD5),
                       b"\xD6" * 5, encode_frame(bytes(300))])
    want = _replay(Reference(), stream, [(1, -1, False)] * len(stream))
    assert sum(isinstance(e, Frame) for e in want) == 3
    for cut in range(len(stream) + 1):
        steps = [(cut, -1, False), (len(stream), -1, False)]
        assert _replay(FrameDecoder(), stream, steps) == _replay(Reference(), stream, steps), cut
    assert _replay(FrameDecoder(), stream, [(1, -1, False)] * len(stream)) == want


def test_a_frame_found_behind_a_cut_short_one_is_exactly_that_frame() -> None:
    """``D5 00 D6`` claims 214 bytes; the whole good frame behind it wins: its own body, and the
    bytes after it kept (before, the body ran on by the skipped bytes and as many were swallowed)."""
    second = encode_frame(bytes.fromhex("FE 00 07"))
    dec = FrameDecoder()
    dec.feed(b"\xD5\x00\xD6" + encode_frame(b"\x11") + second[:4])
    assert dec.next_frame() == Frame(body=b"\x11")
    assert (dec.discarded, dec.buffered) == (3, 4)
    dec.feed(second[4:])
    assert dec.next_frame() == Frame(body=bytes.fromhex("FE 00 07"))


# -- linear work -------------------------------------------------------------------------------------
def _work(make: Callable[[int], bytes]) -> Callable[[int], int]:
    def work(n: int) -> int:
        decoder = FrameDecoder()
        return lines_run(bytewise(decoder.feed, decoder.frames, make(n)), [frames])

    return work


def test_linear_on_a_stream_of_sofs() -> None:
    assert_linear(_work(lambda n: b"\xD6" * n), 300, per_byte=150)


def test_linear_on_sofs_claiming_the_longest_frame() -> None:
    """``D6 04 00`` over and over: every start claims MAX_LENGTH; once 1 KiB is buffered, a whole
    candidate with a bad CRC at every start."""
    assert_linear(_work(lambda n: (b"\xD6\x04\x00" * n)[:n]), 400, per_byte=150)
    assert_linear(_work(lambda n: (b"\xD5\x04\x00" * n)[:n]), 400, per_byte=150)


def test_linear_on_sofs_claiming_short_frames() -> None:
    """Every start claims 0x10 bytes: whole candidates, all with bad CRCs, at every byte."""
    assert_linear(_work(lambda n: (b"\xD6\x00\x10" * n)[:n]), 600, per_byte=150)


def test_linear_on_frames_in_garbage() -> None:
    assert_linear(_work(in_garbage(encode_frame, b"\xD6", min_body=1)), 1200, per_byte=150)


def test_linear_on_frames_fed_bytewise() -> None:
    rnd = random.Random(7)
    stream = b"".join(encode_frame(rnd.randbytes(rnd.randrange(1, 200))) for _ in range(200))
    assert_linear(_work(lambda n: stream[:n]), 1500, per_byte=150)
