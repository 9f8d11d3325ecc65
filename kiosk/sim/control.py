"""A small window to play the simulated world by mouse: place/lift books, present/remove cards.

For the demo and for trying the UI on a desk: it drives :class:`kiosk.sim.station.SimStation`
exactly as a scenario does (tags into the FEIG emulator's RF field, cards into the card source,
the broker stopped and started), so the kiosk sees only what real readers would report. It is
a developer tool, in English; the patron-facing kiosk window is the translated one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui import fonts


@dataclass(frozen=True, kw_only=True)
class Book:
    label: str
    item_id: str
    part: int = 1
    kwargs: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True, kw_only=True)
class Card:
    label: str
    patron_id: str


def demo_world(sim: Any) -> tuple[list[Book], list[Card]]:
    """The books and cards worth showing for this station's demo data."""
    data = sim.data
    branch = sim.settings.device.branch
    books = [Book(label=f"{i.title or i.item_id}", item_id=i.item_id) for i in sim.free_items(5)]
    for s in sim.free_items(1, parts=2):
        books += [Book(label=f"{s.title} (part {p}/2)", item_id=s.item_id, part=p) for p in (1, 2)]
    good = {p.patron_id for p in data.good_patrons()}
    with_loans = sorted({p for p, _, _ in data.loans} & good)
    cards = [Card(label=f"Patron {sim.patron(index=0).name}", patron_id=sim.patron(index=0).patron_id)]
    if with_loans:
        pid = with_loans[0]
        cards.append(Card(label=f"Patron with loans {data.patron(pid).name}", patron_id=pid))
        for item in sorted(i for p, i, _ in data.loans if p == pid)[:3]:
            books.append(Book(label=f"{data.item(item).title} (on loan)", item_id=item))
    ready = sorted({p for p, _, pick, st in data.holds if st == "ready" and pick == branch} & good)
    if ready:
        pid = ready[0]
        cards.append(Card(label=f"Patron with a hold {data.patron(pid).name}", patron_id=pid))
        for item in sorted(i for p, i, pick, st in data.holds if p == pid and st == "ready" and pick == branch)[:2]:
            books.append(Book(label=f"{data.item(item).title} (hold)", item_id=item))
    refs = [x for x in data.items if x.item_type == "REF"][:1]
    books += [Book(label=f"{r.title} (reference)", item_id=r.item_id) for r in refs]
    books.append(Book(label="Another library's book", item_id="OTHER-0001", kwargs=(("owner", "TW-XXXX"),)))
    books.append(Book(label="Blank tag", item_id="BLANK-0001", kwargs=(("blank", True),)))
    blocked = [p for p in data.patrons if p.blocked]
    if blocked:
        cards.append(Card(label=f"Blocked patron {blocked[0].name}", patron_id=blocked[0].patron_id))
    return books, cards


class SimControl(QWidget):
    """Buttons per book (place/lift) and per card (present); remove card; offline/online."""

    def __init__(self, sim: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sim = sim
        self.setWindowTitle("rfid-edge simulator control")
        self.setFont(fonts.font(15))
        self.books, self.cards = demo_world(sim)
        self.book_buttons: dict[int, QPushButton] = {}
        outer = QVBoxLayout(self)
        self.status = QLabel("")
        outer.addWidget(self.status)

        pad = QGroupBox("Item pad (FEIG emulator field)")
        grid = QGridLayout(pad)
        for n, book in enumerate(self.books):
            grid.addWidget(QLabel(book.label), n, 0)
            b = QPushButton("Place")
            b.setCheckable(True)
            b.toggled.connect(lambda on, n=n: self.toggle_book(n, on))
            self.book_buttons[n] = b
            grid.addWidget(b, n, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(pad)
        outer.addWidget(scroll, 1)
        lift_all = QPushButton("Lift everything")
        lift_all.clicked.connect(self.lift_all)
        outer.addWidget(lift_all)

        cards = QGroupBox("Card reader")
        col = QVBoxLayout(cards)
        self.card_buttons: list[QPushButton] = []
        for card in self.cards:
            b = QPushButton(f"Present: {card.label}")
            b.clicked.connect(lambda _=False, c=card: self.present(c))
            self.card_buttons.append(b)
            col.addWidget(b)
        remove = QPushButton("Remove card")
        remove.clicked.connect(self.remove_card)
        col.addWidget(remove)
        outer.addWidget(cards)

        net = QHBoxLayout()
        self.offline_button = QPushButton("Stop the centre (offline)")
        self.offline_button.setCheckable(True)
        self.offline_button.toggled.connect(self.set_offline)
        net.addWidget(self.offline_button)
        outer.addLayout(net)
        self.resize(520, 760)

    # the actions: each is what a patron or a cable would do to the real thing
    def toggle_book(self, n: int, on: bool) -> None:
        book = self.books[n]
        if on:
            self.sim.place(book.item_id, part=book.part, **dict(book.kwargs))
            self.book_buttons[n].setText("Lift")
            self.status.setText(f"placed {book.label}")
        else:
            self.sim.lift(book.item_id, part=book.part)
            self.book_buttons[n].setText("Place")
            self.status.setText(f"lifted {book.label}")

    def lift_all(self) -> None:
        for b in self.book_buttons.values():
            b.setChecked(False)

    def present(self, card: Card) -> None:
        self.sim.cards.present(card.patron_id)
        self.status.setText(f"card presented: {card.label}")

    def remove_card(self) -> None:
        self.sim.cards.remove()
        self.status.setText("card removed")

    def set_offline(self, on: bool) -> None:
        # stopping/starting mosquitto blocks for a moment: never on the UI thread
        threading.Thread(target=self.sim.go_offline if on else self.sim.go_online, daemon=True).start()
        self.offline_button.setText("Start the centre (online)" if on else "Stop the centre (offline)")
