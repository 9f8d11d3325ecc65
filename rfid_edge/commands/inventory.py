"""`rfid-edge inventory sort|reconcile|sweep`: call-number order and shelf inventory (a thin
shell over :mod:`inventory_scanner`).

Examples::

    rfid-edge inventory sort --scheme ccl shelf.txt          # one JSON line per call number, in order
    rfid-edge inventory reconcile --shelf-list 2F.csv --reads sweep.jsonl --report-html 2F.html
    rfid-edge inventory sweep --reader feig:///dev/ttyUSB0?baud=115200 --shelf-list 2F.csv --headless

Malformed shelf-list rows and read lines are skipped, each named on stderr (``line N: why``)
and counted in the report; a file that cannot be read at all is one line and exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from rfid_edge.commands import load_config, shelf_source
from rfid_edge.output import CommandError, emit, say

if TYPE_CHECKING:
    from drivers.reader import Reader
    from drivers.tags.marker import MarkerSettings
    from inventory_scanner.reconcile import Target
    from inventory_scanner.settings import InventorySettings
    from inventory_scanner.shelflist import ShelfList
    from inventory_scanner.sweep import SweepSession
    from sync.device import DeviceSettings

#: skipped rows and lines named on stderr one by one; past this, only counted
SAY_AT_MOST = 20


def register(sub: argparse._SubParsersAction) -> None:
    from inventory_scanner.callnumbers import AUTHOR_NUMBERS, SCHEMES
    from inventory_scanner.shelflist import FORMATS

    p = sub.add_parser("inventory", help="shelf inventory: call-number order, reconcile a sweep")
    p.add_argument("--config", help="device TOML file (default: $RFID_EDGE_CONFIG)")
    s = p.add_subparsers(dest="inventory_command", metavar="ACTION", required=True)

    so = s.add_parser("sort", help="call numbers (one per line) in shelf order, one JSON line each. "
                                   "Example: rfid-edge inventory sort --scheme ccl shelf.txt")
    so.add_argument("file", nargs="?", default="-", metavar="FILE", help="call numbers, one a line (- or none: stdin)")
    so.add_argument("--scheme", choices=SCHEMES, help="call-number scheme (default: [inventory] scheme, ccl)")
    so.add_argument("--author-number", choices=AUTHOR_NUMBERS,
                    help="ccl author numbers compare as decimal (8345 < 835) or integer (835 < 8345)")
    so.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    so.set_defaults(func=_sort)

    rc = s.add_parser("reconcile", help="a sweep's reads against a shelf list; one JSON report. "
                                        "Example: rfid-edge inventory reconcile --shelf-list 2F.csv "
                                        "--reads sweep.jsonl --report-html 2F.html")
    rc.add_argument("--shelf-list", required=True, metavar="FILE",
                    help="CSV (item_id,call_number,…), JSON lines, MARC (.mrc) or MARCXML (.xml)")
    rc.add_argument("--format", choices=FORMATS, default="auto", help="shelf-list format (default: by file name)")
    rc.add_argument("--reads", default="-", metavar="FILE",
                    help='reads as JSON lines {"t","uid","item_id","afi"} (- or none: stdin)')
    rc.add_argument("--scheme", choices=SCHEMES, help="call-number scheme (default: [inventory] scheme, ccl)")
    rc.add_argument("--author-number", choices=AUTHOR_NUMBERS, help="ccl author-number rule")
    rc.add_argument("--branch", help="the swept branch (default: where most seen items belong)")
    rc.add_argument("--location", help="the swept location (default: where most seen items belong)")
    rc.add_argument("--range", metavar="FROM..TO", help="call-number range swept, FROM ≤ n < TO (either may be left out)")
    rc.add_argument("--report-html", metavar="FILE", help="also write the printable HTML report")
    rc.add_argument("--report-csv", metavar="FILE", help="also write the findings as CSV")
    rc.add_argument("--language", choices=("zh-TW", "en"), help="HTML report language (default: [inventory] language)")
    rc.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    rc.set_defaults(func=_reconcile)

    sw = s.add_parser("sweep", help="a handheld sweep on a reader: JSON lines (ranges, progress, problems, "
                                    "gaps), then the report. Example: rfid-edge inventory sweep "
                                    "--reader feig:///dev/ttyUSB0?baud=115200 --shelf-list 2F.csv --headless")
    sw.add_argument("--reader", required=True, metavar="URL", help="reader URL (feig://PORT?baud=…, m810://…, pcsc://…)")
    source = sw.add_mutually_exclusive_group(required=True)
    source.add_argument("--shelf-list", metavar="FILE", help="the ranges' shelf list (as for reconcile)")
    shelf_source.add_option(source)
    sw.add_argument("--format", choices=FORMATS, default="auto", help="shelf-list format (default: by file name)")
    sw.add_argument("--headless", action="store_true",
                    help="JSON lines only (the staff screen is `rfid-edge inventory screen`)")
    sw.add_argument("--passes", type=int, default=2, help="passes (a pass ends when the wand is lifted; default 2)")
    sw.add_argument("--idle", type=float, default=2.0, metavar="S", help="seconds without a tag that end a pass")
    sw.add_argument("--wait", type=float, default=60.0, metavar="S",
                    help="seconds to wait for the first tag of a pass before finishing")
    sw.add_argument("--branch", help="the swept branch (default: where most seen items belong)")
    sw.add_argument("--location", help="the swept location (default: where most seen items belong)")
    sw.add_argument("--fix-markers", action="store_true",
                    help="write the right AFI on a tag whose marker disagrees with its status, and read it back")
    sw.add_argument("--outbox", action="store_true",
                    help="enqueue the items seen as inventory_seen transactions in the [sync] outbox")
    sw.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sw.set_defaults(func=_sweep, scheme=None, author_number=None, range=None)

    fi = s.add_parser("find", help="announce each item of a pull list the moment it answers, with a "
                                   "proximity cue (JSON lines). Example: rfid-edge inventory find "
                                   "--reader feig:///dev/ttyUSB0?baud=115200 --pull-list holds.csv")
    fi.add_argument("--reader", required=True, metavar="URL", help="reader URL")
    wanted = fi.add_mutually_exclusive_group(required=True)
    wanted.add_argument("--pull-list", metavar="FILE",
                        help="items wanted, in the shelf-list formats (item_id[,call_number,uid,…])")
    shelf_source.add_option(wanted)  # the range's items on a pull list: holds, weeding, transfers
    fi.add_argument("--format", choices=FORMATS, default="auto", help="pull-list format (default: by file name)")
    fi.add_argument("--duration", type=float, default=600.0, metavar="S",
                    help="stop after this long (default 600 s; Ctrl-C stops earlier; all found stops at once)")
    fi.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    fi.set_defaults(func=_find, scheme=None, author_number=None, branch=None, location=None)

    sc = s.add_parser("screen", help="the staff screen of a sweep (or find mode with --pull-list; no list: a "
                                     "picker of a file's or the centre's range, or a pull list); prints the "
                                     "report as JSON at the end. Example: rfid-edge inventory screen "
                                     "--reader feig:///dev/ttyUSB0?baud=115200 --shelf-list 2F.csv")
    sc.add_argument("--reader", required=True, metavar="URL", help="reader URL")
    group = sc.add_mutually_exclusive_group()  # none: the screen's picker asks
    group.add_argument("--shelf-list", metavar="FILE", help="the ranges' shelf list: a sweep")
    group.add_argument("--pull-list", metavar="FILE", help="items wanted: find mode")
    shelf_source.add_option(group)
    sc.add_argument("--format", choices=FORMATS, default="auto", help="list format (default: by file name)")
    sc.add_argument("--range", metavar="FROM..TO", help="call-number range to sweep, FROM ≤ n < TO")
    sc.add_argument("--language", default="zh_TW", choices=("zh_TW", "en", "vi", "id"), help="screen language")
    sc.add_argument("--large", action="store_true", help="large type")
    sc.add_argument("--size", choices=("handheld", "tablet"), default="handheld",
                    help="window size: handheld 800x480, tablet 1280x800")
    sc.add_argument("--passes", type=int, default=2, help="sweep passes (default 2)")
    sc.add_argument("--idle", type=float, default=2.0, metavar="S", help="seconds without a tag that end a pass")
    sc.add_argument("--wait", type=float, default=60.0, metavar="S", help="seconds to wait for a pass's first tag")
    sc.add_argument("--fix-markers", action="store_true", help="write the right AFI on a wrong marker")
    sc.add_argument("--outbox", action="store_true",
                    help="a sweep's items seen as inventory_seen transactions in the [sync] outbox (as sweep's)")
    sc.add_argument("--screenshots", metavar="DIR", help="when done, save PNGs at both sizes here and quit")
    sc.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sc.set_defaults(func=_screen, scheme=None, author_number=None, branch=None, location=None)


def _settings(args: argparse.Namespace) -> tuple[InventorySettings, MarkerSettings, DeviceSettings]:
    """The typed [inventory], [security] and [device] sections (one line naming a bad key)."""
    from pydantic import ValidationError

    from drivers.tags.marker import MarkerSettings
    from inventory_scanner.settings import InventorySettings
    from sync.device import DeviceSettings

    config = load_config(args, "inventory", scheme=args.scheme, author_number=args.author_number,
                         language=getattr(args, "language", None))
    sections = []
    for name, model in (("inventory", InventorySettings), ("security", MarkerSettings),
                        ("device", DeviceSettings)):
        try:
            sections.append(model.from_section(config.get(name)))
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(x) for x in (name, *error["loc"]))
            raise CommandError(f"configuration: {where}: {error['msg']}") from None
    return tuple(sections)  # type: ignore[return-value]


def _open_text(name: str) -> IO[str]:
    if name == "-":
        return sys.stdin
    try:
        return open(name, encoding="utf-8-sig", errors="replace", newline="")  # noqa: SIM115
    except OSError as exc:
        raise CommandError(f"{name}: {exc.strerror or exc}") from None


def _lines(stream: IO[str]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(stream, start=1):
        yield number, line.rstrip("\r\n")


def _sort(args: argparse.Namespace) -> int:
    from inventory_scanner.callnumbers import parse

    settings, _, _ = _settings(args)
    stream = _open_text(args.file)
    try:
        numbers = [(parse(text, settings.scheme, settings.author_number), number)
                   for number, text in _lines(stream) if text.strip()]
    finally:
        if stream is not sys.stdin:
            stream.close()
    numbers.sort(key=lambda pair: (pair[0].key, pair[0].text, pair[1]))
    # one JSON line each, as emit() writes them, but flushed once: a shelf list is 200,000 lines
    write = sys.stdout.write
    for call_number, line in numbers:
        write(json.dumps({**call_number.to_json(), "line": line}, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    unparsed = sum(1 for c, _ in numbers if not c.parsed)
    if unparsed:
        say(f"{unparsed} of {len(numbers)} call numbers not fully parsed ({settings.scheme}): "
            "kept, flagged \"parsed\": false")
    return 0


def _say_skipped(messages: Iterable[str], what: str, count: int) -> None:
    for message in messages:
        say(f"{what} {message} (skipped)")
    if count > SAY_AT_MOST:
        say(f"{what}: {count} skipped in all")


def _target(args: argparse.Namespace) -> Target | None:
    from inventory_scanner.reconcile import Target

    low = high = None
    if args.range:
        if ".." not in args.range:
            raise CommandError(f"--range {args.range!r}: write FROM..TO (e.g. 863..864)")
        low, high = (part.strip() or None for part in args.range.split("..", 1))
    if args.branch is None and args.location is None and low is None and high is None:
        return None
    return Target(branch=args.branch, location=args.location, range_from=low, range_to=high)


def _reconcile(args: argparse.Namespace) -> int:
    from inventory_scanner.reads import ReadError, parse_read_line
    from inventory_scanner.reconcile import Reconciler
    from inventory_scanner.report import report_csv, report_html
    from inventory_scanner.shelflist import HeaderError, ShelfList, open_rows

    settings, marker, device = _settings(args)
    target = _target(args)
    if args.shelf_list == "-" and args.reads == "-":
        raise CommandError("the shelf list and the reads cannot both come from stdin")
    try:
        shelf = ShelfList.from_rows(open_rows(args.shelf_list, args.format, settings.marc_095))
    except HeaderError as exc:
        raise CommandError(f"{args.shelf_list}: {exc}") from None
    except OSError as exc:
        raise CommandError(f"{args.shelf_list}: {exc.strerror or exc}") from None
    _say_skipped(shelf.summary.errors[:SAY_AT_MOST], f"{args.shelf_list}:", shelf.summary.skipped)
    rec = Reconciler(shelf, scheme=settings.scheme, author_number=settings.author_number,
                     marker=marker, target=target, library_isil=device.library_isil)
    stream = _open_text(args.reads)
    try:
        for number, line in _lines(stream):
            try:
                read = parse_read_line(line, number)
            except ReadError as exc:
                rec.skip(str(exc))
                if rec.skipped.skipped <= SAY_AT_MOST:
                    say(f"{args.reads}: {exc} (skipped)")
                continue
            if read is not None:
                rec.feed_read(read)
    finally:
        if stream is not sys.stdin:
            stream.close()
    if rec.skipped.skipped > SAY_AT_MOST:
        say(f"{args.reads}: {rec.skipped.skipped} read lines skipped in all")
    report = rec.report()
    for path, text in ((args.report_html, lambda: report_html(report, settings.language)),
                       (args.report_csv, lambda: report_csv(report))):
        if path:
            try:
                Path(path).write_text(text(), encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror or exc}") from None
    emit(report)
    return 0


def _load_shelf(path: str, args: argparse.Namespace, settings: InventorySettings) -> ShelfList:
    from inventory_scanner.shelflist import HeaderError, ShelfList, open_rows

    try:
        shelf = ShelfList.from_rows(open_rows(path, args.format, settings.marc_095))
    except HeaderError as exc:
        raise CommandError(f"{path}: {exc}") from None
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror or exc}") from None
    _say_skipped(shelf.summary.errors[:SAY_AT_MOST], f"{path}:", shelf.summary.skipped)
    return shelf


def _shelf_path(args: argparse.Namespace, settings: InventorySettings, device: DeviceSettings) -> str:
    """The shelf list to sweep against: ``--shelf-list``, or ``--from-centre``'s range fetched
    (or cached); the range is then the sweep's target too."""
    if not getattr(args, "from_centre", None):
        return str(args.shelf_list)
    path = shelf_source.from_centre(args, settings, device)
    args.format, args.range = "jsonl", args.from_centre
    return path


