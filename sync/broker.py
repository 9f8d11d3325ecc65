"""Start a real Mosquitto for tests, the kiosk tests and the demo.

Mosquitto has no ephemeral TCP port, so :class:`Broker` picks a free port, writes a config file in
a temporary directory, runs ``mosquitto -c FILE`` and polls until it accepts a connection. It can
be stopped and restarted on the same port (to test outages) and only ever signals the process it
started. TLS, password files and ACLs (issue 6) plug in through :class:`BrokerConfig`.

Example::

    with Broker() as broker:
        client.connect(broker.host, broker.port)
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from sync.errors import BrokerError

log = logging.getLogger(__name__)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@dataclass(frozen=True, kw_only=True)
class BrokerConfig:
    """What goes into the generated mosquitto.conf.

    ``extra`` lines are appended verbatim (issue 6 adds ``cafile``/``certfile``/``keyfile``,
    ``password_file``, ``acl_file`` through :attr:`listener_options` and :attr:`extra`).
    """

    host: str = "127.0.0.1"
    port: int | None = None  # None: a free port
    allow_anonymous: bool = True
    persistence: bool = False  # in-memory sessions survive a restart only with persistence
    max_inflight_messages: int = 0  # 0: no limit
    max_queued_messages: int = 1_000_000
    #: the largest MQTT packet accepted (0: no limit); a larger one disconnects its sender
    max_packet_size: int = 0
    #: TCP_NODELAY on the clients' sockets: without it a PUBACK and the PUBLISH after it wait
    #: for the client's delayed ACK (40 ms each way; :func:`sync.mqtt.low_latency`)
    tcp_nodelay: bool = True
    listener_options: tuple[str, ...] = ()
    extra: tuple[str, ...] = field(default=())

    def render(self, port: int, workdir: Path) -> str:
        lines = [
            f"listener {port} {self.host}",
            *self.listener_options,
            f"allow_anonymous {'true' if self.allow_anonymous else 'false'}",
            f"max_inflight_messages {self.max_inflight_messages}",
            f"max_queued_messages {self.max_queued_messages}",
            "max_queued_bytes 0",
            *([f"max_packet_size {self.max_packet_size}"] if self.max_packet_size else []),
            f"set_tcp_nodelay {'true' if self.tcp_nodelay else 'false'}",
            "log_type error",
            "log_type warning",
            "log_dest stderr",
            f"persistence {'true' if self.persistence else 'false'}",
            f"persistence_location {workdir}/",
            *self.extra,
        ]
        return "\n".join(lines) + "\n"


class Broker:
    """One mosquitto process on a free port.

    :param config: what to put in its config file.
    :param executable: the mosquitto binary (found on PATH or in /usr/sbin).
    """

    def __init__(self, config: BrokerConfig | None = None, *, executable: str | None = None,
                 workdir: str | os.PathLike[str] | None = None) -> None:
        self.config = config or BrokerConfig()
        self.executable = executable or shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        if not Path(self.executable).exists():
            raise BrokerError("mosquitto is not installed (apt-get install mosquitto)")
        self._own_dir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="rfid-edge-mqtt-"))
        self.host = self.config.host
        self.port = self.config.port or free_port(self.host)
        self.conf_path = self.workdir / "mosquitto.conf"
        self.log_path = self.workdir / "mosquitto.log"
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def url(self) -> str:
        return f"mqtt://{self.host}:{self.port}"

    def start(self, timeout: float = 10.0) -> Broker:
        """Start it (again, on the same port) and return once it accepts connections."""
        if self.running:
            return self
        self.conf_path.write_text(self.config.render(self.port, self.workdir))
        deadline = time.monotonic() + timeout
        while True:
            log_file = self.log_path.open("ab")
            self._proc = subprocess.Popen([self.executable, "-c", str(self.conf_path)],
                                          stdin=subprocess.DEVNULL, stdout=log_file,
                                          stderr=log_file, start_new_session=True)
            log_file.close()
            # a caller that crashes before stop() must not leave a broker holding the port
            atexit.register(self._kill_at_exit, self._proc)
            if self._wait_accepting(deadline):
                log.info("mosquitto pid %d listening on %s:%d", self._proc.pid, self.host,
                         self.port)
                return self
            # the port may still be held by the previous process's socket: retry until deadline
            self._reap()
            if time.monotonic() > deadline:
                tail = self.log_path.read_text(errors="replace")[-500:]
                raise BrokerError(f"mosquitto did not start on port {self.port}: {tail.strip()}")
            time.sleep(0.1)

    def _wait_accepting(self, deadline: float) -> bool:
        while time.monotonic() < deadline:
            if self._proc is None or self._proc.poll() is not None:
                return False
            with contextlib.suppress(OSError), socket.create_connection((self.host, self.port),
                                                                         timeout=0.5):
                return True
            time.sleep(0.02)
        return False

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the process this object started (SIGTERM, then SIGKILL); no-op if not running."""
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.send_signal(signal.SIGTERM)
            try:
                self._proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout)
        self._reap()

    def kill(self) -> None:
        """SIGKILL, as a crash or a power cut of the broker would."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._reap()

    def signal(self, signum: int) -> bool:
        """Send ``signum`` to the broker process (chaos tests stop and continue it).

        :returns: whether a running broker received it.
        """
        if self._proc is None or self._proc.poll() is not None:
            return False
        self._proc.send_signal(signum)
        return True

    def restart(self, timeout: float = 10.0) -> Broker:
        self.stop()
        return self.start(timeout)

    @staticmethod
    def _kill_at_exit(proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is None:
            proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(1)

    def _reap(self) -> None:
        if self._proc is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(1)
        self._proc = None

    def close(self) -> None:
        """Stop and remove the temporary directory (if this object made it)."""
        self.stop()
        if self._own_dir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Broker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
