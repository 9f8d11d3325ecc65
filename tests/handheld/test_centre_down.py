"""``--from-centre`` when the broker is up and the centre is not (issue 14): the first page
waits a short time, not a page's, and the cached copy is used with a line on stderr; once the
centre has answered, the next pages may take the longer timeout."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import pytest

from inventory_scanner.settings import InventorySettings
from inventory_scanner.shelflist.cache import ShelfListCache, cache_key
from rfid_edge.commands import shelf_source
from sync.broker import Broker
from sync.device import DeviceSettings
from sync.edge.shelf_fetch import fetch
from sync.errors import Offline
from sync.shelf_pages import ShelfListPage, ShelfListQuery, digest

ROWS = [{"item_id": f"3100{i:04d}", "call_number": f"100 {1000 + i}"} for i in range(5)]


def test_with_the_broker_up_and_no_centre_the_cached_copy_is_used_after_the_first_page_timeout(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shelf_source, "FIRST_PAGE_TIMEOUT_S", 1.5)
    assert shelf_source.FIRST_PAGE_TIMEOUT_S * 10 < shelf_source.PAGE_TIMEOUT_S
    with Broker() as broker:  # a real mosquitto; no bridge subscribes to the requests
        conf = tmp_path / "handheld.toml"
        conf.write_text(f'[device]\nid = "hh-01"\nbranch = "MAIN"\ndata_dir = "{tmp_path / "hh"}"\n'
                        f'[sync]\nbroker_port = {broker.port}\n', encoding="utf-8")
        device = DeviceSettings.from_section({"id": "hh-01", "branch": "MAIN",
                                              "data_dir": str(tmp_path / "hh")})
        settings = InventorySettings.from_section({})
        query = ShelfListQuery(branch="MAIN", range_from="100", range_to="101")
        cached = ShelfListCache(device.path(shelf_source.CACHE_DIR)).store(
            cache_key(*query.key()), ROWS, digest(ROWS))
        args = argparse.Namespace(config=str(conf), from_centre="100..101")
        start = time.monotonic()
        path = shelf_source.from_centre(args, settings, device)
        waited = time.monotonic() - start
    assert path == str(cached.path) and args.centre_offline is True
    assert 1.5 <= waited < shelf_source.PAGE_TIMEOUT_S / 2
    said = capsys.readouterr().err
    assert "offline (shelf_list: no answer from the centre within 1.5 s)" in said
    assert f"using the shelf list of 100..101 cached {cached.fetched} (5 items" in said


class Pages:
    """A centre answering pages of two rows; records the timeout each request was given."""

    def __init__(self, *, silent: bool = False) -> None:
        self.silent = silent
        self.timeouts: list[float | None] = []

    def shelf_list_page(self, query: ShelfListQuery, *, timeout_s: float | None = None
                        ) -> ShelfListPage:
        self.timeouts.append(timeout_s)
        if self.silent:
            raise Offline(f"shelf_list: no answer from the centre within {timeout_s:g} s")
        name = digest(ROWS)
        at = int(query.cursor.split(":")[1]) if query.cursor else 0
        end = min(at + 2, len(ROWS))
        return ShelfListPage(rows=tuple(ROWS[at:end]), offset=at, total=len(ROWS), digest=name,
                             next=f"{name}:{end}" if end < len(ROWS) else None)


def test_the_short_timeout_is_the_first_pages_only() -> None:
    centre: Any = Pages()
    rows, name = fetch(centre, ShelfListQuery(branch="MAIN"), timeout_s=30, first_timeout_s=10)
    assert rows == ROWS and name == digest(ROWS)
    assert centre.timeouts == [10, 30, 30]
    down: Any = Pages(silent=True)
    with pytest.raises(Offline, match="within 10 s"):
        fetch(down, ShelfListQuery(branch="MAIN"), timeout_s=30, first_timeout_s=10)
    assert down.timeouts == [10]
