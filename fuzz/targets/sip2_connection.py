"""sync.ils.sip2.ClientConnection: requests out, any ACS bytes in, events out.

Input: one byte of options (error detection, terminator, which request), then the ACS's bytes
in chunks (a length byte, that many bytes). Only what :meth:`ClientConnection.next_event`
documents may escape: :class:`~sync.ils.sip2.RemoteProtocolError` (``VerificationError``,
``SIP2DecodeError``); a ``LocalProtocolError`` here would be the state machine misusing itself.
"""

from __future__ import annotations

from sync.ils.sip2 import (
    CheckinRequest,
    CheckoutRequest,
    LoginRequest,
    PatronInformationRequest,
    RemoteProtocolError,
    SCStatusRequest,
)
from sync.ils.sip2._connection import (
    NEED_DATA,
    ClientConnection,
    ConnectionClosed,
    Resend,
    Response,
)

ALLOWED = (RemoteProtocolError,)


def _requests() -> tuple:
    return (SCStatusRequest(), LoginRequest(login_user_id="sc", login_password="pw"),
            PatronInformationRequest(institution_id="L", patron_identifier="P1", summary=" " * 10),
            CheckoutRequest(sc_renewal_policy=True, no_block=False, institution_id="L",
                            patron_identifier="P1", item_identifier="I1", terminal_password=""),
            CheckinRequest(no_block=False, current_location="K", institution_id="L",
                           item_identifier="I1", terminal_password=""))


REQUESTS = _requests()


def one_input(data: bytes) -> None:
    if not data:
        return
    options = data[0]
    conn = ClientConnection(error_detection=bool(options & 1),
                            terminator=b"\r\n" if options & 2 else b"\r",
                            max_resends=options >> 6)
    k = (options >> 2) & 0x0F
    conn.send(REQUESTS[k % len(REQUESTS)])
    pos = 1
    while pos < len(data):
        n = data[pos]
        conn.receive_data(data[pos + 1:pos + 1 + n])
        pos += 1 + n
        for _ in range(len(data)):
            event = conn.next_event()
            if event is NEED_DATA or isinstance(event, ConnectionClosed):
                break
            if isinstance(event, Response):
                k += 1
                conn.send(REQUESTS[k % len(REQUESTS)])
            else:
                assert isinstance(event, Resend), event
        else:
            raise AssertionError("next_event never asks for data")
        if isinstance(event, ConnectionClosed):
            return
