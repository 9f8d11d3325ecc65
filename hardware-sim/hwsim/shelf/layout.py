"""The shelf: ranges of books at positions, their tags, the planted problems and the truth.

Everything is drawn from one seed, so a scenario, a test and the benchmark agree on what stands
where. Call numbers are 中國圖書分類法-style ``ccl`` numbers (class, four-digit author number)
in shelf order by construction. Per range, the problems are planted where the truth stays
unambiguous: a book out of order stands five books from its place (a swap of two
neighbours has two equally minimal fixes), and no other problem falls inside that window.

Planted per range (counts configurable): ``missing`` (listed available, not on the shelf),
``misplaced`` (a book of another location shelved here), ``out_of_order``, ``on_loan`` (listed
on loan, shelved, its AFI saying on loan), ``wrong_afi`` (available, AFI saying on loan),
``blank`` (a factory-blank tag), ``foreign`` (another library's tag); and a shelf-marker tag
at each range start (ISO 28560-2, type of usage 9 "equipment", item id ``SHELF-<range>``,
shelf location = the range's first call number).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
from dataclasses import asdict, dataclass, fields
from typing import Any

from drivers.tags import Item, encode
from hwsim.iso15693.tag import Iso15693Tag

__all__ = ["Book", "Layout", "ShelfSettings", "build_layout"]

MARKER_PREFIX = "SHELF-"
MARKER_USAGE = 9
_SHIFT = 5  # books between an out-of-order book and its place
_PROBLEMS = ("missing", "misplaced", "out_of_order", "on_loan", "wrong_afi", "blank", "foreign")


@dataclass(frozen=True, kw_only=True)
class ShelfSettings:
    """What the simulated shelf holds and how the handheld sees it (all configurable)."""

    ranges: int = 4
    items_per_range: int = 40
    seed: int = 1
    branch: str = "MAIN"
    location: str = "A1"
    other_location: str = "B2"
    library_isil: str = "TW-TPML"  # the [device] default
    foreign_isil: str = "TW-KSML"
    afi_in_library: int = 0x07
    afi_on_loan: int = 0xC2
    spacing_m: float = 0.025  # mean book thickness; each varies ±40 %
    range_gap_m: float = 0.08  # bookend / upright between ranges
    speed_m_s: float = 0.25  # a slow walk, the wand along the spines
    field_width_m: float = 0.20  # tags within ±width/2 of the antenna's centre answer
    miss_rate: float = 0.03  # per tag and round, at the centre of the field
    edge_miss: float = 0.30  # extra miss at the field's edge (grows with distance², symmetric)
    hard_share: float = 0.03  # tags far from the spine, packed tight or on metal
    hard_miss: float = 0.5  # their miss rate per round
    share_iso28560_2: float = 0.2
    share_3m: float = 0.1
    unknown_uid_share: float = 0.1  # shelf-list rows without the tag UID (memory must be read)
    missing: int = 1
    misplaced: int = 1
    out_of_order: int = 1
    on_loan: int = 1
    wrong_afi: int = 1
    blank: int = 1
    foreign: int = 1

    @classmethod
    def from_mapping(cls, data: dict[str, Any] | None) -> ShelfSettings:
        """:raises ValueError: an unknown key (named)."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data or {}) - known)
        if unknown:
            raise ValueError(f"shelf: unknown setting(s) {', '.join(unknown)}")
        return cls(**dict(data or {}))


@dataclass(kw_only=True, eq=False)
class Book:
    """One tag on the shelf at ``x`` metres: a library item, a marker, a blank or a foreign tag."""

    x: float
    tag: Iso15693Tag
    kind: str  # item, marker, blank, foreign
    range: str
    item_id: str | None = None
    model: str | None = None
    hard: bool = False
    problem: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"x": round(self.x, 4), "uid": self.tag.uid_hex, "kind": self.kind, "range": self.range,
                "item_id": self.item_id, "model": self.model, "afi": self.tag.afi, "hard": self.hard,
                "problem": self.problem}


