"""Pausing the cyclic garbage collector around bulk work that makes no reference cycles.

Loading a million shelf-list rows, or building the report of a 200,000-item range beside
them, allocates objects fast enough to set off the collector thousands of times, and each
full collection walks every live object (the whole shelf list) to free nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block (re-enabled after, if it was on)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
