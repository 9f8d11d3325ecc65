"""The UI entry points: launch.run (hardened window + simulator control), the headless demo,
the systemd unit, and the thread hand-over of core events."""

from __future__ import annotations

import argparse
import configparser
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QThread, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.core import events as E
from kiosk.sim.control import SimControl
from kiosk.sim.demo import run_headless
from kiosk.ui import launch
from kiosk.ui.app import EXIT_STAFF, KioskWindow
from rfid_edge import config as configuration

UNIT = Path(launch.__file__).parent / "deploy" / "rfid-edge-kiosk.service"


def test_core_events_reach_the_ui_thread(make_ui) -> None:
    ui = make_ui("self_checkout")
    threads: list[tuple[bool, bool]] = []
    original = ui.win.on_event

    def spy(event):
        threads.append((QThread.currentThread() is QCoreApplication.instance().thread(),
                        threading.current_thread() is threading.main_thread()))
        original(event)

    ui.win.bridge.event.disconnect()
    ui.win.bridge.event.connect(spy)
    core_threads: list[str] = []
    ui.sim.core.subscribe(lambda e: core_threads.append(threading.current_thread().name))
    ui.sim.cards.present(ui.sim.patron().patron_id)
    ui.wait_state(E.State.STACK)
    assert threads and all(a and b for a, b in threads)
    assert core_threads and all(name == "kiosk-core" for name in core_threads)


def test_launch_runs_the_kiosk_with_the_simulator_control(qapp, tmp_path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[kiosk]\nstation = "combined"\n[kiosk.ui]\nfullscreen = true\nspeech = false\nsound = false\n')
    seen: dict[str, object] = {}

    def inspect() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        kiosk = next(w for w in windows if isinstance(w, KioskWindow))
        control = next(w for w in windows if isinstance(w, SimControl))
        seen["fullscreen"] = kiosk.isFullScreen()
        seen["station"] = kiosk.model.station
        seen["names"] = kiosk.options.branch_names
        control.book_buttons[0].setChecked(True)  # place a book by mouse: a return starts
        seen["kiosk"] = kiosk
        kiosk.close()  # refused: the kiosk stays up
        seen["after_close"] = kiosk.isVisible()

        def done() -> None:
            seen["state"] = kiosk.model.state
            seen["rows"] = len(kiosk.model.rows)
            QCoreApplication.exit(EXIT_STAFF)

        QTimer.singleShot(0, lambda: _wait_rows(kiosk, done))

    QTimer.singleShot(300, inspect)
    code = launch.run(argparse.Namespace(config=str(config), realistic=False, mqtt=False),
                      config=configuration.load(config))
    assert code == EXIT_STAFF
    assert seen["fullscreen"] is True and seen["after_close"] is True
    assert seen["station"] is E.StationType.COMBINED
    # the simulated launcher names the seed's branches (the screens show names, not codes)
    assert seen["names"]["TPML-BT"] == "北投分館"
    assert seen["state"] is E.State.RETURN and seen["rows"] == 1
    QApplication.restoreOverrideCursor()


def _wait_rows(kiosk, then, tries: int = 200) -> None:
    if kiosk.model.rows or tries == 0:
        then()
    else:
        QTimer.singleShot(50, lambda: _wait_rows(kiosk, then, tries - 1))


def test_headless_demo_script(qapp, tmp_path) -> None:
    lines: list[dict] = []
    summary = run_headless(tmp_path / "screens", lines.append, config=configuration.load(None),
                           mqtt=False)
    assert summary["failed_checks"] == [] and summary["screens"] >= 16
    flows = {(x.get("flow"), x.get("action"), x.get("result")) for x in lines if "action" in x}
    assert ("checkout", "checkout", "done") in flows
    assert ("renewal", "renew", "done") in flows
    assert ("return", "checkin", "done") in flows
    assert ("holds_pickup", "hold_pickup", "done") in flows
    receipt = next(x for x in lines if x.get("flow") == "receipt")
    assert receipt["copies"] == 1  # printed automatically, not again by the script's tap
    centre = next(x for x in lines if x.get("flow") == "centre")
    assert len(centre["on_loan_to_patron"]) == 2 and len(centre["returned"]) == 1
    pngs = sorted(p.name for p in (tmp_path / "screens").glob("*.png"))
    assert any(n.endswith(".zh_TW.png") for n in pngs) and any(n.endswith(".en.png") for n in pngs)


def test_systemd_unit_restarts_but_not_after_staff_exit() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(UNIT)
    service = unit["Service"]
    assert service["Restart"] == "always"
    assert int(service["RestartPreventExitStatus"]) == EXIT_STAFF
    assert "rfid-edge kiosk" in service["ExecStart"]


def test_demo_identifies_patrons_through_pcscd_else_falls_back(qapp, tmp_path) -> None:
    from hwsim.pcsc.vpcd import SlotBusy
    from kiosk.sim.demo import holds_pickup, patron_cards
    from kiosk.sim.station import start_card_reader

    notes: list[str] = []
    with patron_cards(notes.append) as (cards, reader):
        assert cards == "pcsc" and reader.port in notes[-1]
        lines: list[dict] = []
        reports = holds_pickup(tmp_path, lines.append, config=configuration.load(None), mqtt=False,
                               cards=cards, card_reader=reader)
        assert reports and all(r.ok for r in reports)
        assert any(x.get("action") == "hold_pickup" and x.get("result") == "done" for x in lines)
        try:  # the other vpcd slot too: a second demo now finds none free
            blocker = start_card_reader(wait_s=2)
        except SlotBusy:
            blocker = None  # another process holds it already: same situation
        try:
            with patron_cards(notes.append, wait_s=0.2) as (fallback, none):
                assert (fallback, none) == ("script", None)
            assert "scripted" in notes[-1]
        finally:
            if blocker is not None:
                blocker.stop()
