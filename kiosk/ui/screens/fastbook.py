"""FastBook: browse the station's stock, select, then watch the dispenser deliver."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QScrollArea, QSizePolicy, QWidget

from kiosk.core import commands as cmd
from kiosk.ui import texts
from kiosk.ui.model import ViewModel
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.stack import MARK
from kiosk.ui.widgets import RowList, TouchButton, label


class FastBookScreen(Screen):
    name = "fastbook"

    def __init__(self, view) -> None:
        super().__init__(view)
        self.sub = label("", "title")
        self.body.addWidget(self.sub)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(14)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.scroll.setWidget(self.grid_host)
        self.body.addWidget(self.scroll, 1)
        self.tiles: dict[str, TouchButton] = {}
        self.selected: set[str] = set()
        self.finish = self.button(on_click=lambda: self.submit(cmd.EndSession()))
        self.dispense = self.button(primary=True, on_click=self._dispense)

    def _dispense(self) -> None:
        if self.selected:
            self.submit(cmd.FastBookSelect(item_ids=tuple(sorted(self.selected))))

    def _toggle(self, item_id: str, on: bool) -> None:
        (self.selected.add if on else self.selected.discard)(item_id)
        self.render(self.view.model)

    def render(self, m: ViewModel) -> None:
        titles = m.catalogue.titles if m.catalogue else ()
        quota = m.catalogue.quota_left if m.catalogue else None
        self.heading.setText(self.tr("FastBook: choose your books"))
        text = self.tr("Touch a book to select it.")
        if quota is not None:
            text += " " + self.tr("You can take %n more here today.", "", quota)
        self.sub.setText(text)
        ids = {t.item_id for t in titles}
        self.selected &= ids
        for item_id in list(self.tiles):
            if item_id not in ids:
                self.tiles.pop(item_id).deleteLater()
        cols = 2 if self.view.height() > self.view.width() else 3
        for i, t in enumerate(titles):
            tile = self.tiles.get(t.item_id)
            if tile is None:
                tile = TouchButton()
                tile.setCheckable(True)
                tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
                tile.toggled.connect(lambda on, i=t.item_id: self._toggle(i, on))
                self.tiles[t.item_id] = tile
            self.grid.addWidget(tile, i // cols, i % cols)
            badge = self.tr("Reserved for you") if t.reserved_for_patron else (
                self.tr("Slot %1").replace("%1", str(t.slot)) if t.available else self.tr("Not available"))
            tile.setText(f"{t.title or t.item_id}\n{badge}")
            tile.setEnabled(t.available or t.reserved_for_patron)
            tile.blockSignals(True)
            tile.setChecked(t.item_id in self.selected)
            tile.blockSignals(False)
            tile.setFixedHeight(max(tile.minimumHeight() * 3, tile.sizeHint().height() + 40))
        n = len(self.selected)
        over = quota is not None and n > quota
        self.dispense.setText(self.tr("Dispense %n book(s)", "", n))
        self.dispense.setEnabled(n > 0 and not over)
        self.finish.setText(self.tr("Finish"))

    def prompt(self, m: ViewModel) -> str:
        return self.heading.text()


class DispenseScreen(Screen):
    name = "dispense"

    def __init__(self, view) -> None:
        super().__init__(view)
        self.sub = label("", "title")
        self.body.addWidget(self.sub)
        self.list = RowList(follow=True)
        self.body.addWidget(self.list, 1)

    def render(self, m: ViewModel) -> None:
        self.heading.setText(self.tr("Dispensing"))
        stages = [p.stage for p in m.dispense.values()]
        if "delivered" in stages:
            self.sub.setText(texts.words(texts.DISPENSE, "delivered"))
        else:
            self.sub.setText(self.tr("Please wait while FastBook fetches your books."))
        titles = {t.item_id: t.title for t in (m.catalogue.titles if m.catalogue else ())}
        for slot, p in sorted(m.dispense.items()):
            row, _ = self.list.row(str(slot))
            tone = {"moving": "muted", "delivered": "ok", "verified": "ok", "failed": "error"}.get(p.stage, "muted")
            detail = texts.words(texts.DISPENSE, p.stage, p.reason)
            row.set(title=titles.get(p.item_id) or p.item_id, detail=detail, tone=tone, mark=MARK[tone])
        for key in list(self.list.rows):
            if int(key) not in m.dispense:
                self.list.remove(key)

    def prompt(self, m: ViewModel) -> str:
        return self.sub.text()
