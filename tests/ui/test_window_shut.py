"""KioskWindow.shut: code closes the kiosk window for good; a close request from outside does not."""

from __future__ import annotations


def test_close_is_refused_but_shut_closes(make_ui) -> None:
    ui = make_ui()
    ui.win.close()  # Alt+F4, a window manager: the kiosk stays
    assert ui.win.isVisible()
    ui.win.shut()
    assert not ui.win.isVisible()
