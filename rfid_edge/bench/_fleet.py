"""The processes of `rfid-edge bench chaos` (and of the PostgreSQL fleet benches and tests): a
mosquitto, bridges and device uplinks, each one a real process the chaos loop may SIGKILL (then
restart) or SIGSTOP (then SIGCONT).

Only processes started here are ever signalled; :meth:`Fleet.close` ends every one of them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sync.broker import Broker


@dataclass
class Proc:
    """One bridge or uplink: the command that (re)starts it and its current process."""

    kind: str  # "bridge" | "uplink"
    name: str
    argv: list[str]
    log: Path
    env: dict[str, str]
    popen: subprocess.Popen[bytes] | None = None
    stopped: bool = False
    starts: int = field(default=0)

    @property
    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=out,
                                          stderr=out, env=self.env, start_new_session=True)
        self.starts += 1
        self.stopped = False

    def kill(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            self.popen.kill()
            self.popen.wait()
        self.stopped = False

    def stop(self) -> None:
        if self.alive and self.popen is not None:
            self.popen.send_signal(signal.SIGSTOP)
            self.stopped = True

    def cont(self) -> None:
        if self.alive and self.popen is not None and self.stopped:
            self.popen.send_signal(signal.SIGCONT)
        self.stopped = False

    def terminate(self) -> None:
        """A clean stop (SIGCONT first: a stopped process cannot act on SIGTERM)."""
        if self.popen is None or self.popen.poll() is not None:
            return
        self.cont()
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(20)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()


class Fleet:
    """A broker on a fixed port, ``bridges`` bridges on one reference ILS and one uplink per
    device.

    :param work: the bench's directory (configs, data, logs).
    :param ils_db: the seeded reference ILS file the bridges share (ignored with ``database``).
    :param devices: device ids.
    :param database: a PostgreSQL URL (``[central] database``, multi-host allowed) holding the
        seeded reference ILS, instead of ``ils_db``.
    :param batch_size: transactions per ILS batch of each bridge.
    """

    def __init__(self, work: Path, ils_db: Path | None, *, bridges: int, devices: list[str],
                 branch: str, database: str = "", batch_size: int = 200) -> None:
        self.work = work
        (work / "mqtt").mkdir(parents=True, exist_ok=True)
        self.broker = Broker(workdir=work / "mqtt")
        self.broker_stopped = False
        env = dict(os.environ)
        env.pop("RFID_EDGE_CONFIG", None)
        port = self.broker.port
        self.procs: list[Proc] = []
        store = f'database = "{database}"' if database else f'ils_db = "{ils_db}"'
        for n in range(bridges):
            conf = work / f"bridge{n}.toml"
            conf.write_text(
                f'[device]\ndata_dir = "{work}"\n'
                f'[central]\nbroker_port = {port}\n{store}\n'
                f'client_id = "bridge-chaos-{n}"\ncache_interval_s = 0\n'
                f"compact_interval_s = 0\nbatch_size = {batch_size}\n")
            self.procs.append(Proc("bridge", f"bridge{n}", [
                sys.executable, "-m", "rfid_edge", "central", "--config", str(conf), "run"],
                work / f"bridge{n}.log", env))
        for device in devices:
            conf = work / f"{device}.toml"
            conf.write_text(
                f'[device]\nid = "{device}"\nbranch = "{branch}"\n'
                f'data_dir = "{work / device}"\n'
                f"[sync]\nbroker_port = {port}\nreply_timeout_s = 4\n"
                f"backoff_min_s = 0.2\nbackoff_max_s = 2\nbatch_max = 50\n")
            self.procs.append(Proc("uplink", device, [
                sys.executable, "-m", "rfid_edge", "sync", "--config", str(conf), "run"],
                work / f"{device}.log", env))

    @property
    def bridges(self) -> list[Proc]:
        return [p for p in self.procs if p.kind == "bridge"]

    @property
    def uplinks(self) -> list[Proc]:
        return [p for p in self.procs if p.kind == "uplink"]

    def outbox_path(self, device: str) -> Path:
        return self.work / device / "outbox.db"

    def start(self, *, uplinks: bool = True) -> None:
        """The broker and the bridges, and (unless ``uplinks`` is False: the caller fills the
        outboxes first, or starts them one by one) the uplinks."""
        self.broker.start()
        for p in self.procs:
            if uplinks or p.kind != "uplink":
                p.start()

    def revive(self) -> int:
        """Restart every bridge and uplink that died (as systemd's ``Restart=always`` would: a
        bridge started while its database is down exits); return how many."""
        dead = [p for p in self.procs if p.popen is not None and not p.alive]
        for p in dead:
            p.start()
        return len(dead)

    # --- the broker, as one more process to kill or stop ---------------------------------------
    def kill_broker(self) -> None:
        self.cont_broker()
        self.broker.kill()

    def stop_broker(self) -> None:
        if self.broker.signal(signal.SIGSTOP):
            self.broker_stopped = True

    def cont_broker(self) -> None:
        if self.broker_stopped:
            self.broker.signal(signal.SIGCONT)
        self.broker_stopped = False

    def heal(self) -> None:
        """Everything running again: stopped processes continued, dead ones restarted."""
        self.cont_broker()
        if not self.broker.running:
            self.broker.start(timeout=30)
        for p in self.procs:
            p.cont()
            if not p.alive:
                p.start()

    def close(self) -> None:
        for p in self.procs:
            with contextlib.suppress(OSError):
                p.terminate()
        self.cont_broker()
        self.broker.close()
