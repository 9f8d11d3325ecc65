"""The inventory report as CSV rows and as a printable HTML page (zh-TW or en).

Both take the JSON object :meth:`~inventory_scanner.reconcile.Reconciler.report` returns and
return text; writing it anywhere is the caller's business. The HTML page is self-contained
(inline CSS and SVG, no scripts or fonts to fetch), one bar chart per shelf range (found,
missing, misplaced), the KPIs, and each list in walking order, for printing on A4.
"""

from __future__ import annotations

import csv
import io
from html import escape
from typing import Any, Literal

__all__ = ["LABELS", "report_csv", "report_html"]

Language = Literal["zh-TW", "en"]

#: the lists a report holds, in the order CSV rows and HTML sections follow
SECTIONS = ("missing", "misplaced", "moves", "on_loan_on_shelf", "found_again",
            "withdrawn_on_shelf", "in_transit_on_shelf", "security_mismatch", "pull")

LABELS: dict[str, dict[str, str]] = {
    "zh-TW": {
        "title": "館藏盤點報告", "target": "盤點範圍", "expected": "應在架", "seen": "讀到",
        "found": "已盤到", "missing": "未盤到（應在架）", "misplaced": "錯置（屬其他書架）",
        "moves": "須移動（架序錯誤）", "on_loan_on_shelf": "借出中卻在架上", "found_again": "遺失尋獲",
        "withdrawn_on_shelf": "已註銷卻在架上", "in_transit_on_shelf": "運送中卻在架上",
        "security_mismatch": "防盜狀態不符", "unknown_tags": "未知標籤", "pull": "待抽取（預約、淘汰、調撥）",
        "completion": "盤點率", "misshelf_rate": "錯架率", "ranges": "各書架區段", "range": "區段",
        "item_id": "條碼", "call_number": "索書號", "book_title": "題名", "detail": "說明",
        "after": "放在此書之後：", "before": "放在此書之前：", "belongs": "應在", "reasons": "原因", "uid": "UID", "reason": "原因",
        "none": "無", "reads": "讀取次數", "hold": "預約", "weed": "淘汰", "transfer": "調撥",
        "no_alarm": "標示為借出：出口不會警報", "alarm_armed": "借出中卻仍會警報",
        "afi_unknown": "AFI 非本館設定值", "eas_off": "EAS 未開啟", "eas_on": "EAS 未關閉",
        "blank": "空白標籤", "foreign": "他館標籤", "no_such_item": "查無此書", "unknown_uid": "未登錄的 UID",
        "skipped": "略過的資料列", "status:available": "在架", "status:on_loan": "借出中",
        "status:in_transit": "運送中", "status:lost": "遺失", "status:missing": "協尋中",
        "status:withdrawn": "已註銷",
    },
    "en": {
        "title": "Shelf inventory report", "target": "Swept", "expected": "Expected", "seen": "Seen",
        "found": "Found", "missing": "Missing (not seen)", "misplaced": "Misplaced (belongs elsewhere)",
        "moves": "To move (out of order)", "on_loan_on_shelf": "On loan but on the shelf",
        "found_again": "Lost or missing, found again", "withdrawn_on_shelf": "Withdrawn but on the shelf",
        "in_transit_on_shelf": "In transit but on the shelf", "security_mismatch": "Security marker disagrees",
        "unknown_tags": "Unknown tags", "pull": "To pull (holds, weeding, transfers)",
        "completion": "Completion", "misshelf_rate": "Misshelf rate", "ranges": "Shelf ranges",
        "range": "Range", "item_id": "Item", "call_number": "Call number", "book_title": "Title",
        "detail": "Detail", "after": "put after", "before": "put before", "belongs": "belongs to", "reasons": "Reasons",
        "uid": "UID", "reason": "Reason", "none": "none", "reads": "reads", "hold": "hold",
        "weed": "weed", "transfer": "transfer", "no_alarm": "marked on loan: no alarm at the gate",
        "alarm_armed": "on loan but still alarms", "afi_unknown": "AFI is not one of ours",
        "eas_off": "EAS not set", "eas_on": "EAS still set", "blank": "blank tag",
        "foreign": "another library's tag", "no_such_item": "no such item", "unknown_uid": "UID not in the list",
        "skipped": "skipped rows", "status:available": "available", "status:on_loan": "on loan",
        "status:in_transit": "in transit", "status:lost": "lost", "status:missing": "missing",
        "status:withdrawn": "withdrawn",
    },
}

COLOURS = {"found": "#2e7d32", "missing": "#c62828", "misplaced": "#ef6c00"}


def _detail(section: str, entry: dict[str, Any], words: dict[str, str]) -> str:
    """The one-line explanation of a finding, in the report's language."""
    if section == "misplaced":
        b = entry["belongs"]
        where = " ".join(x for x in (b.get("branch"), b.get("location"), b.get("range")) if x)
        return f"{words['belongs']} {where}"
    if section == "moves":
        if entry.get("after"):
            return f"{words['after']} {entry['after']} ({entry.get('after_call_number', '')})"
        return f"{words['before']} {entry.get('before')} ({entry.get('before_call_number', '')})"
    if section == "security_mismatch":
        return f"{words.get(entry['problem'], entry['problem'])} (AFI {entry.get('afi')})"
    if section == "pull":
        reasons = "、".join(words.get(r, r) for r in entry["reasons"])
        return reasons + (f" → {entry['transfer_to']}" if entry.get("transfer_to") else "")
    status = entry.get("status", "")
    return words.get(f"status:{status}", status)