def _pull_list(args: argparse.Namespace, settings: InventorySettings, device: DeviceSettings) -> ShelfList:
    """``--pull-list``, or the items of a shelf list (``--from-centre``'s range, or a file the
    screen's picker chose) that are on a pull list (a hold waiting, weeding, a transfer)."""
    if getattr(args, "pull_list", None):
        return _load_shelf(args.pull_list, args, settings)
    from inventory_scanner.shelflist import ShelfList

    shelf = _load_shelf(_shelf_path(args, settings, device), args, settings)
    wanted = [item for item in shelf.items if item.hold or item.weed or item.transfer_to]
    if not wanted:
        raise CommandError(f"{args.from_centre or args.shelf_list}: no item is on a pull list "
                           "(hold, weeding, transfer)")
    return ShelfList.from_rows(wanted)


def _open_reader(url: str) -> Reader:
    """The reader, asked who it is at once: a missing, busy or silent reader is one line."""
    from drivers.errors import ReaderError
    from drivers.registry import open_reader

    try:
        reader = open_reader(url)
    except ReaderError as exc:
        raise CommandError(f"reader {url}: {exc}") from None
    try:
        reader.reader_info()
    except ReaderError as exc:
        reader.close()
        raise CommandError(f"reader {url} does not answer: {exc}") from None
    return reader


