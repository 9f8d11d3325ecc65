"""What a view (or the headless runner) can ask of the kiosk core.

Commands are frozen, keyword-only dataclasses checked when built; hand one to
:meth:`kiosk.core.KioskCore.submit`, which returns at once (the work runs on the core's worker
thread). A command that does not fit the current state is ignored with a
``Notice(code="bad_command")`` event — never an exception on the view's thread.

``EnterPin.pin`` and ``StaffLogin.pin`` never appear in ``repr`` or JSON: a PIN is passed to the
centre once and dropped (invariant 5).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar

__all__ = [
    "Back", "ChooseMode", "Command", "ConfirmCheckout", "EndSession", "EnterPin",
    "FastBookSelect", "IdentifyBarcode", "Mode", "PrintReceipt", "Rate", "RenewItems",
    "SelectHolds", "SetLanguage", "ShowAccount", "StaffClearSession", "StaffDiagnose",
    "StaffExit", "StaffForceSync", "StaffLogin", "Touch", "from_json",
]


class Mode:
    """What the patron wants to do (``ChooseMode``)."""

    CHECKOUT = "checkout"
    RETURN = "return"
    ACCOUNT = "account"
    HOLDS = "holds"
    FASTBOOK = "fastbook"

    ALL = frozenset({CHECKOUT, RETURN, ACCOUNT, HOLDS, FASTBOOK})


@dataclass(frozen=True, kw_only=True)
class Command:
    name: ClassVar[str] = "command"

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"command": self.name}
        for f in dataclasses.fields(self):
            if f.repr:
                value = getattr(self, f.name)
                out[f.name] = list(value) if isinstance(value, tuple) else value
        return out


def _item_ids(cmd: Command, *, required: str | None = None) -> None:
    """Check ``cmd.item_ids`` and keep it as a tuple (JSON gives a list); ``required`` is the
    error when none is given (None: an empty tuple is allowed).

    :raises ValueError: not a list or tuple of non-empty strings, or empty when required.
    """
    values = cmd.item_ids  # type: ignore[attr-defined]
    if not isinstance(values, tuple | list) or not all(isinstance(v, str) and v for v in values):
        raise ValueError("item_ids must be a tuple of non-empty strings")
    if required and not values:
        raise ValueError(required)
    object.__setattr__(cmd, "item_ids", tuple(values))


@dataclass(frozen=True, kw_only=True)
class IdentifyBarcode(Command):
    """A typed or scanned library card barcode / QR (HID keyboard wedge or on-screen keyboard)."""

    name: ClassVar[str] = "identify_barcode"
    barcode: str = field(repr=False)

    def __post_init__(self) -> None:
        code = self.barcode.strip() if isinstance(self.barcode, str) else ""
        if not code or len(code) > 64 or not code.isprintable():
            raise ValueError("barcode must be 1..64 printable characters")
        object.__setattr__(self, "barcode", code)


@dataclass(frozen=True, kw_only=True)
class EnterPin(Command):
    name: ClassVar[str] = "enter_pin"
    pin: str = field(repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.pin, str) or not self.pin.isdigit() or not 4 <= len(self.pin) <= 12:
            raise ValueError("a PIN is 4..12 digits")


@dataclass(frozen=True, kw_only=True)
class ChooseMode(Command):
    """Checkout, return, account, holds or FastBook (combined stations and the account view)."""

    name: ClassVar[str] = "choose_mode"
    mode: str

    def __post_init__(self) -> None:
        if self.mode not in Mode.ALL:
            raise ValueError(f"mode must be one of {sorted(Mode.ALL)}")


@dataclass(frozen=True, kw_only=True)
class ConfirmCheckout(Command):
    """Lend (or return, on a return screen) every actionable item of the stack."""

    name: ClassVar[str] = "confirm"


@dataclass(frozen=True, kw_only=True)
class RenewItems(Command):
    """Renew loans from the account view; an empty tuple renews every renewable loan."""

    name: ClassVar[str] = "renew"
    item_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _item_ids(self)


@dataclass(frozen=True, kw_only=True)
class ShowAccount(Command):
    name: ClassVar[str] = "show_account"


@dataclass(frozen=True, kw_only=True)
class SelectHolds(Command):
    """Pick ready holds to collect (holds pickup: items on the pad or in FastBook slots)."""

    name: ClassVar[str] = "select_holds"
    item_ids: tuple[str, ...]

    def __post_init__(self) -> None:
        _item_ids(self, required="select at least one hold")


@dataclass(frozen=True, kw_only=True)
class FastBookSelect(Command):
    """Dispense and lend these items of the station's stock."""

    name: ClassVar[str] = "fastbook_select"
    item_ids: tuple[str, ...]

    def __post_init__(self) -> None:
        _item_ids(self, required="select at least one item")


