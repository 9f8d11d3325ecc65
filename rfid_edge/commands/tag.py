"""`rfid-edge tag decode|encode`: the tag data models on the command line (a thin shell).

Examples::

    rfid-edge tag decode 11010133313233...        # one JSON line: model, primary_item_id, crc_ok…
    rfid-edge tag encode --model iso28560-3 --item-id 31234000123456 --owner TW-TPML
"""

from __future__ import annotations

import argparse
import re
import sys

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
