"""The scanner on a simulated FEIG reader behind a pty: thread listeners, asyncio, lost readers."""

from __future__ import annotations

import asyncio
import queue

from drivers.feig.reader import FeigReader
from drivers.scan import ScanEvent, Scanner
from hwsim.runner import RunningReader
from tests.contract.base import make_tag


def test_poll_rounds_with_debounce(reader: FeigReader, sim: RunningReader) -> None:
    a, b = make_tag(1), make_tag(2)
    sim.place(a)
    sim.place(b)
    scanner = Scanner(reader, miss_limit=2)
    assert [(e.kind, e.uid) for e in scanner.poll()] == sorted([("entered", a.uid_hex), ("entered", b.uid_hex)])
    sim.lift(b.uid_hex)
    assert scanner.poll() == []  # missed once: still counted present
    assert b.uid_hex in scanner.present
    assert [(e.kind, e.uid) for e in scanner.poll()] == [("left", b.uid_hex)]


def test_failed_round_counts_for_nobody(reader: FeigReader, sim: RunningReader) -> None:
    a = make_tag(3)
    sim.place(a)
    scanner = Scanner(reader, miss_limit=1)
    scanner.poll()
    sim.faults.drop_next = 10  # every attempt of the next inventory times out
    assert scanner.poll() == []
    assert a.uid_hex in scanner.present and scanner.failed_rounds == 1


def test_thread_listeners(reader: FeigReader, sim: RunningReader) -> None:
    events: queue.Queue[ScanEvent] = queue.Queue()
    a = make_tag(4)
    with Scanner(reader, miss_limit=3, interval=0.01, listeners=[events.put]):
        sim.place(a)
        first = events.get(timeout=5)
        assert (first.kind, first.uid) == ("entered", a.uid_hex)
        sim.lift(a.uid_hex)
        second = events.get(timeout=5)
        assert (second.kind, second.uid) == ("left", a.uid_hex)
        assert second.round - first.round >= 3  # debounced: at least three rounds later


def test_reader_lost_and_back(reader: FeigReader, sim: RunningReader) -> None:
    events: queue.Queue[ScanEvent] = queue.Queue()
    a = make_tag(5)
    sim.place(a)
    with Scanner(reader, interval=0.01, retry_interval=0.05, listeners=[events.put]):
        assert events.get(timeout=5).kind == "entered"
        sim.unplug()
        assert events.get(timeout=5).kind == "reader_lost"
        sim.replug()
        assert events.get(timeout=5).kind == "reader_back"
    # the tag stayed present across the gap: no left/entered pair
    assert events.empty()


def test_a_failing_listener_does_not_stop_scanning(reader: FeigReader, sim: RunningReader) -> None:
    got: list[ScanEvent] = []

    def broken(event: ScanEvent) -> None:
        raise RuntimeError("listener bug")

    sim.place(make_tag(6))
    scanner = Scanner(reader, listeners=[broken, got.append])
    scanner.poll()
    assert [e.kind for e in got] == ["entered"]


def test_asyncio_iterator(reader: FeigReader, sim: RunningReader) -> None:
    a = make_tag(7)

    async def main() -> list[tuple[str, str | None]]:
        scanner = Scanner(reader, miss_limit=2, interval=0.01)
        seen = []
        try:
            sim.place(a)
            async for event in scanner.events():
                seen.append((event.kind, event.uid))
                if event.kind == "entered":
                    sim.lift(a.uid_hex)
                else:
                    break
        finally:
            scanner.stop()
        return seen

    assert asyncio.run(asyncio.wait_for(main(), 10)) == [("entered", a.uid_hex), ("left", a.uid_hex)]
