"""Fleet statistics from the transaction and station-event stream the bridge records.

Read from the bridge's ledger (``processed``: every transaction message as received). Per branch,
device and day (or month): checkouts, returns and renewals by channel, the self-service ratio,
failure reasons, session durations, satisfaction ratings and the offline share.

Channel of a circulation transaction: ``holds_pickup`` for a hold pickup, otherwise the channel
of the device's latest ``session_start`` (kiosk, fastbook, holds_pickup, staff, handheld),
``kiosk`` when the device never said. Self-service = every channel but ``staff``.
The chart (:mod:`sync.centre.chart`): self-service ratio over time per branch.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sync.centre.chart import ratio_chart
from sync.db import open_db

CIRCULATION = {"checkout": "checkouts", "hold_pickup": "checkouts", "checkin": "returns",
               "renew": "renewals"}
CHANNELS = ("kiosk", "fastbook", "holds_pickup", "staff", "handheld")


@dataclass
class Row:
    period: str
    branch: str
    device_id: str
    counts: Counter = field(default_factory=Counter)  # "<kind>:<channel>", "offline", …
    failures: Counter = field(default_factory=Counter)
    durations: list[float] = field(default_factory=list)
    ratings: list[int] = field(default_factory=list)

    @property
    def circulation(self) -> int:
        return sum(v for k, v in self.counts.items() if ":" in k)

    @property
    def self_service(self) -> int:
        return sum(v for k, v in self.counts.items() if ":" in k and not k.endswith(":staff"))

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"period": self.period, "branch": self.branch,
                               "device_id": self.device_id}
        for kind in ("checkouts", "returns", "renewals"):
            for ch in CHANNELS:
                out[f"{kind}_{ch}"] = self.counts.get(f"{kind}:{ch}", 0)
        total = self.circulation
        out["circulation"] = total
        out["self_service_ratio"] = round(self.self_service / total, 4) if total else None
        out["offline_share"] = round(self.counts["offline"] / total, 4) if total else None
        out["sessions"] = len(self.durations)
        out["session_s_mean"] = (round(sum(self.durations) / len(self.durations), 1)
                                 if self.durations else None)
        out["rating_mean"] = (round(sum(self.ratings) / len(self.ratings), 2)
                              if self.ratings else None)
        out["ratings"] = len(self.ratings)
        out["failures"] = sum(self.failures.values())
        out["failure_reasons"] = ";".join(f"{k}={v}" for k, v in sorted(self.failures.items()))
        return out


def messages_from_ledger(path: str) -> Iterable[dict[str, Any]]:
    """Every transaction message in the ledger at ``path`` (a file or a PostgreSQL connection
    string)."""
    conn = open_db(path)
    try:
        # a centre seeded but never run has no ledger yet: no transactions, not an error
        if not conn.table_exists("processed"):
            return
        for (body,) in conn.execute("SELECT message FROM processed ORDER BY wall_time"):
            yield json.loads(body)
    finally:
        conn.close()


def compute(messages: Iterable[dict[str, Any]], *, by: str = "day",
            per_device: bool = True) -> list[Row]:
    """Aggregate messages (each a transaction as in :mod:`sync.schema`) into rows."""
    width = 10 if by == "day" else 7
    channel: dict[str, str] = {}
    rows: dict[tuple[str, str, str], Row] = {}
    for m in sorted(messages, key=lambda m: m["wall_time"]):
        device = m["device_id"]
        key = (m["wall_time"][:width], m.get("branch", "?"), device if per_device else "*")
        row = rows.get(key) or rows.setdefault(key, Row(*key))
        kind, p = m["type"], m["payload"]
        if kind == "session_start":
            channel[device] = p.get("channel", "kiosk")
        elif kind == "session_end" and "duration_s" in p:
            row.durations.append(float(p["duration_s"]))
        elif kind == "rating":
            row.ratings.append(int(p["score"]))
        elif kind == "failure":
            row.failures[p["reason"]] += 1
        elif kind in CIRCULATION:
            ch = "holds_pickup" if kind == "hold_pickup" else channel.get(device, "kiosk")
            row.counts[f"{CIRCULATION[kind]}:{ch}"] += 1
            if m.get("offline"):
                row.counts["offline"] += 1
    return [rows[k] for k in sorted(rows)]


def to_csv(rows: Iterable[Row]) -> str:
    dicts = [r.as_dict() for r in rows]
    out = io.StringIO()
    if dicts:
        w = csv.DictWriter(out, fieldnames=list(dicts[0]), lineterminator="\n")
        w.writeheader()
        w.writerows({k: "" if v is None else v for k, v in d.items()} for d in dicts)
    return out.getvalue()


def to_table(rows: Iterable[Row]) -> str:
    cols = ("period", "branch", "device_id", "circulation", "self_service_ratio",
            "offline_share", "sessions", "session_s_mean", "rating_mean", "failures")
    dicts = [r.as_dict() for r in rows]
    data = [[str(d[c]) if d[c] is not None else "-" for c in cols] for d in dicts]
    widths = [max([len(c)] + [len(d[i]) for d in data]) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(d, widths, strict=True)) for d in data]
    return "\n".join(lines)


def ratio_series(rows: Iterable[Row]) -> dict[str, list[tuple[str, float]]]:
    """Self-service ratio per branch per period (devices summed)."""
    acc: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for r in rows:
        cell = acc[r.branch][r.period]
        cell[0] += r.self_service
        cell[1] += r.circulation
    return {b: [(p, s / t) for p, (s, t) in sorted(ps.items()) if t]
            for b, ps in sorted(acc.items())}


def chart_svg(rows: Iterable[Row], *, names: Mapping[str, str] | None = None,
              width: int = 760, height: int = 380,
              title: str = "Self-service ratio by branch") -> str:
    """An SVG line chart of :func:`ratio_series` on a time axis (:mod:`sync.centre.chart`);
    ``names``: branch code → name for the legend."""
    return ratio_chart(ratio_series(rows), names=names, width=width, height=height, title=title)