@dataclass(kw_only=True)
class Layout:
    """The built shelf: books in shelf order, the shelf list rows and the truth."""

    settings: ShelfSettings
    books: list[Book]
    rows: list[dict[str, str]]
    ranges: list[dict[str, Any]]
    planted: dict[str, Any]

    @property
    def length_m(self) -> float:
        return self.ranges[-1]["x_to"] if self.ranges else 0.0

    def truth(self) -> dict[str, Any]:
        """The ground truth, JSON-ready: settings, ranges, every tag where it stands, planted."""
        return {"settings": asdict(self.settings), "length_m": round(self.length_m, 4),
                "ranges": self.ranges, "planted": self.planted, "books": [b.to_json() for b in self.books]}

    def truth_json(self) -> str:
        return json.dumps(self.truth(), ensure_ascii=False, indent=1)

    def shelf_list_csv(self) -> str:
        """The shelf list in the inventory core's CSV form."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=["item_id", "call_number", "title", "branch", "location",
                                                 "status", "uid"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows)
        return out.getvalue()


def _uid(seed: int, n: int, taken: set[str]) -> str:
    k = 0
    while True:
        digest = hashlib.sha256(f"shelf/{seed}/{n}/{k}".encode()).digest()
        uid = ("E00401" + digest[:5].hex()).upper()
        if uid not in taken:
            taken.add(uid)
            return uid
        k += 1


def _call_number(g: int) -> str:
    return f"{100 + g // 100} {1000 + (g % 100) * 90}"


class _Builder:
    def __init__(self, s: ShelfSettings) -> None:
        self.s = s
        self.rng = random.Random(s.seed)
        self.taken: set[str] = set()
        self.count = 0
        self.rows: list[dict[str, str]] = []
        self.planted: dict[str, Any] = {p: [] for p in _PROBLEMS if p != "out_of_order"}
        self.planted["out_of_order"] = {}
        self.planted["markers"] = []
        self.planted["unknown_uid_rows"] = []

    def tag(self, memory: bytes, afi: int, dsfid: int = 0) -> Iso15693Tag:
        self.count += 1
        uid = _uid(self.s.seed, self.count, self.taken)
        return Iso15693Tag(uid, blocks=28, memory=memory, afi=afi, dsfid=dsfid)

    def model(self) -> str:
        r = self.rng.random()
        if r < self.s.share_3m:
            return "3m"
        if r < self.s.share_3m + self.s.share_iso28560_2:
            return "iso28560-2"
        return "iso28560-3"

    def item_book(self, item_id: str, rng_name: str, *, afi: int) -> Book:
        model = self.model()
        owner = None if model == "3m" else self.s.library_isil
        memory = encode(Item(model=model, primary_item_id=item_id, owner_library=owner, parts_in_item=1,
                             part_number=1, type_of_usage=1))
        hard = self.rng.random() < self.s.hard_share
        return Book(x=0.0, tag=self.tag(memory, afi), kind="item", range=rng_name, item_id=item_id,
                    model=model, hard=hard)

    def row(self, item_id: str, call_number: str, location: str, status: str, uid: str | None) -> None:
        if uid is not None and self.rng.random() < self.s.unknown_uid_share:
            self.planted["unknown_uid_rows"].append(item_id)
            uid = None
        self.rows.append({"item_id": item_id, "call_number": call_number, "title": f"Title {item_id}",
                          "branch": self.s.branch, "location": location, "status": status, "uid": uid or ""})


def _pick(rng: random.Random, n: int, s: ShelfSettings) -> tuple[list[int], dict[str, list[int]]]:
    """Out-of-order source positions (each with a window of 4) and the other problems' positions."""
    blocked: set[int] = set()
    ooo: list[int] = []
    for _ in range(s.out_of_order):
        choices = [p for p in range(1, n - 7) if not blocked & set(range(p - 1, p + _SHIFT + 3))]
        if not choices:
            break
        p = rng.choice(choices)
        ooo.append(p)
        blocked |= set(range(p - 1, p + _SHIFT + 3))
    free = [p for p in range(n) if p not in blocked]
    rng.shuffle(free)
    picks: dict[str, list[int]] = {}
    for name in ("missing", "on_loan", "wrong_afi"):
        count = getattr(s, name)
        picks[name], free = free[:count], free[count:]
    return ooo, picks


