"""Ids on the wire hold no control character (C0, DEL, C1, U+2028/2029): refused when a message
is built (h11 style), when it arrives (``from_wire``, ``check_wire``, ``decode``) and by the JSON
schema other implementations share — each naming the field — and the schema and
:func:`sync.fields.identifier` accept exactly the same strings."""

from __future__ import annotations

import dataclasses
import threading
import time
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sync import fields, messages, schema
from sync.broker import Broker
from sync.device import DeviceSettings
from sync.errors import SchemaError
from sync.messages import Checkin, Checkout, FeePaid, InventorySeen, TagProgrammed, Transaction
from tests.sync.conftest import tx_message
from tests.sync.test_schema import VALID

CONTROLS = ("\x00", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\x9b", "\x9f", "\u2028",
            "\u2029")
#: where in an id the control character sits: alone, at either end, inside
PLACES = (lambda c: c, lambda c: "3123400" + c, lambda c: c + "3123400",
          lambda c: "31234" + c + "00")
#: printable neighbours that stay legal: no-break space, a right-to-left mark (format, not
#: control), a space inside, leading and trailing spaces (kept as given), an emoji
LEGAL = ("\xa0", "\u200f", "a b", " 3123400", "3123400 ", "😀", "é", "\xa0x\ufeff")


def test_the_rule_is_category_cc_and_the_two_separators() -> None:
    refused = {chr(c) for c in range(0x110000) if fields.CONTROL.search(chr(c))}
    expected = {chr(c) for c in range(0x110000)
                if unicodedata.category(chr(c)) == "Cc"} | {"\u2028", "\u2029"}
    assert refused == expected


@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize("place", range(len(PLACES)))
def test_an_id_with_a_control_character_cannot_be_built(control: str, place: int) -> None:
    bad = PLACES[place](control)
    builds = {
        "payload.item_id": lambda: Checkin(item_id=bad),
        "payload.sort_bin": lambda: Checkin(item_id="31234000012345", sort_bin=bad),
        "payload.patron_id": lambda: Checkout(patron_id=bad, item_id="31234000012345"),
        "payload.fee_id": lambda: FeePaid(patron_id="2300000001", amount=Decimal("3"),
                                          fee_id=bad),
        "payload.location": lambda: InventorySeen(item_id="31234000012345", location=bad),
        "payload.owner": lambda: TagProgrammed(item_id="3123400", uid="E004010012345678",
                                               model="iso28560-3", owner=bad),
    }
    for named, build in builds.items():
        with pytest.raises(SchemaError) as exc:
            build()
        assert exc.value.reason.startswith(f"{named}: must hold no control character"), named
        assert f"U+{ord(control):04X}" in exc.value.reason
    good = Transaction.from_wire(tx_message("checkin", VALID["checkin"]))
    for name in ("branch", "device_id"):
        with pytest.raises(SchemaError, match=rf"^{name}: must hold no control character"):
            dataclasses.replace(good, **{name: bad})


@pytest.mark.parametrize("legal", LEGAL)
def test_printable_neighbours_are_ids(legal: str) -> None:
    assert Checkin(item_id=legal).item_id == legal
    assert fields.identifier("item_id", legal) == legal


def _arriving(field: str, value: str) -> dict[str, Any]:
    msg = tx_message("checkout", dict(VALID["checkout"]))
    if field.startswith("payload."):
        msg["payload"][field.removeprefix("payload.")] = value
    else:
        msg[field] = value
    return msg


@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize("field", ["payload.item_id", "payload.patron_id", "branch",
                                   "device_id"])
def test_an_arriving_id_with_a_control_character_is_refused_naming_it(control: str,
                                                                      field: str) -> None:
    msg = _arriving(field, "31234" + control)
    reasons = []
    for refuse in (lambda: messages.from_wire(msg), lambda: messages.check_wire(msg),
                   lambda: messages.check_wire(schema.loads(schema.encode(msg)), parsed=True),
                   lambda: messages.decode(schema.encode(msg)),
                   lambda: schema.validate("transaction", msg)):
        with pytest.raises(SchemaError) as exc:
            refuse()
        reasons.append(exc.value.reason)
    assert len(set(reasons)) == 1, reasons  # one wording, whichever way it arrives
    where = field if field.startswith("payload.") else f"transaction.{field}"
    assert reasons[0] == (f"{where}: must hold no control character, not "
                          f"{fields.show('31234' + control)} (U+{ord(control):04X} at 5)")


