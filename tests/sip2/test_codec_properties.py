"""Property tests: every message type round-trips, checksums hold for UTF-8 and Big5 text with
Chinese names and titles, and decoding never fails with anything but SIP2DecodeError."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.ils.sip2 import MESSAGES, FrameBuffer, SIP2DecodeError, decode, encode
from sync.ils.sip2._fields import Kind

ASCII = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) != "|")
CJK = "三國演義紅樓夢西遊記水滸傳陳小明林美麗王四育弋臺北市立圖書館借閱成功續借罰款"
LATIN = "éüñçÅØ"
ALPHABETS = {"utf-8": ASCII + CJK + LATIN + "ệ", "big5": ASCII + CJK, "cp850": ASCII + LATIN}

dates = st.none() | st.builds(
    lambda d, utc: d.replace(microsecond=0, tzinfo=dt.UTC if utc else None),
    st.datetimes(min_value=dt.datetime(1970, 1, 1), max_value=dt.datetime(2099, 12, 31)),
    st.booleans())


def _known_codes(cls: type) -> set[str]:
    return {spec.code for _, spec in cls.VARIABLE}


def message_strategy(cls: type, alphabet: str) -> st.SearchStrategy[Any]:
    text = st.text(alphabet, max_size=12)
    kwargs: dict[str, st.SearchStrategy[Any]] = {}
    for name, spec in cls.FIXED:
        kwargs[name] = {
            Kind.YN: st.booleans(), Kind.ONE_ZERO: st.booleans(),
            Kind.YNU: st.none() | st.booleans(), Kind.DATE: dates,
            Kind.INT: st.none() | st.integers(0, 10 ** spec.width - 1),
            Kind.TEXT: st.text(ASCII, min_size=spec.width, max_size=spec.width),
        }[spec.kind]
    for name, vspec in cls.VARIABLE:
        if vspec.repeat:
            kwargs[name] = st.lists(text, max_size=3).map(tuple)
        elif vspec.kind is Kind.YN:
            kwargs[name] = st.none() | st.booleans()
        elif vspec.required:
            kwargs[name] = text
        else:
            kwargs[name] = st.none() | text
    known = _known_codes(cls) | {"AY", "AZ"}
    codes = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2).filter(
        lambda c: c not in known)
    kwargs["extra_fields"] = st.lists(st.tuples(codes, text), max_size=3).map(tuple)
    return st.builds(cls, **kwargs)


ALL = sorted(MESSAGES.items())


@pytest.mark.parametrize("code, cls", ALL, ids=[c for c, _ in ALL])
@pytest.mark.parametrize("encoding", sorted(ALPHABETS))
@settings(max_examples=20, deadline=None)
@given(data=st.data(), seq=st.none() | st.integers(0, 9), checked=st.booleans())
def test_every_message_round_trips(code: str, cls: type, encoding: str, data: st.DataObject,
                                   seq: int | None, checked: bool) -> None:
    msg = data.draw(message_strategy(cls, ALPHABETS[encoding]))
    raw = encode(msg, encoding=encoding, sequence=seq if checked else None,
                 error_detection=checked)
    frame = decode(raw + b"\r", encoding=encoding)
    assert frame.message == msg
    assert frame.checksum_ok is (True if checked else None)
    assert frame.sequence == (seq if checked else None)


@pytest.mark.parametrize("encoding", ["utf-8", "big5"])
@settings(max_examples=150, deadline=None)
@given(name=st.text(CJK, min_size=1, max_size=8), title=st.text(CJK + ASCII, min_size=1, max_size=20),
       seq=st.integers(0, 9), flip=st.integers(0, 10_000))
def test_checksums_on_chinese_text(encoding: str, name: str, title: str, seq: int,
                                   flip: int) -> None:
    cls = MESSAGES["64"]
    msg = cls(patron_status=" " * 14, institution_id="TPML", patron_identifier="P0001",
              personal_name=name, charged_items=(title,), screen_messages=(f"{name}：{title}",))
    raw = encode(msg, encoding=encoding, sequence=seq, error_detection=True)
    assert (sum(raw[:-4]) + int(raw[-4:], 16)) & 0xFFFF == 0
    frame = decode(raw, encoding=encoding)
    assert frame.checksum_ok and frame.message.personal_name == name
    # any single changed byte in the body is caught by the checksum
    body = bytearray(raw)
    i = flip % (len(raw) - 4)
    body[i] = (body[i] + 1 + flip % 250) % 256
    if body[i] in (0x0D, 0x0A):
        body[i] = 0x21 if raw[i] != 0x21 else 0x22
    try:
        again = decode(bytes(body), encoding=encoding)
    except SIP2DecodeError:
        return
    assert again.checksum_ok is not True  # a one-byte change can never sum to 0 mod 2**16


@settings(max_examples=500, deadline=None)
@given(data=st.binary(max_size=300), encoding=st.sampled_from(["utf-8", "big5", "cp850"]))
def test_decode_never_crashes_on_arbitrary_bytes(data: bytes, encoding: str) -> None:
    try:
        frame = decode(data, encoding=encoding)
    except SIP2DecodeError:
        return
    assert len(frame.message.CODE or frame.message.code) == 2  # type: ignore[attr-defined]


@settings(max_examples=500, deadline=None)
@given(code=st.sampled_from(sorted(MESSAGES)), tail=st.binary(max_size=200),
       encoding=st.sampled_from(["utf-8", "big5", "cp850"]))
def test_decode_never_crashes_on_plausible_frames(code: str, tail: bytes, encoding: str) -> None:
    with contextlib.suppress(SIP2DecodeError):
        decode(code.encode() + tail, encoding=encoding)


@settings(max_examples=100, deadline=None)
@given(frames=st.lists(st.binary(min_size=1, max_size=40).map(
    lambda b: b.replace(b"\r", b"").replace(b"\n", b"") or b"x"), min_size=1, max_size=5),
    cuts=st.lists(st.integers(0, 400), max_size=6), crlf=st.booleans())
def test_frame_buffer_reassembles_any_split(frames: list[bytes], cuts: list[int],
                                            crlf: bool) -> None:
    stream = b"".join(f + (b"\r\n" if crlf else b"\r") for f in frames)
    points = sorted({c % (len(stream) + 1) for c in cuts} | {0, len(stream)})
    buf = FrameBuffer()
    out: list[bytes] = []
    for a, b in zip(points, points[1:], strict=False):
        buf.feed(stream[a:b])
        out.extend(buf)
    assert out == frames
