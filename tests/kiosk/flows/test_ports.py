"""The ports' Protocols against what implements them: the in-memory fakes the flow tests use and
the real adapters, so neither drifts from the contract the core is typed by (issue 13)."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from hwsim.fastbook import FastBookSim
from kiosk.adapters import (
    CachedRules,
    LocalCentre,
    MultiCards,
    PcscCards,
    ReaderPad,
    ScriptedCards,
    SerialPrinter,
    WedgeCards,
)
from kiosk.core import ports as P
from sync.edge.client import OnlineClient
from sync.edge.outbox import Outbox
from tests.kiosk.flows import fakes as F


def _members(proto: type) -> list[str]:
    skip = {"__init__", "__subclasshook__", "__class_getitem__", "__init_subclass__"}
    return sorted(n for n, v in vars(proto).items()
                  if callable(v) and n not in skip and not n.startswith("_"))


def _params(fn: Any) -> list[str]:
    return [p.name for p in inspect.signature(fn).parameters.values()
            if p.name != "self" and p.kind is not p.VAR_KEYWORD]


PAIRS = [
    (P.ItemPad, [F.FakePad, ReaderPad]),
    (P.CardSource, [PcscCards, MultiCards, ScriptedCards, WedgeCards]),
    (P.Centre, [F.FakeCentre, LocalCentre, OnlineClient]),
    (P.TransactionLog, [F.FakeOutbox, Outbox]),
    (P.OfflineRules, [F.FakeOffline, CachedRules]),
    (P.ReceiptPrinter, [F.FakePrinter, SerialPrinter]),
    (P.FastBookMechanism, [F.FakeDispenser, FastBookSim]),
]


@pytest.mark.parametrize("proto, impls", PAIRS, ids=[p.__name__ for p, _ in PAIRS])
def test_every_implementation_has_the_ports_methods_with_its_parameters(
        proto: type, impls: list[type]) -> None:
    for impl in impls:
        for name in _members(proto):
            assert hasattr(impl, name), f"{impl.__name__} lacks {proto.__name__}.{name}"
            want, got = _params(getattr(proto, name)), _params(getattr(impl, name))
            assert set(want) <= set(got), f"{impl.__name__}.{name}{got} lacks some of {want}"


def test_the_declared_port_errors_are_the_drivers_and_syncs_own() -> None:
    from drivers.errors import NoTransponder, ReaderTimeout
    from drivers.tags.item import TagDataError
    from sync.errors import OutboxError

    assert all(issubclass(e, P.PAD_ERRORS) for e in (NoTransponder, ReaderTimeout, TagDataError,
                                                      P.PadError))
    assert issubclass(OutboxError, P.OUTBOX_ERRORS) and issubclass(OSError, P.PRINTER_ERRORS)
    for bug in (TypeError, AttributeError, KeyError, AssertionError):
        for declared in (P.PAD_ERRORS, P.CARD_ERRORS, P.OUTBOX_ERRORS, P.PRINTER_ERRORS,
                         P.DISPENSER_ERRORS):
            assert not issubclass(bug, declared)
