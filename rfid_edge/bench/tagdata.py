"""`rfid-edge bench tagdata`: tag data model decode/encode throughput per model.

Figures (one JSON object)::

    {"iso28560-3": {"decode_per_s": …, "encode_per_s": …, "air_ratio": …},
     "iso28560-2": {…}, "3m": {…}, "auto_detect_per_s": …, "air_floor_tags_per_s": 50}

``decode_per_s`` decodes with the model named (``auto_detect_per_s`` lets detection pick among
a mix of all three); ``air_ratio`` is decode throughput over the air-interface floor of 50 tags/s
(the best a commercial HF reader identifies), i.e. how many readers' worth of tags one core
decodes. Options: ``--seconds S`` per measurement (default 0.3).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from drivers.tags import Element, Item, OptionalBlock, decode, encode

DESCRIPTION = "tag data model decode/encode throughput (tags/s) per model"
AIR_FLOOR_TAGS_PER_S = 50

SAMPLES = {
    "iso28560-3": Item(
        model="iso28560-3",
        primary_item_id="31234000123456",
        owner_library="TW-TPML",
        parts_in_item=2,
        part_number=1,
        type_of_usage=1,
        optional_blocks=(OptionalBlock(block_id=1, data=b"A12.3 CHE"),),
    ),
    "iso28560-2": Item(
        model="iso28560-2",
        primary_item_id="31234000123456",
        owner_library="TW-TPML",
        parts_in_item=2,
        part_number=1,
        type_of_usage=1,
        shelf_location="863.57 8444",
        elements=(Element(key=17, value="臺灣文學史"),),
    ),
    "3m": Item(model="3m", primary_item_id="31234000123456", parts_in_item=2, part_number=1),
}


def _rate(fn: Callable[[], object], seconds: float) -> float:
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(50):
            fn()
        count += 50
        now = time.perf_counter()
        if now >= deadline:
            return count / (now - start)


def run(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(prog="rfid-edge bench tagdata", description=DESCRIPTION)
    parser.add_argument("--seconds", type=float, default=0.3, help="time per measurement")
    args = parser.parse_args(argv)
    figures: dict = {}
    images = {}
    for model, item in SAMPLES.items():
        image = encode(item)
        images[model] = image
        decode_rate = _rate(lambda image=image, model=model: decode(image, model=model), args.seconds)
        encode_rate = _rate(lambda item=item: encode(item), args.seconds)
        figures[model] = {
            "decode_per_s": round(decode_rate),
            "encode_per_s": round(encode_rate),
            "air_ratio": round(decode_rate / AIR_FLOOR_TAGS_PER_S, 1),
        }
    mix = list(images.values())

    def decode_mix() -> None:
        for image in mix:
            decode(image)

    figures["auto_detect_per_s"] = round(_rate(decode_mix, args.seconds) * len(mix))
    figures["air_floor_tags_per_s"] = AIR_FLOOR_TAGS_PER_S
    return figures
