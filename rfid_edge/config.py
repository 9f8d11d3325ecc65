"""One TOML file per device (read with :mod:`tomllib`), layered over defaults that run the simulator.

Order, as in python-can's ``load_config``: explicit overrides > environment (``RFID_EDGE_CONFIG``
names the file) > the file > :data:`DEFAULTS`. Each subsystem reads its own section.
"""

from __future__ import annotations

import copy
import os
import tomllib
from pathlib import Path
from typing import Any

from kiosk.settings import KioskSettings

#: Defaults that need no hardware. Each section belongs to one package; add yours, don't edit others'.
DEFAULTS: dict[str, Any] = {
    "device": {
        "id": "kiosk-01",
        "branch": "TPML-MAIN",
        "library_isil": "TW-TPML",
        "data_dir": "var",
    },
    "security": {
        # AFI values for the theft marker (ISO 28560 defaults; 3M sites used 0xD7/0xDA)
        "afi_in_library": 0x07,
        "afi_on_loan": 0xC2,
        "use_eas": False,
    },
    "readers": {},
    # patron cards on PC/SC readers (drivers.pcsc.patron.IdentifyOptions.from_config)
    "pcsc": {
        "reader": "pcsc://*",
        "sources": ["ndef", "iso28560-3", "uid"],
        "uid_byte_order": "msb",
        "uid_rendering": "hex",
        "uid_width": 0,
        "apdu_timeout_s": 2.0,
    },
    "sync": {
        # the edge end of the link (paths are relative to device.data_dir)
        "broker_host": "127.0.0.1",
        "broker_port": 1883,
        "topic_prefix": "rfid/v1",
        "outbox": "outbox.db",
        "window": 4000,  # transactions published and not yet answered
        "batch_max": 200,  # transactions per MQTT message when draining a backlog
        "max_inflight_messages": 20,  # QoS 1 messages unacked; <= the broker's Receive Maximum
        "reply_timeout_s": 15.0,  # resend a transaction unanswered this long
        "request_timeout_s": 2.0,  # online requests: after this the kiosk works offline
        "session_expiry_s": 604800,
        "backoff_min_s": 0.5,
        "backoff_max_s": 60.0,
        "retention_days": 7,  # applied rows are purged after this
    },
    # every [kiosk] key and its default: kiosk.settings.KioskSettings (examples/kiosk.toml)
    "kiosk": KioskSettings().defaults_section(),
    "central": {
        "broker_host": "127.0.0.1",
        "broker_port": 1883,
        "topic_prefix": "rfid/v1",
        "group": "central",  # shared-subscription group of the bridges
        "client_id": "",  # empty: bridge-<group>-<hostname>; distinct for each bridge
        "ils": "reference",
        "ils_db": "central/ils.db",
        "ledger": "",  # empty: in the reference ILS's database (central/ledger.db for SIP2)
        "batch_size": 500,
        "max_inflight_messages": 20,  # replies unacked; <= the broker's Receive Maximum
        "seed": 2026,
        "conflicts_db": "central/conflicts.db",  # non-reference ILSs (the reference ILS's own db)
        "cache_interval_s": 300,  # publish the offline cache this often (0: never)
        "cache_min_interval_s": 5,  # and soon after a change, at most this often
        "compact_interval_s": 3600,  # compact the ordering undo log this often (0: never)
        "undo_horizon_days": 30,  # offline backlogs older than this are not rebased over
    },
    # MQTT transport security of this device's clients (the bridge's on the centre); see
    # docs/broker.md. security: none | password | certificate; files default to the layout of
    # a security dir made by `rfid-edge central provision` (ca.crt, devices/<user>.*)
    "mqtt": {
        "security": "none",
        "security_dir": "",
        "username": "",  # default: device.id (the bridge: "central")
        "ca": "",
        "password_file": "",
        "certfile": "",
        "keyfile": "",
    },
}


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def load(path: str | os.PathLike[str] | None = None, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the device configuration.

    :raises ValueError: if the file is not valid TOML (the message names the file and line).
    """
    path = path or os.environ.get("RFID_EDGE_CONFIG")
    config = copy.deepcopy(DEFAULTS)
    if path:
        p = Path(path)
        try:
            with p.open("rb") as fh:
                config = _merge(config, tomllib.load(fh))
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{p}: {exc}") from exc
    if overrides:
        config = _merge(config, overrides)
    return config
