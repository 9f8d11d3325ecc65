"""Serial port discovery (pyserial's ``list_ports``), with a guess at which reader sits behind each.

FEIG readers enumerate with FEIG's USB vendor id (``0AB1``) or behind common USB-serial bridges;
3M 810 pads sit behind FTDI or Prolific bridges. A guess only: the URL a user picks decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from serial.tools import list_ports

#: USB vendor id -> likely reader protocol (None: a generic USB-serial bridge)
KNOWN_VIDS: dict[int, str | None] = {
    0x0AB1: "feig",  # FEIG ELECTRONIC
    0x0403: None,  # FTDI
    0x067B: None,  # Prolific
    0x10C4: None,  # Silicon Labs CP210x
    0x1A86: None,  # QinHeng CH340
}


@dataclass(frozen=True, kw_only=True)
class PortInfo:
    device: str
    description: str = ""
    hwid: str = ""
    vid: int | None = None
    pid: int | None = None
    serial_number: str | None = None
    protocol_guess: str | None = None

    def url(self, protocol: str | None = None) -> str | None:
        """The reader URL for this port, if a protocol is known or given."""
        proto = protocol or self.protocol_guess
        return f"{proto}://{self.device}" if proto else None

    def to_json(self) -> dict[str, object]:
        return {
            "device": self.device, "description": self.description, "hwid": self.hwid,
            "vid": f"{self.vid:04X}" if self.vid is not None else None,
            "pid": f"{self.pid:04X}" if self.pid is not None else None,
            "serial_number": self.serial_number, "protocol_guess": self.protocol_guess, "url": self.url(),
        }


def list_serial_ports(*, include_links: bool = True) -> list[PortInfo]:
    """Serial ports on this machine, sorted by device path (symlinks such as by-id included)."""
    out = []
    for p in list_ports.comports(include_links=include_links):
        out.append(PortInfo(
            device=p.device, description=p.description or "", hwid=p.hwid or "", vid=p.vid, pid=p.pid,
            serial_number=p.serial_number, protocol_guess=KNOWN_VIDS.get(p.vid) if p.vid is not None else None,
        ))
    return sorted(out, key=lambda p: p.device)
