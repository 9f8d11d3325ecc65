"""Every built-in headless scenario, run in-process with the patron's card on the session's vpcd
reader behind the real pcscd: the patron is identified through PC/SC, and at the end every item
the scenario touched has the loan state and the security marker it should (invariant 2)."""

from __future__ import annotations

import pytest

from kiosk.sim.scenario import builtin, load, run
from rfid_edge import config as configuration
from tests.kiosk.conftest import AFI_IN, AFI_OUT

#: scenario -> which touched items end on loan to the scenario's patron (by position in summary)
EXPECTED_ON_LOAN = {
    "self_checkout": [True, True, True, True],  # two books, both parts of a set
    "self_checkout_offline": [True, True],
    "combined": [False, True],  # a loan returned, a book borrowed
    "holds_pickup": [True],
    "fastbook": [False, True],  # slot 1 stays in the station, slot 2 is dispensed and lent
    "self_return": [False],
}


def test_every_station_type_has_a_scenario():
    assert set(EXPECTED_ON_LOAN) == set(builtin())


@pytest.mark.parametrize("name", sorted(EXPECTED_ON_LOAN))
def test_scenario_identifies_through_pcscd_and_keeps_invariant_2(name, pcsc_reader, tmp_path):
    lines: list[dict] = []
    summary = run(load(name), emit=lines.append, config=configuration.load(None), card_reader=pcsc_reader, workdir=tmp_path)
    assert summary["cards"] == "pcsc" and lines[-1] is summary
    identified = [x for x in lines if x["event"] == "patron_identified"]
    assert len(identified) == 1 and "****" in identified[0]["patron"]
    assert identified[0]["offline"] is (name == "self_checkout_offline")
    assert [i["on_loan_to_patron"] for i in summary["items"]] == EXPECTED_ON_LOAN[name]
    for item in summary["items"]:
        assert item["afi"] == (AFI_OUT if item["on_loan"] else AFI_IN), item
    assert summary["outbox"]["pending"] == 0
    assert not any(x["event"] == "out_of_order" for x in lines)


def test_only_a_scenario_that_scans_a_barcode_gets_a_wedge_scanner():
    assert {name for name in builtin() if load(name).wedge} == {"holds_pickup"}
