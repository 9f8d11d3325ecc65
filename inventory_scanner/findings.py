"""From what a :class:`~inventory_scanner.reconcile.Reconciler` saw to the inventory report.

Kept apart from the streaming part so feeding stays small and fast; this runs once per
report, over the target's items and the seen ones (never over reads). See
:mod:`inventory_scanner.reconcile` for what each finding means.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from inventory_scanner.callnumbers import parse
from inventory_scanner.order import minimal_moves
from inventory_scanner.shelflist import ShelfItem

if TYPE_CHECKING:
    from inventory_scanner.reconcile import Reconciler, Target

__all__ = ["build_report", "in_target"]

#: statuses that place an item on the shelf, so a sweep expects to see it
ON_SHELF = frozenset({"available"})
#: seen with this status: worth telling staff, under this name
STATUS_FINDINGS = {"on_loan": "on_loan_on_shelf", "lost": "found_again", "missing": "found_again",
                   "withdrawn": "withdrawn_on_shelf", "in_transit": "in_transit_on_shelf"}


def in_target(rec: Reconciler, target: Target) -> Callable[[int], bool]:
    """A test "does shelf item ``index`` belong to the sweep's target?"."""
    items = rec.shelf.items
    low = parse(target.range_from, rec.scheme, rec.author_number).key if target.range_from else None
    high = parse(target.range_to, rec.scheme, rec.author_number).key if target.range_to else None

    def belongs(index: int) -> bool:
        item = items[index]
        if target.branch is not None and item.branch != target.branch:
            return False
        if target.location is not None and item.location != target.location:
            return False
        if low is None and high is None:
            return True
        key = rec.number(index).key
        return (low is None or key >= low) and (high is None or key < high)

    return belongs


def _brief(rec: Reconciler, index: int) -> dict[str, Any]:
    item = rec.shelf.items[index]
    return {"item_id": item.item_id, "call_number": item.call_number, "title": item.title,
            "range": rec.number(index).division}


def _security(rec: Reconciler, index: int, item: ShelfItem) -> dict[str, Any] | None:
    """The marker problem of a seen item, if its AFI/EAS disagrees with its status."""
    if item.status == "withdrawn":
        return None
    afi, eas = rec.marker_read(index)
    should = "on_loan" if item.status == "on_loan" else "in_library"
    problem = None
    if afi is not None:
        state = rec.marker.state(afi)
        if state == "unknown":
            problem = "afi_unknown"
        elif state != should:
            problem = "no_alarm" if should == "in_library" else "alarm_armed"
    if problem is None and rec.marker.use_eas and eas is not None and eas != (should == "in_library"):
        problem = "eas_off" if should == "in_library" else "eas_on"
    if problem is None:
        return None
    return {**_brief(rec, index), "status": item.status, "afi": afi, "eas": eas,
            "expected_afi": rec.marker.afi(on_loan=should == "on_loan"), "problem": problem}


def _order(rec: Reconciler, placed: list[int]) -> tuple[list[dict[str, Any]], list[int]]:
    """Moves among the seen target books, in the order they stand; and the moved indices.
    A book whose class cannot be read has no known place, so it is never told to move.

    The fewest moves come from title ranks (copies and volumes of a title are equal); where a
    moved book goes is then said by its full key, so volume 1 lands before volume 2.
    """
    placed = [i for i in placed if rec.number(i).class_read]
    titles = sorted({rec.number(i).title_key for i in placed})
    rank_of = {t: r for r, t in enumerate(titles)}
    standing = sorted(placed, key=lambda i: (rec.seen_at(i), rank_of[rec.number(i).title_key]))
    ranks = [rank_of[rec.number(i).title_key] for i in standing]
    kept, moves = minimal_moves(ranks)
    kept_ranks = [ranks[k] for k in kept]
    items = rec.shelf.items
    out = []
    for move in moves:
        index = standing[move.index]
        key = rec.number(index).key
        lo = bisect_left(kept_ranks, ranks[move.index])
        hi = bisect_right(kept_ranks, ranks[move.index])
        # within its own title, before the first kept copy/volume that sorts after it
        slot = next((k for k in range(lo, hi) if rec.number(standing[kept[k]]).key > key), hi)
        after = items[standing[kept[slot - 1]]] if slot > 0 else None
        before = items[standing[kept[slot]]] if slot < len(kept) else None
        out.append({**_brief(rec, index),
                    "after": after and after.item_id, "after_call_number": after and after.call_number,
                    "before": before and before.item_id,
                    "before_call_number": before and before.call_number,
                    "seen_at": round(rec.seen_at(index), 3)})
    return out, [standing[m.index] for m in moves]


def build_report(rec: Reconciler) -> dict[str, Any]:
    """The whole inventory picture (JSON-ready)."""
    items = rec.shelf.items
    target = rec.resolved_target()
    belongs = in_target(rec, target)
    seen = rec.seen()

    def shelf_order(index: int) -> tuple[str, str]:
        return rec.number(index).key, items[index].item_id

    targeted = [i for i in range(len(items)) if belongs(i)]
    expected = sorted((i for i in targeted if items[i].status in ON_SHELF), key=shelf_order)
    found = [i for i in expected if i in seen]
    missing = [i for i in expected if i not in seen]
    misplaced, placed = [], []
    by_status: dict[str, list[dict[str, Any]]] = {n: [] for n in dict.fromkeys(STATUS_FINDINGS.values())}
    security = []
    seen_order = sorted(seen, key=shelf_order)
    for index in seen_order:
        item = items[index]
        if belongs(index):
            placed.append(index)
        else:
            misplaced.append(index)
        finding = STATUS_FINDINGS.get(item.status)
        if finding is not None:
            by_status[finding].append({**_brief(rec, index), "status": item.status})
        problem = _security(rec, index, item)
        if problem is not None:
            security.append(problem)
    moves, moved = _order(rec, placed)
    pull = _pull(rec, targeted, misplaced, shelf_order)
    expected_n, seen_n = len(expected), len(seen)
    report: dict[str, Any] = {
        "scheme": rec.scheme,
        "target": target.to_json(),
        "expected": [items[i].item_id for i in expected],
        "seen": [items[i].item_id for i in seen_order],
        "reads": rec.reads,
        "found": [items[i].item_id for i in found],
        "missing": [_brief(rec, i) for i in missing],
        "misplaced": [{**_brief(rec, i), "status": items[i].status,
                       "belongs": {"branch": items[i].branch, "location": items[i].location,
                                   "range": rec.number(i).division},
                       "seen_at": round(rec.seen_at(i), 3)} for i in misplaced],
        "moves": moves,
        **by_status,
        "security_mismatch": security,
        "unknown_tags": rec.unknown_tags(),
        "pull": pull,
        "kpi": {
            "completion": round(len(found) / expected_n, 4) if expected_n else 1.0,
            "misshelf_rate": round((len(moves) + len(misplaced)) / seen_n, 4) if seen_n else 0.0,
            "expected": expected_n,
            "seen": seen_n,
            "found": len(found),
            "missing": len(missing),
            "misplaced": len(misplaced),
            "moves": len(moves),
        },
        "ranges": _ranges(rec, expected, found, missing, misplaced, moved, placed),
        "unparsed_call_numbers": sum(1 for i in {*expected, *placed} if not rec.number(i).parsed),
        "skipped_reads": rec.skipped.to_json(),
        "shelf_list": rec.shelf.summary.to_json(),
    }
    return report


def _pull(rec: Reconciler, targeted: list[int], misplaced: list[int],
          shelf_order: Callable[[int], tuple[str, str]]) -> list[dict[str, Any]]:
    """Items to take off the shelf (holds, weeding, transfers), in walking order."""
    items, seen = rec.shelf.items, rec.seen()
    flagged = {i for i in (*targeted, *misplaced)
               if (items[i].hold or items[i].weed or items[i].transfer_to)
               and (items[i].status in ON_SHELF or i in seen)}
    out = []
    for index in sorted(flagged, key=shelf_order):
        item = items[index]
        reasons = [r for r, on in (("hold", item.hold), ("weed", item.weed),
                                   ("transfer", bool(item.transfer_to))) if on]
        out.append({**_brief(rec, index), "reasons": reasons,
                    "transfer_to": item.transfer_to or None, "seen": index in seen})
    return out


def _ranges(rec: Reconciler, expected: list[int], found: list[int], missing: list[int],
            misplaced: list[int], moved: list[int], placed: list[int]) -> list[dict[str, Any]]:
    """Counts per shelf range (class tens, or LC letters) for the charts. A misplaced book
    counts in the range it was found in: that of the target book seen nearest in time."""
    counts: dict[str, dict[str, int]] = defaultdict(
        lambda: {"expected": 0, "found": 0, "missing": 0, "misplaced": 0, "moves": 0})
    for name, indices in (("expected", expected), ("found", found), ("missing", missing),
                          ("moves", moved)):
        for i in indices:
            counts[rec.number(i).division][name] += 1
    along = sorted((rec.seen_at(i), rec.number(i).division) for i in placed)
    times = [t for t, _ in along]
    for i in misplaced:
        if not along:
            counts["?"]["misplaced"] += 1
            continue
        t = rec.seen_at(i)
        k = bisect_left(times, t)
        near = min((j for j in (k - 1, k) if 0 <= j < len(along)), key=lambda j: abs(times[j] - t))
        counts[along[near][1]]["misplaced"] += 1
    order = {}
    for i in expected + placed:
        order.setdefault(rec.number(i).division, rec.number(i).key)
    return [{"range": name, **c} for name, c in sorted(counts.items(), key=lambda kv: (order.get(kv[0], "~"), kv[0]))]
