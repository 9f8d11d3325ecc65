"""Benchmarks for `rfid-edge bench NAME`.

Each module here defines ``DESCRIPTION: str`` and ``run(argv: list[str]) -> dict`` returning the
benchmark's figures. Figures are ratios against a floor measured in the same run (air time, raw
MQTT publish rate), so they mean the same on a slow or a fast machine.
"""
