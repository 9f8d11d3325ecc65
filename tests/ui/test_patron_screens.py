"""The patron-screen fixes of issue 17, one test each, on a window fed the core's events."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from kiosk.core import commands as C
from kiosk.core import events as E
from kiosk.ui.app import UiOptions
from kiosk.ui.names import branch_label, mask_name, patron_label
from kiosk.ui.screens.stack import MARK
from tests.ui import patron_events as P


def tr(context: str, source: str) -> str:
    return QCoreApplication.translate(context, source)


def test_place_items_banner_does_not_outlive_the_stack(qtbot) -> None:
    win = P.window(qtbot)
    P.feed(win, P.stack_empty())
    assert win.screen_name() == "stack"
    assert not win.notice.isVisible()  # the stack's own sub-heading says it (and is spoken)
    assert win.screens["stack"].sub.text() == tr("StackScreen", "Place your items on the pad. They will appear here.")
    # a notice that is not the screen's own words still shows (so the banner works at all)
    P.feed(win, [E.Notice(code=E.NoticeCode.LIMIT_REACHED)])
    assert win.notice.isVisible()
    win.notice.hide()
    P.feed(win, P.stack_two()[-2:])
    win.show_local("confirm")
    P.feed(win, [E.Notice(code=E.NoticeCode.PLACE_ITEMS)])
    assert win.screen_name() == "confirm" and not win.notice.isVisible()
    for name, events in (("done", P.done_borrowed()), ("account", P.account_screen()), ("return", P.returned())):
        win.model = type(win.model)()
        P.feed(win, events)
        assert win.screen_name() == name
        assert not win.notice.isVisible(), (name, win.notice.text())


def test_done_screen_says_to_take_the_items_and_the_card(qtbot) -> None:
    win = P.window(qtbot, language="en")
    P.feed(win, P.done_borrowed())
    done = win.screens["done"]
    assert done.take.isVisible() and done.take.text() == "Please take your items and your library card."
    assert "Please take your items and your library card." in done.prompt(win.model)  # spoken too
    win.set_language("zh_TW", tell_core=False)
    assert done.take.text() == "請取走您的資料和借書證。"
    # returns leave the items here: only the card to take, and nothing at all without a patron
    win.model = type(win.model)()
    P.feed(win, [E.StateChanged(state=E.State.DONE), P.PATRON, P.receipt(
        E.ReceiptLine(action=E.ItemAction.CHECKIN, item_id="31003", title="臺灣歷史有聲書"))])
    assert done.take.text() == "請取回您的借書證。"
    P.feed(win, [E.SessionEnded(reason=E.EndReason.PATRON), E.StateChanged(state=E.State.DONE,
            station=E.StationType.SELF_RETURN), E.ItemOutcome(item_id="31003", action=E.ItemAction.CHECKIN,
                                                                result=E.ItemResult.DONE)])
    assert not done.take.isVisible()


def test_print_receipt_not_offered_right_after_receipt_printed(qtbot) -> None:
    win = P.window(qtbot, language="zh_TW")
    done = win.screens["done"]
    P.feed(win, P.done_borrowed(printed=False))
    assert done.print.isVisible() and done.print.isEnabled() and done.print.text() == "列印收據"
    P.feed(win, [E.ReceiptPrinted(ok=True)])
    assert done.printed.isVisible() and done.printed.text() == "收據已列印，請取走。"
    assert not done.print.isVisible()
    P.feed(win, [P.receipt(*P.done_borrowed()[-2].lines)])  # a new receipt (e.g. after a renewal)
    assert done.print.isVisible()
    P.feed(win, [E.ReceiptPrinted(ok=False, reason="printer_error")])
    assert done.print.isVisible()  # it failed: printing again is the way out


def test_loan_without_renew_button_says_why(qtbot) -> None:
    win = P.window(qtbot, language="en")
    P.feed(win, P.account_screen())
    loans = win.screens["account"].loans.rows
    assert loans["31001"].action is not None and loans["31001"].action.text() == "Renew"
    blocked = loans["31010"]
    assert blocked.action is None
    assert "Reserved by another reader: cannot be renewed" in blocked.detail.text()
    assert "renewed" not in loans["31001"].detail.text()


@pytest.mark.parametrize(("reason", "words"), [
    ("renewal_limit", "續借次數已滿"), ("hold_for_other", "已有他人預約，無法續借"),
    ("not_extended", "剛借出，現在續借不會延後到期日"), (None, "無法續借，請洽服務台")])
def test_loan_without_renew_button_gives_the_exact_reason(qtbot, reason, words) -> None:
    """The core passes the ILS's reason (or "not_extended" for a loan of this session)."""
    win = P.window(qtbot, language="zh_TW")
    P.feed(win, P.account_screen())
    P.feed(win, [E.AccountShown(loans=(E.LoanRow(item_id="31010", title="Laskar Pelangi",
                                                 due_date=P.DUE, renewable=False, reason=reason),))])
    row = win.screens["account"].loans.rows["31010"]
    assert row.action is None and row.detail.text().endswith(" · " + words)


