"""The kiosk's screens, one class per screen; :data:`ALL` lists them by name."""

from kiosk.ui.screens.account import AccountScreen, HoldsScreen
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.fastbook import DispenseScreen, FastBookScreen
from kiosk.ui.screens.identify import IdentifyScreen, IdleScreen, PinScreen
from kiosk.ui.screens.stack import ConfirmScreen, DoneScreen, ReturnScreen, StackScreen
from kiosk.ui.screens.system import ErrorScreen, OutOfOrderScreen, StaffLoginScreen, StaffScreen

ALL: tuple[type[Screen], ...] = (
    IdleScreen, IdentifyScreen, PinScreen, StackScreen, ConfirmScreen, DoneScreen, AccountScreen,
    ReturnScreen, HoldsScreen, FastBookScreen, DispenseScreen, ErrorScreen, OutOfOrderScreen,
    StaffLoginScreen, StaffScreen,
)

__all__ = [c.__name__ for c in ALL] + ["ALL", "Screen"]