def _sweep(args: argparse.Namespace) -> int:
    import signal
    import threading

    from inventory_scanner.sweep import SweepError, SweepSession, SweepShell

    settings, marker, device = _settings(args)
    shelf = _load_shelf(_shelf_path(args, settings, device), args, settings)
    target = _target(args)
    session = SweepSession(shelf, scheme=settings.scheme, author_number=settings.author_number, marker=marker,
                           target=target, library_isil=device.library_isil, fix_markers=args.fix_markers)
    reader = _open_reader(args.reader)
    lookup = shelf_source.CentreLookup(args) if args.from_centre and not getattr(args, "centre_offline", False) else None
    stopping = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: stopping.set())
    try:
        shell = SweepShell(reader, session, emit=emit, lookup=lookup)
        for _ in range(max(1, args.passes)):
            if stopping.is_set() or not shell.run_pass(idle_s=args.idle, wait_s=args.wait, stop=stopping.is_set):
                break
        report = shell.finish()
    except SweepError as exc:
        raise CommandError(str(exc)) from None
    finally:
        signal.signal(signal.SIGINT, previous)
        reader.close()
        if lookup is not None:
            lookup.close()
    emit({"event": "report", **report})
    if args.outbox:
        emit({"event": "outbox", "enqueued": _to_outbox(args, report, session, settings, device)})
    return 0