def test_renewal_that_keeps_the_due_date_says_so_and_is_listed_once(qtbot) -> None:
    win = P.window(qtbot, language="en")
    P.feed(win, P.done_renewed_same_day())
    rows = win.screens["done"].receipt.rows
    assert sorted(rows) == ["31001", "31009"]  # borrowed then renewed: one book, one row
    same = rows["31001"]
    assert same.detail.text().startswith("Renewed, but the due date stays the same")
    assert same.tone == "warn" and same.mark.text() == MARK["warn"]
    assert rows["31009"].detail.text().startswith("Renewed ·") and rows["31009"].tone == "ok"
    assert win.screens["done"].summary.text() == "2 items done."


def test_a_renewal_refused_as_not_extended_says_why_and_the_due_date(qtbot) -> None:
    """The core refuses a renewal that would not move the due date (a book borrowed minutes
    ago); the screen says so instead of a bare "Refused"."""
    win = P.window(qtbot, language="zh_TW")
    P.feed(win, [*P.stack_empty(), E.StackRow(uid="E01", status=E.RowStatus.FAILED, item_id="31001",
                                              title="小王子", due_date=P.DUE),
                 E.ItemOutcome(item_id="31001", uid="E01", action=E.ItemAction.RENEW,
                               result=E.ItemResult.REFUSED, reason="not_extended", due_date=P.DUE)])
    row = win.screens["stack"].list.rows["E01"]
    assert row.detail.text().startswith("未續借：現在續借不會延後到期日 · ") and row.tone == "warn"
    P.feed(win, [E.StateChanged(state=E.State.DONE, previous=E.State.STACK),
                 E.ItemOutcome(item_id="31002", action=E.ItemAction.HOLD_PICKUP,
                               result=E.ItemResult.REFUSED, reason="pickup_elsewhere")])
    rows = win.screens["done"].receipt.rows
    assert rows["31002"].detail.text() == "在其他分館等您：請至該館領取"
    assert rows["31001"].detail.text() == "未續借：現在續借不會延後到期日"


def test_outcomes_without_title_take_the_title_the_view_was_told(qtbot) -> None:
    win = P.window(qtbot, language="en")
    P.feed(win, [E.StateChanged(state=E.State.FASTBOOK_BROWSE, station=E.StationType.FASTBOOK), P.PATRON,
                 E.FastBookCatalogue(titles=(E.FastBookTitle(slot=3, item_id="32003", title="繪本 3"),)),
                 E.StateChanged(state=E.State.DONE, station=E.StationType.FASTBOOK),
                 E.ItemOutcome(item_id="32003", action=E.ItemAction.DISPENSE, result=E.ItemResult.DONE)])
    assert win.screens["done"].receipt.rows["32003"].title.text() == "繪本 3"


def test_transit_instruction_names_the_branch(qtbot) -> None:
    win = P.window(qtbot, language="en")
    P.feed(win, P.returned())
    row = next(iter(win.screens["return"].list.rows.values()))
    assert row.detail.text() == "Belongs to another branch: put it in the transit bin (北投分館)"
    assert "TPML-BT" not in row.detail.text()


def test_holds_elsewhere_listed_not_offered(qtbot) -> None:
    win = P.window(qtbot, language="zh_TW")
    P.feed(win, P.holds(n_here=2))
    screen = win.screens["holds"]
    other = screen.list.rows["32100"]
    assert other.action is None
    assert other.detail.text() == "保留在北投分館：請至該館領取"
    assert "TPML" not in other.detail.text()
    here = screen.list.rows["320000"]
    assert here.action is not None and here.detail.text() == "可於臺北市立圖書館總館取書"
    assert screen.sub.text() == "有 2 件預約書等您領取。"
    order = list(screen.list.rows)
    assert order.index("32100") > order.index("320001")  # collectable rows first
    screen.all.click()
    assert win.sent[-1] == C.SelectHolds(item_ids=("320000", "320001"))


