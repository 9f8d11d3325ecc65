"""FEIG ISC reader emulator (advanced protocol) over the simulated RF field."""

from hwsim.feig.firmware import FeigFirmware

__all__ = ["FeigFirmware"]
