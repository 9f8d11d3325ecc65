"""A simulated SIP2 ILS endpoint: a small in-process ACS for loopback tests, benchmarks and trying
the client (it lives with the simulator: no product code runs it).

It keeps a few patrons and items in memory, applies checkout/checkin/renew/fee/hold rules
like a real ILS would, and can play the quirks of real servers (:class:`Quirks`): refusals with
screen messages, missing fields, no-block ignored, ``N`` in the ACS status while processing,
hang-up after a failed login, CR-only or CRLF endings, bad checksums, 96 requests, slow answers,
dp2-style dates, any encoding, a 97 answered re-stamped ``AY0`` (as an independent, widely
deployed server does), and one answer damaged, lost or hung up on at any point of a checkout. It speaks the same codec as the client, which is why tests
also run the client against an ACS written by others (``pysip2``).

    with TestACS(encoding="big5") as acs:
        client = SIP2Client(acs.host, acs.port, user="kiosk", password="secret", ...)
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import socket
import socketserver
import ssl
import threading
import time
from decimal import Decimal
from typing import Any

from sync.ils.sip2 import (
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
    FrameBuffer,
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
    RequestACSResend,
    RequestSCResend,
    SCStatusRequest,
    SIP2DecodeError,
    decode,
    encode,
    format_date,
    make_patron_status,
    parse_date,
)

log = logging.getLogger(__name__)


def now() -> dt.datetime:
    """Local wall-clock time to the second, as the ACS stamps its answers."""
    return dt.datetime.now().replace(microsecond=0)

LOAN_DAYS = 28
MAX_RENEWALS = 2


@dataclasses.dataclass
class Patron:
    id: str
    name: str
    pin: str = "1234"
    flags: tuple[str, ...] = ()  # patron status flags in words (PATRON_STATUS_FLAGS)
    fines: Decimal = Decimal(0)
    expires: dt.date | None = None
    patron_type: str = "ADULT"


@dataclasses.dataclass
class Item:
    id: str
    title: str
    home: str = "MAIN"  # home branch (permanent location)
    location: str = "MAIN"  # current location
    call_number: str = ""
    borrower: str | None = None
    due: dt.datetime | None = None
    renewals: int = 0
    hold_for: str | None = None  # patron id with a hold on it
    hold_branch: str = "MAIN"  # where the hold is picked up
    on_hold_shelf: bool = False
    lost: bool = False


@dataclasses.dataclass
class Quirks:
    """Behaviours of real servers the client must survive; all off by default."""

    terminator: bytes = b"\r"  # b"\r" (standard, "CR only") or b"\r\n"
    hangup_after_failed_login: bool = False
    ignore_no_block: bool = False  # apply the rules to no-block requests anyway (Evergreen)
    status_says_offline: bool = False  # 98 online N, checkout/checkin N, yet processes requests
    missing_fields: bool = False  # leave out AJ/AH/AQ/AE and similar, or send them empty
    bad_checksums: int = 0  # corrupt the checksum of this many responses (-1: all)
    ask_resend: int = 0  # answer this many requests with 96 first
    delay: float = 0.0  # seconds before each answer to a circulation request
    silent_codes: tuple[str, ...] = ()  # never answer these message codes
    hangup_after: int | None = None  # close the link after this many responses
    dp2_dates: bool = False  # variable dates as YYYY-MM-DD
    acs_timeout: int = 100  # timeout period in the 98, tenths of a second
    retries: int = 3  # retries allowed in the 98
    no_checksums: bool = False  # never add AY/AZ to responses, even when asked
    ignore_renewal_policy: bool = False  # refuse a rescan even when the SC allows renewal
    resend_ay0: bool = False  # answer a 97 with the last response re-stamped AY0 (as an
    #                           independent, widely deployed server does)
    #: damage the first answer of each listed code ("12"): (code, how), how one of
    #: "checksum" (wrong AZ), "garbled" (bytes changed, AZ kept), "truncated" (cut short, no
    #: trailer), "sequence" (wrong AY, right AZ), "lost" (applied, never sent), "hangup"
    #: (applied, then the link closes), "unheard" (the request lost on its way in: not
    #: applied, never answered); a 97 gets the undamaged answer
    corrupt: tuple[tuple[str, str], ...] = ()


def demo_patrons() -> list[Patron]:
    return [
        Patron(id="P0001", name="陳小明", pin="1234"),
        Patron(id="P0002", name="林美麗", pin="5678", fines=Decimal("120.00"),
               flags=("excessive outstanding fines",)),
        Patron(id="P0003", name="Nguyễn Văn An", pin="0000",
               flags=("charge privileges denied", "card reported lost")),
        Patron(id="P0004", name="王大同", pin="4321", expires=dt.date(2020, 1, 31)),
    ]


def demo_items() -> list[Item]:
    return [
        Item(id="B0001", title="三國演義", call_number="857.4452 8766"),
        Item(id="B0002", title="紅樓夢", call_number="857.49 8424"),
        Item(id="B0003", title="西遊記 | 上冊", call_number="857.47 8744"),
        Item(id="B0004", title="水滸傳", home="EAST", call_number="857.46 8768"),
        Item(id="B0005", title="Harry Potter 哈利波特", hold_for="P0001", hold_branch="MAIN",
             on_hold_shelf=True),
        Item(id="B0006", title="論語", hold_for="P0004", hold_branch="EAST"),
        Item(id="B0007", title="Lost Book", lost=True),
    ]


class TestACS:
    """A threaded SIP2 ACS on loopback (port 0 picks a free port).

    :param users: login user -> password; empty means no login is needed
    :param encoding: text encoding of the link
    :param tls: an :class:`ssl.SSLContext` (server side) to speak TLS
    :param quirks: see :class:`Quirks`
    """

    __test__ = False  # not a pytest class

    def __init__(self, *, encoding: str = "utf-8", users: dict[str, str] | None = None,
                 institution: str = "TPML", quirks: Quirks | None = None,
                 tls: ssl.SSLContext | None = None, host: str = "127.0.0.1",
                 port: int = 0) -> None:
        self.encoding = encoding
        self.users = {"kiosk": "secret"} if users is None else users
        self.institution = institution
        self.quirks = quirks or Quirks()
        self.tls = tls
        self.patrons = {p.id: p for p in demo_patrons()}
        self.items = {i.id: i for i in demo_items()}
        self.received: list[Message] = []  # every request decoded, in order
        self.lock = threading.RLock()
        self._bad_left = self.quirks.bad_checksums
        self._resend_left = self.quirks.ask_resend
        self._damage = dict(self.quirks.corrupt)
        self._server: socketserver.ThreadingTCPServer | None = None
        self._thread: threading.Thread | None = None
        self._bind = (host, port)
        self.host, self.port = host, port

    # --- lifecycle ------------------------------------------------------------------------
    def start(self) -> TestACS:
        acs = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                acs._serve(self.request)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(self._bind, Handler)
        self.host, self.port = self._server.server_address[:2]
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True,
                                        name=f"TestACS:{self.port}")
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> TestACS:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- one link -------------------------------------------------------------------------
    def _serve(self, sock: socket.socket) -> None:
        if self.tls is not None:
            try:
                sock = self.tls.wrap_socket(sock, server_side=True)
            except (ssl.SSLError, OSError):
                return
        buf = FrameBuffer()
        logged_in = not self.users
        last: tuple[Message, int | None, bool] | None = None
        answered = 0
        with contextlib.suppress(OSError), sock:
            while True:
                data = sock.recv(65536)
                if not data:
                    return
                buf.feed(data)
                for raw in buf:
                    try:
                        frame = decode(raw, encoding=self.encoding)
                    except SIP2DecodeError:
                        sock.sendall(self._frame(RequestSCResend(), None, True))
                        continue
                    msg = frame.message
                    with self.lock:
                        self.received.append(msg)
                    checked = frame.checksum is not None
                    if isinstance(msg, RequestACSResend):
                        if last is not None:
                            again = (last[0], 0, last[2]) if self.quirks.resend_ay0 else last
                            sock.sendall(self._frame(*again))
                        continue
                    if frame.checksum_ok is False or self._take_resend():
                        sock.sendall(self._frame(RequestSCResend(), None, checked))
                        continue
                    if msg.CODE in self.quirks.silent_codes or self._unheard(msg):
                        continue
                    if isinstance(msg, LoginRequest):
                        logged_in = self.users.get(msg.login_user_id) == msg.login_password
                        if not logged_in and self.quirks.hangup_after_failed_login:
                            return
                        answer: Message | None = LoginResponse(ok=logged_in)
                    elif not logged_in and not isinstance(msg, SCStatusRequest):
                        return  # a real ACS drops unauthenticated links
                    else:
                        answer = self.respond(msg)
                    if answer is None:
                        continue
                    if self.quirks.delay and msg.CODE not in ("93", "99"):
                        time.sleep(self.quirks.delay)
                    last = (answer, frame.sequence, checked)
                    how = self._take_damage(answer.CODE)
                    if how == "hangup":
                        return
                    if how != "lost":
                        sock.sendall(self._damaged(self._frame(*last), how, frame.sequence))
                    answered += 1
                    if self.quirks.hangup_after is not None and answered >= self.quirks.hangup_after:
                        return

    def _take_resend(self) -> bool:
        with self.lock:
            if self._resend_left > 0:
                self._resend_left -= 1
                return True
        return False

    def _unheard(self, msg: Message) -> bool:
        """The first request whose answer :attr:`Quirks.corrupt` marks "unheard" never
        arrived."""
        with self.lock:
            if msg.RESPONSE and self._damage.get(msg.RESPONSE) == "unheard":
                del self._damage[msg.RESPONSE]
                return True
        return False

    def _take_damage(self, code: str) -> str | None:
        with self.lock:
            return self._damage.pop(code, None)

    def _damaged(self, data: bytes, how: str | None, sequence: int | None) -> bytes:
        """One answer as :attr:`Quirks.corrupt` says to send it (``data`` ends in the
        terminator)."""
        end = self.quirks.terminator
        body = data[: -len(end)]
        if how == "checksum":
            body = body[:-4] + (b"0000" if body[-4:] != b"0000" else b"0001")
        elif how == "garbled":
            at = body.rfind(b"AY")  # a byte of the message, not of its trailer
            mid = max(2, at // 2) if at > 0 else len(body) // 2
            body = body[:mid] + bytes([body[mid] ^ 0x01]) + body[mid + 1:]
        elif how == "truncated":
            body = body[: max(2, len(body) // 2)]
        elif how == "sequence" and sequence is not None:
            body = body[:-4]
            at = body.rfind(b"AY")
            body = body[:at + 2] + b"%d" % ((sequence + 5) % 10) + body[at + 3:]
            body += b"%04X" % (-sum(body) & 0xFFFF)
        return body + end

    def _frame(self, msg: Message, sequence: int | None, checked: bool) -> bytes:
        checked = checked and not self.quirks.no_checksums
        data = encode(msg, encoding=self.encoding, sequence=sequence, error_detection=checked,
                      errors="replace")
        if checked and not isinstance(msg, RequestSCResend):
            with self.lock:
                if self._bad_left != 0:
                    self._bad_left -= 1
                    data = data[:-4] + (b"0000" if data[-4:] != b"0000" else b"0001")
        return data + self.quirks.terminator

    # --- the ILS ----------------------------------------------------------------------------
    def _date(self, value: dt.datetime | None) -> str:
        if value is None:
            return ""
        return f"{value:%Y-%m-%d}" if self.quirks.dp2_dates else format_date(value)

    def _status(self, p: Patron | None) -> str:
        flags = list(p.flags) if p else ["charge privileges denied", "renewal privileges denied",
                                         "recall privileges denied", "hold privileges denied"]
        return make_patron_status(*flags)

    def _blocked(self, p: Patron) -> str | None:
        """Why this patron may not borrow (a screen message), or None."""
        if "charge privileges denied" in p.flags or "card reported lost" in p.flags:
            return "借閱權限已停用，請洽櫃台 (Borrowing blocked, please see staff)"
        if p.fines > 100:
            return f"罰款 {p.fines} 元未繳 (Outstanding fines {p.fines})"
        if p.expires is not None and p.expires < dt.date.today():
            return "借閱證已過期 (Card expired)"
        return None

    def respond(self, msg: Message) -> Message | None:  # noqa: C901 - one branch per message
        with self.lock:
            ao = self.institution
            q = self.quirks
            if isinstance(msg, SCStatusRequest):
                up = not q.status_says_offline
                return ACSStatusResponse(
                    online_status=up, checkin_ok=up, checkout_ok=up, acs_renewal_policy=True,
                    status_update_ok=False, offline_ok=True, timeout_period=q.acs_timeout,
                    retries_allowed=q.retries, date_time_sync=now(), institution_id=ao,
                    library_name="臺北市立圖書館 測試", supported_messages="YYYYYYYYYYYYYYYY",
                    terminal_location="MAIN")
            if isinstance(msg, PatronStatusRequest | PatronInformationRequest |
                          PatronEnableRequest | BlockPatron):
                return self._patron(msg)
            if isinstance(msg, ItemInformationRequest):
                return self._item_info(msg)
            if isinstance(msg, CheckoutRequest):
                return self._checkout(msg)
            if isinstance(msg, CheckinRequest):
                return self._checkin(msg)
            if isinstance(msg, RenewRequest):
                return self._renew(msg)
            if isinstance(msg, RenewAllRequest):
                mine = [i for i in self.items.values() if i.borrower == msg.patron_identifier]
                for i in mine:
                    i.due = now() + dt.timedelta(days=LOAN_DAYS)
                return RenewAllResponse(ok=True, renewed_count=len(mine), unrenewed_count=0,
                                        transaction_date=now(), institution_id=ao,
                                        renewed_items=tuple(i.id for i in mine))
            if isinstance(msg, FeePaidRequest):
                p = self.patrons.get(msg.patron_identifier)
                try:
                    amount = Decimal(msg.fee_amount)
                except ArithmeticError:
                    amount = Decimal(-1)
                ok = p is not None and 0 < amount <= p.fines
                if ok and p is not None:
                    p.fines -= amount
                    if p.fines <= 100:
                        p.flags = tuple(f for f in p.flags if f != "excessive outstanding fines")
                return FeePaidResponse(
                    payment_accepted=ok, transaction_date=now(), institution_id=ao,
                    patron_identifier=msg.patron_identifier, transaction_id=msg.transaction_id,
                    screen_messages=() if ok else ("付款金額不正確 (Invalid payment)",))
            if isinstance(msg, HoldRequest):
                i = self.items.get(msg.item_identifier or "")
                ok = i is not None and msg.patron_identifier in self.patrons and \
                    (i.hold_for is None or msg.hold_mode == "-")
                if ok and i is not None:
                    i.hold_for = None if msg.hold_mode == "-" else msg.patron_identifier
                    i.hold_branch = msg.pickup_location or "MAIN"
                return HoldResponse(ok=ok, available=bool(i and i.borrower is None),
                                    transaction_date=now(), institution_id=ao,
                                    patron_identifier=msg.patron_identifier,
                                    item_identifier=msg.item_identifier, queue_position="1")
            if isinstance(msg, EndPatronSessionRequest):
                return EndSessionResponse(end_session=True, transaction_date=now(),
                                          institution_id=ao,
                                          patron_identifier=msg.patron_identifier)
            if isinstance(msg, ItemStatusUpdateRequest):
                return ItemStatusUpdateResponse(item_properties_ok=False, transaction_date=now(),
                                                item_identifier=msg.item_identifier)
            return None

    def _patron(self, msg: Any) -> Message:
        ao = self.institution
        p = self.patrons.get(msg.patron_identifier)
        pin = getattr(msg, "patron_password", None)
        if isinstance(msg, BlockPatron) and p is not None:
            p.flags = tuple({*p.flags, "charge privileges denied"})
        common: dict[str, Any] = {
            "patron_status": self._status(p), "language": "019", "transaction_date": now(),
            "institution_id": ao, "patron_identifier": msg.patron_identifier,
            "personal_name": "" if p is None or self.quirks.missing_fields else p.name,
            "valid_patron": p is not None,
            "valid_patron_password": (p is not None and pin == p.pin) if pin else None,
        }
        messages: tuple[str, ...] = ()
        if p is None:
            messages = ("查無此讀者 (Patron not found)",)
        elif (why := self._blocked(p)) is not None:
            messages = (why,)
        if isinstance(msg, PatronEnableRequest):
            return PatronEnableResponse(**common, screen_messages=messages)
        fines = {} if p is None or self.quirks.missing_fields else {
            "currency_type": "TWD", "fee_amount": f"{p.fines:.2f}"}
        if not isinstance(msg, PatronInformationRequest):
            return PatronStatusResponse(**common, **fines, screen_messages=messages)
        mine = [i for i in self.items.values() if p and i.borrower == p.id]
        holds = [i for i in self.items.values() if p and i.hold_for == p.id]
        ready = [i for i in holds if i.on_hold_shelf]
        overdue = [i for i in mine if i.due and i.due < now()]
        summary = msg.summary
        extra: list[tuple[str, str]] = []
        if p is not None:
            extra.append(("PC", p.patron_type))
            if p.expires:
                extra.append(("PA", p.expires.strftime("%Y%m%d")))
        return PatronInformationResponse(
            **common, **fines,
            hold_items_count=len(ready), overdue_items_count=len(overdue),
            charged_items_count=len(mine), fine_items_count=1 if p and p.fines else 0,
            recall_items_count=0, unavailable_holds_count=len(holds) - len(ready),
            charged_items_limit="20",
            charged_items=tuple(i.id for i in mine) if summary[2:3] == "Y" else (),
            overdue_items=tuple(i.id for i in overdue) if summary[1:2] == "Y" else (),
            hold_items=tuple(i.id for i in ready) if summary[0:1] == "Y" else (),
            unavailable_hold_items=tuple(i.id for i in holds if not i.on_hold_shelf)
            if summary[5:6] == "Y" else (),
            screen_messages=messages, extra_fields=tuple(extra))

    def _item_info(self, msg: ItemInformationRequest) -> Message:
        i = self.items.get(msg.item_identifier)
        if i is None:
            return ItemInformationResponse(
                circulation_status="01", security_marker="00", fee_type="01",
                transaction_date=now(), item_identifier=msg.item_identifier,
                title_identifier="", screen_messages=("查無此資料 (Item not found)",))
        if i.lost:
            status = "12"
        elif i.borrower:
            status = "04"
        elif i.on_hold_shelf:
            status = "08"
        elif i.location != i.home:
            status = "10"
        else:
            status = "03"
        return ItemInformationResponse(
            circulation_status=status, security_marker="02", fee_type="01",
            transaction_date=now(), hold_queue_length="1" if i.hold_for else "0",
            due_date=self._date(i.due) or None, item_identifier=i.id,
            title_identifier="" if self.quirks.missing_fields else i.title, owner="TW-TPML",
            permanent_location=None if self.quirks.missing_fields else i.home,
            current_location=i.location, call_number=i.call_number or None,
            media_type="001")

    def _refuse_checkout(self, msg: CheckoutRequest, why: str, item: Item | None) -> Message:
        return CheckoutResponse(
            ok=False, renewal_ok=False, magnetic_media=False, desensitize=False,
            transaction_date=now(), institution_id=self.institution,
            patron_identifier=msg.patron_identifier, item_identifier=msg.item_identifier,
            title_identifier=item.title if item and not self.quirks.missing_fields else "",
            due_date="", screen_messages=(why,))

    def _checkout(self, msg: CheckoutRequest) -> Message:
        p = self.patrons.get(msg.patron_identifier)
        i = self.items.get(msg.item_identifier)
        if p is None:
            return self._refuse_checkout(msg, "查無此讀者 (Patron not found)", i)
        if i is None:
            return self._refuse_checkout(msg, "查無此資料 (Item not found)", None)
        if msg.patron_password and msg.patron_password != p.pin:
            return self._refuse_checkout(msg, "密碼錯誤 (Wrong PIN)", i)
        enforce = not msg.no_block or self.quirks.ignore_no_block
        renewal = False
        if i.borrower == p.id:
            if not msg.sc_renewal_policy or self.quirks.ignore_renewal_policy:
                return self._refuse_checkout(msg, "此書已借給您 (Already checked out to you)", i)
            if i.renewals >= MAX_RENEWALS:
                return self._refuse_checkout(msg, "已達續借上限 (Renewal limit reached)", i)
            renewal = True
        if enforce:
            if (why := self._blocked(p)) is not None:
                return self._refuse_checkout(msg, why, i)
            if i.lost:
                return self._refuse_checkout(msg, "此書已遺失 (Item lost)", i)
            if i.borrower and i.borrower != p.id:
                return self._refuse_checkout(msg, "此書已借出 (Item checked out)", i)
            if i.hold_for and i.hold_for != p.id:
                return self._refuse_checkout(msg, "此書已被預約 (Item on hold for another)", i)
        if msg.no_block and msg.nb_due_date and not self.quirks.ignore_no_block:
            due = msg.nb_due_date
        else:
            base = msg.transaction_date if msg.no_block and msg.transaction_date else now()
            due = base.replace(tzinfo=None, hour=23, minute=59, second=59) + \
                dt.timedelta(days=LOAN_DAYS)
        i.renewals = i.renewals + 1 if renewal else 0
        i.borrower, i.due, i.location = p.id, due, i.location
        if i.hold_for == p.id:
            i.hold_for, i.on_hold_shelf = None, False
        return CheckoutResponse(
            ok=True, renewal_ok=renewal, magnetic_media=False, desensitize=True,
            transaction_date=now(), institution_id=self.institution,
            patron_identifier=p.id, item_identifier=i.id,
            title_identifier="" if self.quirks.missing_fields else i.title,
            due_date="" if self.quirks.missing_fields else self._date(due),
            media_type="001", screen_messages=("借閱成功 (Checked out)",))

    def _checkin(self, msg: CheckinRequest) -> Message:
        i = self.items.get(msg.item_identifier)
        here = msg.current_location or "MAIN"
        if i is None:
            return CheckinResponse(
                ok=False, resensitize=False, magnetic_media=None, alert=True,
                transaction_date=now(), institution_id=self.institution,
                item_identifier=msg.item_identifier, permanent_location="", alert_type="99",
                screen_messages=("查無此資料 (Item not found)",))
        if i.borrower is None and not (msg.no_block and not self.quirks.ignore_no_block):
            return CheckinResponse(
                ok=False, resensitize=True, magnetic_media=False, alert=False,
                transaction_date=now(), institution_id=self.institution, item_identifier=i.id,
                permanent_location=i.home, title_identifier=i.title,
                screen_messages=("此書未借出 (Item not checked out)",))
        borrower, i.borrower, i.due, i.location = i.borrower, None, None, here
        alert, alert_type, dest, sort_bin = False, None, None, "A"
        if i.hold_for:
            alert = True
            if i.hold_branch == here:
                alert_type, sort_bin, i.on_hold_shelf = "01", "H", True
            else:
                alert_type, dest, sort_bin = "02", i.hold_branch, "T"
        elif i.home != here:
            alert, alert_type, dest, sort_bin = True, "04", i.home, "T"
        missing = self.quirks.missing_fields
        return CheckinResponse(
            ok=True, resensitize=True, magnetic_media=False, alert=alert,
            transaction_date=now(), institution_id=self.institution, item_identifier=i.id,
            permanent_location="" if missing else i.home,
            title_identifier=None if missing else i.title,
            sort_bin=None if missing else sort_bin, patron_identifier=borrower,
            call_number=i.call_number or None, destination_location=dest,
            alert_type=alert_type, screen_messages=("還書成功 (Checked in)",))

    def _renew(self, msg: RenewRequest) -> Message:
        p = self.patrons.get(msg.patron_identifier)
        i = self.items.get(msg.item_identifier or "")
        why = None
        enforce = not msg.no_block or self.quirks.ignore_no_block
        if p is None or i is None or i.borrower != p.id:
            why = "此書不在您的借閱紀錄中 (Item not checked out to you)"
        elif enforce and i.renewals >= MAX_RENEWALS:
            why = "已達續借上限 (Renewal limit reached)"
        elif enforce and i.hold_for:
            why = "此書已被預約，不可續借 (Item on hold)"
        elif enforce:
            why = self._blocked(p)
        if why is not None or i is None:
            return RenewResponse(
                ok=False, renewal_ok=False, magnetic_media=False, desensitize=False,
                transaction_date=now(), institution_id=self.institution,
                patron_identifier=msg.patron_identifier, item_identifier=msg.item_identifier or "",
                title_identifier=i.title if i else "", due_date="",
                screen_messages=(why or "",))
        if msg.no_block and msg.nb_due_date and not self.quirks.ignore_no_block:
            i.due = msg.nb_due_date
        else:
            i.due = (i.due or now()).replace(tzinfo=None) + dt.timedelta(days=LOAN_DAYS)
        i.renewals += 1
        return RenewResponse(
            ok=True, renewal_ok=True, magnetic_media=False, desensitize=True,
            transaction_date=now(), institution_id=self.institution, patron_identifier=p.id,
            item_identifier=i.id, title_identifier=i.title, due_date=self._date(i.due),
            screen_messages=("續借成功 (Renewed)",))

    # --- helpers for tests --------------------------------------------------------------------
    def loan_of(self, item_id: str) -> tuple[str | None, dt.datetime | None]:
        """(borrower, due date) of an item as the ACS has it now."""
        with self.lock:
            i = self.items[item_id]
            return i.borrower, i.due

    def damage(self, *corrupt: tuple[str, str]) -> None:
        """Damage the next answer of each listed code from now on, as :attr:`Quirks.corrupt`
        does from the start (``("30", "lost")``)."""
        with self.lock:
            self._damage.update(corrupt)

    def received_codes(self) -> list[str]:
        with self.lock:
            return [m.CODE for m in self.received]


def main(argv: list[str] | None = None) -> None:
    """``python -m hwsim.sip2_server --port 6001 --encoding big5``: serve until Ctrl-C."""
    import argparse

    p = argparse.ArgumentParser(prog="python -m hwsim.sip2_server", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=6001)
    p.add_argument("--encoding", default="utf-8")
    p.add_argument("--crlf", action="store_true", help="end responses in CRLF")
    p.add_argument("--resend-ay0", action="store_true",
                   help="answer a 97 with the last response re-stamped AY0")
    args = p.parse_args(argv)
    acs = TestACS(host=args.host, port=args.port, encoding=args.encoding,
                  quirks=Quirks(terminator=b"\r\n" if args.crlf else b"\r",
                                resend_ay0=args.resend_ay0)).start()
    print(f"test ACS on {acs.host}:{acs.port} ({acs.encoding}); login kiosk/secret", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        acs.stop()


__all__ = ["Item", "Patron", "Quirks", "TestACS", "demo_items", "demo_patrons", "main",
           "parse_date"]

if __name__ == "__main__":
    main()