def report_csv(report: dict[str, Any]) -> str:
    """One row per finding: ``finding,item_id,call_number,title,range,detail`` (English words)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["finding", "item_id", "call_number", "title", "range", "detail"])
    words = LABELS["en"]
    for item_id in report["found"]:
        writer.writerow(["found", item_id, "", "", "", ""])
    for section in SECTIONS:
        for entry in report.get(section, []):
            writer.writerow([section, entry["item_id"], entry.get("call_number", ""),
                             entry.get("title", ""), entry.get("range", ""),
                             _detail(section, entry, words)])
    for tag in report["unknown_tags"]:
        writer.writerow(["unknown_tag", tag.get("item_id") or "", "", "", "",
                         f"{tag['reason']} uid={tag['uid']}"])
    return out.getvalue()


def _bar_chart(row: dict[str, Any], words: dict[str, str]) -> str:
    """A horizontal stacked bar (found, missing, misplaced) for one range, as inline SVG."""
    total = max(1, row["found"] + row["missing"] + row["misplaced"])
    width, x, parts = 360, 0.0, []
    for name in ("found", "missing", "misplaced"):
        w = width * row[name] / total
        if w:
            parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="18" fill="{COLOURS[name]}">'
                         f"<title>{escape(words[name])}: {row[name]}</title></rect>")
        x += w
    label = f"{row['found']} / {row['missing']} / {row['misplaced']}"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 110}" height="18" '
            f'role="img" aria-label="{escape(label)}">{"".join(parts)}'
            f'<text x="{width + 6}" y="14" font-size="12">{escape(label)}</text></svg>')


def _table(section: str, entries: list[dict[str, Any]], words: dict[str, str]) -> str:
    head = "".join(f"<th>{escape(words[k])}</th>" for k in ("item_id", "call_number", "book_title", "detail"))
    rows = "".join(
        f"<tr><td>{escape(str(e['item_id']))}</td><td>{escape(e.get('call_number', ''))}</td>"
        f"<td>{escape(e.get('title', ''))}</td><td>{escape(str(_detail(section, e, words)))}</td></tr>"
        for e in entries)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def report_html(report: dict[str, Any], language: Language = "zh-TW") -> str:
    """A printable, self-contained HTML page of ``report`` in ``language``."""
    words = LABELS.get(language, LABELS["en"])
    kpi = report["kpi"]
    target = " ".join(str(v) for v in report["target"].values() if v) or "—"
    legend = " ".join(f'<span class="key" style="background:{c}"></span>{escape(words[n])}'
                      for n, c in COLOURS.items())
    ranges = "".join(
        f"<tr><th>{escape(r['range'])}</th><td>{r['expected']}</td><td>{_bar_chart(r, words)}</td>"
        f"<td>{r['moves']}</td></tr>" for r in report["ranges"])
    sections = []
    for section in SECTIONS:
        entries = report.get(section, [])
        body = _table(section, entries, words) if entries else f"<p>{escape(words['none'])}</p>"
        sections.append(f'<section><h2>{escape(words[section])} ({len(entries)})</h2>{body}</section>')
    unknown = "".join(f"<tr><td>{escape(u['uid'])}</td><td>{escape(u.get('item_id') or '')}</td>"
                      f"<td>{escape(words.get(u['reason'], u['reason']))}</td><td>{u['reads']}</td></tr>"
                      for u in report["unknown_tags"])
    unknown_table = (f"<table><thead><tr><th>{words['uid']}</th><th>{words['item_id']}</th>"
                     f"<th>{words['reason']}</th><th>{words['reads']}</th></tr></thead>"
                     f"<tbody>{unknown}</tbody></table>") if unknown else f"<p>{words['none']}</p>"
    skipped = report["shelf_list"]["skipped"] + report["skipped_reads"]["skipped"]
    return f"""<!DOCTYPE html>
<html lang="{escape(language)}"><head><meta charset="utf-8">
<title>{escape(words['title'])}</title>
<style>
body {{ font-family: "Noto Sans CJK TC", "Noto Sans TC", sans-serif; margin: 1.5em; font-size: 11pt; }}
table {{ border-collapse: collapse; margin: .4em 0 1em; }}
th, td {{ border: 1px solid #999; padding: 2px 6px; text-align: left; vertical-align: middle; }}
.kpi td {{ font-size: 14pt; font-weight: bold; }}
.key {{ display: inline-block; width: 1em; height: 1em; margin: 0 .3em 0 1em; vertical-align: middle; }}
section {{ page-break-inside: avoid; }}
@page {{ size: A4; margin: 12mm; }}
@media print {{ body {{ margin: 0; }} }}
</style></head><body>
<h1>{escape(words['title'])}</h1>
<p>{escape(words['target'])}: {escape(target)}</p>
<table class="kpi"><tr><th>{words['expected']}</th><th>{words['seen']}</th><th>{words['found']}</th>
<th>{words['completion']}</th><th>{words['misshelf_rate']}</th></tr>
<tr><td>{kpi['expected']}</td><td>{kpi['seen']}</td><td>{kpi['found']}</td>
<td>{kpi['completion'] * 100:.1f}%</td><td>{kpi['misshelf_rate'] * 100:.1f}%</td></tr></table>
<h2>{escape(words['ranges'])}</h2><p>{legend}</p>
<table><thead><tr><th>{words['range']}</th><th>{words['expected']}</th><th></th><th>{words['moves']}</th></tr></thead>
<tbody>{ranges}</tbody></table>
{''.join(sections)}
<section><h2>{escape(words['unknown_tags'])} ({len(report['unknown_tags'])})</h2>{unknown_table}</section>
<p>{escape(words['skipped'])}: {skipped}</p>
</body></html>
"""
