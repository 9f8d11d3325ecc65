"""The demo's scripted patron, through the real touch UI, for ``rfid-edge demo`` without a display.

Two simulated stations run one after the other, each a whole world on its own: mosquitto, the
central bridge over the reference ILS with its demo data, the uplink and the online client, the
FEIG pad emulator behind a pty, the receipt printer emulator — and the kiosk window (offscreen).
The patron borrows two books, takes the receipt (printed once, by itself), opens the account
and renews a loan, then returns a book at the combined station (sorting instruction shown); a
second patron collects a ready hold at the holds-pickup station. Every screen is saved, checked,
into ``out_dir``.

Patrons are identified as at a real kiosk when the PC/SC simulator can run (:func:`patron_cards`):
a library card laid on a simulated contactless reader behind the real pcscd (vpcd), read by the
PC/SC driver. Without pcscd or vpcd the card events are scripted, with a note on stderr.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QAbstractButton

from kiosk.core import events as E
from kiosk.ui import shots
from kiosk.ui.app import KioskWindow, UiOptions

Emit = Callable[[dict[str, Any]], None]


class Driver:
    """Acts on a window like a patron's finger, waiting for the core between steps."""

    def __init__(self, window: KioskWindow, out_dir: Path, emit: Emit, prefix: str) -> None:
        self.win, self.out, self.emit, self.prefix = window, out_dir, emit, prefix
        self.loop = QEventLoop()
        self.count = 0
        self.reports: list[shots.ShotReport] = []

    def pump(self, until: Callable[[], bool], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not until():
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout:.0f} s on screen {self.win.screen_name()}")
            self.loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.002)

    def state(self, state: E.State, timeout: float = 20.0) -> None:
        self.pump(lambda: self.win.model.state is state, timeout)

    def tap(self, button: QAbstractButton) -> None:
        try:
            self.pump(lambda: button.isVisible() and button.isEnabled(), 5.0)
        except TimeoutError as exc:
            raise TimeoutError(f"{exc}: button {button.text()!r} visible={button.isVisible()} "
                               f"enabled={button.isEnabled()}") from None
        button.click()
        self.pump(lambda: True)

    def settle(self, seconds: float = 0.15) -> None:
        end = time.monotonic() + seconds
        self.pump(lambda: time.monotonic() > end)

    def shot(self, name: str, langs: tuple[str, ...] = ("zh_TW", "en")) -> None:
        self.count += 1
        before = self.win.lang
        for lang in langs:
            self.win.set_language(lang, tell_core=False)
            self.settle(0.05)
            path = self.out / f"{self.prefix}-{self.count:02d}-{name}.{lang}.png"
            report = shots.capture(self.win, path)
            self.reports.append(report)
            self.emit({"screen": name, "language": lang, "file": str(path), "ok": report.ok})
        self.win.set_language(before, tell_core=False)


def _outcomes(win: KioskWindow, emit: Emit, flow: str, seen: set[int]) -> None:
    for o in win.model.outcomes:
        if id(o) in seen:
            continue
        seen.add(id(o))
        emit({"flow": flow, "item_id": o.item_id, "title": o.title, "action": o.action,
              "result": o.result, "due_date": o.due_date, "offline": o.offline})


def _window(st: Any) -> KioskWindow:
    opts = UiOptions.from_config(st.config)
    opts.speech = opts.sound = False
    win = KioskWindow(st.core, opts)
    win.resize(1920, 1080)
    win.show()
    return win


@contextlib.contextmanager
def _station(station: str, out_dir: Path, emit: Emit, prefix: str, *, config: Mapping[str, Any],
             mqtt: bool, cards: str, card_reader: Any) -> Iterator[tuple[Any, KioskWindow, Driver]]:
    """A simulated station, its kiosk window at IDLE and a driver; the window closes however the
    script ends (an early return, a timeout)."""
    from kiosk.sim.station import SimStation

    with SimStation(config=config, station=station, mqtt=mqtt, items=200, patrons=40, cards=cards,
                    card_reader=card_reader) as st:
        win = _window(st)
        try:
            d = Driver(win, out_dir, emit, prefix)
            d.state(E.State.IDLE)
            yield st, win, d
        finally:
            win.shut()


