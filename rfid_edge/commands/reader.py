"""`rfid-edge reader scan URL [--read]` and `rfid-edge reader ports`.

Example::

    rfid-edge reader scan 'feig:///dev/ttyUSB0?baud=38400' --read
    rfid-edge reader ports
"""

from __future__ import annotations

import argparse
from typing import Any
from urllib.parse import parse_qs, urlsplit

#: serial protocols: the line settings a reader must match, and their defaults
LINE_DEFAULTS = {"feig": {"baud": "38400", "addr": "255"}, "m810": {"baud": "19200"}}


def no_answer_hint(url: str) -> str:
    """One line on what to check when a serial reader does not answer: the protocol, the baud
    rate and (FEIG) the bus address this URL used."""
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    used = {**LINE_DEFAULTS.get(parts.scheme, {}), **query}
    other = " or ".join(f"{s}://" for s in LINE_DEFAULTS if s != parts.scheme)
    text = (f"check the protocol ({parts.scheme}://; {other} for another reader), "
            f"the baud rate (baud={used.get('baud', '?')}; ?baud=…)")
    if "addr" in used:
        text += f" and the address (addr={used['addr']}; ?addr=…, 255 = any)"
    return text + "; `rfid-edge reader ports` guesses the protocol"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reader", help="talk to an RFID reader by URL")
    verbs = p.add_subparsers(dest="reader_command", metavar="VERB", required=True)
    scan = verbs.add_parser("scan", help="one JSON line per tag in the field")
    scan.add_argument("url", help="reader URL, e.g. feig:///dev/ttyUSB0?baud=38400, m810:///dev/ttyUSB1")
    scan.add_argument("--read", action="store_true", help="also read and decode each tag's library data")
    scan.add_argument("--afi", type=lambda s: int(s, 0), help="only tags with this AFI (e.g. 0x07)")
    scan.set_defaults(func=_scan)
    ports = verbs.add_parser("ports", help="list serial ports (one JSON line each)")
    ports.set_defaults(func=_ports)


def _scan(args: argparse.Namespace) -> int:
    from drivers.errors import ReaderError, ReaderIOError
    from drivers.registry import open_reader
    from rfid_edge.output import CommandError, emit
    from rfid_edge.printable import flag_unprintable

    try:
        with open_reader(args.url) as reader:
            if urlsplit(args.url).scheme in LINE_DEFAULTS:
                try:  # one short exchange first: silence means wrong line settings
                    reader.reader_info()
                except ReaderIOError as exc:
                    raise CommandError(f"{args.url}: the reader does not answer ({exc}); "
                                       f"{no_answer_hint(args.url)}") from exc
            for tag in reader.inventory(args.afi):
                line: dict[str, Any] = {"uid": tag.uid, "afi": tag.afi, "dsfid": tag.dsfid}
                try:
                    info = reader.system_info(tag.uid)
                    line["afi"], line["dsfid"] = info.afi, info.dsfid if info.dsfid is not None else tag.dsfid
                    if args.read:
                        from drivers.tags import TagDataError, decode

                        memory = reader.read_blocks(tag.uid, 0, info.block_count)
                        try:
                            line["item"] = flag_unprintable(
                                decode(memory, dsfid=info.dsfid).to_json())
                        except TagDataError as exc:
                            line["item"] = None
                            line["error"] = f"undecodable tag data: {exc}"
                except ReaderError as exc:  # the tag left between inventory and read
                    line["error"] = str(exc)
                emit(line)
    except ReaderError as exc:
        raise CommandError(f"{args.url}: {exc}") from exc
    return 0


def _ports(args: argparse.Namespace) -> int:
    from drivers.ports import list_serial_ports
    from rfid_edge.output import emit

    for port in list_serial_ports():
        emit(port.to_json())
    return 0
