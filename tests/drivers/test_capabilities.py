"""Optional reader capabilities are declared per backend, and the declaration is the truth:
a declared capability has its method overridden, an undeclared one raises Unsupported without
a word on the wire (the drivers are built unopened: no device is needed)."""

from __future__ import annotations

import pytest

from drivers.errors import ReaderError, Unsupported
from drivers.feig.reader import FeigReader
from drivers.m810.reader import M810Reader
from drivers.pcsc.reader import PcscReader
from drivers.reader import Capability as C
from drivers.reader import Reader

#: the method each capability stands for, called with dummy arguments
CALLS = {
    C.EAS: ("set_eas", ("E004010000000001",)),
    C.EAS_READ: ("eas_armed", ("E004010000000001",)),
    C.LOCK_AFI: ("lock_afi", ("E004010000000001",)),
    C.LOCK_BLOCKS: ("lock_blocks", ("E004010000000001", 0, 1)),
    C.WRITE_DSFID: ("write_dsfid", ("E004010000000001", 0x3E)),
    C.STAY_QUIET: ("stay_quiet", ("E004010000000001",)),
    C.RF_RESET: ("rf_reset", ()),
}

DECLARED = {
    FeigReader: {C.ANTICOLLISION, C.EAS, C.EAS_READ, C.LOCK_AFI, C.LOCK_BLOCKS, C.WRITE_DSFID,
                 C.STAY_QUIET, C.RF_RESET},
    M810Reader: {C.ANTICOLLISION, C.EAS, C.EAS_READ, C.LOCK_AFI, C.LOCK_BLOCKS, C.STAY_QUIET},
    PcscReader: {C.EAS, C.LOCK_AFI, C.LOCK_BLOCKS, C.WRITE_DSFID},
}


def _unopened(cls: type[Reader]) -> Reader:
    """The backend without its device (the 3M 810 opens its port when built)."""
    reader = cls.__new__(cls)
    Reader.__init__(reader, f"{cls.protocol}://none")
    return reader


@pytest.mark.parametrize("cls", list(DECLARED), ids=lambda c: c.protocol)
def test_each_backend_declares_what_it_can(cls: type[Reader]) -> None:
    assert cls.capabilities == frozenset(DECLARED[cls])
    reader = _unopened(cls)
    assert reader.supports(*DECLARED[cls]) and reader.supports()
    for cap, (name, _) in CALLS.items():
        overridden = getattr(cls, name) is not getattr(Reader, name)
        assert overridden == (cap in cls.capabilities), f"{cls.__name__}.{name} vs {cap}"


@pytest.mark.parametrize("cls", list(DECLARED), ids=lambda c: c.protocol)
def test_undeclared_capabilities_raise_unsupported(cls: type[Reader]) -> None:
    reader = _unopened(cls)
    missing = [cap for cap in CALLS if cap not in cls.capabilities]
    for cap in missing:
        name, args = CALLS[cap]
        with pytest.raises(Unsupported, match=cap.value.replace("_", " ")) as err:
            getattr(reader, name)(*args)
        assert isinstance(err.value, ReaderError)  # callers that catch ReaderError still do
    assert not reader.supports(*missing) or not missing


def test_the_pad_can_keep_tags_quiet_only_with_both():
    assert FeigReader.capabilities >= {C.STAY_QUIET, C.RF_RESET}
    assert not M810Reader.capabilities >= {C.STAY_QUIET, C.RF_RESET}
