"""The kiosk core proper: synchronous, one input at a time, events out (h11-style).

:class:`KioskMachine` takes a view's :class:`~kiosk.core.commands.Command`, a pad's
:class:`~kiosk.core.ports.PadEvent`, a card's :class:`~kiosk.core.ports.CardEvent`, a
:class:`ReadLater` it asked for, or a :class:`Tick` of the clock, runs the flow that handles it
(:mod:`kiosk.core.flows`) and emits what happened through the event sink it was given. It starts
no thread and waits on no queue: :mod:`kiosk.core.worker` feeds it on a thread; a unit test feeds
it directly with in-memory ports.

A command the current state does not take becomes a ``bad_command`` notice. Any other exception
— a bug, or a port raising something outside its declared errors
(:mod:`kiosk.core.ports`) — propagates out of :meth:`KioskMachine.handle`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.core import commands as C
from kiosk.core import events as E
from kiosk.core.context import Context, Ports
from kiosk.core.flows import fastbook, identify, lending, lifecycle, receipt, returns, stack, staff
from kiosk.core.ports import CardEvent, PadEvent
from kiosk.core.session import TransitionError, Trigger
from kiosk.settings import StationSettings
from sync import messages as M

__all__ = ["Input", "KioskMachine", "ReadLater", "Tick"]


@dataclass(frozen=True, kw_only=True)
class ReadLater:
    """Read this tag's data now (asked for by the machine after a tag entered)."""

    uid: str


@dataclass(frozen=True, kw_only=True)
class Tick:
    """The clock: idle timeouts, marker retries, the reader's health."""


Input = C.Command | PadEvent | CardEvent | ReadLater | Tick


