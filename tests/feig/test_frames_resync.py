"""The FEIG ISC stream decoder on hostile input: the same frames found and the same garbage dropped
as a plain re-scanning reference of the resync rules, on any split; and linear work when noise
arrives one byte at a time (counted in lines run, never in wall time)."""

from __future__ import annotations

import random
from collections.abc import Callable

from hypothesis import example, given, settings
from hypothesis import strategies as st

from drivers.crc import crc16_mcrf4xx
from drivers.errors import FrameError
from drivers.feig import frames
from drivers.feig.frames import (
    MAX_FRAME,
    MIN_REQUEST,
    MIN_RESPONSE,
    FrameDecoder,
    Request,
    Response,
)
from tests.drivers.hostile import STEPS, in_garbage, replay, streams
from tests.drivers.workcount import assert_linear, bytewise, lines_run


class Reference:
    """The resync rules as stated, re-scanning the whole buffer on every call (quadratic, plain)."""

    def __init__(self, *, responses: bool = True) -> None:
        self.responses = responses
        self.minimum = MIN_RESPONSE if responses else MIN_REQUEST
        self.buf = bytearray()
        self.skipped = 0

    def feed(self, data: bytes) -> None:
        self.buf += data

    def reset(self) -> None:
        self.buf.clear()

    @property
    def pending(self) -> bytes:
        return bytes(self.buf)

    def _claim(self, p: int) -> int:
        """The length the ``02`` at ``p`` claims; 0 if it has none (yet) or it is impossible."""
        if len(self.buf) < p + 3:
            return 0
        n = int.from_bytes(self.buf[p + 1:p + 3], "big")
        return n if self.minimum <= n <= MAX_FRAME else 0

    def _whole_good(self, p: int) -> bool:
        n = self._claim(p)
        frame = bytes(self.buf[p:p + n])
        return (self.buf[p] == 0x02 and n > 0 and len(frame) == n
                and crc16_mcrf4xx(frame[:-2]) == int.from_bytes(frame[-2:], "little"))

    def next_frame(self) -> Request | Response | None:
        buf = self.buf
        while buf:
            start = buf.find(0x02)
            start = len(buf) if start < 0 else start
            self.skipped += start
            del buf[:start]
            if not buf:
                return None
            if self._whole_good(0):
                n = self._claim(0)
                frame = bytes(buf[:n])
                del buf[:n]
                return frames.decode_response(frame) if self.responses else frames.decode_request(frame)
            later = next((p for p in range(1, len(buf)) if self._whole_good(p)), None)
            if later is not None:
                self.skipped += later
                del buf[:later]
                continue
            if len(buf) < 3:
                return None
            n = self._claim(0)
            if not n:
                self.skipped += 1
                del buf[:1]
                continue
            if len(buf) < n:
                return None
            del buf[:n]
            raise FrameError("bad CRC")
        return None


def _response(data: bytes, command: int = 0xB0, status: int = 0x00) -> bytes:
    return Response(command=command, status=status, data=data).encode()


_frame = st.builds(lambda a, c, s, d, req: (Request(address=a, command=c, data=d) if req
                                              else Response(address=a, command=c, status=s, data=d)).encode(),
                   st.integers(0, 255), st.integers(0, 255), st.integers(0, 255), st.binary(max_size=24),
                   st.booleans())
_noise = st.one_of(
    st.binary(max_size=24),
    st.sampled_from([b"\x02", b"\x02\x00", b"\x02\x00\x08", b"\x02\x00\x10", b"\x02\x00\x30", b"\x02\x20\x00",
                     b"\x02\xff\xff", b"\x02\x00\x07", b"\x02\x02\x02"]),
    st.integers(1, 30).map(lambda k: b"\x02" * k),
)
STREAMS = streams(_frame, _noise)


def _replay(decoder: FrameDecoder | Reference, stream: bytes, steps: list[tuple[int, int, bool]]) -> list[object]:
    return replay(decoder, stream, steps, lambda: (decoder.skipped, decoder.pending))


@settings(max_examples=400, deadline=None)
@given(STREAMS, STEPS, st.booleans())
@example(b"\x02" + _response(b""), [], True)  # 02 02 00 …: the head claims 0x0200 bytes; a frame right behind it
def test_same_frames_and_garbage_as_the_reference(stream: bytes, steps: list[tuple[int, int, bool]],
                                                  responses: bool) -> None:
    assert _replay(FrameDecoder(responses=responses), stream, steps) == \
        _replay(Reference(responses=responses), stream, steps)


def test_frames_split_at_every_byte_boundary() -> None:
    stream = b"".join([_response(bytes(range(40))), b"\x02\x00", _response(b"\x01"), b"\x02" * 5,
                       _response(bytes(300))])
    want = _replay(Reference(), stream, [(1, -1, False)] * len(stream))
    assert sum(isinstance(e, Response) for e in want) == 3
    for cut in range(len(stream) + 1):
        steps = [(cut, -1, False), (len(stream), -1, False)]
        assert _replay(FrameDecoder(), stream, steps) == _replay(Reference(), stream, steps), cut
    assert _replay(FrameDecoder(), stream, [(1, -1, False)] * len(stream)) == want


# -- linear work -------------------------------------------------------------------------------------
def _work(make: Callable[[int], bytes], responses: bool = True) -> Callable[[int], int]:
    def drain(decoder: FrameDecoder) -> None:
        while True:
            try:
                if decoder.next_frame() is None:
                    return
            except FrameError:
                pass

    def work(n: int) -> int:
        decoder = FrameDecoder(responses=responses)
        return lines_run(bytewise(decoder.feed, lambda: drain(decoder), make(n)), [frames])

    return work


def test_linear_on_a_stream_of_02() -> None:
    """Every ``02`` claims 0x0202 bytes: a whole candidate at every byte once 514 are buffered."""
    assert_linear(_work(lambda n: b"\x02" * n), 300, per_byte=150)
    assert_linear(_work(lambda n: b"\x02" * n, responses=False), 300, per_byte=150)


def test_linear_on_02_claiming_the_longest_frame() -> None:
    """``02 20 00`` over and over: each start claims MAX_FRAME, nothing is ever whole until 8 KiB."""
    assert_linear(_work(lambda n: (b"\x02\x20\x00" * n)[:n]), 2400, per_byte=150)


def test_linear_on_02_claiming_impossible_lengths() -> None:
    assert_linear(_work(lambda n: (b"\x02\xff\xff\x02\x00\x01" * n)[:n]), 600, per_byte=150)


def test_linear_on_frames_in_garbage() -> None:
    assert_linear(_work(in_garbage(_response, b"\x02")), 1200, per_byte=150)


def test_linear_on_frames_fed_bytewise() -> None:
    rnd = random.Random(7)
    stream = b"".join(_response(rnd.randbytes(rnd.randrange(200))) for _ in range(200))
    assert_linear(_work(lambda n: stream[:n]), 1500, per_byte=150)
