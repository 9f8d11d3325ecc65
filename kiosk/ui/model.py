"""What the screen shows, as a mirror of the core's events (Qt-free, no decisions).

The view keeps no logic of its own: :meth:`ViewModel.apply` only records the latest event of
each kind, so any screen can be redrawn at any time — after a language switch, a resize or a
theme change — from the same facts the core sent. A ``SessionEnded`` wipes everything about
the patron (the core's promise that nothing of the patron stays on screen).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.core import events as ev


@dataclass
class ViewModel:
    station: ev.StationType = ev.StationType.SELF_CHECKOUT
    state: ev.State = ev.State.IDLE
    online: bool = True
    cache_age_s: float | None = None
    patron: ev.PatronIdentified | None = None
    pin_attempts_left: int | None = None
    refusal: ev.PatronRefused | None = None
    rows: dict[str, ev.StackRow] = field(default_factory=dict)
    outcomes: list[ev.ItemOutcome] = field(default_factory=list)
    sorts: dict[str, ev.SortInstruction] = field(default_factory=dict)
    receipt: ev.Receipt | None = None
    receipt_printed: ev.ReceiptPrinted | None = None
    account: ev.AccountShown | None = None
    holds: ev.HoldsShown | None = None
    catalogue: ev.FastBookCatalogue | None = None
    dispense: dict[int, ev.DispenseProgress] = field(default_factory=dict)
    diagnostics: ev.StaffDiagnostics | None = None
    out_of_order: ev.OutOfOrder | None = None
    idle_seconds_left: int = 0
    notice: ev.Notice | None = None
    ended: ev.SessionEnded | None = None

    def apply(self, event: ev.Event) -> None:
        match event:
            case ev.StateChanged():
                self.station = event.station
                self.state = event.state
                if event.state is ev.State.IDLE:
                    self._forget_patron()  # rule 1 of the core: nothing of the patron survives IDLE
                if event.state is not ev.State.OUT_OF_ORDER:
                    self.out_of_order = None
                if event.state is not ev.State.PIN:
                    self.pin_attempts_left = None
                if event.state in (ev.State.STACK, ev.State.RETURN) and event.previous in (
                    ev.State.DONE, ev.State.ACCOUNT, ev.State.HOLDS, None
                ):
                    self.outcomes.clear()
                    self.sorts.clear()
                    self.receipt = None
                    self.receipt_printed = None
            case ev.SessionStarted():
                self._forget_patron()
                self.refusal = None
                self.ended = None
            case ev.SessionEnded():
                self._forget_patron()
                self.ended = event
            case ev.PinRequested():
                self.pin_attempts_left = event.attempts_left
            case ev.PatronIdentified():
                self.patron = event
                self.refusal = None
            case ev.PatronRefused():
                self.refusal = event
            case ev.StackRow():
                self.rows[event.uid] = event
            case ev.StackRowRemoved():
                self.rows.pop(event.uid, None)
            case ev.StackCleared():
                self.rows.clear()
            case ev.ItemOutcome():
                self.outcomes.append(event)
            case ev.SortInstruction():
                self.sorts[event.item_id] = event
            case ev.Receipt():
                self.receipt = event
                self.receipt_printed = None  # a printout was of the receipt before this one
            case ev.ReceiptPrinted():
                self.receipt_printed = event
            case ev.AccountShown():
                self.account = event
            case ev.HoldsShown():
                self.holds = event
            case ev.FastBookCatalogue():
                self.catalogue = event
                self.dispense.clear()
            case ev.DispenseProgress():
                self.dispense[event.slot] = event
            case ev.StaffDiagnostics():
                self.diagnostics = event
                self.online = event.online
            case ev.OutOfOrder():
                self.out_of_order = event
            case ev.IdleWarning():
                self.idle_seconds_left = event.seconds_left
            case ev.ConnectivityChanged():
                self.online = event.online
                self.cache_age_s = event.cache_age_s
            case ev.Notice():
                self.notice = event

    def _forget_patron(self) -> None:
        """Drop everything about the patron (a refusal's code stays: it names no one)."""
        self.patron = None
        self.pin_attempts_left = None
        self.rows.clear()
        self.outcomes.clear()
        self.sorts.clear()
        self.receipt = None
        self.receipt_printed = None
        self.account = None
        self.holds = None
        self.catalogue = None
        self.dispense.clear()
        self.diagnostics = None
        self.idle_seconds_left = 0
