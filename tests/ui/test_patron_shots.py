"""Screenshots of the fixed patron screens in zh-TW and en (issue 17): drawn with the real CJK
font, not blank, no missing glyph, no label cut off, and each language's picture its own.

The PNGs go to ``build/screenshots/patron/<lang>/``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.core import events as E
from kiosk.ui import shots
from kiosk.ui.app import KioskWindow
from kiosk.ui.widgets import ItemRow
from tests.ui import patron_events as P
from tests.ui.conftest import SHOTS

LANGS = ("zh_TW", "en")

#: name -> (events, the view's own screen to show or None, window options)
SCREENS: dict[str, tuple[Callable[[], list[E.Event]], str | None, dict[str, Any]]] = {
    "stack": (P.stack_two, None, {}),
    "confirm": (P.stack_two, "confirm", {}),
    "done": (P.done_borrowed, None, {}),
    "done-renewed": (P.done_renewed_same_day, None, {}),
    "account": (P.account_screen, None, {}),
    "account-no-name": (P.account_screen, None, {"show_patron_name": "none"}),
    "return": (P.returned, None, {}),
    "holds": (P.holds, None, {"size": (1280, 800)}),
}


def _cut_off(win: KioskWindow) -> list[str]:
    """Visible labels whose text needs more room than they got."""
    out = []
    for lab in win.findChildren(QLabel):
        if not lab.isVisibleTo(win) or not lab.text().strip():
            continue
        if lab.wordWrap():
            if lab.heightForWidth(lab.width()) > lab.height() + 1:
                out.append(lab.text())
        elif lab.fontMetrics().horizontalAdvance(lab.text()) > lab.width() + 1:
            out.append(lab.text())
    return out


def _render(qtbot: Any, name: str, lang: str) -> shots.ShotReport:
    make, local, options = SCREENS[name]
    options = dict(options)
    size = options.pop("size", (1920, 1080))
    win = P.window(qtbot, size=size, language=lang, **options)
    P.feed(win, make())
    if local:
        win.show_local(local)
    assert win.screen_name() == (local or name.split("-")[0])
    rows = win.current_screen.findChildren(ItemRow)
    assert rows, name
    # rows added to a shown list appear on a later turn of the event loop; then the layout settles
    qtbot.waitUntil(lambda: all(r.isVisibleTo(win) for r in rows) and not _cut_off(win), timeout=5000)
    report = shots.capture(win, SHOTS / "patron" / lang / f"{name}.png")
    return report


@pytest.mark.parametrize("name", list(SCREENS))
def test_patron_screen_in_both_languages(qtbot, name: str) -> None:
    reports = {lang: _render(qtbot, name, lang) for lang in LANGS}
    for lang, report in reports.items():
        assert report.ok, (name, lang, report.missing, report.wrong_family, report.ink_ratio)
        assert report.path.stat().st_size > 10_000
    zh, en = reports["zh_TW"], reports["en"]
    assert zh.path.read_bytes() != en.path.read_bytes()
    assert set(zh.texts) != set(en.texts)
    # the English screen speaks English: CJK only in titles and names from the ILS
    cjk = [t for t in en.texts if any("\u4e00" <= ch <= "\u9fff" for ch in t)]
    assert all(any(title in t for title in _data_words()) for t in cjk), cjk


def _data_words() -> tuple[str, ...]:
    """Words that come from the library's data (titles, branch names), not from the UI."""
    return ("小王子", "被討厭的勇氣", "原子習慣", "蛤蟆先生", "臺灣歷史", "預約書 ", "北投", "總館",
            "還在路上", "陳", "中文")
