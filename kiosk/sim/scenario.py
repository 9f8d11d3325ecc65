"""Scripted patrons for the headless runner (``rfid-edge kiosk --headless --scenario FILE``).

A scenario is a TOML file: the station, then ``[[step]]`` tables run in order against a
:class:`kiosk.sim.station.SimStation`. Patron cards go through the real pcscd (a simulated vpcd
reader, :class:`kiosk.adapters.PcscCards`) unless the file says ``cards = "script"``. Each step has
``do`` and its arguments:

======================  =========================================================================
``do``                  arguments
======================  =========================================================================
``present_card``        ``patron`` (a reference, below): the card laid on the PC/SC reader;
                        ``source = "barcode"``: its barcode scanned into the keyboard wedge
``remove_card``         —
``place`` / ``lift``    ``item`` (reference), optional ``part``; ``lift`` with ``after_commands``
                        schedules the tag to leave mid-write (``Field.leave_after``)
``command``             ``command`` (a :mod:`kiosk.core.commands` name) and its fields
``wait``                ``state`` (a State name) or ``event`` (an event kind), ``timeout``
``offline``/``online``  stop/start the broker (or the in-process centre)
``drain``               let the centre apply everything in the outbox
``sleep``               ``s``
======================  =========================================================================

References pick from the seeded demo data so scenarios stay valid for any seed:
``good:N`` (N-th patron who may borrow), ``blocked:N``, ``loans:N`` (N-th patron with loans),
``holds:N`` (N-th patron with a ready hold at this branch); items ``free:N`` (N-th item on the
shelf), ``set:N`` (N-th two-part set), ``loan:N`` (N-th loan of the scenario's patron),
``hold:N`` (N-th ready hold of the scenario's patron), ``ref:N`` (N-th reference item), or a
literal id.
"""

from __future__ import annotations

import time
import tomllib
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from kiosk.core import commands as C
from kiosk.core import events as E
from kiosk.sim.station import SimStation

__all__ = ["Scenario", "builtin", "load", "run"]


class Scenario:
    def __init__(self, data: dict[str, Any], *, name: str = "scenario") -> None:
        self.name = name
        self.station = str(data.get("station", "self_checkout"))
        self.mqtt = bool(data.get("mqtt", False))
        self.realistic = bool(data.get("realistic", False))
        self.cards = str(data.get("cards", "pcsc"))
        self.config = dict(data.get("config", {}))
        self.steps: list[dict[str, Any]] = list(data.get("step", []))
        for n, step in enumerate(self.steps):
            if "do" not in step:
                raise ValueError(f"{name}: step {n + 1} has no 'do'")
        #: a barcode scanner (keyboard wedge) only for scenarios that scan a card
        self.wedge = any(step["do"] == "present_card" and step.get("source") == "barcode"
                         for step in self.steps)


def load(path: str | Path) -> Scenario:
    """A scenario file, or a built-in scenario by name (``self_checkout``)."""
    p = Path(path)
    source: Any = p if p.exists() else resources.files("kiosk.sim.scenarios").joinpath(f"{p.stem}.toml")
    if not source.is_file():
        raise FileNotFoundError(f"no scenario {path}")
    return Scenario(tomllib.loads(source.read_text()), name=p.stem)


def builtin() -> list[str]:
    return sorted(f.name[:-5] for f in resources.files("kiosk.sim.scenarios").iterdir()
                  if f.name.endswith(".toml"))


class _Refs:
    def __init__(self, st: SimStation) -> None:
        self.st = st
        self.patron: str | None = None

    def patron_ref(self, ref: str) -> str:
        kind, _, n = ref.partition(":")
        data, i = self.st.data, int(n or 0)
        if kind == "good":
            pid = data.good_patrons()[i].patron_id
        elif kind == "blocked":
            pid = [p for p in data.patrons if p.blocked or p.expires < data.today][i].patron_id
        elif kind == "loans":
            with_loans = sorted({p for p, _, _ in data.loans} & {p.patron_id for p in data.good_patrons()})
            pid = with_loans[i]
        elif kind == "holds":
            branch = self.st.settings.device.branch
            ready = sorted({p for p, _, pick, status in data.holds if status == "ready"
                            and pick == branch} & {p.patron_id for p in data.good_patrons()})
            pid = ready[i]
        else:
            pid = ref
        self.patron = pid
        return pid

    def item_ref(self, ref: str) -> str:
        kind, _, n = ref.partition(":")
        data, i = self.st.data, int(n or 0)
        if kind == "free":
            return self.st.free_items(i + 1)[i].item_id
        if kind == "set":
            return self.st.free_items(i + 1, parts=2)[i].item_id
        if kind == "ref":
            return [x for x in data.items if x.item_type == "REF"][i].item_id
        if kind == "loan":
            return sorted(item for p, item, _ in data.loans if p == self.patron)[i]
        if kind == "hold":
            branch = self.st.settings.device.branch
            return sorted(item for p, item, pick, status in data.holds
                          if p == self.patron and status == "ready" and pick == branch)[i]
        return ref


