"""The client against the test ACS taught an independent server's habits (a 97 answered with
the last response re-stamped ``AY0``), and a checkout whose answers are damaged at each point:
never two checkouts, never a good answer dropped, a lost answer resolved by asking the ILS."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from hwsim.sip2_server import Quirks, TestACS
from sync.ils.sip2 import (
    AnswerLost,
    CheckoutResponse,
    LoginRefused,
    SIP2ConnectionError,
    SIP2Timeout,
    VerificationError,
)

RECOVERED = ("checksum", "garbled", "sequence")  # a 97 brings the answer back
LOST = ("lost", "hangup")  # the ACS applied the request; its answer never came


@pytest.mark.parametrize("seq", [1, 3])
def test_the_answer_to_a_97_is_accepted_whatever_its_ay(make_acs, make_client, seq: int) -> None:
    # the server re-stamps a resent answer AY0: after a request with AY 0 the client took it
    # for a late duplicate and timed out; otherwise it failed "bad sequence number"
    acs = make_acs(quirks=Quirks(resend_ay0=True))
    client = make_client(acs, timeout=2.0)
    client.connect()
    while client._conn.sequence != (seq - 1) % 10:  # the next request goes out with AY=seq
        client.item_information("B0002")
    acs.quirks.corrupt = (("12", "checksum"),)
    acs._damage = dict(acs.quirks.corrupt)
    out = client.checkout("P0001", "B0001")
    assert out.ok and acs.loan_of("B0001")[0] == "P0001"
    assert acs.received_codes().count("11") == 1 and acs.received_codes().count("97") == 1


@pytest.mark.parametrize("code", ["94", "98", "12"])
@pytest.mark.parametrize("how", RECOVERED)
def test_a_damaged_answer_is_asked_again_once(make_acs, make_client, code: str, how: str) -> None:
    acs = make_acs(quirks=Quirks(resend_ay0=True, corrupt=((code, how),)))
    client = make_client(acs, timeout=2.0)
    out = client.checkout("P0001", "B0001")
    assert out.ok and out.title_identifier == "三國演義"
    assert acs.loan_of("B0001")[0] == "P0001"
    codes = acs.received_codes()
    assert codes.count("11") == 1 and codes.count("97") == 1
    assert codes.count("93") == 1  # no new link: the 97 was enough


def test_a_truncated_checkout_answer_is_not_taken_as_good(make_acs, make_client) -> None:
    acs = make_acs(quirks=Quirks(resend_ay0=True, corrupt=(("12", "truncated"),)))
    client = make_client(acs, timeout=2.0)
    out = client.checkout("P0001", "B0001")
    assert out.ok and out.due_date and out.title_identifier == "三國演義"
    assert acs.received_codes().count("97") == 1


@pytest.mark.parametrize("how", LOST)
def test_a_lost_checkout_answer_is_resolved_by_asking_the_ils(make_acs, make_client,
                                                             how: str) -> None:
    acs = make_acs(quirks=Quirks(resend_ay0=True, acs_timeout=5, corrupt=(("12", how),)))
    client = make_client(acs, min_timeout=0.1)
    out = client.checkout("P0001", "B0001")
    assert isinstance(out, CheckoutResponse) and out.ok
    assert out.title_identifier == "三國演義" and out.due_date
    codes = acs.received_codes()
    assert codes.count("11") == 1  # no second checkout
    assert codes[codes.index("11"):].count("63") == 1 and "17" in codes[codes.index("11"):]
    assert acs.loan_of("B0001")[0] == "P0001"


def test_a_checkout_never_made_is_still_an_error_after_asking(make_acs, make_client) -> None:
    # not applied, so sent once more (sync.ils.sip2.lost); never answered either: an error
    acs = make_acs(quirks=Quirks(acs_timeout=5, silent_codes=("11",)))
    client = make_client(acs, min_timeout=0.1)
    with pytest.raises(AnswerLost):
        client.checkout("P0001", "B0001")
    codes = acs.received_codes()
    assert codes.count("11") == 2 and "63" in codes[codes.index("11"):]
    assert acs.loan_of("B0001")[0] is None


def test_a_checkout_that_never_arrived_is_sent_once_more(make_acs, make_client) -> None:
    acs = make_acs(quirks=Quirks(acs_timeout=5, corrupt=(("12", "unheard"),)))
    client = make_client(acs, min_timeout=0.1)
    out = client.checkout("P0001", "B0001")
    assert out.ok and out.renewal_ok is False and out.title_identifier == "三國演義"
    assert acs.received_codes().count("11") == 2 and acs.loan_of("B0001")[0] == "P0001"


@pytest.mark.parametrize("code", ["94", "98"])
@pytest.mark.parametrize("how", LOST)
def test_a_lost_answer_before_the_checkout_sends_no_checkout(make_acs, make_client, code: str,
                                                             how: str) -> None:
    acs = make_acs(quirks=Quirks(acs_timeout=5, corrupt=((code, how),)))
    client = make_client(acs, timeout=0.3, min_timeout=0.1)
    with pytest.raises((SIP2Timeout, SIP2ConnectionError, LoginRefused)):
        client.checkout("P0001", "B0001")
    assert "11" not in acs.received_codes() and acs.loan_of("B0001")[0] is None
    assert client.checkout("P0001", "B0001").ok  # the next try goes through, once
    assert acs.received_codes().count("11") == 1


def test_a_login_that_times_out_is_a_timeout(make_acs, make_client) -> None:
    acs = make_acs(quirks=Quirks(silent_codes=("93",)))
    with pytest.raises(SIP2Timeout, match="login"):
        make_client(acs, timeout=0.3).connect()


def test_the_configured_timeout_is_a_ceiling(make_acs, make_client) -> None:
    # the ACS says 60 s (600 tenths) and never answers item information: we wait 0.5 s
    acs = make_acs(quirks=Quirks(acs_timeout=600, silent_codes=("17",)))
    client = make_client(acs, timeout=0.5, reconnects=0)
    client.connect()
    started = time.monotonic()
    with pytest.raises(SIP2Timeout, match="0.5 s"):
        client.item_information("B0001")
    assert time.monotonic() - started < 2


def test_retries_exhausted_still_fail_verification(make_acs, make_client) -> None:
    acs = make_acs(quirks=Quirks(bad_checksums=-1, retries=2, resend_ay0=True))
    with pytest.raises(VerificationError):
        make_client(acs).connect()


def _cli(acs: TestACS, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "rfid_edge", "sip2", "--host", acs.host, "--port",
           str(acs.port), "--user", "kiosk", "--password", "secret", "--institution", "TPML",
           "--timeout", "0.5", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


def test_cli_login_timeout_is_exit_4_not_login_refused(make_acs) -> None:
    r = _cli(make_acs(quirks=Quirks(silent_codes=("93",))), "status")
    assert r.returncode == 4 and r.stderr.startswith("rfid-edge: timeout:"), r.stderr
    assert "refused" not in r.stderr


def test_cli_checkout_sends_the_patron_pin(make_acs) -> None:
    acs = make_acs()
    r = _cli(acs, "checkout", "P0001", "B0001", "1234")
    assert r.returncode == 0, r.stderr
    (sent,) = [m for m in acs.received if m.CODE == "11"]
    assert sent.patron_password == "1234"
    wrong = _cli(acs, "checkout", "P0001", "B0002", "9999")
    assert wrong.returncode == 0 and '"ok": false' in wrong.stdout
    assert acs.loan_of("B0002")[0] is None


def test_a_checkout_answer_failing_every_resend_is_resolved_not_retried(make_acs,
                                                                       make_client) -> None:
    # the ACS made the checkout; its answer and every resend of it fail the checksum (three
    # retries allowed): "bad checksum, retry later" would lend the book twice
    acs = make_acs(quirks=Quirks(resend_ay0=True, retries=3))
    client = make_client(acs)
    client.connect()
    acs._bad_left = 4  # the 12 and its three resends
    out = client.checkout("P0001", "B0001")
    assert out.ok and out.title_identifier == "三國演義"
    codes = acs.received_codes()
    assert codes.count("11") == 1 and codes.count("97") == 3
    assert "63" in codes[codes.index("11"):]
