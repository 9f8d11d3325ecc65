"""The simulated station's configuration: the caller's config, the world's keys over it."""

from __future__ import annotations

import copy

from kiosk.sim.station import layer


def test_layer_merges_tables_and_replaces_values_without_touching_inputs() -> None:
    base = {"kiosk": {"station": "self_checkout", "fastbook": {"slots": 24, "station_quota": 3},
                      "staff": {"S1": "h1"}},
            "security": {"afi_in_library": 7}}
    over = {"kiosk": {"fastbook": {"station_quota": 1}, "staff": {"S2": "h2"}, "idle_timeout_s": 2},
            "device": {"id": "kiosk-01"}, "security": {"afi_in_library": 0x9A}}
    before = copy.deepcopy((base, over))
    out = layer(base, over)
    assert out == {"kiosk": {"station": "self_checkout", "idle_timeout_s": 2,
                             "fastbook": {"slots": 24, "station_quota": 1},
                             "staff": {"S1": "h1", "S2": "h2"}},
                   "security": {"afi_in_library": 0x9A}, "device": {"id": "kiosk-01"}}
    assert (base, over) == before
    out["kiosk"]["fastbook"]["slots"] = 1
    assert base["kiosk"]["fastbook"]["slots"] == 24  # a deep copy: the caller's config stays


def test_a_value_replaces_a_table_and_a_table_replaces_a_value() -> None:
    assert layer({"a": {"b": 1}}, {"a": 5}) == {"a": 5}
    assert layer({"a": 5}, {"a": {"b": 1}}) == {"a": {"b": 1}}


def test_the_simulated_station_names_the_seed_branches_unless_the_config_does() -> None:
    """Issue 17: the demo showed branch codes (可於TPML-BT取書); the simulated station passes
    ``[kiosk.ui] branch_names`` from the seed, and the view and the receipts read them."""
    from kiosk.sim.station import SimStation
    from kiosk.ui.options import UiOptions
    from rfid_edge import config as configuration
    from sync.ils.seed import BRANCHES

    st = SimStation(config=configuration.load(None), station="holds_pickup")
    try:
        assert UiOptions.from_config(st.config).branch_names == dict(BRANCHES)
        assert st.settings.kiosk.ui.branch_names["TPML-BT"] == "北投分館"
    finally:
        st.close()
    named = layer(configuration.load(None), {"kiosk": {"ui": {"branch_names": {"TPML-BT": "BT"}}}})
    st = SimStation(config=named, station="holds_pickup")
    try:
        assert st.settings.kiosk.ui.branch_names == dict(BRANCHES) | {"TPML-BT": "BT"}
    finally:
        st.close()