def _matcher(step: dict[str, Any]) -> Callable[[E.Event], bool]:
    if "state" in step:
        want = E.State(step["state"])
        return lambda e: isinstance(e, E.StateChanged) and e.state is want
    kind = step["event"]
    fields = {k: v for k, v in step.items() if k not in ("do", "event", "timeout")}
    return lambda e: e.kind == kind and all(e.to_json().get(k) == v for k, v in fields.items())


def run(scenario: Scenario, *, emit: Callable[[dict[str, Any]], None],
        config: Mapping[str, Any], realistic: bool | None = None, mqtt: bool | None = None, cards: str | None = None,
        card_reader: Any = None, workdir: str | Path | None = None) -> dict[str, Any]:
    """Run ``scenario``; every event goes to ``emit`` as a JSON-ready dict. Returns the summary:
    for each item the scenario touched, who has it on loan and its AFI/EAS at the end.

    :param config: the device config the station starts from (``rfid_edge.config.load()``);
        the scenario's ``config`` table goes over its ``[kiosk]`` section.
    :param cards: ``"pcsc"`` or ``"script"`` (default: the scenario's, else ``"pcsc"``).
    :param card_reader: a running simulated PC/SC reader to use (else one is started).
    """
    touched: dict[str, int] = {}
    with SimStation(config=config, station=scenario.station,
                    realistic=scenario.realistic if realistic is None else realistic,
                    mqtt=scenario.mqtt if mqtt is None else mqtt,
                    overrides={"kiosk": scenario.config},
                    cards=cards or scenario.cards, card_reader=card_reader, workdir=workdir,
                    wedge=scenario.wedge,
                    listeners=(lambda ev: emit(ev.to_json()),)) as st:
        refs = _Refs(st)
        for step in scenario.steps:
            do = step["do"]
            if do == "present_card":
                pid = refs.patron_ref(str(step["patron"]))
                if step.get("source") == "barcode":
                    st.scan_barcode(pid)  # the wedge scanner types it
                else:
                    st.cards.present(pid)
            elif do == "remove_card":
                st.cards.remove()
            elif do == "place":
                item = refs.item_ref(str(step["item"]))
                parts = int(step.get("parts", 1))
                for part in range(int(step.get("part", 1)), int(step.get("part", 1)) + parts):
                    st.place(item, part=part)
                touched[item] = 1
            elif do == "lift":
                item = refs.item_ref(str(step["item"]))
                part = int(step.get("part", 1))
                if "after_commands" in step:
                    assert st.pad_sim.field is not None
                    st.pad_sim.field.leave_after(st.tags[f"{item}#{part}"].uid_hex,
                                                 int(step["after_commands"]))
                else:
                    st.lift(item, part=part)
            elif do == "lift_all":
                st.clear_pad()
            elif do == "fastbook_load":
                item = refs.item_ref(str(step["item"]))
                assert st.fastbook is not None
                st.fastbook.load(int(step["slot"]), st.tag(item), item)
                touched[item] = 1
            elif do == "command":
                args = {k: v for k, v in step.items() if k != "do"}
                if "item_ids" in args:
                    args["item_ids"] = [refs.item_ref(str(x)) for x in args["item_ids"]]
                    touched.update(dict.fromkeys(args["item_ids"], 1))
                st.core.submit(C.from_json(args))
            elif do == "wait":
                st.wait_for(_matcher(step), timeout=float(step.get("timeout", 15)))
            elif do == "offline":
                st.go_offline()
            elif do == "online":
                st.go_online()
            elif do == "drain":
                st.core.wait_idle()
                st.drain()
            elif do == "sleep":
                time.sleep(float(step.get("s", 0.1)))
            else:
                raise ValueError(f"unknown step {do!r}")
        st.core.wait_idle()
        summary: dict[str, Any] = {"event": "summary", "scenario": scenario.name,
                                   "station": scenario.station, "cards": st.card_source,
                                   "items": []}
        for item in touched:
            for key, tag in st.tags.items():
                if key.split("#")[0] != item:
                    continue
                on_loan = st.on_loan_to(item)
                summary["items"].append({
                    "item_id": item, "part": int(key.split("#")[1]), "uid": tag.uid_hex,
                    "on_loan": on_loan is not None,
                    "on_loan_to_patron": on_loan is not None and on_loan == refs.patron,
                    "afi": tag.afi, "eas": tag.eas})
        summary["outbox"] = st.outbox.counts()
        if st.printer_fw is not None:
            summary["printed"] = st.printer_fw.printed_text()
        emit(summary)
        return summary
