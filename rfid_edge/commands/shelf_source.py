"""``--from-centre RANGE`` of `rfid-edge inventory sweep|find|screen`: the shelf list of a
call-number range fetched from the centre over the sync link (:mod:`sync.edge.shelf_fetch`),
cached on the device (:mod:`inventory_scanner.shelflist.cache`) and swept against; offline,
the cached copy is used and stderr says so; offline with none, one line and exit 1.

No ``register``: a helper of :mod:`rfid_edge.commands.inventory`.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from rfid_edge.commands import load_config
from rfid_edge.output import CommandError, say

if TYPE_CHECKING:
    from inventory_scanner.settings import InventorySettings
    from inventory_scanner.shelflist import ShelfItem
    from sync.device import DeviceSettings

__all__ = ["CACHE_DIR", "FIRST_PAGE_TIMEOUT_S", "PAGE_TIMEOUT_S", "CentreLookup", "add_option", "from_centre", "split_range"]

#: the cached lists' folder, under ``[device] data_dir``
CACHE_DIR = "shelf-lists"
#: seconds to wait for the first page: a centre that is up selects a branch's range in a few
#: seconds or answers "busy" at once; no answer by then (the broker up, the centre down) falls
#: back to the cached copy without keeping the staff waiting
FIRST_PAGE_TIMEOUT_S = 10.0
#: seconds to wait for each next page, once the centre has answered
PAGE_TIMEOUT_S = 30.0


def add_option(parser: argparse.ArgumentParser | argparse._MutuallyExclusiveGroup) -> None:
    parser.add_argument("--from-centre", metavar="FROM..TO",
                        help="fetch this call-number range's shelf list (FROM ≤ n < TO) from the "
                             "centre over the sync link and cache it; offline, the cached copy")


def split_range(text: str) -> tuple[str | None, str | None]:
    """``FROM..TO`` as its two ends (None for an end left out)."""
    if ".." not in text:
        raise CommandError(f"--from-centre {text!r}: write FROM..TO (e.g. 863..864)")
    low, high = (part.strip() or None for part in text.split("..", 1))
    return low, high


def from_centre(args: argparse.Namespace, settings: InventorySettings,
                device: DeviceSettings) -> str:
    """The path of the range's shelf list (JSON lines): fetched now, or the cached copy when
    the centre cannot be reached."""
    from inventory_scanner.shelflist.cache import ShelfListCache, cache_key
    from sync.edge.service import open_online_client
    from sync.edge.shelf_fetch import ShelfListError, fetch
    from sync.errors import Offline, SchemaError
    from sync.shelf_pages import ShelfListQuery

    low, high = split_range(args.from_centre)
    branch = getattr(args, "branch", None) or device.branch
    location = getattr(args, "location", None)
    try:
        query = ShelfListQuery(branch=branch, location=location, range_from=low, range_to=high,
                               scheme=settings.scheme)
    except SchemaError as exc:
        raise CommandError(f"--from-centre {args.from_centre!r}: {exc.reason}") from None
    key = cache_key(*query.key())
    cache = ShelfListCache(device.path(CACHE_DIR))
    online = open_online_client(load_config(args))
    try:
        if not online.start().online:  # no link at all: do not wait a page's time for it
            raise Offline("not connected to the centre")
        rows, digest = fetch(online, query, timeout_s=PAGE_TIMEOUT_S,
                             first_timeout_s=FIRST_PAGE_TIMEOUT_S)
    except Offline as exc:
        cached = cache.load(key)
        if cached is None:
            raise CommandError(f"--from-centre {args.from_centre}: the centre cannot be reached "
                               f"({exc}) and no copy of this range is cached on the device") from None
        say(f"offline ({exc}): using the shelf list of {args.from_centre} cached {cached.fetched} "
            f"({cached.items} items, {cached.path})")
        args.centre_offline = True  # no CentreLookup either
        return str(cached.path)
    except ShelfListError as exc:
        raise CommandError(f"--from-centre {args.from_centre}: {exc}") from None
    finally:
        online.close()
    try:
        stored = cache.store(key, rows, digest)
    except (OSError, ValueError) as exc:
        raise CommandError(f"shelf-list cache {cache.directory}: {exc}") from None
    say(f"shelf list of {args.from_centre} from the centre: {stored.items} items, cached in "
        f"{stored.path}")
    return str(stored.path)


class CentreLookup:
    """The sweep shell's ``lookup`` for a range fetched from the centre: an item a tag names and
    the range's list lacks (a book of another range, shelved here) is asked about online, so
    the sweep says where it belongs instead of "no such item". After one unanswered question
    it asks no more (offline: each would cost the request timeout in the middle of a walk)."""

    def __init__(self, args: argparse.Namespace) -> None:
        from sync.edge.service import open_online_client

        self.online = open_online_client(load_config(args))
        self.online.start(wait_s=0)
        self.asked = 0
        self.gave_up = False

    def __call__(self, item_id: str) -> ShelfItem | None:
        from inventory_scanner.shelflist import RowError, make_item
        from sync.errors import Offline, SchemaError
        from sync.results import Outcome

        if self.gave_up:
            return None
        self.asked += 1
        try:
            info = self.online.item_info(item_id)
        except (Offline, SchemaError) as exc:
            self.gave_up = True
            say(f"item {item_id} is not in the range's list and the centre does not answer ({exc}): "
                "such books stay unknown tags")
            return None
        if info.outcome is not Outcome.APPLIED:
            return None
        status = {"on_hold_shelf": "available", "non_circulating": "available"}.get(
            info.status.value, info.status.value)
        try:
            return make_item(info.item_id, info.call_number or "", title=info.title or "",
                             branch=info.home_branch or "", status=status)
        except RowError:
            return None

    def close(self, *_: Any) -> None:
        self.online.close()
