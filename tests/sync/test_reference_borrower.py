"""ReferenceILS.borrower: who has an item on loan now, as the simulator and staff tools ask."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sync.ils.base import Outcome
from sync.ils.reference import ReferenceILS
from sync.ils.seed import demo_data, seed

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def test_borrower_follows_checkout_and_checkin(tmp_path: Path) -> None:
    ils = ReferenceILS(tmp_path / "ils.sqlite", durable=False)
    try:
        data = seed(ils, demo_data(items=200, patrons=40))
        patron = data.good_patrons()[0].patron_id
        item = next(i.item_id for i in data.available_items() if i.parts == 1)
        assert ils.borrower(item) is None
        assert ils.checkout(patron, item, branch="TPML-MAIN", event_time=NOW).outcome is Outcome.APPLIED
        assert ils.borrower(item) == patron
        ils.checkin(item, branch="TPML-MAIN", event_time=NOW)
        assert ils.borrower(item) is None
        assert ils.borrower("NO-SUCH-ITEM") is None
    finally:
        ils.close()
