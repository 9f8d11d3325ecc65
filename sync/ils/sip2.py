"""Alias of :mod:`sync.ils.sip2_adapter` (the name :mod:`sync.ils.base` gives the SIP2 adapter)."""

from sync.ils.sip2_adapter import BLOCKS, CIRCULATION, SIP2Adapter, sorting_instruction

__all__ = ["BLOCKS", "CIRCULATION", "SIP2Adapter", "sorting_instruction"]
