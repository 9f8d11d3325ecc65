"""`rfid-edge tag decode|encode|program`: the tag data models and the programming station on the
command line (a thin shell; the station is :mod:`inventory_scanner.programming`).

Examples::

    rfid-edge tag decode 11010133313233...        # one JSON line: model, primary_item_id, crc_ok…
    rfid-edge tag encode --model iso28560-3 --item-id 31234000123456 --owner TW-TPML
    rfid-edge tag program --reader feig:///dev/ttyUSB0 --item-id 31234000123456 --parts 2
    rfid-edge tag program --reader feig:///dev/ttyUSB0 --batch cart.txt   # or --batch - (stdin)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from drivers.tags import MODEL_CHOICES, Item, TagDataError, decode, encode
from rfid_edge.output import CommandError, emit
from rfid_edge.printable import flag_unprintable

ENCODE_MODELS = ("iso28560-3", "iso28560-2", "3m")


def _byte(text: str) -> int:
    try:
        value = int(text, 0) if text.lower().startswith("0x") else int(text, 16)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a hex byte: {text!r}") from None
    if not 0 <= value <= 255:
        raise argparse.ArgumentTypeError(f"not a byte: {text!r}")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tag", help="decode or encode library tag memory (ISO 28560-2/-3, 3M)")
    tag_sub = p.add_subparsers(dest="tag_command", metavar="ACTION")
    p.set_defaults(func=lambda args: _usage(p))
    p.add_argument("--config", help="device TOML file, for program (default: $RFID_EDGE_CONFIG)")

    d = tag_sub.add_parser("decode", help="decode a memory image given as hex; prints one JSON line")
    d.add_argument("hex", metavar="HEX", help="tag memory as hex (spaces and colons allowed)")
    d.add_argument("--model", choices=MODEL_CHOICES, default="auto", help="data model (default: detect)")
    d.add_argument("--dsfid", type=_byte, help="the tag's DSFID as hex, a detection hint (06, 3E)")
    d.set_defaults(func=_decode)

    e = tag_sub.add_parser("encode", help="encode an item; prints the memory image as hex")
    e.add_argument("--model", choices=ENCODE_MODELS, required=True, help="data model to write")
    e.add_argument("--item-id", required=True, help="primary item identifier (barcode)")
    e.add_argument("--owner", help="owner library ISIL, e.g. TW-TPML")
    e.add_argument("--parts", type=int, help="number of parts in the item (with --part)")
    e.add_argument("--part", type=int, help="this part's number (with --parts)")
    e.add_argument("--usage", type=int, help="type of usage: 0 acquisition, 1 circulating, 2 not circulating, 7 discarded, 8 patron card")
    e.add_argument("--shelf", help="shelf location (ISO 28560-2 only)")
    e.add_argument("--size", type=int, help="tag memory size in bytes to pad to (32: short ISO 28560-3 form)")
    e.set_defaults(func=_encode)

    g = tag_sub.add_parser(
        "program", help="program the blank tag(s) on a reader for an item, or a cart of items; "
                        "JSON lines out (events, each item's outcome, a batch report)")
    g.add_argument("--reader", required=True, metavar="URL", help="the pad reader, e.g. feig:///dev/ttyUSB0")
    what = g.add_mutually_exclusive_group(required=True)
    what.add_argument("--item-id", help="the item's primary identifier (barcode)")
    what.add_argument("--batch", metavar="FILE", help="item ids, one per line (ITEM or ITEM PARTS), or - for stdin")
    g.add_argument("--owner", help="owner library ISIL written when the centre (--online) does not "
                                   "name the item's owner (default: [device] library_isil)")
    g.add_argument("--parts", type=int, help="parts of the item, each its own tag (default: as the centre says with --online, else 1)")
    g.add_argument("--model", choices=ENCODE_MODELS, help="data model (default: [tagprog] model)")
    g.add_argument("--lock", action="store_true", default=None,
                   help="lock the AFI (and blocks where the reader can) for good: PERMANENT")
    g.add_argument("--confirm-retag", action="store_true",
                   help="overwrite tags holding another item's data (staff confirmed the re-tag)")
    g.add_argument("--journal", metavar="FILE", help="batch journal (default: [tagprog] journal)")
    g.add_argument("--retry", action="store_true",
                   help="with --batch: try the journal's skipped and failed items again")
    g.add_argument("--no-outbox", action="store_true", help="send no tag_programmed transactions")
    g.add_argument("--online", action="store_true",
                   help="ask the centre for each item's title, call number and parts first ([sync] broker)")
    g.set_defaults(func=_program)

    w = tag_sub.add_parser("screen", help="the programming station's staff screen (PySide6)")
    w.add_argument("--reader", required=True, metavar="URL", help="the pad reader")
    w.add_argument("--language", choices=("zh_TW", "en", "vi", "id"), default="zh_TW", help="screen language")
    w.add_argument("--owner", help="owner library ISIL written when the centre (--online) does not "
                                   "name the item's owner (default: [device] library_isil)")
    w.add_argument("--online", action="store_true", help="ask the centre about each item first")
    w.add_argument("--quit-after", type=float, help=argparse.SUPPRESS)  # smoke tests
    w.set_defaults(func=_screen)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _decode(args: argparse.Namespace) -> int:
    text = re.sub(r"[\s:]", "", args.hex)
    if text.lower().startswith("0x"):
        text = text[2:]
    try:
        memory = bytes.fromhex(text)
    except ValueError:
        raise CommandError(f"not a hex string: {args.hex[:40]!r}") from None
    try:
        item = decode(memory, model=args.model, dsfid=args.dsfid)
    except TagDataError as exc:
        raise CommandError(f"cannot decode tag: {exc}") from None
    emit(flag_unprintable(item.to_json()))  # a tag's text is data: never raw controls
    return 0


def _encode(args: argparse.Namespace) -> int:
    if (args.parts is None) != (args.part is None):
        raise CommandError("--parts and --part go together")
    if args.shelf and args.model != "iso28560-2":
        raise CommandError(f"--shelf needs --model iso28560-2 ({args.model} has no shelf location)")
    try:
        item = Item(
            model=args.model,
            primary_item_id=args.item_id,
            owner_library=args.owner,
            parts_in_item=args.parts,
            part_number=args.part,
            type_of_usage=args.usage,
            shelf_location=args.shelf,
        )
        image = encode(item, size=args.size)
    except TagDataError as exc:
        raise CommandError(f"cannot encode tag: {exc}") from None
    sys.stdout.write(image.hex().upper() + "\n")
    sys.stdout.flush()
    return 0


def _batch_items(source: str) -> list[tuple[str, int | None]]:
    """``(item id, parts)`` from a file or stdin: ``ITEM`` or ``ITEM PARTS`` per line (comma or
    space separated; ``#`` starts a comment)."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot read {source}: {exc.strerror}") from None
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.split("#", 1)[0].replace(",", " ").split()
        if not words:
            continue
        if len(words) > 2 or (len(words) == 2 and not words[1].isdigit()):
            raise CommandError(f"{source} line {number}: expected ITEM or ITEM PARTS, got {line.strip()!r}")
        items.append((words[0], int(words[1]) if len(words) == 2 else None))
    return items


def _station_parts(args: argparse.Namespace, **options: object) -> tuple[Any, ...]:
    """The configuration, the ``[tagprog]``/``[device]`` settings, the online client (or None)
    and the outbox (or None) a station command runs with."""
    from inventory_scanner.programming.settings import ProgrammingSettings
    from rfid_edge.commands import load_config
    from sync.device import DeviceSettings

    config = load_config(args, "tagprog", **options)
    settings = ProgrammingSettings.from_section(config.get("tagprog"))
    device = DeviceSettings.from_section(config.get("device"))
    online = None
    if args.online:
        from sync.edge.service import open_online_client

        online = open_online_client(config).start()
    outbox = None
    if not getattr(args, "no_outbox", False):
        from sync.edge.outbox import Outbox
        from sync.edge.settings import SyncSettings

        path = device.path(SyncSettings.from_section(config.get("sync")).outbox)
        path.parent.mkdir(parents=True, exist_ok=True)
        outbox = Outbox(path, device_id=device.id, branch=device.branch)
    return config, settings, device, online, outbox


def _program(args: argparse.Namespace) -> int:
    from drivers.errors import ReaderError
    from drivers.registry import open_reader
    from drivers.tags.marker import MarkerSettings
    from inventory_scanner.programming.journal import BatchJournal
    from inventory_scanner.programming.station import Station

    if args.parts is not None and args.parts < 1:
        raise CommandError("--parts must be 1 or more")
    items = _batch_items(args.batch) if args.batch else None
    config, settings, device, online, outbox = _station_parts(args, model=args.model,
                                                                 lock=args.lock)
    try:
        with open_reader(args.reader) as reader:
            station = Station(reader, settings=settings,
                              marker=MarkerSettings.from_section(config.get("security")),
                              owner=args.owner or device.library_isil, outbox=outbox, emit=emit,
                              lookup=online.item_info if online is not None else None)
            if items is None:
                outcome = station.program(args.item_id, parts=args.parts,
                                          confirm_retag=args.confirm_retag)
                return 0 if outcome.status == "done" else 1
            path = device.path(args.journal or settings.journal)
            path.parent.mkdir(parents=True, exist_ok=True)
            with BatchJournal(path) as journal:
                if args.retry:
                    journal.requeue()
                report = station.run_batch(journal, items, confirm_retag=args.confirm_retag)
            return 0 if not report["failed"] and not report["skipped"] else 1
    except ReaderError as exc:
        raise CommandError(f"reader {args.reader}: {exc}") from None
    finally:
        if outbox is not None:
            outbox.close()
        if online is not None:
            online.close()


def _screen(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from drivers.errors import ReaderError
    from drivers.registry import open_reader
    from drivers.tags.marker import MarkerSettings
    from inventory_scanner.programming.station import Station
    from inventory_scanner.programming.ui.window import ProgrammingWindow

    config, settings, device, online, outbox = _station_parts(args)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        with open_reader(args.reader) as reader:
            station = Station(reader, settings=settings,
                              marker=MarkerSettings.from_section(config.get("security")),
                              owner=args.owner or device.library_isil, outbox=outbox,
                              lookup=online.item_info if online is not None else None)

            def program(item_id: str, parts: int, confirm: bool, lock: bool) -> Any:
                station.settings = settings.model_copy(update={"lock": lock})
                return station.program(item_id, parts=parts, confirm_retag=confirm)

            window = ProgrammingWindow(program, language=args.language, lock=settings.lock)
            station.emit = window.event.emit
            window.show()
            if args.quit_after is not None:
                QTimer.singleShot(int(args.quit_after * 1000), app.quit)
            app.exec()
            emit({"event": "closed", "language": window.language.currentData()})
            return 0
    except ReaderError as exc:
        raise CommandError(f"reader {args.reader}: {exc}") from None
    finally:
        if outbox is not None:
            outbox.close()
        if online is not None:
            online.close()
