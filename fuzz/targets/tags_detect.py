"""drivers.tags.decode (model "auto", any DSFID) and detect on any tag memory."""

from __future__ import annotations

import contextlib

from drivers.tags import MODEL_CHOICES, TagDataError, decode, detect, is_blank
from fuzz.targets._tags import check_item

ALLOWED = (TagDataError,)


def one_input(data: bytes) -> None:
    if len(data) < 2:
        return
    dsfid = None if data[0] & 1 else data[1]
    model = MODEL_CHOICES[data[0] % len(MODEL_CHOICES)] if data[0] & 2 else "auto"
    memory = data[2:]
    is_blank(memory)
    with contextlib.suppress(TagDataError):
        detect(memory, dsfid)
    check_item(decode(memory, model=model, dsfid=dsfid))
