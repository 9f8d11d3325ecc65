"""The receipt flow, and the worker thread around the machine: KioskCore on in-memory ports,
a bug failing loudly (issue 13)."""

from __future__ import annotations

import logging
import threading

import pytest

from kiosk.core import KioskCore
from kiosk.core import commands as C
from kiosk.core import events as E
from kiosk.core.ports import PadEvent
from kiosk.settings import KioskSettings, StationSettings
from tests.kiosk.flows.fakes import (
    FakeCentre,
    FakeOffline,
    FakeOutbox,
    FakePad,
    FakePrinter,
    Harness,
)

A = E.ItemAction


def lent(h: Harness) -> list[E.Event]:
    h.pad.add("U1", "3100000001")
    h.centre.item("3100000001", title="Tea")
    h.card()
    h.place("U1")
    return h.submit(C.ConfirmCheckout())


def test_the_receipt_is_printed_as_escpos_after_the_batch() -> None:
    h = Harness(printer=True)
    events = lent(h)
    assert [e.kind for e in events][-3:] == ["state", "receipt", "receipt_printed"]
    assert events[-1] == E.ReceiptPrinted(ok=True)
    (data,) = h.printer.printed  # type: ignore[union-attr]
    assert data.startswith(b"\x1b@\x1c&") and b"3100000001" in data and data.endswith(b"\x1dVB\x03")
    assert h.submit(C.PrintReceipt()) == [E.ReceiptPrinted(ok=True)]
    assert len(h.printer.printed) == 2  # type: ignore[union-attr]


def test_a_printer_error_is_a_notice_and_a_printer_bug_propagates() -> None:
    h = Harness(printer=True)
    h.printer.error = OSError("paper out")  # type: ignore[union-attr]
    assert lent(h)[-2:] == [E.ReceiptPrinted(ok=False, reason="printer_error"),
                            E.Notice(code=E.NoticeCode.RECEIPT_FAILED)]
    h.printer.error = TypeError("bytes expected")  # type: ignore[union-attr]
    with pytest.raises(TypeError):
        h.submit(C.PrintReceipt())


def test_no_automatic_print_when_receipt_auto_is_off() -> None:
    h = Harness(printer=True, receipt_auto=False)
    assert lent(h)[-1].kind == "receipt" and h.printer.printed == []  # type: ignore[union-attr]


def test_kiosk_core_runs_the_machine_on_its_thread_and_a_bug_puts_it_out_of_order(
        caplog: pytest.LogCaptureFixture) -> None:
    pad, centre, outbox = FakePad(), FakeCentre(), FakeOutbox()
    pad.add("U1", "3100000001")
    centre.item("3100000001")
    settings = StationSettings(kiosk=KioskSettings())
    core = KioskCore(settings, centre=centre, outbox=outbox, offline=FakeOffline(), pad=pad,
                     printer=FakePrinter())
    seen: list[tuple[str, E.Event]] = []
    core.subscribe(lambda e: seen.append((threading.current_thread().name, e)))
    with core:
        core.submit(C.IdentifyBarcode(barcode="2300000001"))
        core.pad_event(PadEvent(uid="U1", present=True, at=0.0))
        assert core.wait_idle(5)
        assert core.state is E.State.STACK
        pad.bug = TypeError("bad argument")
        with caplog.at_level(logging.ERROR, logger="kiosk.core.worker"):
            core.submit(C.ConfirmCheckout())
            assert core.wait_idle(5)
    assert {name for name, _ in seen} == {"kiosk-core"}
    events = [e for _, e in seen]
    failed = events.index(E.OutOfOrder(reason="internal", message="bad argument"))
    # the session ends, the station goes out of order (and recovers while the pad answers)
    assert events[failed - 1] == E.StateChanged(state=E.State.IDLE, previous=E.State.PROCESSING)
    assert events[failed + 1] == E.StateChanged(state=E.State.OUT_OF_ORDER, previous=E.State.IDLE)
    assert "kiosk core failed on ConfirmCheckout" in caplog.text and "TypeError" in caplog.text
    assert not any(isinstance(e, E.ItemOutcome) for e in events)
