"""The handheld on a pty: FEIG ISC firmware over the shelf's moving field.

``start_shelf_reader(spec, realistic=...)`` is the runner factory of ``protocol = "shelf"``
(:mod:`hwsim.emulators`); the scenario table's keys::

    [[readers]]
    name = "handheld"
    protocol = "shelf"
    baud = 115200                 # FEIG handhelds over USB / Bluetooth serial
    walks = 1                     # walk the whole shelf this often (0: walked by the caller)
    start_s = 1.0                 # the first walk starts this long after start
    lift_s = 1.0                  # the wand lifted between walks
    truth = "/tmp/truth.json"     # optional: where the ground truth is written
    shelf_list = "/tmp/shelf.csv" # optional: where the shelf list is written
    shelf = { ranges = 4, items_per_range = 40, seed = 1, miss_rate = 0.03 }   # ShelfSettings

The driver opens it as any FEIG reader (``feig://PORT?baud=115200``). In instant mode the
shelf's clock is the reader's charged air and line time, so walking speed stays true relative
to the air interface; in realistic mode it is wall time.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

from hwsim.feig.firmware import FeigFirmware
from hwsim.iso15693.timing import AirTiming
from hwsim.runner import RunningReader, default_link
from hwsim.serial_pty import PtyServer, Reply
from hwsim.shelf.field import ShelfField, SimClock, Walker
from hwsim.shelf.layout import Layout, ShelfSettings, build_layout

__all__ = ["ShelfFirmware", "ShelfReader", "start_shelf_reader"]

DEFAULT_BAUD = 115200


class ShelfFirmware:
    """A FEIG firmware whose every reply charges its air and line time to the shelf's clock."""

    def __init__(self, inner: FeigFirmware, clock: SimClock, baud: int) -> None:
        self.inner = inner
        self.clock = clock
        self.per_byte = 10 / baud
        self.air_s = 0.0
        self.line_s = 0.0

    def receive(self, data: bytes) -> list[Reply]:
        replies = self.inner.receive(data)
        line = len(data) * self.per_byte
        for reply in replies:
            line += len(reply.data) * self.per_byte
            self.air_s += reply.air_s
        self.line_s += line
        if self.clock.virtual:
            self.clock.charge(sum(r.air_s for r in replies) + line)
        return replies


@dataclasses.dataclass(kw_only=True, eq=False)
class ShelfReader(RunningReader):
    """The running handheld and its shelf (layout, clock, walker, field)."""

    layout: Layout | None = None
    clock: SimClock | None = None
    walker: Walker | None = None
    truth_path: str = ""
    shelf_list_path: str = ""

    def describe(self) -> dict[str, Any]:
        return {**super().describe(), "url": f"feig://{self.port}?baud={self.spec.get('baud', DEFAULT_BAUD)}",
                "truth": self.truth_path, "shelf_list": self.shelf_list_path}

    def walk_all(self, *, delay_s: float = 0.0) -> float:
        """Walk the whole shelf once (after any walk queued); returns when it ends."""
        assert self.walker is not None and self.layout is not None
        return self.walker.walk(-0.2, self.layout.length_m + 0.2, delay_s=delay_s)


def start_shelf_reader(spec: dict[str, Any], *, realistic: bool = True, **_: Any) -> ShelfReader:
    """Build the shelf, write its truth and shelf list, serve the handheld on a pty."""
    settings = ShelfSettings.from_mapping(dict(spec.get("shelf", {})))
    layout = build_layout(settings)
    clock = SimClock(virtual=not realistic)
    walker = Walker(clock, speed=settings.speed_m_s, lift_s=float(spec.get("lift_s", 1.0)))
    field = ShelfField(layout.books, settings, clock, walker)
    baud = int(spec.get("baud", DEFAULT_BAUD))
    firmware = ShelfFirmware(FeigFirmware(field, timing=AirTiming(realistic=True), **dict(spec.get("options", {}))),
                             clock, baud)
    name = str(spec.get("name", "handheld"))
    own_dir = not spec.get("port")
    link = default_link(name) if own_dir else Path(spec["port"])
    truth = Path(spec.get("truth") or link.parent / "truth.json")
    shelf_list = Path(spec.get("shelf_list") or link.parent / "shelf.csv")
    truth.write_text(layout.truth_json(), encoding="utf-8")
    shelf_list.write_text(layout.shelf_list_csv(), encoding="utf-8")
    # the air time is charged to the clock by the firmware; the pty sleeps it only when realistic
    server = PtyServer(firmware, link=link, baud=baud, realistic=realistic).start()
    reader = ShelfReader(
        name=name, protocol="feig", port=server.port, field=field, server=server, firmware=firmware,
        spec=dict(spec) | {"baud": baud}, layout=layout, clock=clock, walker=walker,
        truth_path=str(truth), shelf_list_path=str(shelf_list),
        on_stop=(lambda: shutil.rmtree(link.parent, ignore_errors=True)) if own_dir else None,
    )
    start_s = float(spec.get("start_s", 1.0))
    for k in range(int(spec.get("walks", 1))):
        reader.walk_all(delay_s=start_s if k == 0 else 0.0)
    return reader
