"""The ISO 28560-1 element table: numbers, names and formats in one place, read by the codecs
and by Element.name without importing a codec."""

from __future__ import annotations

import ast
from pathlib import Path

from drivers.tags import Element, decode, encode, iso28560_2
from drivers.tags.elements import ELEMENTS, ISIL_OIDS, OCTET_OIDS, OID_NAMES, Format, element_name


def test_the_table_numbers_every_element_once():
    assert sorted(ELEMENTS) == list(range(1, 27))
    assert len(set(OID_NAMES.values())) == 26
    assert all(oid == e.oid for oid, e in ELEMENTS.items())
    assert sorted(ISIL_OIDS) == [3, 11, 23, 25] and sorted(OCTET_OIDS) == [2, 5, 19, 20]
    assert {oid for oid, e in ELEMENTS.items() if e.format is Format.DIGITS} == {4, 13}


def test_names_for_defined_and_undefined_numbers():
    assert element_name(1) == "primary_item_id" and element_name(3) == "owner_library"
    assert element_name(200) == "oid_200"
    assert Element(key=17, value="A title").name == "title"
    assert Element(key="version", value=1).name == "version"
    assert iso28560_2.OID_NAMES is OID_NAMES  # the codec reads the same table


def test_decoded_elements_carry_the_table_names():
    from drivers.tags import Item

    item = Item(model="iso28560-2", primary_item_id="31234000123456", owner_library="TW-TPML",
                elements=(Element(key=17, value="Moby"),))
    names = [e.name for e in decode(encode(item)).elements]
    assert names == ["primary_item_id", "owner_library", "title"]


def _imports(module: object) -> set[str]:
    """Every module a source file imports, at the top or nested (as the house check reads them)."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_item_model_and_the_compaction_import_no_codec():
    """No circle compaction -> item -> iso28560_2 -> compaction: item names elements from the
    table, and neither imports a codec."""
    from drivers.tags import compaction, elements, item

    codecs = {"drivers.tags.iso28560_2", "drivers.tags.iso28560_3", "drivers.tags.legacy3m",
              "drivers.tags.detect", "drivers.tags"}
    assert {m for m in _imports(item) if m.startswith("drivers")} == {"drivers.tags.elements"}
    assert not _imports(compaction) & codecs
    assert not {m for m in _imports(elements) if m.startswith("drivers")}
