"""Scenario files: which simulated readers run, which tags they hold, and what happens when.

A scenario is a TOML file (``tomllib``)::

    [scenario]
    name = "self-check pad"

    [[readers]]
    name = "pad"                 # unique; timeline events refer to it
    protocol = "feig"            # feig, m810, pcsc (see hwsim.emulators)
    # port = "/tmp/ttyPAD"       # optional stable pty path; default a fresh temp path
    # optional = true: skip this reader (with a warning) if it cannot start
    # baud, sensitivity, options = {…} (firmware options); unknown keys pass through to
    # the protocol's runner (e.g. cards = [...] for pcsc)

    [[readers.tags]]
    uid = "E004010000000001"     # optional: derived from the reader name and position
    afi = 0x07
    rssi = -40.0
    present = true               # in the field at start (false: enters on the timeline)
    item = { model = "iso28560-3", primary_item_id = "31234000123456", owner_library = "TW-TPML",
             parts_in_item = 1, part_number = 1, type_of_usage = 1 }
    # or memory = "hex…" for raw content

    [[timeline]]
    at = 2.0                     # seconds after start
    reader = "pad"
    action = "leave"             # enter, leave, rssi, unplug, replug, fault, leave_mid_write
    tag = "E004010000000001"

Faults (``action = "fault"``): ``fault`` is ``drop`` (a whole reply lost), ``drop_bytes`` (the
reply cut short), ``corrupt_crc``, ``garbage`` (line noise before a reply) or ``delay``
(``seconds``), each for the next ``count`` replies. ``unplug`` takes an optional ``duration``
after which the cable is back. ``leave_mid_write`` arms the tag to vanish after ``after``
further addressed commands, optionally coming back after ``away_for``.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from hwsim.emulators import available
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.runner import RunningReader, StoppableGroup, start_reader

log = logging.getLogger(__name__)

ACTIONS = ("enter", "leave", "rssi", "unplug", "replug", "fault", "leave_mid_write")
FAULTS = ("drop", "drop_bytes", "corrupt_crc", "garbage", "delay")


class ScenarioError(ValueError):
    """The scenario file is not valid: says which entry and why."""


@dataclass(frozen=True, kw_only=True)
class TagSpec:
    uid: str
    memory: bytes
    afi: int = 0x00
    dsfid: int = 0x00
    blocks: int = 28
    rssi: float = -40.0
    present: bool = True
    eas: bool = False

    def __post_init__(self) -> None:
        if len(self.uid) != 16 or not self.uid.startswith("E0"):
            raise ScenarioError(f"tag UID must be 16 hex digits starting E0, got {self.uid!r}")
        if not (0 <= self.afi <= 0xFF and 0 <= self.dsfid <= 0xFF):
            raise ScenarioError(f"tag {self.uid}: AFI and DSFID are single bytes")
        if len(self.memory) > self.blocks * 4:
            raise ScenarioError(f"tag {self.uid}: {len(self.memory)} bytes do not fit {self.blocks} blocks")

    def build(self) -> Iso15693Tag:
        return Iso15693Tag(self.uid, blocks=self.blocks, memory=self.memory, afi=self.afi, dsfid=self.dsfid, eas=self.eas)


@dataclass(frozen=True, kw_only=True)
class Event:
    at: float
    reader: str
    action: str
    tag: str | None = None
    params: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ScenarioError(f"timeline action {self.action!r}: expected one of {', '.join(ACTIONS)}")
        if self.at < 0:
            raise ScenarioError("timeline 'at' must be >= 0")
        if self.action in ("enter", "leave", "rssi", "leave_mid_write") and not self.tag:
            raise ScenarioError(f"timeline action {self.action!r} needs a tag")


@dataclass(frozen=True, kw_only=True)
class ReaderSpec:
    name: str
    protocol: str
    tags: tuple[TagSpec, ...]
    raw: dict[str, Any]  # the whole table, unknown keys included, for the protocol's runner


@dataclass(frozen=True, kw_only=True)
class Scenario:
    name: str
    readers: tuple[ReaderSpec, ...]
    timeline: tuple[Event, ...] = ()


def derive_uid(reader: str, index: int) -> str:
    """A stable NXP ICODE SLIX UID for the ``index``-th tag of ``reader``."""
    digest = hashlib.sha256(f"{reader}/{index}".encode()).digest()
    return ("E00401" + digest[:5].hex()).upper()


def _tag_memory(entry: dict[str, Any], where: str) -> bytes:
    if "memory" in entry:
        try:
            return bytes.fromhex(str(entry["memory"]))
        except ValueError as exc:
            raise ScenarioError(f"{where}: memory is not hex") from exc
    if "item" in entry:
        from drivers.tags import Item, encode

        try:
            return encode(Item(**entry["item"]))
        except (TypeError, ValueError) as exc:
            raise ScenarioError(f"{where}: bad item: {exc}") from exc
    return b""


def parse(data: dict[str, Any]) -> Scenario:
    """Build a :class:`Scenario` from a parsed TOML document. :raises ScenarioError:"""
    meta = data.get("scenario", {})
    readers = []
    names: set[str] = set()
    for i, r in enumerate(data.get("readers", [])):
        if "protocol" not in r:
            raise ScenarioError(f"readers[{i}] needs a protocol")
        name = str(r.get("name", f"{r['protocol']}{i}"))
        if name in names:
            raise ScenarioError(f"two readers named {name!r}")
        names.add(name)
        tags = []
        for j, t in enumerate(r.get("tags", [])):
            where = f"reader {name} tag {j}"
            try:
                tags.append(TagSpec(
                    uid=str(t.get("uid") or derive_uid(name, j)).upper(), memory=_tag_memory(t, where),
                    afi=int(t.get("afi", 0)), dsfid=int(t.get("dsfid", 0)), blocks=int(t.get("blocks", 28)),
                    rssi=float(t.get("rssi", -40.0)), present=bool(t.get("present", True)), eas=bool(t.get("eas", False)),
                ))
            except ScenarioError:
                raise
            except (TypeError, ValueError) as exc:
                raise ScenarioError(f"{where}: {exc}") from exc
        raw = {k: v for k, v in r.items() if k != "tags"} | {"name": name}
        readers.append(ReaderSpec(name=name, protocol=str(r["protocol"]), tags=tuple(tags), raw=raw))
    timeline = []
    for k, e in enumerate(data.get("timeline", [])):
        if e.get("reader") not in names:
            raise ScenarioError(f"timeline[{k}] names unknown reader {e.get('reader')!r}")
        params = {key: v for key, v in e.items() if key not in ("at", "reader", "action", "tag")}
        if e.get("action") == "fault" and params.get("fault") not in FAULTS:
            raise ScenarioError(f"timeline[{k}]: fault must be one of {', '.join(FAULTS)}")
        timeline.append(Event(at=float(e.get("at", 0)), reader=e["reader"], action=str(e.get("action")),
                              tag=str(e["tag"]).upper() if e.get("tag") else None, params=params))
    timeline.sort(key=lambda ev: ev.at)
    return Scenario(name=str(meta.get("name", "scenario")), readers=tuple(readers), timeline=tuple(timeline))


def load(path: str | Path) -> Scenario:
    try:
        with open(path, "rb") as fh:
            return parse(tomllib.load(fh))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: {exc}") from exc


def load_builtin(name: str = "demo") -> Scenario:
    """A scenario shipped with the package (``hwsim/scenarios/<name>.toml``)."""
    text = resources.files("hwsim.scenarios").joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return parse(tomllib.loads(text))


class ScenarioRun(StoppableGroup):
    """The readers of a scenario, running, plus its timeline thread."""

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.scenario = scenario
        self.by_name: dict[str, RunningReader] = {}
        self.tags: dict[str, dict[str, Iso15693Tag]] = {}
        self.skipped: list[str] = []
        self.events_done = 0
        self.finished = threading.Event()

    def reader(self, name: str) -> RunningReader:
        return self.by_name[name]

    def apply(self, event: Event) -> None:
        """Carry out one timeline event now."""
        reader = self.by_name.get(event.reader)
        if reader is None:
            return  # a reader that was skipped (emulator not available)
        p = event.params or {}
        tag = self.tags.get(event.reader, {}).get(event.tag or "")
        if event.action == "enter":
            reader.place(tag or Iso15693Tag(event.tag or ""), rssi=float(p.get("rssi", -40.0)))
        elif event.action == "leave":
            reader.lift(event.tag or "")
        elif event.action == "rssi":
            assert reader.field is not None
            reader.field.set_rssi(event.tag or "", float(p["rssi"]))
        elif event.action == "unplug":
            reader.unplug()
            if "duration" in p:
                duration = float(p["duration"])
                self.spawn(lambda: self.stopping.wait(duration) or reader.replug(), f"replug:{reader.name}")
        elif event.action == "replug":
            reader.replug()
        elif event.action == "leave_mid_write":
            assert reader.field is not None
            away = p.get("away_for")
            reader.field.leave_after(event.tag or "", int(p.get("after", 1)), away_for=int(away) if away is not None else None)
        elif event.action == "fault":
            count = int(p.get("count", 1))
            f = reader.faults
            kind = p["fault"]
            if kind == "drop":
                f.drop_next += count
            elif kind == "drop_bytes":
                f.truncate_next += count
            elif kind == "corrupt_crc":
                f.corrupt_next += count
            elif kind == "garbage":
                f.garbage_before_next += count
            else:
                f.delay_next_s = float(p.get("seconds", 1.0))
                f.delay_next += count
        self.events_done += 1

    def _play(self) -> None:
        start = time.monotonic()
        for event in self.scenario.timeline:
            if self.stopping.wait(max(0.0, event.at - (time.monotonic() - start))):
                return
            try:
                self.apply(event)
            except Exception:  # one bad event must not stop the simulation
                log.exception("timeline event %s failed", event)
        self.finished.set()


def start(scenario: Scenario, *, realistic: bool = True, timeline: bool = True) -> ScenarioRun:
    """Start every reader of ``scenario`` (skipping protocols whose emulator is not installed)."""
    run = ScenarioRun(scenario)
    try:
        for spec in scenario.readers:
            if not available(spec.protocol):
                log.warning("reader %s skipped: no %s emulator available", spec.name, spec.protocol)
                run.skipped.append(spec.name)
                continue
            built = {t.uid: t.build() for t in spec.tags}
            try:
                reader = run.add(start_reader(dict(spec.raw), realistic=realistic))
            except Exception as exc:
                if not spec.raw.get("optional"):
                    raise
                log.warning("optional reader %s skipped: %s", spec.name, exc)
                run.skipped.append(spec.name)
                continue
            run.tags[spec.name] = built
            run.by_name[spec.name] = reader
            if reader.field is not None:
                for t in spec.tags:
                    if t.present:
                        reader.field.place(built[t.uid], rssi=t.rssi)
    except BaseException:
        run.stop()
        raise
    if timeline and scenario.timeline:
        run.spawn(run._play, "timeline")
    else:
        run.finished.set()
    return run
