"""The card emulator's side of vsmartcard's vpcd socket protocol: one thread per virtual reader slot.

vpcd (a pcsc-lite driver inside pcscd) *listens* on 127.0.0.1:35963 (slot 0) and 35964 (slot 1);
the emulator connects. Every message is a 2-byte big-endian length and a body: ``00`` power off,
``01`` power on, ``02`` reset, ``04`` get ATR (answered with the ATR), anything longer a command
APDU (answered with the response APDU). pcscd polls presence about every 400 ms by asking for the
ATR; vpcd counts a card as present exactly while an emulator is connected and returns an ATR, so
the emulator connects when a card enters the field and disconnects when it leaves. It reconnects
when pcscd restarts.

vpcd accepts one emulator per slot and silently queues a second one, so slots are claimed with a
lock file (:func:`claim_slot`) shared by every process on the machine.

Latency: vpcd writes the length and the body in separate segments; with Nagle on its side and
delayed ACKs on ours every APDU would cost ~40 ms, so the emulator asks for quick ACKs.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import socket
import struct
import tempfile
import threading
import time
from pathlib import Path

from hwsim.pcsc.firmware import ReaderFirmware

log = logging.getLogger(__name__)

__all__ = ["BASE_PORT", "SLOTS", "SlotBusy", "VpcdEmulator", "claim_slot"]

BASE_PORT = 35963  # /etc/reader.conf.d/vpcd: CHANNELID 0x8C7B
SLOTS = 2  # Debian's vpcd: "Virtual PCD 00 00" and "Virtual PCD 00 01"


class SlotBusy(RuntimeError):
    """Every vpcd slot is already served by an emulator (in this or another process)."""


#: pcscd asks vpcd for presence about every 400 ms. A new connection within that time of the
#: last one closing may be taken for the same card (pcscd keeps the old ATR), so wait it out.
HOLD_OFF_S = 0.45


class _SlotLock:
    def __init__(self, slot: int, fd: int, path: Path) -> None:
        self.slot = slot
        self.path = path
        self._fd: int | None = fd
        try:  # the previous user of this slot stamped the file when it let go
            self.free_at = path.stat().st_mtime - time.time() + time.monotonic() + HOLD_OFF_S
        except OSError:
            self.free_at = 0.0

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.utime(self.path)
                fcntl.flock(self._fd, fcntl.LOCK_UN)
                os.close(self._fd)
            self._fd = None


def claim_slot(preferred: int | None = None) -> _SlotLock:
    """Lock a free vpcd slot for this process (first free one unless ``preferred``).

    :raises SlotBusy: no slot (or not the preferred one) is free.
    """
    candidates = [preferred] if preferred is not None else list(range(SLOTS))
    for slot in candidates:
        if not 0 <= slot < SLOTS:
            raise ValueError(f"vpcd has slots 0..{SLOTS - 1}, not {slot}")
        path = Path(tempfile.gettempdir()) / f"rfid-edge-vpcd-{BASE_PORT + slot}.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        return _SlotLock(slot, fd, path)
    raise SlotBusy(f"vpcd slot(s) {candidates} already served by another emulator")


class VpcdEmulator:
    """Serve one vpcd slot: connected while a card is in the field and the reader is plugged.

    :param firmware: answers the APDUs; its ``card`` says whether a card is present.
    """

    def __init__(self, firmware: ReaderFirmware, *, port: int = BASE_PORT, host: str = "127.0.0.1") -> None:
        self.firmware = firmware
        self.host = host
        self.port = port
        self.plugged = True
        self.connections = 0  # how many times vpcd accepted us (tests watch reconnects)
        self.not_before = 0.0  # monotonic time before which we must not connect (see HOLD_OFF_S)
        self._sock: socket.socket | None = None
        self._wake = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name=f"vpcd-{port}", daemon=True)

    # -- control ---------------------------------------------------------------------------------
    def start(self) -> VpcdEmulator:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        self.firmware.faults.release()
        self.drop()
        self._thread.join(timeout=5)

    def changed(self) -> None:
        """The card or the plug changed: connect or drop as needed."""
        with self._wake:
            self._wake.notify_all()
        if not self._wanted():
            self.drop()

    def drop(self) -> None:
        """Close the connection now (vpcd sees the card removed at its next poll)."""
        sock = self._sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def unplug(self) -> None:
        self.plugged = False
        self.changed()

    def replug(self) -> None:
        self.plugged = True
        self.changed()

    @property
    def connected(self) -> bool:
        return self._sock is not None

    # -- the loop --------------------------------------------------------------------------------
    def _wanted(self) -> bool:
        return self.plugged and self.firmware.card is not None and not self._stopping

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._stopping and not self._wanted():
                    self._wake.wait(0.5)
                if self._stopping:
                    return
            wait = self.not_before - time.monotonic()
            if wait > 0:
                time.sleep(wait)
                continue  # the card may have changed meanwhile
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1.0)
            except OSError:
                time.sleep(0.1)  # pcscd not (yet) running, or restarting
                continue
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._sock = sock
            self.connections += 1
            try:
                if self._wanted():
                    self._serve(sock)
            except OSError as exc:
                log.debug("vpcd %d: connection ended: %s", self.port, exc)
            finally:
                self._sock = None
                with contextlib.suppress(OSError):
                    sock.close()
                self.not_before = time.monotonic() + HOLD_OFF_S

    def _recv(self, sock: socket.socket, n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            chunk = sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionResetError("vpcd closed the connection")
            buf += chunk
        return buf

    @staticmethod
    def _send(sock: socket.socket, body: bytes) -> None:
        sock.sendall(struct.pack(">H", len(body)) + body)

    def _serve(self, sock: socket.socket) -> None:
        fw = self.firmware
        while self._wanted():
            (length,) = struct.unpack(">H", self._recv(sock, 2))
            message = self._recv(sock, length) if length else b""
            if len(message) == 1:
                if message[0] == 0x04:
                    atr = fw.atr()
                    if not atr:
                        return
                    self._send(sock, atr)
                elif message[0] in (0x01, 0x02):
                    fw.power_on()
                continue  # 00 power off: nothing to answer
            if not message:
                continue
            faults = fw.faults
            if faults.remove_after is not None:
                if faults.remove_after <= 0:
                    faults.remove_after = None
                    log.debug("vpcd %d: card removed mid-command", self.port)
                    self._on_removed_mid_command()
                    return
                faults.remove_after -= 1
            if faults.hang_after is not None:
                if faults.hang_after <= 0:
                    faults.hang_after = None
                    faults.released.clear()
                    while not faults.released.wait(0.05):
                        if not self._wanted():
                            return
                else:
                    faults.hang_after -= 1
            response = fw.handle(message)
            if fw.last_cost_s:
                time.sleep(fw.last_cost_s)
            self._send(sock, response)

    #: set by the runner: takes the card out of the field (and a tag out of the RF field)
    on_removed_mid_command = None

    def _on_removed_mid_command(self) -> None:
        callback = self.on_removed_mid_command
        if callback is not None:
            callback()
        else:
            self.firmware.card = None