def _to_outbox(args: argparse.Namespace, report: dict, session: SweepSession, settings: InventorySettings,
               device: DeviceSettings) -> int:
    """The sweep's items seen as one durable batch of inventory_seen transactions, each in the
    pass of the range it belongs to (the centre counts passes to record items missing)."""
    from inventory_scanner.messages import pass_plan, seen_messages

    by_id, items = session.shelf.id_index(), session.shelf.items
    target = session.rec.target
    passes = pass_plan(report, lambda item_id: items[by_id[item_id]].call_number if item_id in by_id else None,
                       scheme=settings.scheme, author_number=settings.author_number,
                       range_from=target.range_from if target else None,
                       range_to=target.range_to if target else None)
    seen = session.rec.seen_items()
    from sync.edge.outbox import Outbox
    from sync.edge.settings import SyncSettings
    from sync.errors import SyncError

    config = load_config(args)
    path = device.path(SyncSettings.from_section(config.get("sync")).outbox)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with Outbox(path, device_id=device.id, branch=device.branch) as outbox:
            return outbox.enqueue_many(seen_messages(report, seen, device.branch, passes))
    except (OSError, SyncError) as exc:
        raise CommandError(f"outbox {path}: {exc}") from None


def _find(args: argparse.Namespace) -> int:
    import signal
    import threading
    import time

    from inventory_scanner.sweep import SweepError, SweepShell
    from inventory_scanner.sweep.find import FindSession

    settings, _, device = _settings(args)
    session = FindSession(_pull_list(args, settings, device))
    reader = _open_reader(args.reader)
    stopping = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: stopping.set())
    deadline = time.monotonic() + args.duration

    def stop() -> bool:
        return stopping.is_set() or session.done or time.monotonic() > deadline

    try:
        shell = SweepShell(reader, session, emit=emit)
        while not stop():
            shell.run_pass(idle_s=float("inf"), wait_s=args.duration, stop=stop)
        summary = shell.finish()
    except SweepError as exc:
        raise CommandError(str(exc)) from None
    finally:
        signal.signal(signal.SIGINT, previous)
        reader.close()
    emit({"event": "summary", **summary})
    return 0


