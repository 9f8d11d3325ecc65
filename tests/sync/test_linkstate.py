"""The link reporter's lines (issue 17 item 2), on a fake clock."""

from __future__ import annotations

import logging

import pytest
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.reasoncodes import ReasonCode

from sync.linkstate import LOGGER, LinkReporter, reason_words


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_a_broker_saying_session_taken_over_warns_once_then_quietens(
        caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    link = LinkReporter("central", "bridge-x", "h", 1883, clock=clock, clash_after=2)
    taken = ReasonCode(PacketTypes.DISCONNECT, "Session taken over")
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        for _ in range(4):
            link.connected(False)
            clock.t += 10
            link.lost(taken, from_broker=True, retry_in=link.paho_delay(1, 30))
    warnings = [r for r in caplog.records if "in use by another process" in r.getMessage()]
    assert len(warnings) == 1 and "'bridge-x'" in warnings[0].getMessage()
    lost = [r for r in caplog.records if "lost" in r.getMessage()]
    assert "the broker said: Session taken over" in lost[0].getMessage()
    assert lost[0].levelno == logging.WARNING and lost[-1].levelno == logging.DEBUG
    assert "reconnecting in 1 s" in lost[0].getMessage()  # paho's delay resets on connect


def test_an_outage_is_not_a_clash_and_the_hint_comes_once(
        caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    link = LinkReporter("uplink", "edge-k", "h", 1883, clock=clock)
    gone = ReasonCode(PacketTypes.DISCONNECT, "Unspecified error")
    with caplog.at_level(logging.INFO, logger=LOGGER):
        link.connected(False)
        clock.t += 600
        link.lost(gone, from_broker=False)
        for delay in (1, 2, 4):
            link.unreachable("Connection refused", retry_in=delay)
        link.connected(True)
    text = [r.getMessage() for r in caplog.records]
    assert not any("another process" in t for t in text)
    assert sum("needs an MQTT broker" in t for t in text) == 1
    assert [r.levelno for r in caplog.records if "cannot reach" in r.getMessage()] == [
        logging.WARNING, logging.INFO, logging.INFO]
    assert "broker stopped or network lost" in text[1] and "session resumed" in text[-1]
    assert reason_words(gone, from_broker=True) == "the broker said: Unspecified error"
