"""The SC (client) side of a SIP2 link as a state machine: bytes in, events out, no I/O.

Theory of operation
-------------------
SIP2 is strictly one request, one response. Rule 1: :meth:`ClientConnection.send` is allowed
only in ``IDLE`` and moves to ``AWAITING_RESPONSE``. Rule 2: every frame received while
awaiting is verified before it becomes a :class:`Response` (back to ``IDLE``):

* a ``96`` from the ACS (it could not read our request) -> :class:`Resend` carrying our last
  request's bytes again;
* with error detection on, a wrong checksum, an undecodable frame or a wrong sequence number
  -> :class:`Resend` carrying a ``97`` (please send your last response again);
* a frame carrying the *previous* request's sequence number is a late duplicate and dropped;
* the answer to our ``97`` is accepted whatever its sequence number: servers differ in what they
  stamp on a resent response (one widely deployed server re-stamps it ``AY0``), and the checksum
  still guards it;
* once the ACS has sent a checksum on this link, a frame without one is garbled (cut short),
  not a server that never sends them;
* both kinds of resend share one bound per request (``max_resends``, which the transport sets
  from the ACS status "retries allowed"); past it the connection is ``ERROR`` and
  :class:`VerificationError` is raised.

End of stream (``receive_data(b"")``) gives :class:`ConnectionClosed` and ``CLOSED``. The I/O
loop around it is a few lines: write what ``send``/``Resend`` return, feed what the socket
reads, stop on ``Response``.
"""

from __future__ import annotations

import dataclasses
import enum
import logging

from sync.ils.sip2._codec import FrameBuffer, decode, encode
from sync.ils.sip2._errors import (
    LocalProtocolError,
    RemoteProtocolError,
    SIP2DecodeError,
    VerificationError,
)
from sync.ils.sip2._messages import Message, RequestACSResend, RequestSCResend

log = logging.getLogger(__name__)


class State(enum.Enum):
    IDLE = "IDLE"
    AWAITING_RESPONSE = "AWAITING_RESPONSE"
    CLOSED = "CLOSED"
    ERROR = "ERROR"


#: (state, trigger) -> next state; anything not listed is a LocalProtocolError
TRANSITIONS: dict[tuple[State, str], State] = {
    (State.IDLE, "send"): State.AWAITING_RESPONSE,
    (State.AWAITING_RESPONSE, "response"): State.IDLE,
    (State.AWAITING_RESPONSE, "resend"): State.AWAITING_RESPONSE,
    (State.AWAITING_RESPONSE, "eof"): State.CLOSED,
    (State.IDLE, "eof"): State.CLOSED,
    (State.AWAITING_RESPONSE, "error"): State.ERROR,
    (State.IDLE, "error"): State.ERROR,
}


class _NeedData:
    def __repr__(self) -> str:
        return "NEED_DATA"


#: returned by :meth:`ClientConnection.next_event` when more bytes are needed
NEED_DATA = _NeedData()