def _screen_work(args: argparse.Namespace, settings: InventorySettings, marker: MarkerSettings,
                 device: DeviceSettings, stop: Any, *, find: bool,
                 keep: dict[str, Any] | None = None) -> Callable[[Reader], Any]:
    """The list loaded (or fetched) now; the work on a reader once it is open (a sweep's
    session also in ``keep["session"]``, for the outbox)."""
    from inventory_scanner.sweep import SweepSession
    from inventory_scanner.sweep.find import FindSession
    from inventory_scanner.sweep.ui.work import find_work, sweep_work

    if find:
        wanted = FindSession(_pull_list(args, settings, device))
        return lambda reader: find_work(reader, wanted, stop=stop)
    session = SweepSession(_load_shelf(_shelf_path(args, settings, device), args, settings), scheme=settings.scheme,
                           author_number=settings.author_number, marker=marker, target=_target(args),
                           library_isil=device.library_isil, fix_markers=args.fix_markers)
    if keep is not None:
        keep["session"] = session
    lookup = None
    if args.from_centre and not getattr(args, "centre_offline", False):  # books of other ranges, asked online
        lookup = shelf_source.CentreLookup(args)
        if keep is not None:
            keep["lookup"] = lookup
    return lambda reader: sweep_work(reader, session, passes=args.passes, idle_s=args.idle, wait_s=args.wait,
                                     stop=stop, lookup=lookup)


