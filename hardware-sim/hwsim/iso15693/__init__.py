"""ISO/IEC 15693 vicinity tags as the simulator models them (NXP ICODE SLIX family)."""

from hwsim.iso15693.anticollision import InventoryResult, run_inventory
from hwsim.iso15693.tag import Iso15693Tag, TagState
from hwsim.iso15693.timing import AirTiming

__all__ = ["AirTiming", "InventoryResult", "Iso15693Tag", "TagState", "run_inventory"]
