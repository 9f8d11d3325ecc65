"""`rfid-edge demo`: the whole system on embedded defaults and simulated hardware.

With a display (``$DISPLAY`` or ``$WAYLAND_DISPLAY``) it opens the touch UI of a combined
checkout/return station plus the simulator control window (place/lift books, present cards,
stop the centre). Without one it runs a scripted patron through checkout, renewal, return and
holds pickup on offscreen Qt, prints the outcomes as JSON lines and saves a checked screenshot
of every screen (zh-TW and en) into ``--out`` (default ``demo-output/screens``); then a handheld
sweep of a simulated shelf with problems planted, its summary as JSON lines (``"inventory"``)
and the sweep screen's screenshots in the same folder.

Each station brings up mosquitto, the central bridge over the reference ILS with its demo data,
the uplink, the FEIG pad emulator on a pty, the receipt printer emulator and the kiosk core.
Patron cards go on a simulated contactless reader behind the real pcscd (vpcd) when both are
installed (``make demo`` installs them); otherwise they are scripted, with a note on stderr.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from rfid_edge.commands import load_config
from rfid_edge.output import CommandError, emit, say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="the whole system on simulated hardware (UI, or headless)")
    p.add_argument("--headless", action="store_true", help="scripted patron, no display needed")
    p.add_argument("--out", default="demo-output/screens", help="screenshot folder (headless)")
    p.add_argument("--no-mqtt", action="store_true",
                   help="centre in-process instead of mosquitto + bridge (faster, less real)")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from kiosk.ui import i18n

    i18n.ensure_built()  # the .qm translations are build products
    display = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if display and not args.headless and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        return _with_display(args)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from kiosk.sim.demo import patron_cards, run_headless
    from kiosk.ui.launch import make_app

    make_app()
    out = Path(args.out).resolve()
    config = load_config(args)
    say(f"rfid-edge demo: headless (no display); screenshots go to {out}")
    with patron_cards(say) as (cards, reader):
        summary = run_headless(out, emit, config=config, mqtt=not args.no_mqtt, cards=cards,
                               card_reader=reader)
    emit({"event": "summary", **summary})
    if summary["failed_checks"]:
        raise CommandError(f"{len(summary['failed_checks'])} screenshot(s) failed their checks")
    say(f"rfid-edge demo: {summary['screens']} screenshots in {out}")
    _inventory(out)
    return 0


def _inventory(out: Path) -> dict:
    """The inventory part: a simulated sweep of a shelf with problems planted, on the sweep screen."""
    from hwsim.shelf import start_shelf_reader
    from inventory_scanner.sweep.ui.demo import run_inventory_demo

    say("rfid-edge demo: inventory, a handheld sweep of two simulated shelf ranges with problems planted")
    shelf = start_shelf_reader({"name": "demo-handheld", "walks": 0,
                                "shelf": {"ranges": 2, "items_per_range": 16, "seed": 5, "hard_share": 0.0}},
                               realistic=False)
    try:
        return run_inventory_demo(shelf, out, emit)
    finally:
        shelf.stop()


def _with_display(args: argparse.Namespace) -> int:
    from kiosk.sim.demo import patron_cards
    from kiosk.sim.station import SimStation
    from kiosk.ui.launch import run

    say("rfid-edge demo: starting mosquitto, the central bridge, the simulated readers and a kiosk…")
    config = load_config(args)
    with patron_cards(say) as (cards, reader), SimStation(
            config=config, station="combined", mqtt=not args.no_mqtt, realistic=True, cards=cards,
            card_reader=reader) as station:
        say("rfid-edge demo: use the simulator control window to place books and present cards")
        return run(args, config=config, station=station)