class KioskMachine:
    """One station's patron sessions over a :class:`~kiosk.core.context.Context`."""

    def __init__(self, settings: StationSettings, ports: Ports, *,
                 emit: Callable[[E.Event], None], clock: Callable[[], float] = time.monotonic
                 ) -> None:
        self.context = Context(settings, ports, emit=emit, clock=clock,
                               fastbook=fastbook.FastBookState())
        self._commands: dict[str, Callable[[Any], None]] = {
            name[len("_cmd_"):]: getattr(self, name) for name in dir(self)
            if name.startswith("_cmd_")}

    @property
    def state(self) -> E.State:
        return self.context.state

    def begin(self) -> None:
        """Tell the current state and check the reader (once, before the first input)."""
        ctx = self.context
        ctx.emit(E.StateChanged(state=ctx.state, station=ctx.station))
        lifecycle.check_health(ctx)

    def handle(self, item: Input) -> list[ReadLater]:
        """Handle one input; returns the reads to do after the inputs already waiting.

        :raises Exception: whatever a flow raised that is neither a refused transition nor a
            declared port error (a bug: the caller fails loudly).
        """
        ctx = self.context
        try:
            if isinstance(item, C.Command):
                ctx.activity()
                self._command(item)
            elif isinstance(item, PadEvent):
                ctx.activity()
                stack.pad_event(ctx, item)
            elif isinstance(item, CardEvent):
                identify.card_event(ctx, item)
            elif isinstance(item, ReadLater):
                stack.read_later(ctx, item.uid)
            elif isinstance(item, Tick):
                lifecycle.tick(ctx)
            else:
                raise TypeError(f"not a kiosk core input: {item!r}")
        except TransitionError as exc:
            ctx.emit(E.Notice(code=E.NoticeCode.BAD_COMMAND, message=str(exc)))
        finally:
            later, ctx.deferred = ctx.deferred, []
        return [ReadLater(uid=uid) for uid in later]

    def fail(self, message: str) -> None:
        """The core failed on an input (a bug): out of order, the session ended."""
        lifecycle.fault(self.context, "internal", message)

    def tick_s(self) -> float:
        """How often the clock should tick now."""
        busy = self.context.session is not None or self.context.state is E.State.OUT_OF_ORDER
        return 0.25 if busy else 1.0

    # --- commands ------------------------------------------------------------------------------
    def _command(self, cmd: C.Command) -> None:
        handler = self._commands.get(cmd.name)
        if handler is None:
            raise self.context.refuse(Trigger.CONTINUATION)
        handler(cmd)

    def _cmd_touch(self, cmd: C.Touch) -> None:
        pass

    def _cmd_set_language(self, cmd: C.SetLanguage) -> None:
        self.context.language = cmd.language

    def _cmd_identify_barcode(self, cmd: C.IdentifyBarcode) -> None:
        identify.card_event(self.context,
                            CardEvent(present=True, patron_id=cmd.barcode, source="barcode"))

    def _cmd_enter_pin(self, cmd: C.EnterPin) -> None:
        identify.enter_pin(self.context, cmd.pin)

    def _cmd_choose_mode(self, cmd: C.ChooseMode) -> None:
        if cmd.mode == C.Mode.ACCOUNT:
            identify.show_account(self.context)
            return
        self.context.go(Trigger(f"mode_{cmd.mode}"))
        stack.enter_main(self.context)

    def _cmd_show_account(self, cmd: C.ShowAccount) -> None:
        identify.show_account(self.context)

    def _cmd_back(self, cmd: C.Back) -> None:
        self.context.go(Trigger.CONTINUATION)
        stack.enter_main(self.context)

    def _cmd_confirm(self, cmd: C.ConfirmCheckout) -> None:
        ctx = self.context
        if ctx.state is E.State.RETURN:
            returns.return_ready(ctx)
            return
        s = ctx.need_session(Trigger.CONFIRMATION)
        ctx.go(Trigger.CONFIRMATION)
        lending.lend(ctx, s)
        lifecycle.finish_batch(ctx, s)

    def _cmd_renew(self, cmd: C.RenewItems) -> None:
        ctx = self.context
        s = ctx.need_session(Trigger.RENEWAL)
        ctx.go(Trigger.RENEWAL)
        # "renew all": every loan but those of this session (a renewal would not extend them)
        for item_id in cmd.item_ids or tuple(i for i in s.loans if i not in s.lent):
            lending.renew(ctx, s, item_id, uid=None)
        lifecycle.finish_batch(ctx, s)

    def _cmd_select_holds(self, cmd: C.SelectHolds) -> None:
        ctx = self.context
        s = ctx.need_session(Trigger.SELECTION)
        ctx.go(Trigger.SELECTION)
        lending.select_holds(ctx, s, cmd.item_ids)
        lifecycle.finish_batch(ctx, s)

    def _cmd_fastbook_select(self, cmd: C.FastBookSelect) -> None:
        ctx = self.context
        s = ctx.need_session(Trigger.SELECTION)
        ctx.go(Trigger.SELECTION)
        fastbook.dispense_and_lend(ctx, s, cmd.item_ids)
        ctx.go(Trigger.DISPENSE_END)
        lifecycle.finish_batch(ctx, s)

    def _cmd_print_receipt(self, cmd: C.PrintReceipt) -> None:
        ctx = self.context
        if ctx.last_receipt is None:
            raise ctx.refuse(Trigger.CONTINUATION)
        receipt.print_receipt(ctx, ctx.last_receipt)

    def _cmd_rate(self, cmd: C.Rate) -> None:
        ctx = self.context
        session_id = ctx.session.session_id if ctx.session is not None else None
        ctx.record(M.Rating(score=cmd.score, session_id=session_id))
        ctx.emit(E.Notice(code=E.NoticeCode.RATING_THANKS))

    def _cmd_end_session(self, cmd: C.EndSession) -> None:
        ctx = self.context
        if ctx.session is None:
            raise ctx.refuse(Trigger.SESSION_END)
        lifecycle.end(ctx, E.EndReason.PATRON)

    def _cmd_staff_login(self, cmd: C.StaffLogin) -> None:
        staff.login(self.context, cmd.staff_id, cmd.pin)

    def _cmd_staff_diagnose(self, cmd: C.StaffDiagnose) -> None:
        staff.need_staff(self.context)
        staff.diagnostics(self.context)

    def _cmd_staff_force_sync(self, cmd: C.StaffForceSync) -> None:
        staff.force_sync(self.context)

    def _cmd_staff_clear_session(self, cmd: C.StaffClearSession) -> None:
        staff.clear_session(self.context)

    def _cmd_staff_exit(self, cmd: C.StaffExit) -> None:
        staff.exit_staff(self.context)