def test_a_request_with_a_control_character_in_an_id_is_refused() -> None:
    request = {"v": 1, "request_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
               "device_id": "kiosk-01", "op": "item_info", "args": {"item_id": "3123\n"},
               "sent_time": "2026-03-02T10:00:00.000Z"}
    with pytest.raises(SchemaError, match=r"^args\.item_id: must hold no control character"):
        schema.validate("request", request)
    request["args"]["item_id"], request["branch"] = "3123", "A\x00"
    with pytest.raises(SchemaError, match=r"^request\.branch: must hold no control character"):
        schema.validate("request", request)


#: strings near the rule: mostly controls and their printable neighbours, any length to 70
_NEAR = st.text(alphabet=st.sampled_from([*CONTROLS, "a", "7", " ", "\x80", "\xa0", "\x1f",
                                          "\x7e", "\u200f", "\u2027", "\u202a", "\ufeff",
                                          "😀"]),
                max_size=70)


def _schema_takes(value: str) -> bool:
    """Does the JSON schema (both implementations: the fast one decides, the reference words)
    take ``value`` as an id, in the envelope and in a payload?"""
    answers = set()
    for field in ("branch", "payload.item_id"):
        try:
            schema.validate("transaction", _arriving(field, value))
            answers.add(True)
        except SchemaError:
            answers.add(False)
    assert len(answers) == 1, value
    return answers.pop()


def _fields_take(value: str) -> bool:
    try:
        fields.identifier("item_id", value)
    except SchemaError:
        return False
    return True


@settings(max_examples=300)
@given(st.one_of(_NEAR, st.text(max_size=70)))
def test_the_schema_and_fields_identifier_take_the_same_ids(value: str) -> None:
    """Every string the schema takes as an id, fields.identifier takes, and the other way."""
    assert _schema_takes(value) == _fields_take(value), value
    assert schema._VALIDATORS["transaction"]._reference.is_valid(_arriving("branch", value)) \
        == _fields_take(value), value  # the reference implementation reads the pattern alike


@pytest.mark.parametrize("branch", ["TPML\n", "\x00", "TPML\u2028MAIN", "x" * 65])
def test_a_configured_branch_that_is_no_wire_id_is_refused_at_start(branch: str) -> None:
    """Every transaction carries the branch: a bad one is a config error naming the key, not
    a refusal of each message the kiosk builds."""
    with pytest.raises(ValidationError, match=r"branch"):
        DeviceSettings.from_section({"branch": branch})
    assert DeviceSettings.from_section({"branch": "TPML MAIN"}).branch == "TPML MAIN"


def test_the_broker_delivers_no_topic_with_a_c0_or_c1_control(broker: Broker) -> None:
    """The centre records a dead letter's topic as it arrived: it relies on mosquitto refusing
    a topic with a control character (MQTT forbids U+0000; mosquitto C0 and C1 too), so no NUL
    can reach the ledger's topic column."""
    import paho.mqtt.client as mqtt

    got: list[str] = []
    subscribed = threading.Event()
    sub = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    sub.on_message = lambda c, u, m: got.append(m.topic)
    sub.on_subscribe = lambda *a: subscribed.set()
    sub.connect("127.0.0.1", broker.port)
    sub.loop_start()
    try:
        sub.subscribe("rfid/#", qos=1)
        assert subscribed.wait(10)
        for topic in ("rfid/v1/tx/k\x00x", "rfid/v1/tx/k\x01", "rfid/v1/tx/k\x85",
                      "rfid/v1/tx/ok"):
            pub = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
            pub.connect("127.0.0.1", broker.port)
            pub.loop_start()
            pub.publish(topic, b"{}", qos=0).wait_for_publish(5)  # written to the socket
            pub.disconnect()
            pub.loop_stop()
        deadline = time.monotonic() + 10
        while "rfid/v1/tx/ok" not in got and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        sub.disconnect()
        sub.loop_stop()
    assert got == ["rfid/v1/tx/ok"]  # in order: the controlled ones would have come first