class Event:
    """Base of the events :meth:`ClientConnection.next_event` returns."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Response(Event):
    """The verified answer to the outstanding request."""

    message: Message
    sequence: int | None
    checksum_ok: bool | None  # None: the ACS sent no checksum
    raw: bytes


@dataclasses.dataclass(frozen=True, kw_only=True)
class Resend(Event):
    """Bytes the I/O loop must write now: a ``97`` we ask for, or our request again after a
    ``96``. ``reason`` is ``"checksum"``, ``"sequence"``, ``"garbled"`` or ``"acs_asked"``."""

    data: bytes
    reason: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class ConnectionClosed(Event):
    """The ACS closed the stream."""


class ClientConnection:
    """One SC end of one SIP2 link (see the module docstring).

    :param encoding: text encoding of this link (cp850, utf-8, big5…)
    :param error_detection: send ``AY``/``AZ`` and verify responses
    :param max_resends: resends (97 or answers to 96) allowed per request
    :param terminator: ``b"\\r"`` (standard) or ``b"\\r\\n"`` for servers that want it
    """

    def __init__(self, *, encoding: str = "utf-8", error_detection: bool = True,
                 max_resends: int = 3, terminator: bytes = b"\r") -> None:
        if terminator not in (b"\r", b"\r\n"):
            raise LocalProtocolError("terminator must be CR or CRLF")
        self.encoding = encoding
        self.error_detection = error_detection
        self.max_resends = max_resends
        self.terminator = terminator
        self.state = State.IDLE
        self._buffer = FrameBuffer()
        self._eof = False
        self._next_seq = 0
        self._seq: int | None = None
        self._prev_seq: int | None = None
        self._expected = ""
        self._last_request = b""
        self._resends = 0
        self._asked = False  # a 97 is outstanding for this request
        self._acs_checks: bool | None = None  # the ACS sends AY/AZ on this link

    def _go(self, trigger: str) -> None:
        nxt = TRANSITIONS.get((self.state, trigger))
        if nxt is None:
            raise LocalProtocolError(f"cannot {trigger} in state {self.state.value}")
        self.state = nxt

    @property
    def sequence(self) -> int | None:
        """Sequence number of the outstanding (or last) request."""
        return self._seq

    def send(self, message: Message) -> bytes:
        """Start a request; returns the bytes to write.

        :raises LocalProtocolError: a request is already outstanding, the link is closed, or
            ``message`` is not a request.
        """
        if not message.RESPONSE:
            raise LocalProtocolError(f"{type(message).__name__} is not a request")
        self._go("send")
        stale = list(self._buffer)  # SIP2 servers never speak first: anything here is stale
        if stale:
            log.warning("discarding %d unsolicited frame(s) from the ACS", len(stale))
        seq: int | None = None
        if self.error_detection:
            seq = self._next_seq
            self._next_seq = (self._next_seq + 1) % 10
        self._prev_seq, self._seq = self._seq, seq
        self._expected = message.RESPONSE
        self._resends = 0
        self._asked = False
        self._last_request = encode(message, encoding=self.encoding, sequence=seq,
                                    error_detection=self.error_detection) + self.terminator
        return self._last_request

    def receive_data(self, data: bytes) -> None:
        """Feed bytes read from the socket; ``b""`` means the ACS closed the stream."""
        if data:
            self._buffer.feed(data)
        else:
            self._eof = True

    def next_event(self) -> Event | _NeedData:
        """The next event, or :data:`NEED_DATA`.

        :raises VerificationError: resends exhausted (state becomes ``ERROR``).
        :raises RemoteProtocolError: the ACS answered with the wrong message (``ERROR``).
        """
        while True:
            if self.state is State.CLOSED:
                return ConnectionClosed()
            if self.state is State.ERROR:
                raise LocalProtocolError("connection is in ERROR; open a new one")
            try:
                frame_bytes = next(self._buffer, None)
            except SIP2DecodeError as exc:
                self._go("error")
                raise RemoteProtocolError(str(exc)) from exc
            if frame_bytes is None:
                if self._eof:
                    self._go("eof")
                    return ConnectionClosed()
                return NEED_DATA
            if self.state is not State.AWAITING_RESPONSE:
                log.warning("dropping unsolicited frame from the ACS")
                continue
            event = self._handle(frame_bytes)
            if event is not None:
                return event

    def _resend(self, reason: str, data: bytes) -> Resend:
        self._resends += 1
        if self._resends > self.max_resends:
            self._go("error")
            kind = "checksum" if reason in ("checksum", "garbled") else reason
            raise VerificationError(
                f"response failed verification ({reason}) after {self.max_resends} resends",
                reason=kind)
        log.info("resend #%d (%s)", self._resends, reason)
        self._go("resend")
        return Resend(data=data, reason=reason)

    def _ask_acs(self, reason: str) -> Resend:
        data = encode(RequestACSResend(), encoding=self.encoding,
                      error_detection=self.error_detection) + self.terminator
        event = self._resend(reason, data)
        self._asked = True
        return event

    def _handle(self, frame_bytes: bytes) -> Event | None:
        try:
            frame = decode(frame_bytes, encoding=self.encoding)
        except SIP2DecodeError as exc:
            if self.error_detection:
                log.info("garbled response: %s", exc)
                return self._ask_acs("garbled")
            self._go("error")
            raise
        message = frame.message
        if isinstance(message, RequestSCResend):
            return self._resend("acs_asked", self._last_request)
        if self.error_detection:
            if frame.checksum_ok is None and self._acs_checks:
                log.info("response without the checksum this ACS sends: cut short")
                return self._ask_acs("garbled")
            if frame.checksum_ok is False:
                return self._ask_acs("checksum")
            self._acs_checks = frame.checksum_ok is not None
            if self._asked and self._expected == message.CODE:
                pass  # the answer to our 97, whatever AY the ACS stamped on it
            elif frame.sequence is not None and frame.sequence != self._seq:
                if frame.sequence == self._prev_seq:
                    log.info("dropping a late duplicate of the previous response")
                    return None
                return self._ask_acs("sequence")
        if self._expected != message.CODE:
            self._go("error")
            raise RemoteProtocolError(
                f"expected a {self._expected} response, got {message.CODE}")
        self._go("response")
        return Response(message=message, sequence=frame.sequence,
                        checksum_ok=frame.checksum_ok, raw=frame.raw)