def checkout_return_renew(out_dir: Path, emit: Emit, *, config: Mapping[str, Any],
                          mqtt: bool = True, cards: str = "script",
                          card_reader: Any = None) -> list[shots.ShotReport]:
    with _station("combined", out_dir, emit, "combined", config=config, mqtt=mqtt, cards=cards,
                  card_reader=card_reader) as (st, win, d):
        seen: set[int] = set()
        d.shot("idle")
        good = {p.patron_id for p in st.data.good_patrons()}
        with_loans = sorted({p for p, _, _ in st.data.loans} & good)
        # one whose earlier loan the ILS renews (a book borrowed today is not renewed: it
        # would keep its due date), so the renewal screen has something to show
        pid = next((p for p in with_loans if any(lo.renewable for lo in st.ils.account(p).loans)),
                   with_loans[0])
        loans = sorted(i for p, i, _ in st.data.loans if p == pid)
        emit({"flow": "identify", "patron": st.data.patron(pid).name,
              "how": "card on the PC/SC reader" if cards == "pcsc" else "card (scripted)"})
        st.cards.present(pid)
        d.state(E.State.STACK)
        books = [i.item_id for i in st.free_items(2)]
        for b in books:
            st.place(b)
        d.pump(lambda: sum(r.status == E.RowStatus.OK for r in win.model.rows.values()) == 2)
        d.shot("stack")
        d.tap(win.screens["stack"].confirm)
        d.shot("confirm")
        d.tap(win.screens["confirm"].confirm)
        d.state(E.State.DONE)
        d.pump(lambda: win.model.receipt is not None)
        if not st.settings.kiosk.receipt_auto:
            d.tap(win.screens["done"].print)  # else it printed by itself: a tap is a second copy
        d.pump(lambda: win.model.receipt_printed is not None)
        d.shot("done")
        _outcomes(win, emit, "checkout", seen)
        if st.printer_fw is not None:
            st.core.wait_idle()
            d.pump(lambda: st.printer_fw.cuts > 0)
            emit({"flow": "receipt", "printed": st.printer_fw.printed_text(),
                  "copies": st.printer_fw.cuts})
        for b in books:
            st.lift(b)
        st.core.wait_idle()
        st.drain()  # the loans reach the centre (through the bridge when mqtt): the account shows them
        d.tap(win.screens["done"].more)
        d.state(E.State.STACK)
        d.tap(win.screens["stack"].account)
        d.state(E.State.ACCOUNT)
        d.pump(lambda: win.model.account is not None)
        d.shot("account")
        account = win.screens["account"]
        renewable = [lo.item_id for lo in win.model.account.loans if lo.renewable and lo.item_id in account.loans.rows]
        if renewable:
            d.tap(account.loans.rows[renewable[0]].action)
            d.state(E.State.DONE)
            d.pump(lambda: any(o.action == E.ItemAction.RENEW for o in win.model.outcomes))
            d.shot("renewed")
            _outcomes(win, emit, "renewal", seen)
            d.tap(win.screens["done"].more)
        else:
            emit({"flow": "renewal", "skipped": "no renewable loan"})
            d.tap(account.main)
        d.state(E.State.STACK)
        d.tap(win.screens["stack"].returns)
        d.state(E.State.RETURN)
        st.place(loans[0])
        d.pump(lambda: bool(win.model.sorts))
        d.shot("return")
        _outcomes(win, emit, "return", seen)
        for s in win.model.sorts.values():
            emit({"flow": "return", "item_id": s.item_id, "sort_bin": s.bin, "destination": s.destination_branch})
        d.tap(win.screens["return"].finish)
        d.state(E.State.IDLE)
        st.core.wait_idle()
        st.drain()
        emit({"flow": "centre", "on_loan_to_patron": [b for b in books if st.on_loan_to(b) == pid],
              "returned": [loans[0]] if st.on_loan_to(loans[0]) is None else []})
        return d.reports