def test_a_hold_the_core_flags_elsewhere_is_never_offered(qtbot) -> None:
    win = P.window(qtbot, branch="")  # even where the view does not know its branch
    P.feed(win, [*P.holds(n_here=1)[:-1], E.HoldsShown(holds=(
        E.HoldRow(item_id="32100", title="北投的書", pickup_branch="TPML-BT", ready=True,
                  location="hold_shelf", elsewhere=True),))])
    assert win.screens["holds"].list.rows["32100"].action is None
    assert not win.screens["holds"].all.isEnabled()


def test_holds_without_a_known_branch_offers_all(qtbot) -> None:
    win = P.window(qtbot, branch="")
    P.feed(win, P.holds(n_here=1))
    assert win.screens["holds"].list.rows["32100"].action is not None


def test_holds_list_starts_at_its_first_row(qtbot) -> None:
    win = P.window(qtbot, size=(1280, 800))
    P.feed(win, P.holds(n_here=12))
    rows = win.screens["holds"].list
    bar = rows.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5000)  # more rows than fit: the case that was scrolled to the end
    qtbot.wait(50)
    assert bar.value() == 0
    first = rows.rows["320000"]
    top = first.mapTo(rows.viewport(), first.rect().topLeft()).y()
    assert top >= 0  # not cut off under the heading


@pytest.mark.parametrize(("mode", "heading"), [("masked", "陳○君 您好"), ("full", "陳怡君 您好"), ("none", "我的帳戶")])
def test_patron_name_on_screen_follows_the_setting(qtbot, mode, heading) -> None:
    win = P.window(qtbot, language="zh_TW", show_patron_name=mode)
    P.feed(win, P.account_screen())
    assert win.screens["account"].heading.text() == heading
    P.feed(win, [E.StateChanged(state=E.State.STACK, previous=E.State.ACCOUNT)])
    if mode != "full":
        assert "陳怡君" not in win.screens["stack"].heading.text()


def test_options_read_the_typed_ui_section() -> None:
    config = {"device": {"branch": "TPML-BT"}, "kiosk": {"ui": {
        "show_patron_name": "none", "branch_names": {"TPML-BT": "北投分館"}}}}
    opts = UiOptions.from_config(config)
    assert (opts.show_patron_name, opts.branch, opts.branch_names) == ("none", "TPML-BT", {"TPML-BT": "北投分館"})
    assert UiOptions.from_config({}).show_patron_name == "masked"  # masked unless a site says otherwise
    with pytest.raises(ValueError, match="show_patron_name"):
        UiOptions.from_config({"kiosk": {"ui": {"show_patron_name": "yes"}}})
    with pytest.raises(ValueError, match="branch_names"):
        UiOptions.from_config({"kiosk": {"ui": {"branch_names": ["TPML-BT"]}}})


def test_name_masking() -> None:
    assert mask_name("王小明") == "王○明"
    assert mask_name("陳美") == "陳○"
    assert mask_name("歐陽娜娜") == "歐○○娜"
    assert mask_name("Nguyen Van An") == "N****n V*n A*"
    assert patron_label(None, "2300****0042", "masked") == "2300****0042"
    assert patron_label("王小明", "2300****0042", "none") == ""
    with pytest.raises(ValueError):
        patron_label("王小明", "x****", "shown")
    assert branch_label("TPML-BT", P.BRANCH_NAMES) == "北投分館"
    assert branch_label("TPML-ZZ", P.BRANCH_NAMES) == "TPML-ZZ"  # unknown: the code, not nothing


def test_refusal_shows_the_ils_words_only_when_they_add_something(qtbot) -> None:
    win = P.window(qtbot, language="zh_TW")
    error = win.screens["error"]
    P.feed(win, [E.PatronRefused(reason=E.Refusal.EXPIRED, message="借閱證已過期，請洽櫃台。Your card has expired.")])
    assert win.screen_name() == "error"
    assert error.reason.text() == "您的借書證已過期，請至服務台辦理展期。"
    assert error.detail.text() == ""  # not a second wording of the same thing (借閱證/櫃台)
    P.feed(win, [E.PatronRefused(reason=E.Refusal.FEES, message="欠款 NT$120")])
    assert error.detail.text() == "欠款 NT$120"


def test_no_goodbye_banner_over_a_refusal(qtbot) -> None:
    win = P.window(qtbot)
    P.feed(win, [E.PatronRefused(reason=E.Refusal.BLOCKED), E.SessionEnded(reason=E.EndReason.ERROR),
                 E.StateChanged(state=E.State.IDLE)])
    assert win.screen_name() == "error" and not win.notice.isVisible()
