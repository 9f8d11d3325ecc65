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
