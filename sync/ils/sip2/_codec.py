"""SIP2 frames: pure functions between :class:`Message` objects and bytes.

Error detection (SIP2 2.00, "Error Detection"): a frame may end in ``AY<seq>AZ<xxxx>``, where
``<seq>`` is one digit and ``<xxxx>`` four upper-case hex digits such that the 16-bit sum of
every byte up to and including ``AZ``, plus the checksum, is zero. The sum is over the ENCODED
bytes (a UTF-8 or Big5 name adds its multi-byte sequences, not its characters).

Decoding never raises anything but :class:`SIP2DecodeError`, whatever the bytes.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from collections.abc import Iterator

from sync.ils.sip2._errors import LocalProtocolError, SIP2DecodeError
from sync.ils.sip2._fields import clean_value, decode_fixed, decode_var, encode_fixed, encode_var
from sync.ils.sip2._message import received
from sync.ils.sip2._messages import MESSAGES, Message, UnknownMessage

#: encodings seen on SIP2 links: cp850 (the old default), UTF-8, Big5 (Taiwan)
ENCODINGS = ("cp850", "utf-8", "big5")

#: the error-detection trailer; the sequence character is never the field separator, so
#: a last field whose value ends in "AY" (``|AGAY|AZ…``) stays a field
_TRAILER = re.compile(r"(?:AY([^|]))?AZ([0-9A-Fa-f]{4})\Z")


def checksum(data: bytes) -> int:
    """The SIP2 checksum of ``data`` (everything through ``AZ``): ``-sum(bytes) & 0xFFFF``."""
    return -sum(data) & 0xFFFF


def check_encoding(encoding: str) -> str:
    """The codec's canonical name; raises :class:`LocalProtocolError` for unknown ones."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise LocalProtocolError(f"unknown encoding {encoding!r}") from None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Frame:
    """One decoded frame: the message and its error-detection trailer, if any."""

    message: Message
    sequence: int | None = None  # AY digit; None when absent (or not a digit)
    checksum: int | None = None  # AZ value; None when absent
    checksum_ok: bool | None = None  # None when there was no checksum
    raw: bytes = b""


def encode(message: Message, *, encoding: str = "utf-8", sequence: int | None = None,
           error_detection: bool = False, errors: str = "strict") -> bytes:
    """``message`` as the bytes of one frame, without the terminator.

    With ``error_detection`` the frame ends in ``AY<sequence>AZ<checksum>`` (``AZ`` alone when
    ``sequence`` is None, as for ``97``/``96``). ``errors="replace"`` writes ``?`` for
    characters the encoding lacks instead of raising (what a server does with a cp850 link).

    :raises LocalProtocolError: a value cannot be written in ``encoding``, or a bad sequence.
        (An identifier SIP2 cannot carry was refused already when the message was built:
        :class:`InvalidFieldValue`; free text is cleaned here.)
    """
    if sequence is not None and not (isinstance(sequence, int) and 0 <= sequence <= 9):
        raise LocalProtocolError("sequence number must be 0..9")
    if isinstance(message, UnknownMessage):
        text = message.code + message.body
    else:
        parts = [message.CODE]
        parts.extend(encode_fixed(spec, getattr(message, name)) for name, spec in message.FIXED)
        for name, spec in message.VARIABLE:
            value = getattr(message, name)
            if spec.repeat:
                parts.extend(f"{spec.code}{encode_var(spec, v)}|" for v in value)
            elif value is not None:
                parts.append(f"{spec.code}{encode_var(spec, value)}|")
        parts.extend(f"{code}{clean_value(v)}|" for code, v in message.extra_fields)
        text = "".join(parts)
    try:
        data = text.encode(encoding, errors)
    except UnicodeEncodeError as exc:
        raise LocalProtocolError(
            f"{type(message).__name__}: {text[exc.start:exc.end]!r} cannot be written in "
            f"{encoding}") from None
    except LookupError:
        raise LocalProtocolError(f"unknown encoding {encoding!r}") from None
    if error_detection:
        data += b"AZ" if sequence is None else b"AY%dAZ" % sequence
        data += b"%04X" % checksum(data)
    return data


