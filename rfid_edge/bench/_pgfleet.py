"""A fleet whose bridges keep the centre in PostgreSQL: kiosks coming back from an outage with
offline backlogs, drained through a real mosquitto by several real bridge processes
(``rfid-edge central run`` with ``[central] database``) while the caller breaks things.

Used by ``rfid-edge bench failover`` and the fleet tests on PostgreSQL (tests/pg). Only
processes started here are ever signalled.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rfid_edge.bench import _pgcentre as pgc
from rfid_edge.bench._fleet import Fleet

BRANCH = "TPML-MAIN"


def device_ids(n: int) -> list[str]:
    """The ids :func:`rfid_edge.bench.offline.generate` gives ``n`` kiosks."""
    return [f"kiosk-{k:03d}" for k in range(n)]


class PgFleet:
    """A broker, ``bridges`` bridges on ``dsn`` and one uplink per device.

    :param work: its directory (configs, outboxes, logs).
    :param dsn: the centre's database (a libpq multi-host URL for failover).
    :param batch_size: transactions per ILS batch of each bridge (small: many batches to
        interrupt).
    """

    def __init__(self, work: Path, dsn: str, *, bridges: int, devices: int,
                 batch_size: int = 50) -> None:
        self.dsn = dsn
        self.devices = device_ids(devices)
        self.fleet = Fleet(work, None, bridges=bridges, devices=self.devices, branch=BRANCH,
                           database=dsn, batch_size=batch_size)
        #: every transaction enqueued, as stored in its outbox
        self.messages: list[dict[str, Any]] = []

    def fill(self, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Put offline backlogs in the outboxes (before :meth:`start`)."""
        stored = pgc.fill_backlog(self.fleet, messages)
        self.messages.extend(stored)
        return stored

    def start(self, *, rnd: random.Random | None = None, stagger_s: float = 0.2) -> None:
        """The broker and bridges, then the uplinks one by one in a random order: kiosks coming
        back at different moments, so old events keep arriving after newer ones."""
        rnd = rnd or random.Random(0)
        self.fleet.start(uplinks=False)
        uplinks = self.fleet.uplinks
        rnd.shuffle(uplinks)
        for proc in uplinks:
            proc.start()
            time.sleep(stagger_s)

    @property
    def enqueued(self) -> set[str]:
        return {m["txn_id"] for m in self.messages}

    def wait_processed(self, at_least: int, *, dsn: str | None = None,
                       timeout: float = 60) -> int:
        """Block until the ledger holds ``at_least`` rows (the moment to break something)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            n = pgc.processed_count(dsn or self.dsn)
            if n is not None and n >= at_least:
                return n
            self.fleet.revive()
            time.sleep(0.05)
        raise TimeoutError(f"the ledger never reached {at_least} rows")

    def drain(self, timeout: float = 120,
              tick: Callable[[], object] | None = None) -> tuple[float, int]:
        """Seconds until every outbox is answered, and how many rows were left (stuck)."""
        return pgc.drain(self.fleet, self.devices, timeout, tick=tick)

    def check(self, dsn: str | None = None) -> dict[str, Any]:
        """Lost, duplicated and the devices' answers against the ledger on ``dsn``."""
        answers = pgc.device_answers(self.fleet, self.devices)
        figures = pgc.ledger_check(dsn or self.dsn, self.enqueued, answers)
        figures["transactions"] = len(self.messages)
        figures["answered"] = len(answers)
        return figures

    def log_tail(self, size: int = 3000) -> str:
        """The end of every bridge's log (for a failing assertion's message)."""
        out = []
        for proc in self.fleet.bridges:
            text = proc.log.read_text(errors="replace") if proc.log.exists() else ""
            out.append(f"--- {proc.name} (started {proc.starts}x)\n{text[-size:]}")
        return "\n".join(out)

    def close(self) -> None:
        self.fleet.close()

    def __enter__(self) -> PgFleet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
