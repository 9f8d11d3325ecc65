"""drivers.tags.iso28560_3.decode on any tag memory: an Item or TagDataError, nothing else."""

from __future__ import annotations

from drivers.tags import TagDataError, iso28560_3
from fuzz.targets._tags import check_item

ALLOWED = (TagDataError,)


def one_input(data: bytes) -> None:
    if iso28560_3.looks_like(data) not in (True, False):
        raise AssertionError("looks_like must answer a bool")
    check_item(iso28560_3.decode(data))
