"""What every tag decoder promises of an :class:`~drivers.tags.Item` it returns."""

from __future__ import annotations

from drivers.tags import Item


def check_item(item: Item) -> None:
    """A decoded item is an :class:`Item` whose identifier is text (it is shown and logged)."""
    assert isinstance(item, Item), type(item)
    assert isinstance(item.primary_item_id, str), item.primary_item_id