def decode(frame: bytes, *, encoding: str = "utf-8") -> Frame:
    """Decode one frame (terminator optional). Lenient about content, strict about shape.

    :raises SIP2DecodeError: not a SIP2 frame (too short, fixed part truncated, bad encoding
        name). Wrong checksums are reported in :attr:`Frame.checksum_ok`, not raised.
    """
    try:
        return _decode(frame, encoding)
    except SIP2DecodeError:
        raise
    except Exception as exc:  # noqa: BLE001 - the promise: one exception type on any input
        raise SIP2DecodeError(f"undecodable frame: {type(exc).__name__}: {exc}") from exc


def _decode(frame: bytes, encoding: str) -> Frame:
    raw = bytes(frame)
    data = raw.rstrip(b"\r\n").lstrip(b"\r\n")
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:
        raise SIP2DecodeError(f"unknown encoding {encoding!r}") from None
    sequence: int | None = None
    value: int | None = None
    ok: bool | None = None
    m = _TRAILER.search(text)
    if m is not None:
        value = int(m.group(2), 16)
        # the hex digits are ASCII, so they are the last four bytes whatever the encoding
        ok = (sum(data[:-4]) + value) & 0xFFFF == 0
        seq = m.group(1)
        sequence = int(seq) if seq is not None and seq.isascii() and seq.isdigit() else None
        text = text[: m.start()]
    if len(text) < 2:
        raise SIP2DecodeError(f"frame too short: {raw[:40]!r}")
    code = text[:2]
    cls = MESSAGES.get(code)
    if cls is None:
        message: Message = UnknownMessage(code=code, body=text[2:])
        return Frame(message=message, sequence=sequence, checksum=value, checksum_ok=ok, raw=raw)
    end = 2 + cls.FIXED_WIDTH
    if len(text) < end:
        raise SIP2DecodeError(
            f"{code} fixed part is {len(text) - 2} characters, needs {cls.FIXED_WIDTH}")
    kwargs: dict[str, object] = {}
    pos = 2
    for name, spec in cls.FIXED:
        kwargs[name] = decode_fixed(spec, text[pos:pos + spec.width])
        pos += spec.width
    by_code = {spec.code: (name, spec) for name, spec in cls.VARIABLE}
    repeated: dict[str, list[str]] = {}
    extra: list[tuple[str, str]] = []
    for segment in text[end:].split("|"):
        if not segment:
            continue
        fid, val = segment[:2], segment[2:]
        if len(fid) < 2:
            extra.append((fid.ljust(2), val))
            continue
        known = by_code.get(fid)
        if known is None:
            extra.append((fid, val))
            continue
        name, spec = known
        if spec.repeat:
            repeated.setdefault(name, []).append(val)
        elif name in kwargs:
            extra.append((fid, val))  # a second copy of a single field: kept, not dropped
        else:
            kwargs[name] = decode_var(spec, val)
    for name, values in repeated.items():
        kwargs[name] = tuple(values)
    with received():
        message = cls(**kwargs, extra_fields=tuple(extra))
    return Frame(message=message, sequence=sequence, checksum=value, checksum_ok=ok, raw=raw)


class FrameBuffer:
    """Splits a byte stream into frames at CR, CRLF or LF (servers differ).

    CR and LF are never part of a multi-byte character in cp850, UTF-8 or Big5, so splitting
    bytes before decoding is safe. A frame longer than ``max_frame`` without a terminator is an
    error (a peer that never ends its message must not fill memory).
    """

    def __init__(self, max_frame: int = 1 << 16) -> None:
        self._buf = bytearray()
        self.max_frame = max_frame

    def feed(self, data: bytes) -> None:
        self._buf += data

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        while True:
            cr = self._buf.find(b"\r")
            lf = self._buf.find(b"\n")
            ends = [i for i in (cr, lf) if i >= 0]
            if not ends:
                if len(self._buf) > self.max_frame:
                    size = len(self._buf)
                    self._buf.clear()
                    raise SIP2DecodeError(f"no terminator in {size} bytes")
                raise StopIteration
            end = min(ends)
            frame = bytes(self._buf[:end])
            del self._buf[: end + 1]
            if frame:
                return frame

    @property
    def pending(self) -> int:
        """Bytes received that are not yet a whole frame."""
        return len(self._buf)
