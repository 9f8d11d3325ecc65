"""MQTT topic layout, one place for both ends (and for the ACLs of issue 6).

``<prefix>/tx/<device>``       transactions, edge → centre (QoS 1)
``<prefix>/req/<device>``      online requests, edge → centre (QoS 1, message expiry = timeout)
``<prefix>/reply/<device>``    replies to transactions, centre → edge (Response Topic)
``<prefix>/resp/<device>/<n>`` responses to online requests (Response Topic, per client)
``<prefix>/cache/…``           retained offline cache, centre → all (issue 6)

An ACL grants a device ``<prefix>/tx/%c``, ``<prefix>/req/%c`` for writing and
``<prefix>/reply/%c``, ``<prefix>/resp/%c/#`` and ``<prefix>/cache/#`` for reading.
"""

from __future__ import annotations

PREFIX = "rfid/v1"


def tx(device_id: str, prefix: str = PREFIX) -> str:
    return f"{prefix}/tx/{device_id}"


def req(device_id: str, prefix: str = PREFIX) -> str:
    return f"{prefix}/req/{device_id}"


def reply(device_id: str, prefix: str = PREFIX) -> str:
    return f"{prefix}/reply/{device_id}"


def resp(device_id: str, nonce: str, prefix: str = PREFIX) -> str:
    return f"{prefix}/resp/{device_id}/{nonce}"


def shared(group: str, kind: str, prefix: str = PREFIX) -> str:
    """The bridge's shared subscription: every member of ``group`` gets a share."""
    return f"$share/{group}/{prefix}/{kind}/+"


def device_of(topic: str, prefix: str = PREFIX) -> tuple[str, str] | None:
    """``(kind, device_id)`` of a tx/req topic, or None if it is not one of ours."""
    head = prefix + "/"
    if not topic.startswith(head):
        return None
    parts = topic[len(head):].split("/")
    if len(parts) != 2 or parts[0] not in ("tx", "req") or not parts[1]:
        return None
    return parts[0], parts[1]


def valid_device_id(device_id: str) -> bool:
    """A device id must be usable as one topic level (no wildcards, no separators)."""
    return bool(device_id) and not any(c in device_id for c in "/+#\x00") and len(device_id) <= 64
