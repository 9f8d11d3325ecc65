"""`rfid-edge bench program` runs end to end and its figures hang together (no wall-clock goal
is asserted: tests never judge speed)."""

from __future__ import annotations

from rfid_edge.bench import program


def test_bench_program_figures() -> None:
    figures = program.run(["--items", "3", "--rounds", "1"])
    assert figures["items"] == 3 and figures["image_writes"] == 3
    assert 0 < figures["rf_floor_s"] < figures["floor_s"] < figures["station_air_s"]
    assert figures["ratio"] >= 1.0  # the floor is a floor: the simulator charges it
    assert figures["items_per_min"] > 0
    # the reader time splits into the floor, the AFI writes and finding and checking the tags
    assert figures["afi_s"] > 0 and figures["find_and_check_s"] > 0
    parts = figures["floor_s"] + figures["afi_s"] + figures["dsfid_s"] + figures["find_and_check_s"]
    assert abs(parts - figures["station_air_s"]) < 1e-3
    assert figures["floor_with_afi_s"] == round(figures["floor_s"] + figures["afi_s"], 4)
    assert 1.0 <= figures["ratio_with_afi"] < figures["ratio"]
    assert figures["dsfid_s"] == 0  # ISO 28560-3 (the default) leaves the DSFID alone


def test_bench_program_counts_the_iso28560_2_dsfid_write_apart() -> None:
    figures = program.run(["--items", "2", "--rounds", "1", "--model", "iso28560-2"])
    assert figures["dsfid_s"] > 0 and figures["find_and_check_s"] > 0
    parts = figures["floor_s"] + figures["afi_s"] + figures["dsfid_s"] + figures["find_and_check_s"]
    assert abs(parts - figures["station_air_s"]) < 1e-3
