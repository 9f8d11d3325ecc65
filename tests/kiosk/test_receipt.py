"""Receipts: text layout in display columns, ESC/POS through the simulated printer on a pty."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from hwsim.printer import EscPosPrinter, start_printer
from kiosk.adapters import SerialPrinter
from kiosk.core import events as E
from kiosk.core.receipt import render_escpos, render_text, text_width

RECEIPT = E.Receipt(
    library="TW-TPML", branch="TPML-MAIN", station="kiosk-01", patron="23****01",
    when=dt.datetime(2026, 3, 4, 10, 30),
    lines=(E.ReceiptLine(action="checkout", item_id="3100000001", title="臺灣歷史的漫長旅程與其他故事集",
                         due_date=dt.date(2026, 3, 25)),
           E.ReceiptLine(action="checkin", item_id="3100000002", sort_bin="transit",
                         destination_branch="TPML-BT")),
    loans_count=3)


def test_text_fits_the_paper_width_with_cjk():
    lines = render_text(RECEIPT, width=32)
    assert all(text_width(x) <= 32 for x in lines)
    assert "  到期 Due: 2026-03-25" in lines and "  轉送 To: TPML-BT" in lines
    assert not any("transit" in x for x in lines)  # the code never, words and the branch
    named = render_text(RECEIPT, width=32, branch_names={"TPML-BT": "北投分館"})
    assert "  轉送 To: 北投分館" in named
    assert text_width("臺灣") == 4


def test_escpos_bytes_print_the_same_text_on_the_simulated_printer(tmp_path):
    server, firmware = start_printer(str(tmp_path / "ttyprinter"))
    try:
        SerialPrinter(server.port).print_receipt(render_escpos(RECEIPT))
        deadline = dt.datetime.now() + dt.timedelta(seconds=5)
        while firmware.cuts == 0 and dt.datetime.now() < deadline:
            pass
    finally:
        server.stop()
    assert firmware.cuts == 1
    assert firmware.pages[0] == render_text(RECEIPT)


def test_escpos_split_anywhere_gives_the_same_page():
    data = render_escpos(RECEIPT)
    for cut in (1, 2, 3, 7, len(data) - 2):
        fw = EscPosPrinter()
        fw.receive(data[:cut])
        fw.receive(data[cut:])
        assert fw.pages == [render_text(RECEIPT)]


@given(st.binary(max_size=300))
def test_printer_never_crashes(data):
    fw = EscPosPrinter()
    fw.receive(data)
    fw.receive(b"\n")
    assert isinstance(fw.printed_text(), str)
