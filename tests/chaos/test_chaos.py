"""A short run of `rfid-edge bench chaos`: real processes (mosquitto, two bridges, uplinks)
SIGKILLed and SIGSTOPped at random lose, double and strand nothing, and the live ILS equals its
journal replayed once in order."""

from __future__ import annotations

import random

from rfid_edge.bench import chaos


def test_short_chaos_run_keeps_the_invariants() -> None:
    figures = chaos.run(["--seconds", "15", "--devices", "4", "--bridges", "2", "--rate", "25",
                         "--kill-every", "0.7", "--seed", "7", "--drain-timeout", "60"])
    assert figures["transactions"] >= 300
    assert figures["kills_total"] >= 8, figures["kills"]
    assert {k.split("_")[1] for k in figures["kills"]} >= {"bridge", "uplink"}, figures["kills"]
    assert figures["lost"] == 0
    assert figures["duplicated"] == 0
    assert figures["stuck"] == 0
    assert figures["journal_unapplied"] == 0
    assert figures["state_match"] is True
    assert figures["applied"] + figures["rejected"] == figures["transactions"]


def test_the_load_returns_only_what_is_on_loan() -> None:
    """Check-ins and renewals name items the load lent (and renewals their borrower)."""
    from sync.ils import seed
    from sync.messages import Checkin, Checkout, Renew

    load = chaos.Load(seed.demo_data(items=200, patrons=20), random.Random(1))
    lent: dict[str, str] = {}
    kinds = set()
    for _ in range(2000):
        msg = load.next()
        kinds.add(type(msg))
        if isinstance(msg, Checkout):
            lent[msg.item_id] = msg.patron_id
        elif isinstance(msg, Checkin):
            assert lent.pop(msg.item_id, None) is not None
        else:
            assert isinstance(msg, Renew) and lent[msg.item_id] == msg.patron_id
    assert kinds == {Checkout, Checkin, Renew}