@dataclass(frozen=True, kw_only=True)
class Back(Command):
    """Leave the current screen for the session's main screen (stack or account)."""

    name: ClassVar[str] = "back"


@dataclass(frozen=True, kw_only=True)
class PrintReceipt(Command):
    name: ClassVar[str] = "print_receipt"


@dataclass(frozen=True, kw_only=True)
class Rate(Command):
    name: ClassVar[str] = "rate"
    score: int

    def __post_init__(self) -> None:
        if isinstance(self.score, bool) or not isinstance(self.score, int) or not 1 <= self.score <= 5:
            raise ValueError("score must be 1..5")


@dataclass(frozen=True, kw_only=True)
class EndSession(Command):
    name: ClassVar[str] = "end_session"


@dataclass(frozen=True, kw_only=True)
class Touch(Command):
    """The patron touched the screen: restarts the idle timer and cancels an idle warning."""

    name: ClassVar[str] = "touch"


@dataclass(frozen=True, kw_only=True)
class SetLanguage(Command):
    name: ClassVar[str] = "set_language"
    language: str

    def __post_init__(self) -> None:
        if not isinstance(self.language, str) or not 2 <= len(self.language) <= 16:
            raise ValueError("language must be a tag such as zh-TW, en, vi, id")


@dataclass(frozen=True, kw_only=True)
class StaffLogin(Command):
    """Staff card (its identifier, as the card reader or barcode gives it) and PIN."""

    name: ClassVar[str] = "staff_login"
    staff_id: str = field(repr=False)
    pin: str = field(repr=False)

    def __post_init__(self) -> None:
        if not self.staff_id:
            raise ValueError("staff_id must not be empty")
        if not isinstance(self.pin, str) or not self.pin.isdigit():
            raise ValueError("a PIN is digits")


@dataclass(frozen=True, kw_only=True)
class StaffForceSync(Command):
    name: ClassVar[str] = "staff_force_sync"


@dataclass(frozen=True, kw_only=True)
class StaffClearSession(Command):
    name: ClassVar[str] = "staff_clear_session"


@dataclass(frozen=True, kw_only=True)
class StaffDiagnose(Command):
    name: ClassVar[str] = "staff_diagnose"


@dataclass(frozen=True, kw_only=True)
class StaffExit(Command):
    name: ClassVar[str] = "staff_exit"


_BY_NAME: dict[str, type[Command]] = {
    c.name: c for c in (IdentifyBarcode, EnterPin, ChooseMode, ConfirmCheckout, RenewItems,
                        ShowAccount, SelectHolds, FastBookSelect, Back, PrintReceipt, Rate,
                        EndSession, Touch, SetLanguage, StaffLogin, StaffForceSync,
                        StaffClearSession, StaffDiagnose, StaffExit)
}


def from_json(data: dict[str, Any]) -> Command:
    """Build a command from ``{"command": NAME, ...fields}`` (scenario files, tests).

    :raises ValueError: unknown command or bad fields.
    """
    data = dict(data)
    name = data.pop("command", None)
    cls = _BY_NAME.get(name) if isinstance(name, str) else None
    if cls is None:
        raise ValueError(f"unknown command {name!r}; one of {sorted(_BY_NAME)}")
    try:
        return cls(**data)
    except TypeError as exc:
        raise ValueError(f"{name}: {exc}") from exc
