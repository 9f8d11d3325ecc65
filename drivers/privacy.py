"""The one rule for showing a patron identifier (or a card UID) where it must not appear in
full: logs, events, receipts, conflict reports, ``repr``.

It lives in ``drivers/`` because that is the lowest layer: the card drivers mask what they log,
and the kiosk and both ends of the link (``sync.schema.mask`` is this function) use the same.

The rule: keep at most a fifth of the characters, split between both ends (at most four at
each), and put ``****`` between them, so ``2300000042`` shows as ``23****42`` and an identifier of
four characters or fewer as ``****``. The output's length says little about the input's; it
always holds ``****``, which the kiosk's events check for; nothing (None or empty) shows as ``-``.
"""

from __future__ import annotations

__all__ = ["mask"]


def mask(identifier: str | None) -> str:
    """``identifier`` as logs, events and receipts may show it: ``2300****0042``-style."""
    if not identifier:
        return "-"
    keep = min(4, len(identifier) // 5)
    return identifier[:keep] + "****" + (identifier[-keep:] if keep else "")
