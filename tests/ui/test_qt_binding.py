"""The Qt binding itself: PySide6-Essentials 6.12.0 on Python 3.11 drops a reference to None on
every call of a C++ method returning void, so a kiosk crashes ("deallocating None") after a few
thousand label updates. pyproject excludes that release; this test catches any other like it."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel


def test_void_calls_keep_none_alive(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(500):
        label.setText(str(i))
        QCoreApplication.processEvents()
    assert sys.getrefcount(None) - before > -50  # a leak of one per call would be -1000
