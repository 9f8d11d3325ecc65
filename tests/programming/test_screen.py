"""The staff screen (PySide6, offscreen): a thin view over the station on the FEIG pty, in
zh-TW, en, vi and id through Qt translation files."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from drivers.tags import decode, encode, make_item
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.runner import RunningReader
from inventory_scanner.programming.station import Station
from inventory_scanner.programming.ui import i18n
from inventory_scanner.programming.ui.window import ProgrammingWindow
from tests.programming.conftest import blank

WINDOW = Path(i18n.__file__).with_name("window.py")


def _tr_sources() -> set[str]:
    tree = ast.parse(WINDOW.read_text(encoding="utf-8"))
    return {node.args[0].value for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "tr" and node.args and isinstance(node.args[0], ast.Constant)}


@pytest.mark.parametrize("lang", [code for code in i18n.LANGUAGES if code != "en"])
def test_every_text_is_translated(lang: str) -> None:
    ts = (WINDOW.parent / f"tagprog_{lang}.ts").read_text(encoding="utf-8")
    import html
    sources = {html.unescape(s) for s in re.findall(r"<source>(.*?)</source>", ts)}
    assert _tr_sources() <= sources, _tr_sources() - sources
    assert "<translation></translation>" not in ts and 'type="unfinished"' not in ts


@pytest.mark.parametrize(("lang", "word"), [("zh_TW", "永久"), ("en", "permanent"),
                                            ("vi", "vĩnh viễn"), ("id", "permanen")])
def test_the_lock_warning_in_each_language(qtbot, lang: str, word: str) -> None:
    window = ProgrammingWindow(lambda *a: None, language="en")  # type: ignore[arg-type, return-value]
    qtbot.addWidget(window)
    window.set_language(lang)
    assert word in window.lock_warning.text()
    assert window.language.currentData() == lang
    window.set_language("en")


def test_scan_program_and_confirm_a_retag(qtbot, sim: RunningReader,
                                         make_station: Callable[..., Station]) -> None:
    station = make_station()
    window = ProgrammingWindow(
        lambda item, parts, confirm, lock: station.program(item, parts=parts,
                                                           confirm_retag=confirm),
        language="zh_TW")
    station.emit = window.event.emit
    qtbot.addWidget(window)
    sim.place(tag := blank(1))
    qtbot.keyClicks(window.barcode, "31234000123456")
    qtbot.keyClick(window.barcode, Qt.Key.Key_Return)  # the wedge's Enter
    qtbot.waitUntil(lambda: "完成" in window.status.text(), timeout=5000)
    assert decode(tag.read_memory()).primary_item_id == "31234000123456"
    assert window.log.count() >= 3 and window.barcode.text() == ""
    # another item's tag: refused, the screen asks; confirmed, it is re-tagged
    assert sim.field is not None
    sim.field.clear()
    old = encode(make_item("39999000000001", owner_library="TW-NTL"))
    sim.place(other := Iso15693Tag("E004010050000001", memory=old))
    qtbot.keyClicks(window.barcode, "31234000654321")
    qtbot.keyClick(window.barcode, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.confirm.isVisibleTo(window), timeout=5000)
    assert "覆寫" in window.status.text()
    assert other.read_memory()[:len(old)] == old
    qtbot.mouseClick(window.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "完成" in window.status.text(), timeout=5000)
    assert decode(other.read_memory()).primary_item_id == "31234000654321"
    assert not window.confirm.isVisibleTo(window)
