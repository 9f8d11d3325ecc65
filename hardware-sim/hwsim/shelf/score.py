"""Score an inventory report against the shelf's ground truth (both plain JSON objects).

Precision and recall of missing and misplaced items, and ``moves_exact``: the share of ranges
whose reported moves (grouped by the ``shelf_range`` each was seen in) are exactly the books
planted out of order there. The other planted problems are counted as found or not.
"""

from __future__ import annotations

from typing import Any

__all__ = ["score"]


def _ids(entries: list[Any], key: str = "item_id") -> set[str]:
    return {e[key] if isinstance(e, dict) else e for e in entries}


def _pr(reported: set[str], truth: set[str]) -> tuple[float, float]:
    hit = len(reported & truth)
    precision = hit / len(reported) if reported else 1.0
    recall = hit / len(truth) if truth else 1.0
    return round(precision, 4), round(recall, 4)


def score(report: dict[str, Any], truth: dict[str, Any]) -> dict[str, Any]:
    """The figures, and per planted problem which were not reported (``not_found``)."""
    planted = truth["planted"]
    missing_p, missing_r = _pr(_ids(report["missing"]), set(planted["missing"]))
    misplaced_p, misplaced_r = _pr(_ids(report["misplaced"]), set(planted["misplaced"]))
    by_range: dict[str, set[str]] = {}
    for move in report["moves"]:
        by_range.setdefault(move.get("shelf_range") or "?", set()).add(move["item_id"])
    labels = [r["range"] for r in truth["ranges"]]
    exact = sum(1 for label in labels if by_range.get(label, set()) == set(planted["out_of_order"].get(label, [])))
    unknown = {u["uid"]: u["reason"] for u in report["unknown_tags"]}
    security = _ids(report["security_mismatch"])
    on_loan = _ids(report.get("on_loan_on_shelf", []))
    not_found = {
        "missing": sorted(set(planted["missing"]) - _ids(report["missing"])),
        "misplaced": sorted(set(planted["misplaced"]) - _ids(report["misplaced"])),
        "out_of_order": sorted({i for ids in planted["out_of_order"].values() for i in ids}
                               - _ids(report["moves"])),
        "on_loan": sorted(set(planted["on_loan"]) - on_loan),
        "wrong_afi": sorted(set(planted["wrong_afi"]) - security),
        "blank": sorted(u for u in planted["blank"] if unknown.get(u) != "blank"),
        "foreign": sorted(u for u in planted["foreign"] if unknown.get(u) != "foreign"),
    }
    return {
        "missing_precision": missing_p, "missing_recall": missing_r,
        "misplaced_precision": misplaced_p, "misplaced_recall": misplaced_r,
        "moves_exact": round(exact / len(labels), 4) if labels else 1.0,
        "false_missing": sorted(_ids(report["missing"]) - set(planted["missing"])),
        "false_moves": sorted(_ids(report["moves"]) - {i for ids in planted["out_of_order"].values() for i in ids}),
        "false_security": sorted(security - set(planted["wrong_afi"])),
        "not_found": not_found,
    }