def holds_pickup(out_dir: Path, emit: Emit, *, config: Mapping[str, Any], mqtt: bool = True,
                 cards: str = "script", card_reader: Any = None) -> list[shots.ShotReport]:
    with _station("holds_pickup", out_dir, emit, "holds", config=config, mqtt=mqtt, cards=cards,
                  card_reader=card_reader) as (st, win, d):
        seen: set[int] = set()
        branch = st.settings.device.branch
        good = {p.patron_id for p in st.data.good_patrons()}
        ready = sorted({p for p, _, pick, s in st.data.holds if s == "ready" and pick == branch} & good)
        if not ready:
            emit({"flow": "holds", "skipped": "no ready hold in the demo data"})
            return d.reports
        pid = ready[0]
        item = sorted(i for p, i, pick, s in st.data.holds if p == pid and s == "ready" and pick == branch)[0]
        st.cards.present(pid)
        d.state(E.State.HOLDS)
        d.pump(lambda: item in win.screens["holds"].list.rows)
        d.shot("holds")
        st.place(item)
        d.pump(lambda: any(r.item_id == item and r.status == E.RowStatus.OK for r in win.model.rows.values()))
        d.tap(win.screens["holds"].list.rows[item].action)
        d.state(E.State.DONE)
        d.pump(lambda: any(o.item_id == item for o in win.model.outcomes))
        d.shot("done")
        _outcomes(win, emit, "holds_pickup", seen)
        st.cards.remove()
        d.state(E.State.IDLE)
        return d.reports


@contextlib.contextmanager
def patron_cards(note: Callable[[str], None], *, wait_s: float = 10.0) -> Iterator[tuple[str, Any]]:
    """The demo's card source: ``("pcsc", reader)`` — a simulated contactless reader behind the
    real pcscd, started here if none runs, shared by the demo's stations and stopped afterwards —
    or ``("script", None)`` when pcscd or vpcd is missing, or no vpcd slot frees up within
    ``wait_s`` (``note`` tells why)."""
    try:
        from hwsim.pcscd import ensure_pcscd

        daemon = ensure_pcscd()
    except Exception as exc:  # pcscd or pyscard missing, vpcd not installed
        note(f"rfid-edge demo: no PC/SC simulator ({exc}); patron cards are scripted instead")
        yield "script", None
        return
    try:
        from kiosk.sim.station import start_card_reader

        reader = start_card_reader(wait_s=wait_s)
    except Exception as exc:  # both vpcd slots held by another process
        daemon.stop()
        note(f"rfid-edge demo: no free PC/SC simulator slot ({exc}); patron cards are scripted")
        yield "script", None
        return
    note(f"rfid-edge demo: patron cards on the simulated PC/SC reader {reader.port!r} (pcscd)")
    try:
        yield "pcsc", reader
    finally:
        reader.stop()
        daemon.stop()


def run_headless(out_dir: Path, emit: Emit, *, config: Mapping[str, Any], mqtt: bool = True,
                 cards: str = "script", card_reader: Any = None) -> dict[str, Any]:
    """The scripted patron through both stations, each started from the device ``config``
    (``rfid_edge.config.load()``). ``cards="pcsc"`` needs ``card_reader`` (from
    :func:`patron_cards`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    kw = {"config": config, "mqtt": mqtt, "cards": cards, "card_reader": card_reader}
    reports = checkout_return_renew(out_dir, emit, **kw) + holds_pickup(out_dir, emit, **kw)
    bad = [str(r.path) for r in reports if not r.ok]
    return {"screenshots": str(out_dir), "screens": len(reports), "failed_checks": bad,
            "cards": cards}
