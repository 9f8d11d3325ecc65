"""drivers.tags.legacy3m.decode on any tag memory: an Item or TagDataError, nothing else."""

from __future__ import annotations

from drivers.tags import TagDataError, legacy3m
from fuzz.targets._tags import check_item

ALLOWED = (TagDataError,)


def one_input(data: bytes) -> None:
    if legacy3m.looks_like(data) not in (True, False):
        raise AssertionError("looks_like must answer a bool")
    check_item(legacy3m.decode(data))
