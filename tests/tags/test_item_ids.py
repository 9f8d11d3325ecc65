"""What a decoder hands on as an item id: NUL padding stripped (ISO 28560-3 and 3M pad their
fixed fields), anything else kept exactly, so the CLI can flag it and the kiosk can refuse an id
the wire cannot carry (a control character) instead of failing when it builds the transaction."""

from __future__ import annotations

import pytest

from drivers.tags import Item, decode, encode
from sync import fields
from sync.errors import SchemaError
from tests.tags.test_iso28560_3 import hand_built


@pytest.mark.parametrize("model", ["iso28560-3", "3m", "iso28560-2"])
def test_nul_padding_never_reaches_the_id(model: str) -> None:
    image = encode(Item(model=model, primary_item_id="3123", parts_in_item=1, part_number=1))
    item = decode(image, model=model)
    assert item.primary_item_id == "3123"
    assert fields.identifier("item_id", item.primary_item_id) == "3123"


def test_a_short_iso28560_3_id_is_cut_at_its_first_nul() -> None:
    assert decode(hand_built(pii=b"3123\x00\x00\x00\x00"), model="iso28560-3").primary_item_id \
        == "3123"


@pytest.mark.parametrize("model, pii", [("iso28560-3", "31\x0123"), ("iso28560-3", "31\x9b2J"),
                                        ("iso28560-2", "3123\x00"), ("iso28560-2", "31\r\n23")])
def test_a_control_character_is_kept_for_the_edge_to_refuse(model: str, pii: str) -> None:
    image = (hand_built(pii=pii.encode()) if model == "iso28560-3"
             else encode(Item(model=model, primary_item_id=pii)))
    item = decode(image, model=model)
    assert item.primary_item_id == pii  # exactly what the tag holds (shown escaped by the CLI)
    with pytest.raises(SchemaError, match=r"^item_id: must hold no control character"):
        fields.identifier("item_id", item.primary_item_id)
