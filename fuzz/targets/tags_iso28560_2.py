"""drivers.tags.iso28560_2.decode on any tag memory: an Item or TagDataError, nothing else."""

from __future__ import annotations

from drivers.tags import TagDataError, iso28560_2
from fuzz.targets._tags import check_item

ALLOWED = (TagDataError,)


def one_input(data: bytes) -> None:
    check_item(iso28560_2.decode(data))
