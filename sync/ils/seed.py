"""Deterministic demo data for the reference ILS: Taipei Public Library branches, a few thousand
items with Traditional Chinese titles and Chinese Classification (中國圖書分類法) call numbers,
patrons of several types, loans, fees and holds ready for pickup.

The same ``seed`` and ``today`` always give the same data, so the simulator and the demo can build
tags and cards that match (:func:`demo_data` returns what they need without a database).
Item ids are 10 digits (ISO 28560 primary item identifiers, also fit for 3M's numeric format),
plus the 14-digit ids on the tags of ``rfid-edge sim up --demo`` (:data:`SIM_ITEMS`); the owner
is the ISIL ``TW-TPML``.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sync.db import insert_rows
from sync.ils.reference import ReferenceILS, hash_pin

ISIL = "TW-TPML"

BRANCHES = (
    ("TPML-MAIN", "臺北市立圖書館總館"),
    ("TPML-DAAN", "大安分館"),
    ("TPML-ZS", "中山分館"),
    ("TPML-XY", "信義分館"),
    ("TPML-BT", "北投分館"),
    ("TPML-SL", "士林分館"),
)

#: code, name, loan limit, fee limit (cents)
PATRON_TYPES = (
    ("ADULT", "一般讀者", 10, 10000),
    ("CHILD", "兒童讀者", 10, 5000),
    ("SENIOR", "樂齡讀者", 10, 10000),
    ("TEMP", "新住民臨時證", 5, 5000),
    ("STAFF", "館員", 30, 50000),
)

#: code, name, circulates
ITEM_TYPES = (
    ("BOOK", "圖書", 1),
    ("CHILD", "兒童圖書", 1),
    ("AV", "視聽資料", 1),
    ("MAG", "期刊", 1),
    ("REF", "參考書", 0),
)

#: item type -> (loan days, renewals, fine per day in cents) for everyone but staff
RULES = {"BOOK": (28, 1, 500), "CHILD": (28, 1, 0), "AV": (14, 0, 1000), "MAG": (7, 0, 500),
         "REF": (0, 0, 0)}

#: Chinese Classification main classes with typical subclasses and title words
CLASSES = (
    ("000", ("011", "020", "030", "090"), ("圖書館學", "目錄學", "百科全書", "叢書")),
    ("100", ("121", "141", "176", "192"), ("哲學", "心理學", "倫理學", "人生")),
    ("200", ("220", "230", "244", "271"), ("宗教", "佛教", "道教", "神話")),
    ("300", ("310", "330", "360", "370", "312"), ("數學", "物理", "生物", "動物", "程式設計")),
    ("400", ("410", "427", "435", "494"), ("醫學", "料理", "園藝", "管理")),
    ("500", ("520", "540", "550", "573"), ("教育", "社會", "經濟", "政治")),
    ("600", ("610", "627", "673", "733"), ("中國史", "唐代", "臺灣史", "臺北")),
    ("700", ("710", "740", "752", "780"), ("世界史", "歐洲", "美國", "旅行")),
    ("800", ("802", "831", "857", "863", "874"), ("語言", "詩詞", "小說", "散文", "文學")),
    ("900", ("910", "940", "947", "987"), ("音樂", "繪畫", "漫畫", "電影")),
)

ADJECTIVES = ("簡明", "圖解", "新編", "入門", "實用", "給孩子的", "一本讀懂", "寫給大家的",
              "漫談", "探索", "看見", "我的")
NOUNS = ("故事", "指南", "之旅", "手冊", "筆記", "時光", "密碼", "世界", "森林", "島嶼",
         "城市", "日常")
SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周"
GIVEN = "志明淑芬家豪怡君俊傑雅婷建宏美玲冠宇佳穎承恩詠晴宗翰心怡柏翰欣妤"


@dataclass(frozen=True, kw_only=True)
class DemoItem:
    item_id: str
    title: str
    call_number: str
    item_type: str
    home_branch: str
    owner: str = ISIL
    parts: int = 1


@dataclass(frozen=True, kw_only=True)
class DemoPatron:
    patron_id: str
    pin: str
    name: str
    patron_type: str
    home_branch: str
    expires: dt.date
    blocked: str | None = None
    language: str = "zh-TW"


@dataclass(frozen=True, kw_only=True)
class DemoData:
    items: tuple[DemoItem, ...]
    patrons: tuple[DemoPatron, ...]
    loans: tuple[tuple[str, str, int], ...]  # (patron_id, item_id, days ago issued)
    holds: tuple[tuple[str, str, str, str], ...]  # (patron_id, item_id, pickup, status)
    fees: tuple[tuple[str, int], ...]  # (patron_id, cents)
    today: dt.date
    extra: dict[str, Any] = field(default_factory=dict)

    def item(self, item_id: str) -> DemoItem:
        return next(i for i in self.items if i.item_id == item_id)

    def patron(self, patron_id: str) -> DemoPatron:
        return next(p for p in self.patrons if p.patron_id == patron_id)

    def available_items(self, branch: str | None = None) -> list[DemoItem]:
        """Items on the shelf (not on loan, not trapped for a hold, circulating)."""
        busy = {i for _, i, _ in self.loans} | {i for _, i, _, _ in self.holds}
        return [i for i in self.items if i.item_id not in busy and i.item_type != "REF"
                and (branch is None or i.home_branch == branch)]

    def good_patrons(self) -> list[DemoPatron]:
        """Patrons who may borrow (not blocked, not expired, no fees over the limit)."""
        feed = {p for p, _ in self.fees}
        return [p for p in self.patrons if not p.blocked and p.expires >= self.today
                and p.patron_id not in feed]


#: the items on the tags of ``rfid-edge sim up --demo`` (``hwsim/scenarios/demo.toml``: five on
#: the pad, one of them a two-part set, three in the return chute) and its patron card, added to
#: the demo data so a kiosk wired to that simulator and a seeded centre lends those books
SIM_ITEMS = (
    ("31234000123456", "臺北城市散步地圖", "733.9/101.6 2301 2020", "BOOK", 1),
    ("31234000234567", "給孩子的臺灣史", "733.21 4411 2019", "CHILD", 1),
    ("31234000345678", "圖解程式設計入門", "312.2 6044 2023", "BOOK", 1),
    ("31234000456789", "簡明園藝手冊", "435.11 2231 2018", "BOOK", 1),
    ("31234000567890", "臺灣鳥類聲音圖鑑（附CD）", "388.833 7712 2021", "AV", 2),
    ("31234000678901", "漫談唐代詩詞", "831.4 3140 2016", "BOOK", 1),
    ("31234000789012", "我的森林日常", "855 8823 2022", "BOOK", 1),
    ("31234000890123", "探索島嶼之旅", "733.6 2207 2017", "BOOK", 1),
)
SIM_PATRON_ID = "TPML0012345678"
SIM_PATRON_PIN = "1234"


def _sim_items() -> tuple[DemoItem, ...]:
    return tuple(DemoItem(item_id=i, title=t, call_number=c, item_type=k,
                          home_branch=BRANCHES[0][0], parts=n) for i, t, c, k, n in SIM_ITEMS)


def demo_data(*, seed: int = 2026, items: int = 3000, patrons: int = 200,
              today: dt.date | None = None) -> DemoData:
    """The demo data set, without a database (deterministic in ``seed`` and ``today``)."""
    rnd = random.Random(seed)
    today = today or dt.date.today()
    out_items = []
    for n in range(items):
        cls, subs, words = rnd.choice(CLASSES)
        sub = rnd.choice(subs)
        title = f"{rnd.choice(ADJECTIVES)}{rnd.choice(words)}{rnd.choice(NOUNS)}"
        if rnd.random() < 0.15:
            title += f"（{rnd.choice('上下')}冊）" if rnd.random() < 0.3 else f"第{rnd.randint(2, 9)}版"
        call = f"{sub}.{rnd.randint(1, 99)} {rnd.randint(1000, 9999)} {rnd.randint(1990, today.year)}"
        item_type = ("REF" if cls == "000" and rnd.random() < 0.5 else
                     "CHILD" if rnd.random() < 0.15 else
                     "AV" if cls == "900" and rnd.random() < 0.4 else
                     "MAG" if rnd.random() < 0.03 else "BOOK")
        parts = 2 if item_type == "AV" and rnd.random() < 0.3 else 1
        out_items.append(DemoItem(item_id=f"31{n + 1:08d}", title=title, call_number=call,
                                  item_type=item_type, home_branch=rnd.choice(BRANCHES)[0],
                                  parts=parts))
    out_patrons = []
    for n in range(patrons):
        ptype = ("ADULT", "ADULT", "ADULT", "CHILD", "SENIOR", "TEMP", "STAFF")[n % 7]
        expires = today + dt.timedelta(days=rnd.randint(30, 1500))
        blocked = None
        if n % 23 == 11:
            expires = today - dt.timedelta(days=rnd.randint(1, 300))
        if n % 29 == 13:
            blocked = "lost card reported"
        name = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN)
        lang = "vi" if ptype == "TEMP" and n % 2 else "id" if ptype == "TEMP" else "zh-TW"
        out_patrons.append(DemoPatron(
            patron_id=f"23{n + 1:08d}", pin=f"{rnd.randint(0, 9999):04d}", name=name,
            patron_type=ptype, home_branch=rnd.choice(BRANCHES)[0], expires=expires,
            blocked=blocked, language=lang))
    circulating = [i for i in out_items if i.item_type != "REF"]
    picked = rnd.sample(circulating, min(len(circulating), patrons // 2 + 60))
    loans = tuple((out_patrons[(k * 3) % patrons].patron_id, it.item_id, rnd.randint(1, 40))
                  for k, it in enumerate(picked[: patrons // 2]))
    holds = []
    for k, it in enumerate(picked[patrons // 2:]):
        patron = out_patrons[(k * 5 + 1) % patrons]
        status = "ready" if k % 3 else "waiting"
        holds.append((patron.patron_id, it.item_id,
                      it.home_branch if status == "ready" else patron.home_branch, status))
    # a few loaned items also wanted by someone else (returns then go to the hold shelf/transit)
    for k, (_, item_id, _) in enumerate(loans[:10]):
        patron = out_patrons[(k * 7 + 2) % patrons]
        holds.append((patron.patron_id, item_id, BRANCHES[k % len(BRANCHES)][0], "waiting"))
    fees = tuple((out_patrons[n].patron_id, 15000 if n % 2 else 3000)
                 for n in range(5, patrons, 31))
    out_items += _sim_items()
    out_patrons.append(DemoPatron(patron_id=SIM_PATRON_ID, pin=SIM_PATRON_PIN, name="林志明",
                                  patron_type="ADULT", home_branch=BRANCHES[0][0],
                                  expires=today + dt.timedelta(days=730)))
    return DemoData(items=tuple(out_items), patrons=tuple(out_patrons), loans=loans,
                    holds=tuple(holds), fees=fees, today=today)


def ensure_rules(ils: ReferenceILS) -> None:
    """Add the demo patron types, item types and loan rules the ILS lacks (an import of a
    library's own records onto an empty ILS needs types to refer to; existing rows stay)."""
    db = ils.db
    with ils.batch():
        insert_rows(db, "patron_types", [
            {"code": c, "name": n, "loan_limit": lim, "fee_limit_cents": fee}
            for c, n, lim, fee in PATRON_TYPES], ignore=True)
        insert_rows(db, "item_types", [{"code": c, "name": n, "circulates": circ}
                                     for c, n, circ in ITEM_TYPES], ignore=True)
        rules = []
        for ptype, *_ in PATRON_TYPES:
            for itype, (days, renewals, fine) in RULES.items():
                if ptype == "STAFF":
                    days, renewals, fine = max(days, 60), 3, 0
                elif ptype == "CHILD":
                    fine = 0
                rules.append({"patron_type": ptype, "item_type": itype, "loan_days": days,
                              "renewals": renewals, "fine_per_day_cents": fine})
        insert_rows(db, "loan_rules", rules, ignore=True)
    ils.reload_rules()


def seed(ils: ReferenceILS, data: DemoData | None = None, *, pin_cost: int | None = None) -> DemoData:
    """Write ``data`` (default :func:`demo_data`) into an empty reference ILS."""
    data = data or demo_data()
    db = ils.db
    # scrypt (~45 ms and 16 MiB a PIN at the default cost) lets go of the GIL: hash on the cores
    with ThreadPoolExecutor(min(4, os.cpu_count() or 1)) as pool:
        pin_hashes = list(pool.map(lambda p: hash_pin(p.pin, n=pin_cost), data.patrons))
    with ils.batch():
        insert_rows(db, "branches", [{"code": c, "name": n, "isil": ISIL} for c, n in BRANCHES])
        ensure_rules(ils)
        insert_rows(db, "patrons", [
            {"id": p.patron_id, "name": p.name, "type": p.patron_type,
             "home_branch": p.home_branch, "expires": p.expires.isoformat(),
             "blocked": p.blocked, "pin_hash": pin_hash,
             "language": p.language} for p, pin_hash in zip(data.patrons, pin_hashes, strict=True)])
        insert_rows(db, "items", [
            {"id": i.item_id, "title": i.title, "author": None, "call_number": i.call_number,
             "item_type": i.item_type, "owner": i.owner, "home_branch": i.home_branch,
             "current_branch": i.home_branch, "status": "available", "parts": i.parts}
            for i in data.items])
        types = {p.patron_id: p.patron_type for p in data.patrons}
        for patron_id, item_id, ago in data.loans:
            it = data.item(item_id)
            days = RULES[it.item_type][0] if types[patron_id] != "STAFF" else 60
            issued = data.today - dt.timedelta(days=ago)
            db.execute("INSERT INTO loans (item_id, patron_id, branch, issued, due)"
                            " VALUES (?, ?, ?, ?, ?)",
                            (item_id, patron_id, it.home_branch, issued.isoformat() + "T10:00:00Z",
                             (issued + dt.timedelta(days=days)).isoformat()))
            db.execute("UPDATE items SET status='on_loan' WHERE id=?", (item_id,))
        for k, (patron_id, item_id, pickup, status) in enumerate(data.holds):
            placed = (data.today - dt.timedelta(days=10 + k % 5)).isoformat()
            ready = status == "ready"
            db.execute(
                "INSERT INTO holds (patron_id, item_id, pickup_branch, placed, status,"
                " ready_since, expires) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (patron_id, item_id, pickup, f"{placed}T09:00:{k % 60:02d}Z", status,
                 data.today.isoformat() if ready else None,
                 (data.today + dt.timedelta(days=7)).isoformat() if ready else None))
            if ready:
                db.execute("UPDATE items SET status='on_hold_shelf', current_branch=?"
                                " WHERE id=?", (pickup, item_id))
        for patron_id, cents in data.fees:
            db.execute("INSERT INTO fees (patron_id, amount_cents, reason, created)"
                            " VALUES (?, ?, 'overdue', ?)",
                            (patron_id, cents, data.today.isoformat()))
    ils.reload_rules()
    return data
