"""The sans-I/O client state machine, driven with bytes in memory (no sockets)."""

from __future__ import annotations

import pytest

from sync.ils.sip2 import (
    LocalProtocolError,
    LoginResponse,
    PatronStatusRequest,
    RemoteProtocolError,
    VerificationError,
    decode,
    encode,
)
from sync.ils.sip2._connection import (
    NEED_DATA,
    ClientConnection,
    ConnectionClosed,
    Resend,
    Response,
    State,
)
from sync.ils.sip2._messages import LoginRequest, PatronStatusResponse

LOGIN = LoginRequest(login_user_id="kiosk", login_password="secret")


def answer(ok: bool, seq: int | None, *, bad: bool = False, checked: bool = True) -> bytes:
    data = encode(LoginResponse(ok=ok), sequence=seq, error_detection=checked)
    if bad:
        data = data[:-4] + b"0000"
    return data + b"\r"


def test_request_response_and_sequence_wraps_after_nine() -> None:
    conn = ClientConnection()
    seen = []
    for n in range(12):
        sent = decode(conn.send(LOGIN))
        seen.append(sent.sequence)
        assert conn.state is State.AWAITING_RESPONSE and conn.next_event() is NEED_DATA
        conn.receive_data(answer(True, sent.sequence))
        event = conn.next_event()
        assert isinstance(event, Response) and event.message.ok and event.sequence == n % 10
        assert conn.state is State.IDLE
    assert seen == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]


def test_response_fed_one_byte_at_a_time() -> None:
    conn = ClientConnection()
    conn.send(LOGIN)
    for b in answer(True, 0):
        assert conn.next_event() is NEED_DATA
        conn.receive_data(bytes([b]))
    assert isinstance(conn.next_event(), Response)


def test_bad_checksum_asks_for_a_resend_and_accepts_the_good_copy() -> None:
    conn = ClientConnection()
    conn.send(LOGIN)
    conn.receive_data(answer(True, 0, bad=True))
    event = conn.next_event()
    assert isinstance(event, Resend) and event.reason == "checksum"
    assert event.data == b"97AZFEF5\r"
    conn.receive_data(answer(True, 0))
    assert isinstance(conn.next_event(), Response)


def test_resends_are_bounded() -> None:
    conn = ClientConnection(max_resends=2)
    conn.send(LOGIN)
    for _ in range(2):
        conn.receive_data(answer(True, 0, bad=True))
        assert isinstance(conn.next_event(), Resend)
    conn.receive_data(answer(True, 0, bad=True))
    with pytest.raises(VerificationError) as info:
        conn.next_event()
    assert info.value.reason == "checksum" and conn.state is State.ERROR
    with pytest.raises(LocalProtocolError):
        conn.send(LOGIN)


def test_wrong_sequence_asks_for_a_resend_and_late_duplicates_are_dropped() -> None:
    conn = ClientConnection()
    conn.send(LOGIN)
    conn.receive_data(answer(True, 0))
    assert isinstance(conn.next_event(), Response)
    conn.send(LOGIN)  # sequence 1
    conn.receive_data(answer(True, 0))  # late copy of the previous answer: dropped
    assert conn.next_event() is NEED_DATA
    conn.receive_data(answer(True, 7))
    event = conn.next_event()
    assert isinstance(event, Resend) and event.reason == "sequence"
    conn.receive_data(answer(False, 1))
    event = conn.next_event()
    assert isinstance(event, Response) and event.message.ok is False


def test_acs_96_makes_us_send_the_same_request_again() -> None:
    conn = ClientConnection()
    first = conn.send(LOGIN)
    conn.receive_data(b"96AZFEF6\r")
    event = conn.next_event()
    assert isinstance(event, Resend) and event.data == first and event.reason == "acs_asked"
    conn.receive_data(answer(True, 0))
    assert isinstance(conn.next_event(), Response)


def test_garbled_frame_with_error_detection_asks_for_resend_without_raises() -> None:
    conn = ClientConnection()
    conn.send(LOGIN)
    conn.receive_data(b"9\r")
    assert isinstance(conn.next_event(), Resend)
    plain = ClientConnection(error_detection=False)
    plain.send(LOGIN)
    plain.receive_data(b"9\r")
    with pytest.raises(RemoteProtocolError):
        plain.next_event()


def test_response_without_checksum_is_accepted_when_detection_is_on() -> None:
    conn = ClientConnection()
    conn.send(LOGIN)
    conn.receive_data(answer(True, None, checked=False))
    event = conn.next_event()
    assert isinstance(event, Response) and event.checksum_ok is None


def test_wrong_message_code_is_a_remote_error() -> None:
    conn = ClientConnection()
    conn.send(LOGIN)
    wrong = PatronStatusResponse(patron_status=" " * 14, institution_id="", patron_identifier="",
                                 personal_name="")
    conn.receive_data(encode(wrong, sequence=0, error_detection=True) + b"\r")
    with pytest.raises(RemoteProtocolError):
        conn.next_event()
    assert conn.state is State.ERROR


def test_only_one_request_at_a_time_and_only_requests() -> None:
    conn = ClientConnection()
    conn.send(LOGIN)
    with pytest.raises(LocalProtocolError):
        conn.send(LOGIN)
    with pytest.raises(LocalProtocolError):
        ClientConnection().send(LoginResponse(ok=True))


def test_eof_while_waiting_closes() -> None:
    conn = ClientConnection()
    conn.send(PatronStatusRequest(institution_id="", patron_identifier="P", terminal_password="",
                                  patron_password=""))
    conn.receive_data(b"")
    assert isinstance(conn.next_event(), ConnectionClosed) and conn.state is State.CLOSED


def test_stale_frames_are_discarded_at_the_next_request() -> None:
    conn = ClientConnection(error_detection=False)
    conn.send(LOGIN)
    conn.receive_data(answer(True, None, checked=False))
    assert isinstance(conn.next_event(), Response)
    conn.receive_data(answer(False, None, checked=False))  # unsolicited, arrives while idle
    conn.send(LOGIN)
    conn.receive_data(answer(True, None, checked=False))
    event = conn.next_event()
    assert isinstance(event, Response) and event.message.ok is True


def test_crlf_terminator_and_bad_terminator() -> None:
    assert ClientConnection(terminator=b"\r\n").send(LOGIN).endswith(b"\r\n")
    with pytest.raises(LocalProtocolError):
        ClientConnection(terminator=b"\n")
