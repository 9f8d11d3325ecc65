"""Patron card identification through the real pcscd, instant simulator mode.

Figures: the median time from a card laid on the simulated reader to the patron identifier
returned by :class:`drivers.pcsc.monitor.PatronWatcher`, split into detection (pcscd polls vpcd
for presence about every 400 ms, so this dominates) and identification (connect + APDUs); and the
per-APDU round trip through pcscd (``FF CA``) against the firmware alone, in-process, as its floor.
"""

from __future__ import annotations

import argparse
import statistics
import time

DESCRIPTION = "card presented → patron identifier, and per-APDU round trip, through the real pcscd"


def _cards(round_no: int):
    from hwsim.pcsc.cards import Type2Tag, Type4Tag, UidCard
    from hwsim.pcsc.runner import patron_vicinity_tag

    pid = f"P{round_no:07d}"
    return [UidCard(f"04{round_no:06X}"), Type2Tag(patron_id=pid), Type4Tag(patron_id=pid),
            patron_vicinity_tag(pid, uid=f"E00401{round_no:010X}")][round_no % 4]


def run(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(prog="rfid-edge bench card")
    parser.add_argument("--rounds", type=int, default=12, help="cards presented (default 12, cycling UID/Type 2/Type 4/ISO 28560-3)")
    parser.add_argument("--apdus", type=int, default=500, help="APDUs for the round-trip figure")
    parser.add_argument("--realistic", action="store_true", help="charge air time in the simulator")
    args = parser.parse_args(argv)

    from drivers.pcsc.monitor import PatronWatcher
    from drivers.pcsc.transport import CardChannel
    from hwsim.pcsc.cards import UidCard
    from hwsim.pcsc.firmware import ReaderFirmware
    from hwsim.pcsc.runner import start_pcsc_reader

    reader = start_pcsc_reader({"name": "bench"}, realistic=args.realistic)
    total, detect, ident, failures = [], [], [], 0
    try:
        with PatronWatcher(f"pcsc://{reader.port}") as watcher:
            watcher.get(5, kinds=("reader-added",))
            for n in range(args.rounds):
                card = _cards(n)
                t0 = time.monotonic()
                reader.present(card)
                presented = watcher.get(10, kinds=("card-presented",))
                result = watcher.get(10, kinds=("patron-identified", "patron-failed"))
                if result.kind != "patron-identified":
                    failures += 1
                else:
                    total.append(result.at - t0)
                    detect.append(presented.at - t0)
                    ident.append(result.at - presented.at)
                reader.remove()
                watcher.get(10, kinds=("card-removed",))

        reader.present(UidCard("04A1B2C3"))
        deadline = time.monotonic() + 5
        while True:
            try:
                channel = CardChannel(reader.port)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        with channel:
            rtt = []
            for _ in range(args.apdus):
                t = time.perf_counter()
                channel.transmit(b"\xff\xca\x00\x00\x00")
                rtt.append(time.perf_counter() - t)
    finally:
        reader.stop()

    fw = ReaderFirmware()
    fw.card = UidCard("04A1B2C3")
    floor = []
    for _ in range(args.apdus):
        t = time.perf_counter()
        fw.handle(b"\xff\xca\x00\x00\x00")
        floor.append(time.perf_counter() - t)

    def ms(values: list[float]) -> float | None:
        return round(statistics.median(values) * 1000, 3) if values else None

    apdu_ms, floor_ms = ms(rtt), ms(floor)
    return {
        "benchmark": "card",
        "mode": "realistic" if args.realistic else "instant",
        "rounds": args.rounds,
        "failures": failures,
        "presented_to_patron_ms_median": ms(total),
        "detection_ms_median": ms(detect),
        "identification_ms_median": ms(ident),
        "apdu_roundtrip_ms_median": apdu_ms,
        "apdu_roundtrip_ms_p95": round(sorted(rtt)[int(len(rtt) * 0.95)] * 1000, 3) if rtt else None,
        "apdu_firmware_ms_median": floor_ms,
        # instant mode only: in realistic mode the round trip includes simulated air time
        "apdu_pcscd_overhead_ratio": round(apdu_ms / floor_ms, 1) if apdu_ms and floor_ms and not args.realistic else None,
        "pcscd_presence_poll_ms": 400,
    }
