"""ILS adapters: the interface (:mod:`sync.ils.base`), the reference ILS and the SIP2 adapter."""

from sync.ils.base import (
    Account,
    CheckinResult,
    CheckoutResult,
    FeePaidResult,
    Hold,
    ILSAdapter,
    ItemInfo,
    ItemStatus,
    Loan,
    Outcome,
    PatronStatus,
    RenewResult,
    SortDestination,
)

__all__ = [
    "Account",
    "CheckinResult",
    "CheckoutResult",
    "FeePaidResult",
    "Hold",
    "ILSAdapter",
    "ItemInfo",
    "ItemStatus",
    "Loan",
    "Outcome",
    "PatronStatus",
    "RenewResult",
    "SortDestination",
]
