"""The kiosk window: follows the core's events, shows one screen at a time, never blocks.

Threading: the core calls listeners on its worker thread. :class:`CoreBridge` re-emits each
event through a Qt signal with a queued connection, so :meth:`KioskWindow.on_event` always
runs on the UI thread; commands go back through ``core.submit``, which returns at once.

The window decides nothing about loans: the state in the last ``StateChanged`` picks the
screen, and every other event only updates the :class:`~kiosk.ui.model.ViewModel` the screens
draw from. The only UI-local screens are the card-number keyboard, staff sign-in and the
refusal message (dismissed with OK).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import commands as cmd
from kiosk.core import events as ev
from kiosk.ui import fonts, i18n, texts
from kiosk.ui.audio import CuePlayer
from kiosk.ui.dates import format_date
from kiosk.ui.model import ViewModel
from kiosk.ui.names import branch_label
from kiosk.ui.options import UiOptions
from kiosk.ui.screens import ALL as SCREENS
from kiosk.ui.screens.base import Screen
from kiosk.ui.speech import Speaker
from kiosk.ui.theme import LARGE_HIGH_CONTRAST, NORMAL, Theme
from kiosk.ui.widgets import ButtonRow, ResponsiveBox, TouchButton, label, logical_dpi

__all__ = ["EXIT_STAFF", "KioskWindow", "UiOptions"]

log = logging.getLogger(__name__)

#: Which screen shows each core state.
SCREEN_FOR_STATE: dict[ev.State, str] = {
    ev.State.IDLE: "idle",
    ev.State.IDENTIFYING: "identify",
    ev.State.PIN: "pin",
    ev.State.ACCOUNT: "account",
    ev.State.STACK: "stack",
    ev.State.CONFIRM: "confirm",
    ev.State.PROCESSING: "stack",
    ev.State.DONE: "done",
    ev.State.RETURN: "return",
    ev.State.HOLDS: "holds",
    ev.State.FASTBOOK_BROWSE: "fastbook",
    ev.State.FASTBOOK_DISPENSE: "dispense",
    ev.State.OUT_OF_ORDER: "out_of_order",
    ev.State.STAFF: "staff",
}

STATION_TITLES = {
    ev.StationType.SELF_CHECKOUT: QT_TRANSLATE_NOOP("Station", "Self-checkout"),
    ev.StationType.SELF_RETURN: QT_TRANSLATE_NOOP("Station", "Self-return"),
    ev.StationType.COMBINED: QT_TRANSLATE_NOOP("Station", "Borrow and return"),
    ev.StationType.HOLDS_PICKUP: QT_TRANSLATE_NOOP("Station", "Reserved items pickup"),
    ev.StationType.FASTBOOK: QT_TRANSLATE_NOOP("Station", "FastBook"),
}

_TOUCH_EVERY_S = 1.0
_NOTICE_MS = 8000
# Notices the screens already say in their own sub-heading (and speak as their prompt): as a
# banner they only repeated it, and then outlived the screen (confirm, done, account, return)
_SAID_BY_SCREENS = frozenset({ev.NoticeCode.PLACE_ITEMS})
_ERROR_MS = 20000
_STAFF_TAPS = 5
_STAFF_TAP_WINDOW_S = 4.0


class Core(Protocol):
    """What the view needs of :class:`kiosk.core.KioskCore`."""

    def subscribe(self, listener: Any) -> Any: ...
    def submit(self, command: cmd.Command) -> Any: ...


class CoreBridge(QObject):
    """Carries core events from the core's worker thread to the UI thread."""

    event = Signal(object)

    def __init__(self, core: Core, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.core = core
        core.subscribe(self._from_core)

    def _from_core(self, event: ev.Event) -> None:  # core worker thread: emit and return at once
        self.event.emit(event)


class IdleOverlay(QFrame):
    """'Are you still there?' with a countdown, over whatever screen is showing."""

    more_time = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        card = QFrame()
        card.setObjectName("card")
        col = QVBoxLayout(card)
        self.title = label("", "headline")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count = label("", "headline")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = TouchButton(primary=True)
        self.button.clicked.connect(self.more_time.emit)
        col.addWidget(self.title)
        col.addWidget(self.count)
        col.addWidget(self.button)
        outer.addStretch(1)
        outer.addWidget(card)
        outer.addStretch(1)
        self.seconds = 0
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.hide()

    def start(self, seconds: int) -> None:
        self.seconds = seconds
        self.retranslate()
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.hide()

    def _tick(self) -> None:
        self.seconds = max(0, self.seconds - 1)
        self.retranslate()
        if self.seconds == 0:
            self.timer.stop()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Are you still there?"))
        self.count.setText(self.tr("Your session ends in %n second(s).", "", self.seconds))
        self.button.setText(self.tr("I need more time"))


class KioskWindow(QWidget):
    """The whole kiosk UI over one core. ``submit`` is the only way it acts."""

    screen_shown = Signal(str)

    def __init__(self, core: Core | None, options: UiOptions | None = None) -> None:
        super().__init__()
        self.options = options or UiOptions()
        self.core = core
        self.model = ViewModel(station=self.options.station)
        self.lang = self.options.language
        self.theme: Theme = LARGE_HIGH_CONTRAST if self.options.large_type else NORMAL
        self.cues = CuePlayer(self.options.cue_dir, enabled=self.options.sound)
        self.speaker = Speaker(enabled=self.options.speech, wav_dir=self.options.speech_wav_dir)
        self.sent: list[cmd.Command] = []  # what the view asked (tests, bench)
        self._translator = None
        self._local: str | None = None
        self._current: str | None = None
        self._allow_close = False
        self._last_touch = 0.0
        self._taps: list[float] = []
        self._style_key: tuple | None = None
        self._notice: tuple[dict[str, str], str, str | None] | None = None

        self.setWindowTitle("rfid-edge kiosk")
        fonts.load()
        self.setFont(fonts.font(24))
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._build_banner())
        self.notice = label("", "warn")
        self.notice.setContentsMargins(32, 8, 32, 0)
        self.notice.hide()
        root.addWidget(self.notice)
        self.stack = QStackedWidget()
        root.addWidget(self.stack, 1)
        self.screens: dict[str, Screen] = {}
        for cls in SCREENS:
            screen = cls(self)
            self.screens[cls.name] = screen
            self.stack.addWidget(screen)
        self.overlay = IdleOverlay(self)
        self.overlay.more_time.connect(lambda: self.submit(cmd.Touch()))
        self._notice_timer = QTimer(self, singleShot=True, interval=_NOTICE_MS)
        self._notice_timer.timeout.connect(self.notice.hide)
        self._error_timer = QTimer(self, singleShot=True, interval=_ERROR_MS)
        self._error_timer.timeout.connect(lambda: self.show_local(None) if self._local == "error" else None)
        QShortcut(QKeySequence("Ctrl+Alt+S"), self, activated=lambda: self.show_local("staff_login"))

        self.set_language(self.lang, tell_core=False)
        self.apply_theme()
        self.bridge: CoreBridge | None = None
        if core is not None:
            self.bridge = CoreBridge(core, self)
            self.bridge.event.connect(self.on_event, Qt.ConnectionType.QueuedConnection)
        QApplication.instance().installEventFilter(self)
        self._show()

    # --- chrome -------------------------------------------------------------------------------

    def _build_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("banner")
        # title and controls side by side when they fit, else the controls on a second line
        self.banner_box = QBoxLayout(QBoxLayout.Direction.LeftToRight, banner)
        self.banner_box.setContentsMargins(24, 8, 24, 8)
        head = QHBoxLayout()
        self.title = label("", "title", wrap=False)
        self.title.installEventFilter(self)  # five taps: staff sign-in
        self.connectivity = label("", "warn", wrap=False)
        head.addWidget(self.title)
        head.addWidget(self.connectivity)
        head.addStretch(1)
        self.banner_box.addLayout(head, 1)
        self.controls = ButtonRow()
        self.controls.grid.setSpacing(8)
        self.banner_box.addWidget(self.controls)
        self.lang_buttons: dict[str, TouchButton] = {}
        for lang in i18n.LANGUAGES:
            b = TouchButton(i18n.NATIVE_NAMES[lang])
            b.setCheckable(True)
            b.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            b.clicked.connect(lambda _=False, lang=lang: self.set_language(lang))
            self.lang_buttons[lang] = b
            self.controls.add(b)
        self.large_button = TouchButton()
        self.large_button.setCheckable(True)
        self.large_button.setChecked(self.options.large_type)
        self.large_button.clicked.connect(lambda on: self.set_large_type(on))
        self.speech_button = TouchButton()
        self.speech_button.setCheckable(True)
        self.speech_button.setChecked(self.speaker.enabled)
        self.speech_button.setEnabled(self.speaker.available)
        self.speech_button.clicked.connect(self._toggle_speech)
        for b in (self.large_button, self.speech_button):
            b.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            self.controls.add(b)
        return banner

    def _retranslate_chrome(self) -> None:
        name = QCoreApplication.translate("Station", STATION_TITLES[self.model.station])
        self.title.setText(f"{self.options.library_name} · {name}" if self.options.library_name else name)
        self.connectivity.setText("" if self.model.online else self.tr("Offline"))
        self.connectivity.setVisible(not self.model.online)
        self.large_button.setText(self.tr("Large text"))
        self.speech_button.setText(self.tr("Speech"))
        for lang, b in self.lang_buttons.items():
            b.setChecked(lang == self.lang)
        if self._notice is not None:
            self.notice.setText(texts.words(*self._notice))
        self.overlay.retranslate()
        self._fit_banner()

    # --- settings the patron can change on every screen --------------------------------------

    def set_language(self, lang: str, *, tell_core: bool = True) -> None:
        if lang not in i18n.LANGUAGES:
            raise ValueError(f"unknown language {lang!r}")
        app = QCoreApplication.instance()
        new = i18n.translator(lang)
        if self._translator is not None:
            app.removeTranslator(self._translator)
        app.installTranslator(new)
        self._translator = new
        self.lang = lang
        self._retranslate_chrome()
        if self._current:
            self.screens[self._current].redraw(self.model)
        if tell_core and self.core is not None and self.model.patron is not None:
            self.submit(cmd.SetLanguage(language=i18n.BCP47[lang]))

    def set_large_type(self, on: bool) -> None:
        self.theme = LARGE_HIGH_CONTRAST if on else NORMAL
        self.large_button.setChecked(on)
        self.apply_theme()

    def _toggle_speech(self, on: bool) -> None:
        self.speaker.enabled = on and self.speaker.available
        if not on:
            self.speaker.stop()

    def _fit_banner(self) -> None:
        """Title and controls on one line if they fit, else the controls below (wrapping)."""
        controls = [*self.lang_buttons.values(), self.large_button, self.speech_button]
        need = sum(b.sizeHint().width() + 8 for b in controls) + self.title.sizeHint().width() + 112
        one_line = need <= self.width()
        direction = QBoxLayout.Direction.LeftToRight if one_line else QBoxLayout.Direction.TopToBottom
        if self.banner_box.direction() != direction:
            self.banner_box.setDirection(direction)
        self.controls.reserve = self.title.sizeHint().width() + 112 if one_line else 64
        self.controls.reflow()

    def apply_theme(self) -> None:
        key = (self.theme.name, self.width(), self.height())
        if key == self._style_key:
            self._fit_banner()
            return
        self._style_key = key
        w, h = max(self.width(), 640), max(self.height(), 480)
        self.setStyleSheet(self.theme.stylesheet(w, h, logical_dpi(self), fonts.load())
                           + "QFrame#overlay { background: rgba(0,0,0,170); }")
        self.setFont(fonts.font(self.theme.base_px(w, h)))
        self._fit_banner()

    def fmt_date(self, day: dt.date) -> str:
        return format_date(day, self.lang, minguo=self.options.minguo)

    def branch(self, code: str | None) -> str:
        """A branch as patrons know it: its name when the view has one, else its code."""
        return branch_label(code, self.options.branch_names)

    # --- events from the core -----------------------------------------------------------------

    @Slot(object)
    def on_event(self, event: ev.Event) -> None:
        """Every core event lands here, on the UI thread."""
        before = self.model.state
        self.model.apply(event)
        self.cues.on_event(event)
        match event:
            case ev.StateChanged():
                self.overlay.stop() if event.state is not before else None
                if self._local == "error" and event.state in (ev.State.IDLE, ev.State.PIN) or self._local == "staff_login" and event.state is ev.State.IDLE:
                    pass
                else:
                    self._local = None
                self._retranslate_chrome()
                self._show()
            case ev.PatronRefused():
                if event.reason != ev.Refusal.WRONG_PIN:
                    self.show_local("error")
                else:
                    self._refresh()
                    self.say(texts.words(texts.REFUSAL, event.reason, event.message))
            case ev.PinRequested(purpose="staff"):
                self.screens["staff_login"].staff_card()
                self.show_local("staff_login")
            case ev.PatronIdentified():
                want = i18n.from_tag(event.language)
                if self.options.follow_patron_language and want and want != self.lang:
                    self.set_language(want, tell_core=False)
                self._refresh()
            case ev.SessionEnded():
                self.overlay.stop()
                if self.lang != self.options.language:
                    self.set_language(self.options.language, tell_core=False)
                if self._local != "error":  # a refusal on screen already says why: no "Goodbye!" over it
                    self.show_notice(texts.END, event.reason)
                self._refresh()
            case ev.IdleWarning():
                if event.seconds_left > 0:
                    self.overlay.start(event.seconds_left)
                    self.say(self.overlay.title.text())
                else:
                    self.overlay.stop()
            case ev.ConnectivityChanged():
                self._retranslate_chrome()
            case ev.Notice():
                if event.code != ev.NoticeCode.BAD_COMMAND and event.code not in _SAID_BY_SCREENS:
                    self.show_notice(texts.NOTICE, event.code, event.message)
            case _:
                self._refresh()

    def _refresh(self) -> None:
        if self._current:
            self.screens[self._current].redraw(self.model)

    def show_notice(self, table: dict[str, str], code: str, message: str | None = None) -> None:
        """A banner under the title for a core code; kept as a code so a language switch
        re-words it."""
        self._notice = (table, code, message)
        self.notice.setText(texts.words(table, code, message))
        self.notice.show()
        self._notice_timer.start()
        self.say(self.notice.text())

    def say(self, text: str) -> None:
        self.speaker.say(text, self.lang)

    # --- which screen -------------------------------------------------------------------------

    def screen_name(self) -> str:
        if self._local:
            return self._local
        if self.model.state is ev.State.PROCESSING and self.model.station is ev.StationType.SELF_RETURN:
            return "return"
        return SCREEN_FOR_STATE[self.model.state]

    def show_local(self, name: str | None) -> None:
        """Show a UI-local screen (``identify``, ``confirm``, ``staff_login``, ``error``) or go
        back to the core state's screen (None)."""
        if name is not None and name not in self.screens:
            raise ValueError(f"no screen {name!r}")
        self._local = name
        if name == "error":
            self._error_timer.start()
        self._show()

    def _show(self) -> None:
        name = self.screen_name()
        screen = self.screens[name]
        screen.redraw(self.model)
        changed = name != self._current
        self._current = name
        self.stack.setCurrentWidget(screen)
        if changed:
            self.screen_shown.emit(name)
            self.say(screen.prompt(self.model))

    @property
    def current_screen(self) -> Screen:
        return self.screens[self._current or "idle"]

    # --- input --------------------------------------------------------------------------------

    def submit(self, command: cmd.Command) -> None:
        # what was asked, for tests and the bench; a PIN-carrying command only by its type
        self.sent.append(type(command) if isinstance(command, cmd.EnterPin | cmd.StaffLogin) else command)
        if self.core is not None:
            self.core.submit(command)  # returns at once; the work runs on the core's thread

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.MouseButtonPress:
            if obj is self.title:
                self._staff_tap()
            elif isinstance(obj, QWidget) and obj.window() is self:
                self._patron_touched()
        return False

    def _patron_touched(self) -> None:
        now = time.monotonic()
        if self.model.state in (ev.State.IDLE, ev.State.OUT_OF_ORDER) or now - self._last_touch < _TOUCH_EVERY_S:
            return
        self._last_touch = now
        self.submit(cmd.Touch())

    def _staff_tap(self) -> None:
        now = time.monotonic()
        self._taps = [t for t in self._taps if now - t < _STAFF_TAP_WINDOW_S] + [now]
        if len(self._taps) >= _STAFF_TAPS:
            self._taps.clear()
            self.show_local("staff_login")

    # --- kiosk hardening ----------------------------------------------------------------------

    def leave_kiosk(self) -> None:
        """Staff only (the button lives on the staff screen): close the window and exit."""
        if self.model.state is not ev.State.STAFF:
            return
        self._allow_close = True
        self.close()
        QCoreApplication.exit(EXIT_STAFF)

    def shut(self) -> None:
        """Close for good, from code: the launcher's and the demo's teardown (a close request
        from outside is refused, see :meth:`closeEvent`)."""
        self._allow_close = True
        self.close()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self._allow_close:
            self.cues.close()
            self.speaker.stop()
            event.accept()
        else:
            event.ignore()  # Alt+F4, a window manager close: the kiosk stays

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        portrait = self.height() > self.width()
        for box in self.findChildren(ResponsiveBox):
            box.orient(portrait)
        super().resizeEvent(event)
        self.apply_theme()
        self.overlay.setGeometry(self.rect())
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate_chrome()
        super().changeEvent(event)

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.grab().save(str(path))
        return path


#: Exit status of a staff "exit to desktop": the systemd unit does not restart on it.
EXIT_STAFF = 64
