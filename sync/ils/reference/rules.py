"""The reference ILS's circulation rules: loan limits and periods by patron and item type,
patron blocks (expired, blocked by staff, fees over the limit), holds for others, renewals.

Rules as a public library runs them (Taipei Public Library's in spirit):

* a patron may borrow when known, not expired, not blocked by staff, owing no more than
  ``fee_limit`` and under the loan limit of their patron type;
* the loan period, renewal limit and daily overdue fine come from ``loan_rules`` by patron type
  and item type; reference items (item types that do not circulate) are never lent;
* an item waiting on the hold shelf (or in transit) for someone else is refused; so is a renewal
  when another patron is waiting for the item.

Every check answers with the stable reason codes of :data:`MESSAGES`, most serious first; the
operations (:mod:`sync.ils.reference.ils`) decide whether a broken rule refuses or, offline,
becomes a conflict.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sync.ils.reference.store import Store

MESSAGES = {
    "unknown_patron": "查無此借閱證。Card not recognised.",
    "wrong_pin": "密碼錯誤。Wrong PIN.",
    "patron_expired": "借閱證已過期，請洽櫃台。Your card has expired; please see the staff.",
    "patron_blocked": "借閱權已暫停，請洽櫃台。Borrowing is suspended; please see the staff.",
    "patron_fees": "尚有逾期罰款未繳。Please pay your outstanding fees first.",
    "loan_limit": "已達借閱上限。You have reached your loan limit.",
    "unknown_item": "查無此資料，請洽櫃台。Item not recognised; please see the staff.",
    "item_non_circulating": "此資料僅供館內閱覽。This item is for use in the library only.",
    "item_lost": "此資料已登記遺失，請洽櫃台。This item is recorded as lost.",
    "item_withdrawn": "此資料已註銷，請洽櫃台。This item has been withdrawn.",
    "hold_for_other": "此資料已被他人預約。This item is reserved for another reader.",
    "on_loan_to_other": "此資料借閱中，請洽櫃台。This item is on loan to someone else.",
    "not_on_loan": "此資料未借出。This item is not on loan to you.",
    "renewal_limit": "已達續借次數上限。No more renewals are allowed.",
    "no_hold": "您沒有此資料的預約。There is no hold for you on this item.",
    "no_fees": "沒有待繳費用。You have no outstanding fees.",
    "overpayment": "繳費金額超過應繳金額。The amount exceeds what you owe.",
}

#: the loan rule of a patron type and item type pair the library has not configured
DEFAULT_RULE = {"loan_days": 14, "renewals": 0, "fine_per_day_cents": 0}


def cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def money(amount_cents: int) -> Decimal:
    return (Decimal(amount_cents) / 100).quantize(Decimal("0.01"))


#: the facts a checkout is decided on, in one query: fees owed, open loans, the item's current
#: loan and its patron, holds trapped for others, this patron's trapped and open holds
_FACTS = (
    "SELECT"
    " (SELECT coalesce(sum(amount_cents - paid_cents), 0) FROM fees WHERE patron_id=:p),"
    " (SELECT count(*) FROM loans WHERE patron_id=:p AND returned IS NULL),"
    " (SELECT id FROM loans WHERE item_id=:i AND returned IS NULL),"
    " (SELECT patron_id FROM loans WHERE item_id=:i AND returned IS NULL),"
    " (SELECT count(*) FROM holds WHERE item_id=:i AND patron_id<>:p"
    "  AND status IN ('ready', 'in_transit')),"
    " (SELECT count(*) FROM holds WHERE item_id=:i AND patron_id=:p"
    "  AND status IN ('ready', 'in_transit')),"
    " (SELECT count(*) FROM holds WHERE item_id=:i AND patron_id=:p"
    "  AND status IN ('waiting', 'in_transit', 'ready'))")


class Rules:
    """The rules, read from the store's rule tables (cached: small and read on every
    transaction; :meth:`reload` after staff edit them)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._tables: dict[str, dict] | None = None

    def reload(self) -> None:
        self._tables = None

    def tables(self) -> dict[str, dict]:
        """Patron types, item types and loan rules by their keys."""
        if self._tables is None:
            q = self.store.all
            self._tables = {
                "patron_types": {r["code"]: r for r in q("SELECT * FROM patron_types")},
                "item_types": {r["code"]: r for r in q("SELECT * FROM item_types")},
                "loan_rules": {(r["patron_type"], r["item_type"]): r
                               for r in q("SELECT * FROM loan_rules")},
            }
        return self._tables

    def rule(self, patron_type: str, item_type: str) -> dict[str, Any]:
        return self.tables()["loan_rules"].get((patron_type, item_type)) or DEFAULT_RULE

    def item(self, item_id: str) -> dict[str, Any] | None:
        """The item's row, with ``circulates`` from its item type."""
        row = self.store.one("SELECT * FROM items WHERE id=?", item_id)
        if row is None:
            return None
        it = dict(row)
        itype = self.tables()["item_types"].get(it["item_type"])
        it["circulates"] = itype["circulates"] if itype else 1
        return it

    def owed_cents(self, patron_id: str) -> int:
        row = self.store.one("SELECT coalesce(sum(amount_cents - paid_cents), 0) AS owed"
                             " FROM fees WHERE patron_id=?", patron_id)
        return int(row["owed"]) if row else 0

    def loan_count(self, patron_id: str) -> int:
        return self.store.one("SELECT count(*) AS n FROM loans WHERE patron_id=?"
                              " AND returned IS NULL", patron_id)["n"]

    def patron_blocks(self, p: Any, on: dt.date, *, owed: int | None = None) -> list[str]:
        """Why the patron may not borrow on ``on``: ``expired``, ``blocked``, ``fees``."""
        blocks = []
        if dt.date.fromisoformat(p["expires"]) < on:
            blocks.append("expired")
        if p["blocked"]:
            blocks.append("blocked")
        limit = self.tables()["patron_types"].get(p["type"])
        owed = self.owed_cents(p["id"]) if owed is None else owed
        if limit and owed > limit["fee_limit_cents"]:
            blocks.append("fees")
        return blocks

    def waiting_for_other(self, item_id: str, patron_id: str) -> bool:
        """Someone else holds the item (waiting, trapped or on its way)."""
        return self.store.one("SELECT 1 AS x FROM holds WHERE item_id=? AND patron_id<>?"
                              " AND status IN ('waiting', 'ready', 'in_transit') LIMIT 1",
                              item_id, patron_id) is not None

    def checkout(self, patron_id: str, item_id: str, on: dt.date, *, pickup: bool = False
                 ) -> tuple[list[str], Any, dict | None, dict | None]:
        """Every rule a checkout on ``on`` would break, most serious first, plus the patron, the
        item and the facts the checkout needs (current loan, own holds) — from one query."""
        p = self.store.one("SELECT * FROM patrons WHERE id=?", patron_id)
        it = self.item(item_id)
        broken: list[str] = []
        if p is None:
            broken.append("unknown_patron")
        if it is None:
            broken.append("unknown_item")
        if broken:
            return broken, p, it, None
        owed, loans, loan_id, loan_patron, held_for_other, ready_own, own = (
            self.store.db.execute(_FACTS, {"p": patron_id, "i": item_id}).fetchone())
        facts = {"loan_id": loan_id, "loan_patron": loan_patron, "own_holds": own}
        broken += [f"patron_{b}" for b in self.patron_blocks(p, on, owed=owed)]
        renewal = loan_patron == patron_id
        if not renewal and loans >= self.tables()["patron_types"][p["type"]]["loan_limit"]:
            broken.append("loan_limit")
        if not it["circulates"]:
            broken.append("item_non_circulating")
        if it["status"] in ("lost", "withdrawn"):
            broken.append(f"item_{it['status']}")
        if loan_id is not None and not renewal:
            broken.append("on_loan_to_other")
        if held_for_other:
            broken.append("hold_for_other")
        if pickup and not ready_own:
            broken.append("no_hold")
        return broken, p, it, facts

    def renew(self, patron_id: str, item_id: str, on: dt.date
              ) -> tuple[Any, dict[str, Any], list[str]]:
        """The loan to renew (None: not on loan to this patron), its rule and every rule a
        renewal on ``on`` would break."""
        loan = self.store.one("SELECT l.*, p.type AS ptype, i.item_type FROM loans l"
                              " JOIN patrons p ON p.id = l.patron_id JOIN items i"
                              " ON i.id = l.item_id WHERE l.item_id=? AND l.patron_id=?"
                              " AND l.returned IS NULL", item_id, patron_id)
        if loan is None:
            return None, {}, ["not_on_loan"]
        p = self.store.one("SELECT * FROM patrons WHERE id=?", patron_id)
        rule = self.rule(loan["ptype"], loan["item_type"])
        broken = [f"patron_{b}" for b in self.patron_blocks(p, on)]
        if loan["renewals"] >= rule["renewals"]:
            broken.append("renewal_limit")
        if self.waiting_for_other(item_id, patron_id):
            broken.append("hold_for_other")
        return loan, rule, broken

    def fine_cents(self, loan: Any, item_type: str, returned: dt.date) -> int:
        """The overdue fine for a loan returned on ``returned``."""
        late = (returned - dt.date.fromisoformat(loan["due"])).days
        return max(0, late) * self.rule(loan["ptype"], item_type)["fine_per_day_cents"]
