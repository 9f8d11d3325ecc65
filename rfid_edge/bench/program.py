"""Tag programming on a simulated FEIG reader in realistic timing: a cart of items, each with a
blank tag placed when the station asks, programmed through the batch station (identify, write,
read back, compare, AFI, journal) — against the air-time floor of writing and verifying the
same images.

Figures: ``items_per_min`` over the whole batch; ``floor_s`` the time the simulated reader
needs for exactly the image writes and their read-backs (ISO 15693 air time plus the requests and
replies on the serial line, ``rf_floor_s`` the air part alone) — no station can program these
items in less; ``ratio`` = ``wall_s`` / ``floor_s``, the issue's definition (goal ≤ 1.2).
``station_air_s`` is the reader time of every command the station sent, split into
``floor_s``, ``afi_s`` (the Write AFI of each tag), ``dsfid_s`` (the Write DSFID ISO 28560-2
prescribes; zero for the other models) and ``find_and_check_s`` (the inventory
that finds the tag and the one-block read that checks it is blank before anything is written):
``station_air_over_floor`` is what those cost on top of the writes, ``wall_over_station_air``
what the software adds on top of its commands.

A second floor, ``floor_with_afi_s`` = ``floor_s`` + ``afi_s``, and ``ratio_with_afi``: every
programmed tag needs its AFI written (invariant 2: the security marker agrees with the loan
state; a factory-blank tag's AFI is ``00``, which no gate alarms on), so a Write AFI is as much
part of programming a tag as the image is, and no station can set it in less. On this simulator
(one-tag items, ISO 28560-3's 34 bytes in 9 blocks, 38400 baud) the AFI alone is ~11 % of the
write+verify floor and finding and checking the tag another ~24 %: ``ratio`` cannot reach 1.2
for a station that finds and checks a tag before writing it and sets its AFI (the reader time of
those steps alone is ~1.35 × the floor), while ``wall_over_station_air`` measures what the
station's software adds to the reader time of every step the issue requires. Best of
``--rounds``. Example::

    rfid-edge bench program --json -- --items 20 --model iso28560-3
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

DESCRIPTION = "tag programming station: items per minute vs the write+verify air-time floor"

GOAL = 1.2


def _one_round(items: int, model: str) -> dict[str, Any]:
    from drivers.registry import open_reader
    from hwsim.iso15693.tag import Iso15693Tag
    from hwsim.runner import start_serial_reader
    from inventory_scanner.programming import session as s
    from inventory_scanner.programming.journal import BatchJournal
    from inventory_scanner.programming.settings import ProgrammingSettings
    from inventory_scanner.programming.station import Station

    sim = start_serial_reader({"name": "bench-program", "protocol": "feig"}, realistic=True)
    server, field = sim.server, sim.field
    assert server is not None and field is not None
    cart = {f"3123400{i:07d}": Iso15693Tag(f"E0040100{0x20000000 + i:08X}") for i in range(items)}

    def reader_time() -> tuple[float, float]:
        return server.air_total_s, server.line_total_s

    class Measured(Station):
        """The station, adding up the reader time of its image writes and read-backs (the
        floor: air, line) and of its AFI and DSFID writes."""

        floor = [0.0, 0.0]
        afi = 0.0
        dsfid = 0.0

        def _perform(self, command: s.Command) -> s.Event:
            air0, line0 = reader_time()
            event = super()._perform(command)
            air1, line1 = reader_time()
            if isinstance(command, s.WriteImage | s.ReadBack):
                self.floor[0] += air1 - air0
                self.floor[1] += line1 - line0
            elif isinstance(command, s.WriteAfi):
                self.afi += (air1 - air0) + (line1 - line0)
            elif isinstance(command, s.WriteDsfid):
                self.dsfid += (air1 - air0) + (line1 - line0)
            return event

    def place(event: dict[str, Any]) -> None:
        if event["event"] == "place":
            field.clear()
            field.place(cart[event["item_id"]])

    try:
        with open_reader(f"feig://{sim.port}?timeout=2.0") as reader, \
                tempfile.TemporaryDirectory() as tmp:
            settings = ProgrammingSettings(model=model, settle_s=0.0, place_timeout_s=10.0)
            station = Measured(reader, settings=settings, owner=None if model == "3m" else "TW-TPML",
                               emit=place)
            station.floor = [0.0, 0.0]
            with BatchJournal(Path(tmp) / "bench.sqlite") as journal:
                air0, line0 = reader_time()
                t0 = time.perf_counter()
                report = station.run_batch(journal, [(item_id, 1) for item_id in cart])
                wall = time.perf_counter() - t0
                air, line = server.air_total_s - air0, server.line_total_s - line0
    finally:
        sim.stop()
    if len(report["done"]) != items:
        raise RuntimeError(f"programmed {len(report['done'])} of {items} items: {report}")
    rf_floor, line_floor = station.floor
    floor = rf_floor + line_floor
    afi, dsfid = station.afi, station.dsfid
    return {
        "model": model, "items": items, "tags": items, "wall_s": round(wall, 4),
        "items_per_min": round(items / wall * 60, 1),
        "floor_s": round(floor, 4), "rf_floor_s": round(rf_floor, 4),
        "floor_items_per_min": round(items / floor * 60, 1),
        "ratio": round(wall / floor, 3), "goal": GOAL,
        "afi_s": round(afi, 4), "floor_with_afi_s": round(floor + afi, 4),
        "ratio_with_afi": round(wall / (floor + afi), 3),
        "dsfid_s": round(dsfid, 4),
        "find_and_check_s": round(air + line - floor - afi - dsfid, 4),
        "station_air_s": round(air + line, 4),
        "station_air_over_floor": round((air + line) / floor, 3),
        "wall_over_station_air": round(wall / (air + line), 3),
        "image_writes": station.data_writes,
    }


def run(argv: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="rfid-edge bench program")
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--model", choices=("iso28560-3", "iso28560-2", "3m"), default="iso28560-3")
    parser.add_argument("--rounds", type=int, default=3, help="repeat and keep the best round")
    args = parser.parse_args(argv)
    best: dict[str, Any] | None = None
    for _ in range(max(1, args.rounds)):
        figures = _one_round(args.items, args.model)
        if best is None or figures["ratio"] < best["ratio"]:
            best = figures
    assert best is not None
    return best
