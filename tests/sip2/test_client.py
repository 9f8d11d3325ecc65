"""The socket transport against the test ACS on loopback: login, encodings, terminators, TLS,
timeouts from the ACS status, resends, reconnect with re-login, and the pool."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from hwsim.sip2_server import Quirks, TestACS
from sync.ils.sip2 import (
    AnswerLost,
    CheckoutResponse,
    LoginRefused,
    SIP2ConnectionError,
    SIP2Timeout,
    VerificationError,
    parse_date,
)
from sync.ils.sip2.client import ClientPool, SIP2Client, redact


@pytest.mark.parametrize("encoding", ["utf-8", "big5", "cp850"])
def test_login_status_and_checkout_in_each_encoding(make_acs, make_client, encoding: str) -> None:
    acs = make_acs(encoding=encoding)
    client = make_client(acs)
    status = client.connect()
    assert status is not None and status.online_status and client.login_response.ok
    info = client.patron_information("P0001", "1234")
    assert info.valid_patron and info.valid_patron_password
    if encoding != "cp850":
        assert info.personal_name == "陳小明"
        assert status.library_name == "臺北市立圖書館 測試"
    out = client.checkout("P0001", "B0001")
    assert out.ok and parse_date(out.due_date) is not None
    assert acs.loan_of("B0001")[0] == "P0001"
    back = client.checkin("B0001")
    assert back.ok and back.sort_bin == "A"


def test_wrong_password_is_refused(acs, make_client) -> None:
    with pytest.raises(LoginRefused, match="refused by the ACS"):
        make_client(acs, password="wrong").connect()


def test_server_that_hangs_up_after_failed_login(make_acs, make_client) -> None:
    acs = make_acs(quirks=Quirks(hangup_after_failed_login=True))
    with pytest.raises(LoginRefused, match="hung up"):
        make_client(acs, password="wrong").connect()


@pytest.mark.parametrize("terminator", [b"\r", b"\r\n"])
def test_cr_only_and_crlf_servers(make_acs, make_client, terminator: bytes) -> None:
    acs = make_acs(quirks=Quirks(terminator=terminator))
    client = make_client(acs, terminator="\r\n")
    client.connect()
    assert client.item_information("B0002").title_identifier == "紅樓夢"
    assert client.item_information("B0003").circulation_status == "03"


def test_timeout_comes_from_the_acs_status(make_acs, make_client) -> None:
    # the ACS says 0.2 s (002 tenths); our floor is 0.1 s; it never answers item information
    acs = make_acs(quirks=Quirks(acs_timeout=2, silent_codes=("17",)))
    client = make_client(acs, timeout=30.0, min_timeout=0.1, reconnects=0)
    client.connect()
    with pytest.raises(SIP2Timeout, match="0.2 s"):
        client.item_information("B0001")


def test_bad_checksums_are_resent_then_given_up(make_acs, make_client) -> None:
    acs = make_acs(quirks=Quirks(bad_checksums=2))
    client = make_client(acs)
    client.connect()  # the 94 and the first copy of... are bad; 97 fixes them
    assert client.item_information("B0001").title_identifier == "三國演義"
    assert acs.received_codes().count("97") == 2
    always = make_acs(quirks=Quirks(bad_checksums=-1, retries=2))
    with pytest.raises(VerificationError) as info:
        make_client(always).connect()
    assert info.value.reason == "checksum"


def test_server_96_makes_the_client_resend(make_acs, make_client) -> None:
    acs = make_acs(quirks=Quirks(ask_resend=2))
    client = make_client(acs)
    client.connect()
    assert client.patron_status("P0001").personal_name == "陳小明"
    assert acs.received_codes()[:3] == ["93", "93", "93"]


def test_no_checksum_mode(acs, make_client) -> None:
    client = make_client(acs, error_detection=False)
    client.connect()
    assert client.item_information("B0002").title_identifier == "紅樓夢"


def test_reconnect_with_relogin_after_the_acs_hangs_up(make_acs, make_client) -> None:
    # the ACS closes the link after every 3rd answer (login, status, one request)
    acs = make_acs(quirks=Quirks(hangup_after=3))
    client = make_client(acs)
    client.connect()
    for item in ("B0001", "B0002", "B0004"):
        assert client.item_information(item).item_identifier == item
    assert acs.received_codes().count("93") == 3


def test_a_lost_checkout_is_not_resent_blindly(make_acs, make_client) -> None:
    acs = make_acs(quirks=Quirks(acs_timeout=2, silent_codes=("11",)))
    client = make_client(acs, min_timeout=0.1)
    client.connect()
    with pytest.raises(AnswerLost):  # sent once more only after the ILS showed it not made
        client.checkout("P0001", "B0001")
    codes = acs.received_codes()
    first = codes.index("11")
    assert codes.count("11") == 2 and "63" in codes[first:codes.index("11", first + 1)]


def test_unreachable_acs() -> None:
    with pytest.raises(SIP2ConnectionError):
        SIP2Client("127.0.0.1", 1, user="x", password="y").connect()


def _tls_contexts(tmp: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    (tmp / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp / "key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(tmp / "cert.pem", tmp / "key.pem")
    client = ssl.create_default_context(cafile=str(tmp / "cert.pem"))
    return server, client


def test_tls(make_acs, make_client, tmp_path: Path) -> None:
    server_ctx, client_ctx = _tls_contexts(tmp_path)
    acs = make_acs(tls=server_ctx)
    client = make_client(acs, tls=client_ctx)
    client.connect()
    assert client.checkout("P0001", "B0002").ok
    with pytest.raises((SIP2ConnectionError, LoginRefused)):
        make_client(acs, tls=ssl.create_default_context()).connect()  # unknown CA


def test_pool_shares_few_links_between_threads(acs: TestACS) -> None:
    pool = ClientPool(2, host=acs.host, port=acs.port, user="kiosk", password="secret",
                      institution="TPML", encoding="utf-8")
    errors: list[BaseException] = []
    results: list[str] = []

    def work(item: str) -> None:
        try:
            for _ in range(5):
                with pool.client() as c:
                    results.append(c.item_information(item).title_identifier)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in ("B0001", "B0002", "B0004")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    pool.close()
    assert not errors and len(results) == 15
    assert acs.received_codes().count("93") <= 2


def test_debug_log_masks_patrons_and_drops_pins(acs, make_client, caplog) -> None:
    client = make_client(acs)
    with caplog.at_level("DEBUG", logger="sync.ils.sip2.client"):
        client.connect()
        client.patron_status("P0001234", "9876")
    text = caplog.text
    assert "P0001234" not in text and "9876" not in text and "secret" not in text
    assert "AAP0***34" in text
    assert redact(b"23001AOX|AA12345678|ACpw|AD1234|") == "23001AOX|AA12***78|ACpw|AD***|"


def test_checkout_response_type(acs, make_client: Callable[..., SIP2Client]) -> None:
    client = make_client(acs)
    assert isinstance(client.checkout("P0001", "B0004"), CheckoutResponse)  # connects lazily
