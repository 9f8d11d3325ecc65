"""Hypothesis strategies and helpers shared by the tag data model tests (issue 2)."""

from __future__ import annotations

from hypothesis import strategies as st

from drivers.tags import Element, Item, OptionalBlock


def crc_ccitt_false_bitwise(data: bytes) -> int:
    """An independent, bit-by-bit CRC-16/CCITT-FALSE so tests do not trust the table version."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def utf8_len_between(low: int, high: int):
    return lambda s: low <= len(s.encode("utf-8")) <= high


ascii_printable = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
no_nul_text = st.characters(min_codepoint=1, max_codepoint=0x2FFFF, exclude_categories=("Cs",))
isil_text = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-:/", min_size=1, max_size=16)


@st.composite
def set_info(draw, max_parts: int):
    parts = draw(st.integers(1, max_parts))
    return parts, draw(st.integers(1, parts))


@st.composite
def items_28560_3(draw, short: bool = False):
    parts, part = draw(set_info(255))
    blocks = () if short else tuple(
        draw(
            st.lists(
                st.builds(OptionalBlock, block_id=st.integers(0, 0xFFFF), data=st.binary(max_size=20)),
                max_size=3,
            )
        )
    )
    return Item(
        model="iso28560-3",
        primary_item_id=draw(st.text(no_nul_text, min_size=1, max_size=16).filter(utf8_len_between(1, 16))),
        owner_library=draw(st.none() | st.text(no_nul_text, min_size=1, max_size=11 if short else 13).filter(utf8_len_between(1, 11 if short else 13))),
        parts_in_item=parts,
        part_number=part,
        type_of_usage=draw(st.integers(0, 15)),
        optional_blocks=blocks,
    )


EXTRA_OIDS = [2, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 21, 22, 23, 24, 25, 26]
TEXT_ALPHABETS = st.sampled_from(
    [
        st.characters(min_codepoint=0x30, max_codepoint=0x39),  # digits: integer / numeric
        st.characters(min_codepoint=0x41, max_codepoint=0x5F),  # 5-bit
        st.characters(min_codepoint=0x20, max_codepoint=0x5F),  # 6-bit
        st.characters(min_codepoint=0x00, max_codepoint=0x7E),  # 7-bit
        st.characters(exclude_categories=("Cs",)),  # UTF-8
        st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-:/"),  # ISIL
    ]
)


@st.composite
def element_text(draw, min_size: int = 1, max_size: int = 30):
    alphabet = draw(TEXT_ALPHABETS)
    return draw(st.text(alphabet, min_size=min_size, max_size=max_size))


@st.composite
def items_28560_2(draw):
    has_set = draw(st.booleans())
    parts, part = draw(set_info(999)) if has_set else (None, None)
    extra = []
    for oid in draw(st.lists(st.sampled_from(EXTRA_OIDS), unique=True, max_size=3)):
        value = draw(st.binary(min_size=1, max_size=4)) if oid in (2, 20) else draw(element_text())
        extra.append(Element(key=oid, value=value))
    media = draw(st.none() | st.integers(0, 255) | st.text(st.characters(min_codepoint=0x41, max_codepoint=0x5A), min_size=2, max_size=2))
    return Item(
        model="iso28560-2",
        primary_item_id=draw(element_text()),
        owner_library=draw(st.none() | element_text(max_size=16)),
        parts_in_item=parts,
        part_number=part,
        type_of_usage=draw(st.none() | st.integers(0, 15)),
        shelf_location=draw(st.none() | element_text(max_size=20)),
        media_format=media,
        elements=tuple(extra),
    )


@st.composite
def items_3m(draw):
    parts, part = draw(set_info(15))
    return Item(
        model="3m",
        primary_item_id=draw(st.text(ascii_printable, min_size=1, max_size=16)),
        parts_in_item=parts,
        part_number=part,
        media_format=draw(st.integers(0, 255)),
        elements=(
            Element(key="branch", value=draw(st.integers(0, 0xFFF))),
            Element(key="library", value=draw(st.integers(0, 0xFFFFF))),
            Element(key="custom", value=draw(st.integers(-(2**31), 2**31 - 1))),
        ),
    )


any_item = st.one_of(items_28560_3(), items_28560_3(short=True), items_28560_2(), items_3m())
