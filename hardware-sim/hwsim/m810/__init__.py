"""3M 810 reader emulator (firmware behind a pty, see :mod:`hwsim.m810.firmware`)."""

from hwsim.m810.firmware import M810Firmware

__all__ = ["M810Firmware"]
