"""A patron identified and a 10-item stack checked out with the security marker cleared and
verified, on the simulated FEIG pad in realistic timing, through the whole kiosk core.

Figures: ``wall_s`` from the ten tags entering the pad to the last item confirmed done (loan
in the outbox, AFI written and read back); ``air_s`` the simulator's floor over the same span —
the ISO 15693 air time the pad charged plus its replies' time on the serial wire (the same floor
as ``bench stack``), counting the continuous inventories the pad keeps running;
``overhead_ratio`` = wall_s / air_s (goal ≤ 1.2); ``tag_to_confirm_p50_ms`` / ``_p95_ms`` from a
tag entering the field to its item confirmed in the session (its stack row turning "ok");
``pad_reads`` library-data reads the pad sent (one per tag: the pad caches them while the tag
stays) and ``inventory_rounds`` the scanner's rounds over the same span.

The pad is :class:`kiosk.adapters.ReaderPad`: :class:`drivers.scan.Scanner` for entered/left,
tag operations ahead of the next inventory round, ISO 28560-3 read as its 34-byte basic block
(9 blocks) instead of the whole memory. Example::

    rfid-edge bench kiosk --json
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

DESCRIPTION = "kiosk: identify + 10-item checkout with verified security, realistic timing"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run(argv: list[str]) -> dict[str, Any]:
    from kiosk.core import commands as C
    from kiosk.core import events as E
    from kiosk.sim.station import SimStation
    from rfid_edge import config

    parser = argparse.ArgumentParser(prog="rfid-edge bench kiosk")
    parser.add_argument("--items", type=int, default=10)
    args = parser.parse_args(argv)
    entered: dict[str, float] = {}
    confirmed: dict[str, float] = {}

    def on_event(ev: E.Event) -> None:
        if isinstance(ev, E.StackRow) and ev.status == E.RowStatus.OK and ev.uid not in confirmed:
            confirmed[ev.uid] = time.monotonic()

    with SimStation(config=config.load(None), realistic=True, printer=False, listeners=(on_event,),
                    overrides={"kiosk": {"idle_timeout_s": 600}}) as st:
        assert st.pad_sim.field is not None and st.pad_sim.server is not None
        st.pad_sim.field.subscribe(
            lambda event, tag: entered.setdefault(tag.uid_hex, time.monotonic())
            if event == "enter" else None)
        patron = st.patron()
        t_card = time.monotonic()
        st.cards.present(patron.patron_id)
        st.wait_for(lambda e: isinstance(e, E.StateChanged) and e.state is E.State.STACK)
        identify_s = time.monotonic() - t_card
        items = [i.item_id for i in st.free_items(args.items)]
        tags = [st.tag(i) for i in items]
        server = st.pad_sim.server
        air0, line0 = server.air_total_s, server.line_total_s
        reads0, rounds0 = st.pad.reads, st.pad.rounds
        t0 = time.monotonic()
        for tag in tags:
            st.pad_sim.field.place(tag)
        for item in items:
            st.wait_for(lambda e, i=item: isinstance(e, E.StackRow) and e.item_id == i
                        and e.status == E.RowStatus.OK, timeout=60)
        st.core.submit(C.ConfirmCheckout())
        st.wait_for(lambda e: isinstance(e, E.StateChanged) and e.state is E.State.DONE, timeout=60)
        wall = time.monotonic() - t0
        rf, line = server.air_total_s - air0, server.line_total_s - line0
        reads, rounds = st.pad.reads - reads0, st.pad.rounds - rounds0
        done = [e for e in st.events if isinstance(e, E.ItemOutcome)
                and e.result == E.ItemResult.DONE and e.security_ok]
        afi_ok = sum(1 for t in tags if t.afi == st.config["security"]["afi_on_loan"])
        latencies = [(confirmed[t.uid_hex] - entered[t.uid_hex]) * 1000 for t in tags
                     if t.uid_hex in confirmed and t.uid_hex in entered]
    floor = rf + line
    return {
        "items": args.items, "checked_out_verified": len(done), "afi_cleared": afi_ok,
        "identify_s": round(identify_s, 4), "wall_s": round(wall, 4), "air_s": round(floor, 4),
        "rf_air_s": round(rf, 4), "line_s": round(line, 4),
        "overhead_ratio": round(wall / floor, 3) if floor else None,
        "tag_to_confirm_p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "tag_to_confirm_p95_ms": round(_pct(latencies, 0.95), 1) if latencies else None,
        "pad_reads": reads, "inventory_rounds": rounds,
    }
