"""The self-service chart of ``rfid-edge central stats --chart``: a hand-built SVG line chart
(no plotting dependency) on a real time axis.

Why it is drawn this way
------------------------
* x is time, not a list of categories: a period (``YYYY-MM-DD`` or ``YYYY-MM``) sits at its
  date, so four days with a gap of a month do not look like four neighbouring points, and the
  ticks are regular dates (days, weeks or months), not the periods that happen to have data.
* Series that coincide (two branches at 100 % every day) must stay visible: each series has its
  own dash pattern and its own hollow marker shape, drawn in decreasing widths so a line under
  another still shows at its edges, and the legend repeats line, marker and name.
* The legend names branches by name (the ILS's), keeping the code in ``data-branch``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

__all__ = ["DASHES", "MARKERS", "PALETTE", "period_date", "ratio_chart"]

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf")
#: stroke-dasharray per series ("" = solid)
DASHES = ("", "8 4", "2 3", "10 3 2 3", "4 4", "1 5", "12 6")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "triangle-down", "plus")


def period_date(period: str) -> dt.date:
    """The date a period stands for: a day is itself, a month its first day."""
    if len(period) == 7:
        return dt.date.fromisoformat(period + "-01")
    return dt.date.fromisoformat(period[:10])


def _ticks(first: dt.date, last: dt.date, monthly: bool) -> list[dt.date]:
    """Regular dates from ``first`` to ``last``: at most ~8 of them."""
    if monthly:
        months = (last.year - first.year) * 12 + last.month - first.month
        step = max(1, -(-months // 8))
        out, k = [], 0
        while k <= months:
            y, m = divmod(first.month - 1 + k, 12)
            out.append(dt.date(first.year + y, m + 1, 1))
            k += step
        return out
    span = (last - first).days
    step = next((s for s in (1, 2, 7, 14, 28, 91, 182, 364) if span / s <= 8), 364 * 2)
    return [first + dt.timedelta(days=d) for d in range(0, span + 1, step)]


def _marker(shape: str, cx: float, cy: float, size: float, colour: str) -> str:
    style = f'fill="none" stroke="{colour}" stroke-width="1.5"'
    r = size
    if shape == "circle":
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" {style}'
    if shape == "square":
        return (f'<rect x="{cx - r:.1f}" y="{cy - r:.1f}" width="{2 * r:.1f}"'
                f' height="{2 * r:.1f}" {style}')
    points = {
        "triangle": ((0, -r), (r, r), (-r, r)),
        "triangle-down": ((0, r), (r, -r), (-r, -r)),
        "diamond": ((0, -r), (r, 0), (0, r), (-r, 0)),
    }.get(shape)
    if points is not None:
        pts = " ".join(f"{cx + a:.1f},{cy + b:.1f}" for a, b in points)
        return f'<polygon points="{pts}" {style}'
    if shape == "cross":
        d = f"M{cx - r:.1f},{cy - r:.1f}L{cx + r:.1f},{cy + r:.1f}M{cx - r:.1f},{cy + r:.1f}L{cx + r:.1f},{cy - r:.1f}"
    else:  # plus
        d = f"M{cx - r:.1f},{cy:.1f}H{cx + r:.1f}M{cx:.1f},{cy - r:.1f}V{cy + r:.1f}"
    return f'<path d="{d}" {style}'


def ratio_chart(series: Mapping[str, Sequence[tuple[str, float]]], *,
                names: Mapping[str, str] | None = None, width: int = 760, height: int = 380,
                title: str = "Self-service ratio by branch") -> str:
    """An SVG line chart: x = the periods' dates, y = ratio 0–100 %, one line per branch.

    :param series: branch code → ``(period, ratio)`` points, periods as ``stats`` writes them.
    :param names: branch code → name for the legend (a code without a name is shown as is).
    """
    names = names or {}
    dates = sorted({period_date(p) for pts in series.values() for p, _ in pts})
    monthly = any(len(p) == 7 for pts in series.values() for p, _ in pts)
    left, right, top, bottom = 56, 220, 36, 44
    pw, ph = width - left - right, height - top - bottom
    first, last = (dates[0], dates[-1]) if dates else (dt.date.today(), dt.date.today())
    span = (last - first).days

    def x(d: dt.date) -> float:
        return left + (pw * (d - first).days / span if span else pw / 2)

    def y(v: float) -> float:
        return top + ph * (1 - v)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
           f' viewBox="0 0 {width} {height}" font-family="Noto Sans CJK TC, sans-serif"'
           ' font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="20" font-size="15">{escape(title)}</text>']
    for v in (0, 0.25, 0.5, 0.75, 1):
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(v):.1f}" y2="{y(v):.1f}"'
                   ' stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">'
                   f'{int(v * 100)}%</text>')
    out.append(f'<line x1="{left}" x2="{left + pw}" y1="{top + ph}" y2="{top + ph}"'
               ' stroke="#333"/>')
    for d in _ticks(first, last, monthly) if dates else []:
        label = d.strftime("%Y-%m") if monthly else d.isoformat()
        out.append(f'<line class="tick" x1="{x(d):.1f}" x2="{x(d):.1f}" y1="{top + ph}"'
                   f' y2="{top + ph + 5}" stroke="#333"/>')
        out.append(f'<text class="tick-label" data-date="{d.isoformat()}" x="{x(d):.1f}"'
                   f' y="{top + ph + 18}" text-anchor="middle">{label}</text>')
    count = len(series)
    for n, (branch, points) in enumerate(series.items()):
        colour, dash = PALETTE[n % len(PALETTE)], DASHES[n % len(DASHES)]
        shape = MARKERS[n % len(MARKERS)]
        stroke_w = 2 + 1.5 * (count - 1 - n)  # earlier series wider: one under another shows
        size = 3.5 + 1.5 * (count - 1 - n)
        name = names.get(branch, branch)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        path = " ".join(f"{x(period_date(p)):.1f},{y(v):.1f}" for p, v in points)
        out.append(f'<polyline class="series" data-branch={quoteattr(branch)}'
                   f' data-name={quoteattr(name)} fill="none" stroke="{colour}"'
                   f' stroke-width="{stroke_w:.1f}" stroke-opacity="0.85"{dash_attr}'
                   f' points="{path}"/>')
        for p, v in points:
            d = period_date(p)
            out.append(_marker(shape, x(d), y(v), size, colour)
                       + f' class="point" data-branch={quoteattr(branch)}'
                       f' data-date="{d.isoformat()}"><title>{escape(name)} {escape(p)}:'
                       f' {v:.0%}</title></{_tag(shape)}>')
        ly = top + 20 * n + 8
        lx = left + pw + 14
        out.append(f'<line x1="{lx}" x2="{lx + 28}" y1="{ly}" y2="{ly}" stroke="{colour}"'
                   f' stroke-width="2"{dash_attr}/>')
        out.append(_marker(shape, lx + 14, ly, 3.5, colour) + "/>")
        out.append(f'<text class="legend" data-branch={quoteattr(branch)} x="{lx + 36}"'
                   f' y="{ly + 4}">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _tag(shape: str) -> str:
    return {"circle": "circle", "square": "rect", "cross": "path", "plus": "path"}.get(
        shape, "polygon")
