"""Through a real mosquitto: the same transactions delivered in many random orders, with
duplicates and a broker restart in between, end in the state of applying each once in
event-time order, and the conflict report names exactly the rule breakers (issue 6)."""

from __future__ import annotations

import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync.centre.bridge import Bridge, Ledger
from sync.centre.ordering import sequencer_for
from sync.ils.reference import ReferenceILS
from tests.offline import scenario
from tests.offline.mqttdrive import Sender

N = len(scenario.messages())


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(N)), dups=st.lists(st.integers(0, N - 1), min_size=1,
                                                       max_size=5),
       restart_at=st.integers(1, N - 1))
def test_random_orders_through_mosquitto(broker, ils_template: Path, tmp_path_factory,
                                         expected: tuple, order, dups, restart_at) -> None:
    work = tmp_path_factory.mktemp("mqtt")
    ils = sequencer_for(ReferenceILS(scenario.copy_db(ils_template, work / "ils.db")))
    ledger = Ledger(work / "ledger.db")
    msgs = scenario.messages()
    arrivals = [msgs[i] for i in order] + [msgs[d] for d in dups]
    # no client id of its own: the bridge's per-process session ends when it stops, so an
    # earlier example's bridge keeps no place in the shared subscription of the module's broker
    # (where it would take a turn of this example's messages, answered only by a resend)
    bridge = Bridge(ils, ledger, port=broker.port)
    bridge.client.reconnect_delay_set(1, 1)
    sender = Sender(broker.host, broker.port, client_id=f"s-{uuid.uuid4().hex[:6]}")
    try:
        bridge.start()
        assert bridge.connected.wait(10)
        sender.start()
        for n, msg in enumerate(arrivals):
            if n == restart_at:
                sender.drain(arrivals[:n])  # the first part reached the centre …
                broker.restart()  # … then the broker goes away and comes back
                assert bridge.connected.wait(10)
            sender.publish(msg)
        replies = sender.drain(arrivals)
    finally:
        sender.stop()
        bridge.stop()
    assert {r["status"] for r in replies.values()} == {"applied"}
    assert scenario.snapshot(ils.adapter) == expected[0]
    assert ils.conflicts.txn_rules() == expected[1] == scenario.expected_conflicts()
    assert ledger.count() == N  # each transaction processed once, duplicates answered again
    ledger.close()
    ils.close()
