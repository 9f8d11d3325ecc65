"""A thermal receipt printer speaking ESC/POS, served on a pty like the reader emulators.

The firmware is sans-I/O: bytes in, no replies (a printer answers only status requests, which
the kiosk does not send), and it keeps what it printed: ``pages`` holds one list of text lines
per cut, ``lines`` the lines since the last cut. It understands the subset receipts use —
``ESC @``, ``ESC a n``, ``ESC E n``, ``ESC ! n``, ``ESC d n``, ``FS &`` / ``FS .`` (Chinese
character mode: text is Big5), ``GS V m [n]`` (cut), ``GS ! n``, LF and CR — and skips the
parameters of any other ESC/GS/FS command it knows the length of, so unknown input never
crashes it.
"""

from __future__ import annotations

import threading

from hwsim.serial_pty import PtyServer, Reply

__all__ = ["EscPosPrinter", "start_printer"]

ESC, GS, FS, LF, CR = 0x1B, 0x1D, 0x1C, 0x0A, 0x0D

#: parameter bytes after ESC x / GS x / FS x for commands we skip or apply
_ESC_ARGS = {ord("@"): 0, ord("a"): 1, ord("E"): 1, ord("!"): 1, ord("d"): 1, ord("-"): 1,
             ord("2"): 0, ord("3"): 1, ord("J"): 1, ord("M"): 1, ord("t"): 1, ord("R"): 1,
             ord("G"): 1, ord("{"): 1, ord("p"): 3}
_GS_ARGS = {ord("!"): 1, ord("B"): 1, ord("h"): 1, ord("w"): 1, ord("H"): 1, ord("f"): 1,
            ord("L"): 2, ord("W"): 2}
_FS_ARGS = {ord("&"): 0, ord("."): 0, ord("!"): 1, ord("-"): 1, ord("C"): 1}


class EscPosPrinter:
    """The printer's firmware: feed it bytes; read ``pages`` / ``lines``."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._line = bytearray()
        self.lines: list[str] = []
        self.pages: list[list[str]] = []
        self.cuts = 0
        self.chinese = False
        self.bold = False
        self.align = 0
        self.lock = threading.Lock()

    def receive(self, data: bytes) -> list[Reply]:
        with self.lock:
            self._buf += data
            self._parse()
        return []

    def _text(self) -> str:
        raw = bytes(self._line)
        return raw.decode("big5" if self.chinese else "latin-1", "replace")

    def _newline(self) -> None:
        self.lines.append(self._text())
        self._line.clear()

    def _parse(self) -> None:
        buf = self._buf
        i = 0
        while i < len(buf):
            b = buf[i]
            if b in (ESC, GS, FS):
                if i + 1 >= len(buf):
                    break  # wait for the command byte
                cmd = buf[i + 1]
                if b == GS and cmd == ord("V"):
                    if i + 2 >= len(buf):
                        break
                    m = buf[i + 2]
                    need = 4 if m in (65, 66) else 3
                    if i + need > len(buf):
                        break
                    self._cut()
                    i += need
                    continue
                table = _ESC_ARGS if b == ESC else _GS_ARGS if b == GS else _FS_ARGS
                nargs = table.get(cmd, 0)
                if i + 2 + nargs > len(buf):
                    break
                args = bytes(buf[i + 2:i + 2 + nargs])
                self._apply(b, cmd, args)
                i += 2 + nargs
                continue
            if b == LF:
                self._newline()
            elif b != CR:
                self._line.append(b)
            i += 1
        del buf[:i]

    def _apply(self, prefix: int, cmd: int, args: bytes) -> None:
        if prefix == ESC and cmd == ord("@"):
            self.chinese = self.bold = False
            self.align = 0
        elif prefix == ESC and cmd == ord("a"):
            self.align = args[0] % 3 if args[0] < 48 else (args[0] - 48) % 3
        elif prefix == ESC and cmd == ord("E"):
            self.bold = bool(args[0] & 1)
        elif prefix == ESC and cmd == ord("d"):
            if self._line:
                self._newline()
            self.lines.extend([""] * args[0])
        elif prefix == FS and cmd == ord("&"):
            self.chinese = True
        elif prefix == FS and cmd == ord("."):
            self.chinese = False

    def _cut(self) -> None:
        if self._line:
            self._newline()
        self.pages.append(self.lines)
        self.lines = []
        self.cuts += 1

    def printed_text(self) -> str:
        """Everything printed so far, pages separated by a form feed."""
        with self.lock:
            return "\f".join("\n".join(p) for p in [*self.pages, self.lines] if p)


def start_printer(link: str, *, baud: int = 9600) -> tuple[PtyServer, EscPosPrinter]:
    """Serve a printer on a pty whose stable path is ``link``; returns (server, firmware)."""
    firmware = EscPosPrinter()
    server = PtyServer(firmware, link=link, baud=baud, realistic=False).start()
    return server, firmware
