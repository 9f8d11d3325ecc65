"""The emulators' own host-frame parsers (FEIG and 3M 810) on hostile input: the same requests
answered and the same garbage dropped as a plain re-scanning reference of their resync rules, on
any split; and linear work when noise arrives one byte at a time (lines run, never wall time).

The references are built from the framing facts in PROTOCOLS.md, not from the drivers' codecs."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.crc import crc16_genibus, crc16_mcrf4xx
from hwsim.feig import firmware as feig_firmware
from hwsim.feig.firmware import FeigFirmware
from hwsim.field import Field
from hwsim.m810 import firmware as m810_firmware
from hwsim.m810.firmware import M810Firmware
from hwsim.serial_pty import Reply
from tests.drivers.hostile import in_garbage, streams
from tests.drivers.workcount import assert_linear, bytewise, lines_run


class FeigSeen(FeigFirmware):
    """The FEIG emulator, noting each request frame it would answer instead of answering it."""

    def __init__(self) -> None:
        super().__init__(Field(), clock=lambda: 0.0)
        self.seen: list[bytes] = []

    def _answer(self, frame: bytes) -> Reply:
        self.seen.append(frame)
        return Reply(data=b"")


class M810Seen(M810Firmware):
    """The 3M 810 emulator, noting each request frame it would answer instead of answering it."""

    def __init__(self) -> None:
        super().__init__(Field())
        self.seen: list[tuple[int, bytes]] = []

    def _answer(self, sof: int, body: bytes) -> Reply | None:
        self.seen.append((sof, body))
        return None


def isc(body: bytes) -> bytes:
    """An ISC frame: 02, the whole length (2 bytes, big endian), body, CRC-16/MCRF4XX LSB first."""
    head = b"\x02" + (len(body) + 5).to_bytes(2, "big") + body
    return head + crc16_mcrf4xx(head).to_bytes(2, "little")


def m810(body: bytes, sof: int = 0xD6) -> bytes:
    """A 3M 810 frame: SOF, length = body + 2 (big endian), body, CRC-16/GENIBUS big endian."""
    head = (len(body) + 2).to_bytes(2, "big") + body
    return bytes([sof]) + head + crc16_genibus(head).to_bytes(2, "big")


def feig_reference(buf: bytearray) -> list[bytes]:
    """Whole ISC frames with a good CRC from the front of ``buf``; anything else costs one byte."""
    out = []
    while buf:
        n = int.from_bytes(buf[1:3], "big") if len(buf) >= 3 else 0
        if buf[0] != 0x02 or (len(buf) >= 3 and not 7 <= n <= 0x2000):
            del buf[0]
        elif len(buf) < 3 or len(buf) < n:
            break
        elif crc16_mcrf4xx(bytes(buf[:n - 2])) != int.from_bytes(buf[n - 2:n], "little"):
            del buf[0]
        else:
            out.append(bytes(buf[:n]))
            del buf[:n]
    return out


def m810_reference(buf: bytearray) -> list[tuple[int, bytes]]:
    """As the 3M 810 emulator: a partial frame gives way to a later whole frame with a good CRC."""

    def end(p: int) -> int:  # 0: not a plausible frame start (yet)
        if buf[p] not in (0xD5, 0xD6) or len(buf) < p + 3:
            return 0
        length = int.from_bytes(buf[p + 1:p + 3], "big")
        return p + 3 + length if 3 <= length <= 1024 else 0

    def good(p: int) -> bool:
        e = end(p)
        return 0 < e <= len(buf) and crc16_genibus(bytes(buf[p + 1:e - 2])) == int.from_bytes(buf[e - 2:e], "big")

    out = []
    while buf:
        if buf[0] in (0xD5, 0xD6) and len(buf) < 3:
            break
        e = end(0)
        if good(0):
            out.append((buf[0], bytes(buf[3:e - 2])))
            del buf[:e]
        elif e == 0 or e <= len(buf):
            del buf[0]
        else:
            later = next((p for p in range(1, len(buf)) if good(p)), None)
            if later is None:
                break
            del buf[:later]
    return out


ISC_STREAMS = streams(st.binary(min_size=2, max_size=24).map(isc), st.one_of(st.binary(max_size=24), st.sampled_from(
    [b"\x02", b"\x02\x00", b"\x02\x00\x10", b"\x02\x20\x00", b"\x02\xff\xff", b"\x02" * 9])))
M810_STREAMS = streams(st.tuples(st.binary(min_size=1, max_size=24), st.sampled_from([0xD5, 0xD6])).map(
    lambda t: m810(*t)), st.one_of(st.binary(max_size=24), st.sampled_from(
        [b"\xD6", b"\xD5\x00", b"\xD6\x00\x10", b"\xD6\x04\x00", b"\xD6\xff\xff", b"\xD6" * 9])))
CHUNKS = st.lists(st.integers(1, 48), max_size=40)


def _chunks(stream: bytes, sizes: list[int]) -> list[bytes]:
    out, pos = [], 0
    for size in [*sizes, len(stream)]:
        out.append(stream[pos:pos + size])
        pos += size
    return out


def _same_as_reference(fw: FeigSeen | M810Seen, reference: Callable[[bytearray], list[Any]], stream: bytes,
                       sizes: list[int]) -> None:
    """Fed in chunks, ``fw`` answers what ``reference`` finds and keeps the bytes it keeps."""
    ref: list[Any] = []
    buf = bytearray()
    for chunk in _chunks(stream, sizes):
        fw.receive(chunk)
        buf += chunk
        ref += reference(buf)
        assert fw.seen == ref
        assert bytes(fw._buf) == bytes(buf)


@settings(max_examples=300, deadline=None)
@given(ISC_STREAMS, CHUNKS)
def test_feig_emulator_finds_what_the_reference_finds(stream: bytes, sizes: list[int]) -> None:
    _same_as_reference(FeigSeen(), feig_reference, stream, sizes)


@settings(max_examples=300, deadline=None)
@given(M810_STREAMS, CHUNKS)
def test_m810_emulator_finds_what_the_reference_finds(stream: bytes, sizes: list[int]) -> None:
    _same_as_reference(M810Seen(), m810_reference, stream, sizes)


def test_m810_emulator_answers_a_whole_frame_behind_a_cut_one() -> None:
    """``D5 00 D6`` claims 214 bytes; the whole good frame behind it wins, and only its bytes go."""
    second = m810(b"\xFE\x00\x07")
    fw = M810Seen()
    fw.receive(b"\xD5\x00\xD6" + m810(b"\x11") + second[:4])
    assert fw.seen == [(0xD6, b"\x11")]
    assert bytes(fw._buf) == second[:4]
    fw.receive(second[4:])
    assert fw.seen == [(0xD6, b"\x11"), (0xD6, b"\xFE\x00\x07")]


# -- linear work -------------------------------------------------------------------------------------
def _work(seen: Callable[[], FeigSeen | M810Seen], module: ModuleType,
          make: Callable[[int], bytes]) -> Callable[[int], int]:
    def work(n: int) -> int:
        return lines_run(bytewise(seen().receive, lambda: None, make(n)), [module])

    return work


def _feig_work(make: Callable[[int], bytes]) -> Callable[[int], int]:
    return _work(FeigSeen, feig_firmware, make)


def _m810_work(make: Callable[[int], bytes]) -> Callable[[int], int]:
    return _work(M810Seen, m810_firmware, make)


def test_feig_emulator_is_linear_on_hostile_input() -> None:
    """All ``02`` (each claims 0x0202 bytes: past 514 bytes a whole bad candidate at every byte),
    ``02`` claiming the longest frame, impossible lengths, frames in garbage."""
    assert_linear(_feig_work(lambda n: b"\x02" * n), 1200, per_byte=150)
    assert_linear(_feig_work(lambda n: (b"\x02\x20\x00" * n)[:n]), 2400, per_byte=150)
    assert_linear(_feig_work(lambda n: (b"\x02\xff\xff" * n)[:n]), 400, per_byte=150)
    assert_linear(_feig_work(in_garbage(isc, b"\x02", min_body=2)), 1200, per_byte=150)


def test_m810_emulator_is_linear_on_hostile_input() -> None:
    """All ``D6`` (impossible lengths), ``D6`` claiming the longest frame (past 1027 bytes a whole
    bad candidate at every third byte), short claims with bad CRCs at every byte, frames in garbage."""
    assert_linear(_m810_work(lambda n: b"\xD6" * n), 400, per_byte=150)
    assert_linear(_m810_work(lambda n: (b"\xD6\x04\x00" * n)[:n]), 1100, per_byte=150)
    assert_linear(_m810_work(lambda n: (b"\xD6\x00\x10" * n)[:n]), 600, per_byte=150)
    assert_linear(_m810_work(in_garbage(m810, b"\xD6", min_body=2)), 1200, per_byte=150)