def build_layout(s: ShelfSettings) -> Layout:
    """The shelf ``s`` describes, problems planted (deterministic for a seed)."""
    b = _Builder(s)
    rng = b.rng
    books: list[Book] = []
    ranges: list[dict[str, Any]] = []
    x = 0.0
    g = 0
    other = 0
    for r in range(s.ranges):
        label = f"R{r + 1:02d}"
        n = s.items_per_range
        start_number = _call_number(g)
        marker_memory = encode(Item(model="iso28560-2", primary_item_id=f"{MARKER_PREFIX}{label}",
                                    owner_library=s.library_isil, type_of_usage=MARKER_USAGE,
                                    shelf_location=start_number))
        marker = Book(x=0.0, tag=b.tag(marker_memory, 0x00, dsfid=0x06), kind="marker", range=label,
                      item_id=f"{MARKER_PREFIX}{label}", model="iso28560-2")
        ooo, picks = _pick(rng, n, s)
        shelf: list[Book] = []
        ids = []
        for k in range(n):
            item_id = f"31{g:08d}"
            ids.append(item_id)
            status = "on_loan" if k in picks["on_loan"] else "available"
            wrong = k in picks["wrong_afi"]
            afi = s.afi_on_loan if status == "on_loan" or wrong else s.afi_in_library
            book = b.item_book(item_id, label, afi=afi)
            b.row(item_id, _call_number(g), s.location, status, book.tag.uid_hex)
            g += 1
            if k in picks["missing"]:
                b.planted["missing"].append(item_id)
                continue
            if status == "on_loan":
                book.problem = "on_loan"
                b.planted["on_loan"].append(item_id)
            if wrong:
                book.problem = "wrong_afi"
                b.planted["wrong_afi"].append(item_id)
            shelf.append(book)
        # out of order: the book at p stands _SHIFT books later
        moved = []
        for p in sorted(ooo, reverse=True):
            src = next(i for i, bk in enumerate(shelf) if bk.item_id == ids[p])
            book = shelf.pop(src)
            book.problem = "out_of_order"
            shelf.insert(min(src + _SHIFT, len(shelf)), book)
            moved.append(book.item_id)
        b.planted["out_of_order"][label] = sorted(moved)
        # extra books that are none of this range's: inserted anywhere but the windows
        extras: list[Book] = []
        for _ in range(s.misplaced):
            item_id = f"32{other:08d}"
            book = b.item_book(item_id, label, afi=s.afi_in_library)
            book.problem = "misplaced"
            b.row(item_id, _call_number(5000 + other), s.other_location, "available", book.tag.uid_hex)
            other += 1
            b.planted["misplaced"].append(item_id)
            extras.append(book)
        for _ in range(s.blank):
            book = Book(x=0.0, tag=b.tag(b"", 0x00), kind="blank", range=label, model="blank", problem="blank")
            b.planted["blank"].append(book.tag.uid_hex)
            extras.append(book)
        for _ in range(s.foreign):
            fid = f"99{rng.randrange(10**8):08d}"
            memory = encode(Item(model="iso28560-3", primary_item_id=fid, owner_library=s.foreign_isil,
                                 parts_in_item=1, part_number=1, type_of_usage=1))
            book = Book(x=0.0, tag=b.tag(memory, s.afi_in_library), kind="foreign", range=label, item_id=fid,
                        model="iso28560-3", problem="foreign")
            b.planted["foreign"].append(book.tag.uid_hex)
            extras.append(book)
        protected = {i for i, bk in enumerate(shelf) if bk.problem == "out_of_order"}
        for book in extras:
            choices = [i for i in range(1, len(shelf)) if not any(abs(i - p) <= _SHIFT + 1 for p in protected)]
            at = rng.choice(choices) if choices else len(shelf)
            shelf.insert(at, book)
            protected = {(p + 1 if p >= at else p) for p in protected}
        # positions: the marker at the range start, then each book's thickness
        x_from = x
        marker.x = x + 0.005
        x += 0.01
        for book in shelf:
            width = s.spacing_m * rng.uniform(0.6, 1.4)
            book.x = x + width / 2
            x += width
        x_to = x
        books.append(marker)
        books.extend(shelf)
        b.planted["markers"].append({"range": label, "uid": marker.tag.uid_hex, "x": round(marker.x, 4),
                                     "start": start_number})
        ranges.append({"range": label, "start": start_number, "x_from": round(x_from, 4),
                       "x_to": round(x_to, 4), "items": ids})
        x += s.range_gap_m
    return Layout(settings=s, books=books, rows=b.rows, ranges=ranges, planted=b.planted)
