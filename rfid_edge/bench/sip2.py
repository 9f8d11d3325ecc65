"""SIP2: codec throughput, and checkouts per second through a loopback ACS with error detection.

Figures:

* ``codec_msgs_per_s`` - messages encoded and decoded back (a checkout request, a checkout
  response with a Chinese title, a patron information response with item lists), UTF-8 and
  Big5 alternately, checksums on;
* ``checkouts_per_s`` - full checkouts (11 -> verified 12, sequence numbers and checksums) by
  one client through the in-process test ACS on 127.0.0.1;
* ``status_roundtrips_per_s`` - the floor for the same link: SC status (99 -> 98) round trips,
  which the ACS answers without business logic; ``checkout_ratio`` = checkouts / round trips.

Example::

    rfid-edge bench sip2 --json -- --checkouts 2000 --codec-seconds 1
"""

from __future__ import annotations

import argparse
import time
from typing import Any

DESCRIPTION = "SIP2 codec messages/s and checkouts/s through a loopback ACS (checksums on)"


def _codec(seconds: float) -> tuple[int, float]:
    from sync.ils.sip2 import (
        CheckoutRequest,
        CheckoutResponse,
        PatronInformationResponse,
        decode,
        encode,
    )

    samples = [
        CheckoutRequest(institution_id="TPML", patron_identifier="P0001",
                        item_identifier="31234000000017", terminal_password=""),
        CheckoutResponse(ok=True, institution_id="TPML", patron_identifier="P0001",
                         item_identifier="31234000000017", title_identifier="三國演義 第一冊",
                         due_date="20241219    235959", screen_messages=("借閱成功",)),
        PatronInformationResponse(patron_status=" " * 14, institution_id="TPML",
                                  patron_identifier="P0001", personal_name="陳小明",
                                  charged_items_count=3, fee_amount="0.00",
                                  charged_items=("B0001", "B0002", "B0003")),
    ]
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for enc in ("utf-8", "big5"):
            for seq, msg in enumerate(samples):
                frame = decode(encode(msg, encoding=enc, sequence=seq, error_detection=True),
                               encoding=enc)
                if frame.message != msg or not frame.checksum_ok:
                    raise RuntimeError("codec round trip failed")
                count += 1
    return count, time.perf_counter() - start


def run(argv: list[str]) -> dict[str, Any]:
    from hwsim.sip2_server import Item, TestACS
    from sync.ils.sip2.client import SIP2Client

    p = argparse.ArgumentParser(prog="rfid-edge bench sip2")
    p.add_argument("--checkouts", type=int, default=1000)
    p.add_argument("--codec-seconds", type=float, default=1.0)
    args = p.parse_args(argv)

    n_codec, codec_s = _codec(args.codec_seconds)
    n = max(1, args.checkouts)
    with TestACS(encoding="utf-8") as acs:
        for i in range(n):
            acs.items[f"X{i:06d}"] = Item(id=f"X{i:06d}", title=f"書 {i}")
        with SIP2Client(acs.host, acs.port, user="kiosk", password="secret", institution="TPML",
                        location="MAIN", error_detection=True) as client:
            t0 = time.perf_counter()
            for _ in range(n):
                client.sc_status()
            status_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            refused = 0
            for i in range(n):
                if not client.checkout("P0001", f"X{i:06d}").ok:
                    refused += 1
            checkout_s = time.perf_counter() - t0
    if refused:
        raise RuntimeError(f"{refused} checkouts refused by the test ACS")
    checkouts_per_s = n / checkout_s
    status_per_s = n / status_s
    return {
        "codec_msgs_per_s": round(n_codec / codec_s),
        "codec_messages": n_codec,
        "checkouts": n,
        "checkouts_per_s": round(checkouts_per_s, 1),
        "status_roundtrips_per_s": round(status_per_s, 1),
        "checkout_ratio": round(checkouts_per_s / status_per_s, 3),
        "error_detection": True,
    }
