"""SIP2 (3M Standard Interchange Protocol 2.00) client: sans-I/O codec and connection state
machine, a thin socket transport with a small pool (the test ACS is the simulator's:
:mod:`hwsim.sip2_server`).

Layers, h11-style:

* :mod:`~sync.ils.sip2._messages` / :mod:`~sync.ils.sip2._codec` - every message as a frozen dataclass;
  :func:`encode` / :func:`decode` between messages and bytes, checksums over encoded bytes.
* :class:`ClientConnection` - bytes in, events out: sequence numbers, verification, 97/96.
* :class:`SIP2Client` / :class:`ClientPool` - sockets, TLS, login, timeouts, reconnect.
"""

from sync.ils.sip2._codec import (
    ENCODINGS,
    Frame,
    FrameBuffer,
    check_encoding,
    checksum,
    decode,
    encode,
)
from sync.ils.sip2._errors import (
    AnswerLost,
    InvalidFieldValue,
    LocalProtocolError,
    LoginRefused,
    RemoteProtocolError,
    SIP2ConnectionError,
    SIP2DecodeError,
    SIP2Error,
    SIP2Timeout,
    VerificationError,
)
from sync.ils.sip2._fields import (
    PATRON_STATUS_FLAGS,
    format_date,
    make_patron_status,
    make_summary,
    parse_date,
    patron_status_words,
)
from sync.ils.sip2._messages import *  # noqa: F403 - every message class
from sync.ils.sip2._messages import __all__ as _message_names

__all__ = [
    "ENCODINGS", "Frame", "FrameBuffer", "check_encoding", "checksum", "decode", "encode",
    "AnswerLost", "InvalidFieldValue", "LocalProtocolError", "LoginRefused", "RemoteProtocolError", "SIP2ConnectionError",
    "SIP2DecodeError", "SIP2Error", "SIP2Timeout", "VerificationError",
    "PATRON_STATUS_FLAGS", "format_date", "make_patron_status", "make_summary", "parse_date",
    "patron_status_words",
    *_message_names,
]