def _picked(args: argparse.Namespace, choice: dict[str, Any]) -> argparse.Namespace:
    """The command's arguments as the screen's picker chose (a file's range, or the centre's)."""
    picked = argparse.Namespace(**vars(args))
    picked.pull_list = None
    picked.shelf_list = choice["path"] if choice["source"] == "file" else None
    picked.from_centre = choice["range"] if choice["source"] == "centre" else None
    picked.range = choice["range"] if choice["source"] == "file" else None
    return picked


def _screen(args: argparse.Namespace) -> int:
    """The sweep screen (Qt) over the same session as ``sweep``/``find``; the report on stdout.
    Without a list, the screen's picker asks for one (a file's range, the centre's, or a pull
    list) and the list is loaded or fetched on the worker thread."""
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from inventory_scanner.sweep.ui.picker import ListPicker
    from inventory_scanner.sweep.ui.window import SIZES, SweepWindow

    settings, marker, device = _settings(args)
    stop = threading.Event()
    given = args.pull_list or args.shelf_list or args.from_centre
    kept: dict[str, Any] = {}
    make = _screen_work(args, settings, marker, device, stop, find=bool(args.pull_list), keep=kept) if given else None
    reader = _open_reader(args.reader)
    app = QApplication.instance() or QApplication([])
    window = SweepWindow(title=args.from_centre or (Path(args.pull_list or args.shelf_list).name if given else ""),
                         language=args.language, find=bool(args.pull_list), large=args.large)
    window.resize(*SIZES[args.size])
    if make is not None:
        window.start(make(reader))
    else:
        picker = ListPicker(scheme=settings.scheme, author_number=settings.author_number)

        def start(choice: dict[str, Any]) -> None:
            picked, find = _picked(args, choice), choice["mode"] == "find"
            window.set_find(find)
            window.what.setText(choice["range"] or Path(choice["path"] or "").name)
            window.start(lambda emit: _screen_work(picked, settings, marker, device, stop, find=find,
                                                   keep=kept)(reader)(emit))

        picker.chosen.connect(start)
        window.offer(picker)
    window.show()

    def poll() -> None:
        if window.done and args.screenshots:
            for size in SIZES:
                window.screenshot(Path(args.screenshots) / f"sweep-{args.language}-{size}.png", size)
            app.quit()

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(200)
    try:
        app.exec()
    finally:
        stop.set()
        if window._thread is not None:
            window._thread.join(10.0)
        reader.close()
        if "lookup" in kept:
            kept["lookup"].close()
    if window.error is not None:
        raise CommandError(window.error)
    if window.report is not None:
        emit(window.report)
        if args.outbox and "session" in kept and window.report.get("event") == "report":
            emit({"event": "outbox", "enqueued": _to_outbox(args, window.report, kept["session"], settings, device)})
    return 0
