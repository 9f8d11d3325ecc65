"""Our client against a SIP2 ACS we did not write: pysip2 (PyPI, AnyIO), on loopback."""

from __future__ import annotations

import datetime as dt
import queue
import threading
from collections.abc import Iterator
from typing import Any

import anyio
import pysip2
import pytest

from sync.ils.sip2 import LoginRefused, parse_date
from sync.ils.sip2.client import SIP2Client

TITLE = "三國演義"


def _app(encoding: str) -> pysip2.SIP2Server:
    app = pysip2.SIP2Server(institution_id="TPML", encoding=encoding, login_required=True)

    @app.route(pysip2.LOGIN)
    def login(req: Any, ctx: Any) -> Any:
        ok = req.login_user_id == "kiosk" and req.login_password == "secret"
        return pysip2.LoginResponse(ok="1" if ok else "0")

    @app.route(pysip2.PATRON_STATUS)
    def patron_status(req: Any, ctx: Any) -> Any:
        return pysip2.PatronStatusResponse(
            patron_status=" " * 14, language="019", transaction_date=ctx.now_18(),
            institution_id=req.institution_id, patron_identifier=req.patron_identifier,
            personal_name="陳小明" if encoding != "cp850" else "Chen", valid_patron="Y",
            valid_patron_password="Y" if req.patron_password == "1234" else "N",
            screen_message=("歡迎" if encoding != "cp850" else "Welcome", "line 2"))

    @app.route(pysip2.ITEM_INFORMATION)
    def item_information(req: Any, ctx: Any) -> Any:
        return pysip2.ItemInformationResponse(
            circulation_status="03", security_marker="02", fee_type="01",
            transaction_date=ctx.now_18(), item_identifier=req.item_identifier,
            title_identifier=TITLE if encoding != "cp850" else "Sanguo")

    @app.route(pysip2.CHECKOUT)
    def checkout(req: Any, ctx: Any) -> Any:
        return pysip2.CheckoutResponse(
            ok="1", renewal_ok="N", magnetic_media="N", desensitize="Y",
            transaction_date=ctx.now_18(), institution_id=req.institution_id,
            patron_identifier=req.patron_identifier, item_identifier=req.item_identifier,
            title_identifier=TITLE if encoding != "cp850" else "Sanguo",
            due_date="20991231    235959")

    return app


@pytest.fixture(params=["utf-8", "cp850"])
def pysip2_acs(request: pytest.FixtureRequest) -> Iterator[tuple[int, str]]:
    encoding = request.param
    ports: queue.Queue[int] = queue.Queue()
    stop = threading.Event()

    async def main() -> None:
        async with _app(encoding).start() as port:
            ports.put(port)
            while not stop.is_set():
                await anyio.sleep(0.02)

    thread = threading.Thread(target=anyio.run, args=(main,), daemon=True)
    thread.start()
    yield ports.get(timeout=10), encoding
    stop.set()
    thread.join(timeout=10)


@pytest.mark.parametrize("checksums", [True, False])
def test_client_against_pysip2(pysip2_acs: tuple[int, str], checksums: bool) -> None:
    port, encoding = pysip2_acs
    when = dt.datetime(2024, 11, 19, 10, 0, 0)
    with SIP2Client("127.0.0.1", port, user="kiosk", password="secret", institution="TPML",
                    encoding=encoding, error_detection=checksums, timeout=5) as client:
        assert client.login_response is not None and client.login_response.ok
        assert client.acs_status is not None and client.acs_status.institution_id == "TPML"
        status = client.patron_status("P0001", "1234")
        assert status.valid_patron is True and status.valid_patron_password is True
        assert len(status.screen_messages) == 2 and status.screen_messages[1] == "line 2"
        item = client.item_information("B0001")
        assert item.circulation_status == "03"
        out = client.checkout("P0001", "B0001", transaction_date=when, nb_due_date=when)
        assert out.ok and parse_date(out.due_date) == dt.datetime(2099, 12, 31, 23, 59, 59)
        if encoding == "utf-8":
            assert status.personal_name == "陳小明" and item.title_identifier == TITLE


def test_pysip2_refuses_a_bad_login(pysip2_acs: tuple[int, str]) -> None:
    port, encoding = pysip2_acs
    client = SIP2Client("127.0.0.1", port, user="kiosk", password="nope", encoding=encoding,
                        timeout=5)
    with pytest.raises(LoginRefused):
        client.connect()
