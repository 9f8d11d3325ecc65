"""A thin blocking transport around :class:`ClientConnection`: TCP or TLS, login, timeouts
taken from the ACS status, reconnect with re-login, and a small pool.

Reconnect policy: a link found dead *before* a request is written (the ACS hung up while idle,
as many do after a few minutes) is reopened and logged in again silently. A request that was
written and then lost (timeout, hang-up) is retried on a new link only when it is a query
(status, patron, item). A lost checkout, renew or checkin is settled by asking the ILS on a
fresh link (63 and 17) what it did (:mod:`sync.ils.sip2.lost` decides): applied -> answered
from what the ILS shows; not applied -> sent once more; unknown (the ILS cannot be asked) ->
:class:`AnswerLost`, carrying what the next try needs to settle before it sends. Any other
lost request raises, because the ACS may have applied it: the caller decides (the ILS adapter
answers "retry later").

Timeouts: the configured ``timeout`` is a ceiling; the ACS status may only shorten it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import queue
import re
import select
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

from sync.ils.sip2 import lost
from sync.ils.sip2._codec import check_encoding
from sync.ils.sip2._connection import (
    NEED_DATA,
    ClientConnection,
    ConnectionClosed,
    Resend,
    Response,
)
from sync.ils.sip2._errors import (
    AnswerLost,
    InvalidFieldValue,
    LocalProtocolError,
    LoginRefused,
    SIP2ConnectionError,
    SIP2Error,
    SIP2Timeout,
    VerificationError,
)
from sync.ils.sip2._fields import make_summary
from sync.ils.sip2._messages import (
    ACSStatusResponse,
    BlockPatron,
    CheckinRequest,
    CheckinResponse,
    CheckoutRequest,
    CheckoutResponse,
    EndPatronSessionRequest,
    EndSessionResponse,
    FeePaidRequest,
    FeePaidResponse,
    HoldRequest,
    HoldResponse,
    ItemInformationRequest,
    ItemInformationResponse,
    ItemStatusUpdateRequest,
    ItemStatusUpdateResponse,
    LoginRequest,
    LoginResponse,
    Message,
    PatronEnableRequest,
    PatronEnableResponse,
    PatronInformationRequest,
    PatronInformationResponse,
    PatronStatusRequest,
    PatronStatusResponse,
    RenewAllRequest,
    RenewAllResponse,
    RenewRequest,
    RenewResponse,
    SCStatusRequest,
)

log = logging.getLogger(__name__)

_Answer = TypeVar("_Answer", bound=Message)

#: requests that change nothing in the ILS, so a lost one may simply be sent again
IDEMPOTENT = frozenset({"99", "23", "63", "17", "35"})

_SECRET = re.compile(rb"(\|(?:AA|CY))([^|]{0,2})[^|]*?([^|]{0,2})(?=\|)|(\|(?:AD|CO))[^|]*")


def redact(data: bytes) -> str:
    """A frame for a DEBUG log: patron identifiers masked, passwords and PINs removed."""

    def sub(m: re.Match[bytes]) -> bytes:
        if m.group(4):
            return m.group(4) + b"***"
        return m.group(1) + m.group(2) + b"***" + m.group(3)

    return _SECRET.sub(sub, b"|" + data)[1:].decode("latin-1").rstrip("\r\n")


def before_renew(ii: ItemInformationResponse) -> lost.Reading:
    """The reading a renew is settled against (:mod:`~.lost`), from a 17 already read."""
    return lost.Reading(charged=None, due=(ii.due_date or "").strip())


class SIP2Client:
    """One SIP2 link to an ACS.

    :param host: ACS host name or address
    :param port: ACS TCP port
    :param user: login user id (CN); None skips the login (servers bound by address)
    :param password: login password (CO)
    :param institution: institution id (AO) sent in every request
    :param location: location code (CP) at login, and current location (AP) at checkin
    :param terminal_password: AC
    :param encoding: cp850, utf-8 or big5 (whatever the ILS was set up with)
    :param terminator: ``"\\r"`` or ``"\\r\\n"``
    :param error_detection: checksums and sequence numbers (``--checksum``)
    :param tls: False, True (system CAs, host name checked) or an :class:`ssl.SSLContext`
    :param timeout: seconds to wait for a response; the ACS status may shorten it, never
        lengthen it
    :param min_timeout: the floor under the ACS's timeout (some report 0.1 s)
    :param max_resends: resends per request until the ACS status gives "retries allowed"
    :param reconnects: how often one call may reopen the link
    """

    def __init__(self, host: str, port: int, *, user: str | None = None, password: str = "",
                 institution: str = "", location: str | None = None,
                 terminal_password: str = "", encoding: str = "utf-8",
                 terminator: str = "\r", error_detection: bool = True,
                 tls: bool | ssl.SSLContext = False, timeout: float = 10.0,
                 min_timeout: float = 1.0, connect_timeout: float = 5.0,
                 max_resends: int = 3, reconnects: int = 1) -> None:
        if terminator not in ("\r", "\r\n"):
            raise LocalProtocolError("terminator must be CR or CRLF")
        self.host, self.port = host, int(port)
        self.user, self._password = user, password
        self.institution = institution
        self.location = location
        self.terminal_password = terminal_password
        self.encoding = check_encoding(encoding)
        self.terminator = terminator.encode("ascii")
        self.error_detection = error_detection
        self.tls = tls
        self.timeout = timeout
        self.min_timeout = min_timeout
        self.connect_timeout = connect_timeout
        self.max_resends = max_resends
        self.reconnects = reconnects
        self.acs_status: ACSStatusResponse | None = None
        self.login_response: LoginResponse | None = None
        self._sock: socket.socket | None = None
        self._conn: ClientConnection | None = None
        self._lock = threading.RLock()
        self._timeout = timeout
        self._resends = max_resends
        self._written = False  # the current request reached the socket

    def __repr__(self) -> str:
        return f"SIP2Client({self.host}:{self.port}, user={self.user!r}, {self.encoding})"

    # --- link ---------------------------------------------------------------------------------
    @property
    def connected(self) -> bool:
        return self._sock is not None

    def connect(self) -> ACSStatusResponse | None:
        """Open the link, log in and read the ACS status (its timeout and retries then apply).

        :raises LoginRefused: the ACS refused the login or hung up on it.
        :raises SIP2ConnectionError: the ACS cannot be reached.
        """
        with self._lock:
            self.close()
            try:
                sock = socket.create_connection((self.host, self.port), self.connect_timeout)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                if self.tls:
                    ctx = self.tls if isinstance(self.tls, ssl.SSLContext) else \
                        ssl.create_default_context()
                    sock = ctx.wrap_socket(sock, server_hostname=self.host)
            except TimeoutError as exc:
                raise SIP2Timeout(f"connecting to {self.host}:{self.port} timed out") from exc
            except OSError as exc:
                raise SIP2ConnectionError(
                    f"cannot connect to {self.host}:{self.port}: {exc.strerror or exc}") from exc
            self._sock = sock
            self._timeout, self._resends = self.timeout, self.max_resends
            self._conn = self._new_conn()
            try:
                if self.user is not None:
                    self._login()
                status = self._exchange(SCStatusRequest(max_print_width=40))
            except SIP2Error:
                self.close()  # a link left awaiting an answer could never send again
                raise
            assert isinstance(status, ACSStatusResponse)
            self._apply_status(status)
            return status

    def _new_conn(self) -> ClientConnection:
        return ClientConnection(encoding=self.encoding, error_detection=self.error_detection,
                                max_resends=self._resends, terminator=self.terminator)

    def _login(self) -> LoginResponse:
        request = LoginRequest(login_user_id=self.user or "", login_password=self._password,
                               location_code=self.location)
        try:
            answer = self._exchange(request)
        except SIP2Timeout as exc:  # a slow or stuck ACS, not a refusal
            self.close()
            raise SIP2Timeout(f"login as {self.user!r}: {exc}") from exc
        except SIP2ConnectionError as exc:  # some servers hang up on a wrong password
            self.close()
            raise LoginRefused(f"login as {self.user!r} refused: the ACS hung up") from exc
        assert isinstance(answer, LoginResponse)
        if not answer.ok:
            self.close()
            raise LoginRefused(f"login as {self.user!r} refused by the ACS")
        self.login_response = answer
        return answer

    def _apply_status(self, status: ACSStatusResponse) -> None:
        self.acs_status = status
        if status.timeout_seconds is not None:
            self._timeout = min(self.timeout, max(self.min_timeout, status.timeout_seconds))
        if status.retries_allowed is not None and status.retries_allowed != 999:
            self._resends = min(status.retries_allowed, 9)
        assert self._conn is not None
        self._conn.max_resends = self._resends
        if not status.online_status:
            # some ACSs say N here while they still process requests: note it, don't obey it
            log.warning("ACS status says it is offline; trying requests anyway")

    def close(self) -> None:
        with self._lock:
            sock, self._sock, self._conn = self._sock, None, None
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.close()

    def __enter__(self) -> SIP2Client:
        if not self.connected:
            self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _alive(self) -> bool:
        """False when the ACS closed the idle link (readable with nothing to read)."""
        sock, conn = self._sock, self._conn
        if sock is None or conn is None:
            return False
        try:
            readable, _, _ = select.select([sock], [], [], 0)
            if not readable:
                return True
            sock.setblocking(False)
            try:
                data = sock.recv(65536)
            except (BlockingIOError, ssl.SSLWantReadError):
                return True
            finally:
                sock.setblocking(True)
            if not data:
                return False
            conn.receive_data(data)  # stale bytes; ClientConnection.send discards them
            return True
        except (OSError, ValueError):
            return False

    # --- requests -----------------------------------------------------------------------------
    def request(self, message: Message, *, idempotent: bool | None = None) -> Message:
        """Send one request and return the verified response.

        :raises SIP2Timeout, SIP2ConnectionError: the ACS did not answer (after the retries the
            reconnect policy allows).
        :raises VerificationError: responses kept failing checksum/sequence checks.
        :raises LoginRefused: re-login after a reconnect was refused.
        """
        if idempotent is None:
            idempotent = message.CODE in IDEMPOTENT
        with self._lock:
            attempt = 0
            while True:
                self._written = False
                if not self._alive():
                    if self._sock is not None:
                        log.info("ACS closed the idle link; reconnecting")
                    self.connect()
                try:
                    self._written = True  # from here the ACS may have it
                    return self._exchange(message)
                except (SIP2ConnectionError, SIP2Timeout):
                    self.close()
                    attempt += 1
                    if not idempotent or attempt > self.reconnects:
                        raise
                    log.info("retrying %s on a new link", message.CODE)
                except SIP2Error:
                    self.close()
                    raise

    def _exchange(self, message: Message) -> Message:
        sock, conn = self._sock, self._conn
        if sock is None or conn is None:
            raise SIP2ConnectionError("not connected")
        data = conn.send(message)
        if log.isEnabledFor(logging.DEBUG):
            log.debug("SC  > %s", redact(data))
        try:
            sock.sendall(data)
            deadline = time.monotonic() + self._timeout
            while True:
                event = conn.next_event()
                if event is NEED_DATA:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise SIP2Timeout(
                            f"no answer to {message.CODE} within {self._timeout:g} s")
                    sock.settimeout(remaining)
                    conn.receive_data(sock.recv(65536))
                elif isinstance(event, Resend):
                    log.debug("SC  > %s (resend: %s)", redact(event.data), event.reason)
                    sock.sendall(event.data)
                    deadline = time.monotonic() + self._timeout
                elif isinstance(event, ConnectionClosed):
                    raise SIP2ConnectionError(f"the ACS closed the link during {message.CODE}")
                else:
                    assert isinstance(event, Response)
                    if log.isEnabledFor(logging.DEBUG):
                        log.debug("ACS < %s", redact(event.raw))
                    return event.message
        except SIP2Error:
            raise
        except TimeoutError as exc:
            raise SIP2Timeout(f"no answer to {message.CODE} within {self._timeout:g} s") from exc
        except (ConnectionError, ssl.SSLError) as exc:
            raise SIP2ConnectionError(f"link to the ACS lost during {message.CODE}: {exc}") from exc
        except OSError as exc:
            raise SIP2ConnectionError(f"link error during {message.CODE}: {exc}") from exc

    # --- one call per message -----------------------------------------------------------------
    def _ask(self, request: type[Message], answer: type[_Answer], **fields: Any) -> _Answer:
        """Send one request with the fields every call carries (AO institution, AC terminal
        password). :class:`ClientConnection` has already refused any answer but
        ``request.RESPONSE``, so the check below only narrows the type."""
        r = self.request(request(institution_id=self.institution,
                                 terminal_password=self.terminal_password, **fields))
        assert isinstance(r, answer)
        return r

    def sc_status(self) -> ACSStatusResponse:
        with self._lock:
            if not self._alive():
                return self.connect() or self.sc_status()
            answer = self.request(SCStatusRequest(max_print_width=40))
            assert isinstance(answer, ACSStatusResponse)
            self._apply_status(answer)
            return answer

    def login(self) -> ACSStatusResponse | None:
        """(Re)open the link and log in; returns the ACS status read after it."""
        return self.connect()

    def patron_status(self, patron: str, pin: str | None = None) -> PatronStatusResponse:
        return self._ask(PatronStatusRequest, PatronStatusResponse,
            patron_identifier=patron, patron_password=pin or "")

    def patron_information(self, patron: str, pin: str | None = None, *,
                           summary: str = " " * 10, start_item: int | None = None,
                           end_item: int | None = None) -> PatronInformationResponse:
        return self._ask(PatronInformationRequest, PatronInformationResponse,
            patron_identifier=patron, patron_password=pin, summary=summary,
            start_item=None if start_item is None else str(start_item),
            end_item=None if end_item is None else str(end_item))

    def item_information(self, item: str) -> ItemInformationResponse:
        return self._ask(ItemInformationRequest, ItemInformationResponse, item_identifier=item)

    def checkout(self, patron: str, item: str, *, pin: str | None = None,
                 renewal_policy: bool = False, no_block: bool = False,
                 transaction_date: dt.datetime | None = None,
                 nb_due_date: dt.datetime | None = None,
                 fee_acknowledged: bool | None = None,
                 settle_first: bool = False) -> CheckoutResponse:
        """Checkout (11); a lost answer is settled by asking the ILS (:mod:`~.lost`).

        :param settle_first: this checkout may have reached the ACS already (an earlier try's
            answer was lost): ask the ACS first, and send only when it was not applied.
        :raises AnswerLost: sent, and the ACS could not say whether it was applied.
        """
        kw: dict[str, Any] = {} if transaction_date is None else {"transaction_date": transaction_date}

        def send() -> CheckoutResponse:
            return self._ask(CheckoutRequest, CheckoutResponse,
                sc_renewal_policy=renewal_policy, no_block=no_block, nb_due_date=nb_due_date,
                patron_identifier=patron, item_identifier=item, patron_password=pin,
                fee_acknowledged=fee_acknowledged, **kw)

        def made(ii: ItemInformationResponse) -> CheckoutResponse:
            return CheckoutResponse(renewal_ok=False, **self._as_lent(ii, patron, item))

        return self._settled("11", send, made, patron, item, None, settle_first)

    def _as_lent(self, ii: ItemInformationResponse, patron: str, item: str) -> dict[str, Any]:
        """The fields of a 12 or 30 the ACS never delivered, as its 17 shows the loan now made."""
        return {"ok": True, "magnetic_media": None, "desensitize": True,
                "transaction_date": dt.datetime.now().replace(microsecond=0),
                "institution_id": self.institution, "patron_identifier": patron,
                "item_identifier": item, "title_identifier": ii.title_identifier,
                "due_date": ii.due_date or "", "media_type": ii.media_type}

    def reading(self, item: str) -> lost.Reading:
        """What the ACS shows of ``item`` now (a 17): the reading taken before a renew."""
        return before_renew(self.item_information(item))

    def _settled(self, code: str, send: Callable[[], _Answer],
                 made: Callable[[ItemInformationResponse], _Answer], patron: str | None,
                 item: str,
                 before: lost.Reading | None, settle_first: bool) -> _Answer:
        """``send()`` once, and once more only when the ACS shows a lost first one was not
        applied; a lost one that was is answered by ``made`` from what the ACS shows now."""
        with self._lock:
            sends = 1 if settle_first else 0
            why = "an earlier try's answer was lost"
            while True:
                if sends:
                    ii, after = self._after(patron, item)
                    step = lost.decide(code, before, after, sends)
                    if step is lost.Step.ANSWER and ii is not None:
                        log.warning("%s answer lost (%s); the ILS shows it applied", code, why)
                        return made(ii)
                    if step is lost.Step.GIVE_UP:
                        log.warning("%s answer lost (%s); the ILS %s", code, why,
                                    "cannot tell" if after is None else "shows it not applied")
                        said = ("cannot say whether it was applied" if after is None else
                                f"shows it not applied after {sends} sends")
                        raise AnswerLost(f"the answer to {code} was lost ({why}) and the ILS"
                                         f" {said}", code=code, before=before)
                    log.warning("%s answer lost (%s); the ILS shows it not applied: sending"
                                " once more", code, why)
                try:
                    return send()
                except (SIP2Timeout, SIP2ConnectionError, VerificationError) as exc:
                    if not self._written:
                        if sends:  # not sent again; what the first did is still unknown
                            raise AnswerLost(f"{code}: {exc}", code=code, before=before) from exc
                        raise
                    sends += 1
                    why = str(exc)

    def _after(self, patron: str | None, item: str
               ) -> tuple[ItemInformationResponse | None, lost.Reading | None]:
        """What the ACS shows now of ``item`` (a 17) and whether it is ``patron``'s (a 63;
        none without a patron), on a fresh link; no reading when it cannot be asked."""
        try:
            charged = None
            if patron is not None:
                pi = self.patron_information(patron, summary=make_summary("charged"))
                charged = item in pi.charged_items
            ii = self.item_information(item)
        except SIP2Error as exc:
            log.warning("cannot ask the ILS about a lost answer: %s", exc)
            return None, None
        return ii, lost.Reading(charged=charged, due=(ii.due_date or "").strip(),
                                status=ii.circulation_status.strip())

    def checkin(self, item: str, *, location: str | None = None, no_block: bool = False,
                transaction_date: dt.datetime | None = None,
                return_date: dt.datetime | None = None,
                settle_first: bool = False) -> CheckinResponse:
        """Checkin (09); a lost answer is settled by asking the ILS (a 17, :mod:`~.lost`).

        :param settle_first: this checkin may have reached the ACS already.
        :raises AnswerLost: sent, and the ACS could not say whether it was applied.
        """
        kw: dict[str, Any] = {} if transaction_date is None else {"transaction_date": transaction_date}

        def send() -> CheckinResponse:
            return self._ask(CheckinRequest, CheckinResponse,
                no_block=no_block, return_date=return_date,
                current_location=location or self.location or "", item_identifier=item, **kw)

        def made(ii: ItemInformationResponse) -> CheckinResponse:
            alert_type, dest = lost.returned(
                ii.circulation_status.strip(),
                (ii.hold_queue_length or "0").strip() not in ("", "0"),
                (ii.destination_location or "").strip() or None,
                (ii.permanent_location or "").strip() or None)
            return CheckinResponse(
                ok=True, resensitize=True, magnetic_media=None, alert=alert_type is not None,
                transaction_date=dt.datetime.now().replace(microsecond=0),
                institution_id=self.institution, item_identifier=item,
                permanent_location=ii.permanent_location or "",
                title_identifier=ii.title_identifier, media_type=ii.media_type,
                call_number=ii.call_number, destination_location=dest, alert_type=alert_type)

        return self._settled("09", send, made, None, item, None, settle_first)

    def renew(self, patron: str, item: str, *, pin: str | None = None, no_block: bool = False,
              transaction_date: dt.datetime | None = None,
              nb_due_date: dt.datetime | None = None, before: lost.Reading | None = None,
              settle_first: bool = False) -> RenewResponse:
        """Renew (29). The item's due date is read first (a 17, unless ``before`` is given),
        so that a lost answer can be settled by asking the ILS (:mod:`~.lost`).

        :param settle_first: this renew may have reached the ACS already (an earlier try's
            answer was lost; ``before`` is what was read before that try).
        :raises AnswerLost: sent, and the ACS could not say whether it was applied.
        """
        kw: dict[str, Any] = {} if transaction_date is None else {"transaction_date": transaction_date}

        def send() -> RenewResponse:
            return self._ask(RenewRequest, RenewResponse,
                no_block=no_block, nb_due_date=nb_due_date, patron_identifier=patron,
                patron_password=pin, item_identifier=item, **kw)

        def made(ii: ItemInformationResponse) -> RenewResponse:
            return RenewResponse(renewal_ok=True, **self._as_lent(ii, patron, item))

        with self._lock:
            if before is None and not settle_first:
                before = self.reading(item)
            return self._settled("29", send, made, patron, item, before, settle_first)

    def renew_all(self, patron: str, pin: str | None = None) -> RenewAllResponse:
        return self._ask(RenewAllRequest, RenewAllResponse,
            patron_identifier=patron, patron_password=pin)

    def fee_paid(self, patron: str, amount: Decimal | str, *, currency: str = "TWD",
                 fee_type: str = "01", payment_type: str = "00", fee_id: str | None = None,
                 transaction_id: str | None = None) -> FeePaidResponse:
        return self._ask(FeePaidRequest, FeePaidResponse,
            fee_type=fee_type, payment_type=payment_type, currency_type=currency,
            fee_amount=str(amount), patron_identifier=patron, fee_identifier=fee_id,
            transaction_id=transaction_id)

    def hold(self, patron: str, *, mode: str = "+", item: str | None = None,
             pickup_location: str | None = None) -> HoldResponse:
        return self._ask(HoldRequest, HoldResponse,
            hold_mode=mode, patron_identifier=patron, item_identifier=item,
            pickup_location=pickup_location)

    def end_session(self, patron: str) -> EndSessionResponse:
        return self._ask(EndPatronSessionRequest, EndSessionResponse, patron_identifier=patron)

    def block_patron(self, patron: str, message: str, *, card_retained: bool = False
                     ) -> PatronStatusResponse:
        return self._ask(BlockPatron, PatronStatusResponse,
            card_retained=card_retained, blocked_card_msg=message, patron_identifier=patron)

    def patron_enable(self, patron: str) -> PatronEnableResponse:
        return self._ask(PatronEnableRequest, PatronEnableResponse, patron_identifier=patron)

    def item_status_update(self, item: str, properties: str) -> ItemStatusUpdateResponse:
        return self._ask(ItemStatusUpdateRequest, ItemStatusUpdateResponse,
            item_identifier=item, item_properties=properties)


class ClientPool:
    """A few logged-in links to one ACS, shared by threads: ``with pool.client() as c: ...``.

    Links open lazily (at most ``size``) and are reused; a link whose request failed is closed
    and reopens (with a new login) on its next use.
    """

    def __init__(self, size: int = 2, *, wait: float = 30.0, **client_kwargs: Any) -> None:
        if size < 1:
            raise ValueError("pool size must be >= 1")
        self.size = size
        self.wait = wait
        self._kwargs = client_kwargs
        self._idle: queue.LifoQueue[SIP2Client] = queue.LifoQueue()
        self._made = 0
        self._lock = threading.Lock()
        self._all: list[SIP2Client] = []

    @contextlib.contextmanager
    def client(self) -> Iterator[SIP2Client]:
        c = self._take()
        try:
            yield c
        except SIP2Error as exc:
            if not isinstance(exc, InvalidFieldValue):  # refused before sending: link is fine
                c.close()
            raise
        finally:
            self._idle.put(c)

    def _take(self) -> SIP2Client:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self._made < self.size:
                self._made += 1
                c = SIP2Client(**self._kwargs)
                self._all.append(c)
                return c
        try:
            return self._idle.get(timeout=self.wait)
        except queue.Empty:
            raise SIP2Timeout(f"no free SIP2 link in the pool within {self.wait:g} s") from None

    def close(self) -> None:
        for c in list(self._all):
            c.close()

    def __enter__(self) -> ClientPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
