"""The centre's message handling: :meth:`sync.centre.batch.BatchProcessor.process` over a seeded
reference ILS in a temporary directory. Nothing a device sends may make it raise: every message
gets one reply on the sender's reply topic, each element of an envelope "applied" or "rejected".

Input: one byte per message saying its shape (raw bytes, one transaction, an envelope of
several) and its sender, then the bytes each shape takes (see :func:`_messages`). Transactions
start valid (real patrons and items) and are mutated as in :mod:`fuzz.targets.messages`.
"""

from __future__ import annotations

import atexit
import itertools
import json
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

from fuzz.targets.messages import PAYLOADS, mutate
from rfid_edge import config as configuration
from sync import topics
from sync.centre import service
from sync.centre.batch import BatchProcessor, Incoming
from sync.ils import seed
from sync.ils.reference import ReferenceILS

ALLOWED: tuple[type[BaseException], ...] = ()

DEVICES = ("kiosk-01", "kiosk-02")


def _processor() -> tuple[BatchProcessor, seed.DemoData]:
    tmp = Path(tempfile.mkdtemp(prefix="fuzz-centre-"))
    atexit.register(shutil.rmtree, tmp, True)
    demo = seed.demo_data(items=60, patrons=12)
    cfg = configuration.load(None, {"device": {"data_dir": str(tmp)}, "central": {"cache_interval_s": 0}})
    with ReferenceILS(tmp / "central" / "ils.db") as ils:
        seed.seed(ils, demo, pin_cost=2**4)
    applier = service.open_ils(cfg)
    atexit.register(applier.close)
    # a scratch database: no fsync per batch (several times the executions; nothing else changes)
    applier.adapter.db.conn.execute("PRAGMA synchronous=OFF")  # type: ignore[attr-defined]
    return BatchProcessor(applier, service.open_ledger(cfg, applier)), demo


PROCESSOR, DEMO = _processor()
_SEQ = itertools.count(1)
_IDS = [str(uuid.UUID(int=i)) for i in range(1, 5)]  # a few ids reused, for the de-duplication paths


def _template(device: str, data: bytes) -> Any:
    def build(kind: str) -> dict[str, Any]:
        k = data[0] if data else 0
        payload = dict(PAYLOADS[kind])
        if "patron_id" in payload:
            payload["patron_id"] = DEMO.good_patrons()[k % 5].patron_id
        if "item_id" in payload:
            payload["item_id"] = DEMO.items[k % len(DEMO.items)].item_id
        txn_id = _IDS[k % len(_IDS)] if k & 0x80 else str(uuid.uuid4())
        return {"v": 1, "txn_id": txn_id, "device_id": device, "seq": next(_SEQ), "type": kind,
                "wall_time": "2026-03-02T10:00:00Z", "mono_ns": 1, "boot_id": "b",
                "branch": "TPML-MAIN", "offline": bool(k & 1), "payload": payload}
    return build


def _messages(data: bytes) -> list[tuple[str, bytes, int]]:
    """(topic, body, elements) per message; each message takes a shape byte and a length byte."""
    out: list[tuple[str, bytes, int]] = []
    pos = 0
    while pos + 1 < len(data) and len(out) < 4:
        shape, n = data[pos], data[pos + 1]
        chunk = data[pos + 2:pos + 2 + n]
        pos += 2 + n
        device = DEVICES[(shape >> 2) & 1]
        topic = topics.tx(DEVICES[(shape >> 3) & 1]) if shape & 0x30 != 0x30 else "rfid/v1/other"
        if shape % 4 == 0:
            out.append((topic, chunk, 1))
        elif shape % 4 == 1:
            out.append((topic, json.dumps(mutate(chunk, _template(device, chunk))).encode(), 1))
        else:
            parts = [chunk[i:i + 6] for i in range(0, len(chunk), 6)] or [b""]
            batch = [mutate(p, _template(device, p)) for p in parts[:8]]
            out.append((topic, json.dumps({"v": 1, "batch": batch}).encode(), len(batch)))
    return out


def one_input(data: bytes) -> None:
    shaped = _messages(data)
    if not shaped:
        return
    batch = [Incoming(topic=t, body=b, response_topic="rfid/v1/cache", correlation=b"c")
             for t, b, _ in shaped]
    out = PROCESSOR.process(batch)
    assert len(out) == len(batch), (len(out), len(batch))
    for reply, (topic, _, elements) in zip(out, shaped, strict=True):
        where = topics.device_of(topic)
        assert reply.topic == (topics.reply(where[1]) if where and where[0] == "tx" else None), reply
        answers = reply.body.get("replies", [reply.body])  # an envelope not JSON: one answer
        assert "replies" not in reply.body or len(answers) == elements, reply.body
        assert {a["status"] for a in answers} <= {"applied", "rejected"}, answers
