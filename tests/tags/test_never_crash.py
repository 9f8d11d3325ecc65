"""No byte string makes a tag decoder raise anything but TagDataError (DESIGN invariant 4, issue 2)."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.tags import Item, TagDataError, decode, detect, encode
from drivers.tags.ndef import parse_patron_id, parse_shelf_location, unwrap_type2_tlv
from tests.tags.strategies import any_item

MODELS = ("auto", "iso28560-3", "iso28560-2", "3m")


def _decode_all_ways(memory: bytes, dsfid: int | None) -> None:
    for model in MODELS:
        try:
            item = decode(memory, model=model, dsfid=dsfid)
        except TagDataError as exc:
            assert str(exc)  # the reason is named
        else:
            assert isinstance(item, Item)
            item.to_json()  # and the result is printable
    with contextlib.suppress(TagDataError):
        detect(memory, dsfid=dsfid)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=120), st.none() | st.sampled_from([0x00, 0x06, 0x3E]))
def test_random_bytes(memory, dsfid):
    _decode_all_ways(memory, dsfid)


@st.composite
def mutated_images(draw):
    item = draw(any_item)
    image = bytearray(encode(item))
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["flip", "set", "truncate", "extend"]))
        if action == "flip" and image:
            i = draw(st.integers(0, len(image) - 1))
            image[i] ^= 1 << draw(st.integers(0, 7))
        elif action == "set" and image:
            image[draw(st.integers(0, len(image) - 1))] = draw(st.integers(0, 255))
        elif action == "truncate":
            del image[draw(st.integers(0, len(image))) :]
        else:
            image += draw(st.binary(min_size=1, max_size=8))
    return bytes(image)


@settings(max_examples=400, deadline=None)
@given(mutated_images(), st.none() | st.sampled_from([0x06, 0x3E]))
def test_mutated_valid_images(memory, dsfid):
    _decode_all_ways(memory, dsfid)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=80))
def test_ndef_parsers(data):
    for parse in (parse_patron_id, parse_shelf_location, unwrap_type2_tlv):
        with contextlib.suppress(TagDataError):
            parse(data)
