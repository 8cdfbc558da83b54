"""The alarm for a package OMS refused after the packer had finished it.

Owns `RefusalAlert`, `RefusalStrip` and `attach_refusal_alert(window, delivery, sound)`.
A completion is queued and the bench says "Package done."; the packer moves on. If
OMS later refuses it (conflict, or failed), small red text in the status bar is easy
to miss, so: a dark red strip ABOVE the feedback banner naming the package and why
(it stays until the packer acknowledges it; a scan's banner never covers it), the
error sound (once more after `repeat_ms` if nobody acknowledged), and the Needs
attention button and menu entry with their count. "Open Needs attention" (or the
badge) opens the list on that entry. A refusal of any other command changes only
the badge: the packer is still at that package, or never saw it as done.

A completion refused while the app was closed (a CLI drain, or before a restart)
raises the same alarm when the app starts (`check_unseen`, read off the UI thread),
once: acknowledging it ("Seen", or opening Needs attention) is recorded in the
database (`station.outbox.refusal.mark_refusals_seen`). The alarm also goes down by
itself when its entries are resolved another way (delivered after a retry, discarded,
marked delivered): the next delivery event, badge refresh or repeat re-reads them.

The strip never takes keyboard focus: scanning goes on under it. It is wired from
outside the window (ui.app.build_station calls `attach_refusal_alert`), so the
window's own layout code does not need to know about it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station import outbox
from station.errors import StationError
from station.outbox.refusal import Refusal, mark_refusals_seen, refusal_of, unseen_refusals
from ui.errors import guarded
from ui.feedback.banner import FeedbackBanner, FeedbackKind
from ui.feedback.sound import SoundPlayer
from ui.i18n import render
from ui.today.reading import StoreReader

if TYPE_CHECKING:
    from ui.background import DeliveryService
    from ui.packing.main_window import MainWindow

log = logging.getLogger(__name__)

REPEAT_MS = 5000  # the alarm sounds once more after this, if still not acknowledged
STRIP_FONT_PX = 28  # the banner's minimum: read from a metre away
_BUTTON_STYLE = "font-size: 16pt; font-weight: bold; padding: 6px 14px;"
_REFUSED = ("conflict", "failed")


class RefusalStrip(QWidget):
    """The alarm's own strip: a dark red banner with "Open Needs attention" and "Seen".
    No part of it takes keyboard focus.

    Signals:
        open_requested(): the packer pressed "Open Needs attention".
        seen(): the packer pressed "Seen".
    """

    open_requested = Signal()
    seen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.banner = FeedbackBanner(font_px=STRIP_FONT_PX)
        self.banner.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.open_button = self._button(self.tr("Open Needs attention"), self.open_requested)
        self.seen_button = self._button(self.tr("Seen"), self.seen)
        buttons = QVBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.seen_button)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner, 1)
        layout.addLayout(buttons)
        self.hide()

    def _button(self, text: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a scan's Enter must never press it
        button.setStyleSheet(_BUTTON_STYLE)
        button.clicked.connect(lambda _=False: signal.emit())
        return button

    def show_alarm(self, text: str) -> None:
        # Its full three lines even when the window is short: the packing area gives way.
        self.banner.setMinimumHeight(self.banner.sizeHint().height())
        self.banner.show_feedback(FeedbackKind.ALARM, text)
        self.show()


class RefusalAlert(QObject):
    """Raises the alarm when OMS refuses a completion, for `window` (a MainWindow).

    Signals:
        raised(entry_id): the alarm went up (or was updated) for this refused entry.
        acknowledged(): the packer acknowledged the alarm; the strip is gone.
        cleared(): every entry the alarm stood for was resolved another way; the
            strip is gone without the packer acknowledging it.
        unseen_checked(count): the start-up check is done; `count` refusals from
            while the app was closed raised the alarm (0: none).
    """

    raised = Signal(str)
    acknowledged = Signal()
    cleared = Signal()
    unseen_checked = Signal(int)

    def __init__(self, window: MainWindow, *, sound: SoundPlayer | None = None,
                 repeat_ms: int = REPEAT_MS) -> None:
        super().__init__(window)
        self._window = window
        self._sound = sound
        self._refusals: list[Refusal] = []  # not acknowledged yet, oldest first
        self.strip = RefusalStrip()
        self.strip.open_requested.connect(self.open_attention)
        self.strip.seen.connect(self.acknowledge)
        self._repeat = QTimer(self)
        self._repeat.setSingleShot(True)
        self._repeat.setInterval(repeat_ms)
        self._repeat.timeout.connect(self._sound_again)
        self._reader = StoreReader("refusal-check", window.session.store, self)
        self.unseen_found: int | None = None  # the start-up check's count, once done
        self._place_strip()
        self._follow_badge()

    # --- reading ------------------------------------------------------------------

    @property
    def is_up(self) -> bool:
        return bool(self._refusals)

    @property
    def refusals(self) -> list[Refusal]:
        """The refusals the alarm stands for, oldest first."""
        return list(self._refusals)

    @property
    def text(self) -> str:
        return self.strip.banner.message if self.is_up else ""

    # --- delivery events ----------------------------------------------------------

    @guarded  # fed by a worker signal: a failure is shown, never lost
    def on_delivery_event(self, status: str, entry_id: str) -> None:
        """An outbox entry changed: a refused completion raises the alarm; every
        refusal updates the badge; any other change may have resolved an alarm's entry."""
        if self._window.stopped:
            return
        if status not in _REFUSED:
            self._drop_resolved()
            return
        entry = outbox.get_entry(self._window.session.store, entry_id)
        refusal = None if entry is None else refusal_of(self._window.session.store, entry)
        if refusal is not None and refusal.after_done:
            self.raise_alarm(refusal)
        self.refresh_badge()

    def check_unseen(self) -> None:
        """At start-up: raise the alarm for completions refused while the app was
        closed and not acknowledged yet (read off the UI thread)."""
        self._reader.read(unseen_refusals, self._raise_unseen, self._unseen_failed)

    def _raise_unseen(self, refusals: list[Refusal]) -> None:
        if self._window.stopped:
            return
        up = {refusal.entry_id for refusal in self._refusals}
        fresh = [refusal for refusal in refusals if refusal.entry_id not in up]
        if fresh:  # older than any refusal raised live: they go first
            self._refusals = fresh + self._refusals
            self._alarm()
            for refusal in fresh:
                log.warning("alarm at start: %s (%s)", refusal.sentence, refusal.command)
                self.raised.emit(refusal.entry_id)
        self.unseen_found = len(fresh)
        self.unseen_checked.emit(len(fresh))

    def _unseen_failed(self, error: BaseException) -> None:
        # The badge still counts them; a broken read must not stop the station starting.
        log.warning("could not read the refusals not seen yet: %s", error)
        self.unseen_found = 0
        self.unseen_checked.emit(0)

    def raise_alarm(self, refusal: Refusal) -> None:
        """Show (or update) the strip with `refusal`, sound the alarm, arm the repeat."""
        self._refusals = [r for r in self._refusals if r.entry_id != refusal.entry_id]
        self._refusals.append(refusal)
        log.warning("alarm: %s (%s)", refusal.sentence, refusal.command)
        self._alarm()
        self.raised.emit(refusal.entry_id)

    def _alarm(self) -> None:
        """The strip names the newest refusal; the sound once now, once more later."""
        self.strip.show_alarm(self._strip_text())
        self._play()
        self._repeat.start()

    def _strip_text(self) -> str:
        text = render(self._refusals[-1].sentence)
        others = len(self._refusals) - 1
        if others:
            text += " " + self.tr("{n} more refused too.").format(n=others)
        return text

    def _play(self) -> None:
        if self._sound is not None:
            self._sound.play(FeedbackKind.ALARM)

    def _sound_again(self) -> None:
        if self._window.stopped:
            return
        self._drop_resolved()  # never sound for an entry settled meanwhile
        if self.is_up:
            self._play()

    def _drop_resolved(self) -> None:
        """Forget refusals whose entries are no longer refused (delivered after a
        retry, discarded, marked delivered — here or by the command line)."""
        if not self._refusals:
            return
        store = self._window.session.store
        still = [refusal for refusal in self._refusals
                 if (entry := outbox.get_entry(store, refusal.entry_id)) is not None
                 and entry.status in outbox.NEEDS_ATTENTION]
        if len(still) == len(self._refusals):
            return
        self._refusals = still
        if still:
            self.strip.show_alarm(self._strip_text())
            return
        self._repeat.stop()
        self.strip.hide()
        self.cleared.emit()

    # --- the packer's answers -----------------------------------------------------

    def acknowledge(self) -> None:
        """The packer has seen it: the strip goes, the repeat is off (the entries stay
        under Needs attention, and so does the badge)."""
        self._repeat.stop()
        if not self._refusals:
            return
        seen, self._refusals = [refusal.entry_id for refusal in self._refusals], []
        self.strip.hide()
        self._record_seen(seen)
        self.acknowledged.emit()

    def _record_seen(self, entry_ids: list[str]) -> None:
        """Kept in the database, so a restart does not raise this alarm again."""
        try:
            mark_refusals_seen(self._window.session.store, entry_ids,
                               packer=self._window.session.packer)
        except StationError as exc:  # the strip is down anyway; at worst it comes back
            log.warning("could not record that the alarm was seen: %s", exc)

    def open_attention(self) -> None:
        """Needs attention, selected on the newest refused entry; acknowledges."""
        entry_id = self._refusals[-1].entry_id if self._refusals else None
        attention = self._window.open_attention()
        if entry_id is not None:
            attention.select_entry(entry_id)
        self.acknowledge()

    # --- the badge ----------------------------------------------------------------

    def refresh_badge(self) -> int:
        """The Needs attention button and menu entry show how many entries wait."""
        if self._window.stopped:
            return 0
        self._drop_resolved()
        self._window.refresh_status()  # the button's count and colour are the window's
        counts = outbox.counts(self._window.session.store)
        needing = sum(counts.get(status, 0) for status in outbox.NEEDS_ATTENTION)
        action = self._window.attention_action
        action.setText(self.tr("Needs attention ({n})").format(n=needing) if needing
                       else self.tr("Needs attention"))
        return needing

    def _follow_badge(self) -> None:
        """A click on the badge while the alarm is up opens that entry and acknowledges;
        the menu's count is brought up to date whenever the menu opens."""
        window = self._window
        window.attention_button.clicked.connect(lambda _=False: self._badge_used())
        window.attention_action.triggered.connect(lambda _=False: self._badge_used())
        for menu in window.findChildren(QMenu):
            if window.attention_action in menu.actions():
                menu.aboutToShow.connect(self.refresh_badge)

    def _badge_used(self) -> None:
        if self.is_up:  # the window has opened Needs attention already
            self.open_attention()

    # --- placement ----------------------------------------------------------------

    def _place_strip(self) -> None:
        """Just above the window's feedback banner, in the banner's own layout; if the
        banner is not in a box layout, across the top of the window."""
        found = _box_holding(self._window.centralWidget(), self._window.banner)
        if found is not None:
            layout, index = found
            layout.insertWidget(index, self.strip)
            return
        self.strip.setParent(self._window)
        self._window.installEventFilter(self)
        self._fit_on_top()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize:
            self._fit_on_top()
        return False

    def _fit_on_top(self) -> None:
        top = self._window.menuBar().height()
        self.strip.setGeometry(0, top, self._window.width(), self.strip.sizeHint().height())
        self.strip.raise_()


def _box_holding(root: QWidget | None, target: QWidget) -> tuple[QBoxLayout, int] | None:
    """The box layout under `root` that holds `target` directly, and its index there
    (every layout under a widget is a QObject descendant of it)."""
    if root is None:
        return None
    for layout in root.findChildren(QBoxLayout):
        index = layout.indexOf(target)
        if index >= 0:
            return layout, index
    return None


def attach_refusal_alert(window: MainWindow, delivery: DeliveryService | None,
                         sound: SoundPlayer | None) -> RefusalAlert | None:
    """Raise the alarm on `window` when `delivery` reports a refused completion (None:
    an offline-only station, nothing is delivered, nothing to attach)."""
    if delivery is None:
        return None
    alert = RefusalAlert(window, sound=sound)
    delivery.changed.connect(alert.on_delivery_event)
    alert.check_unseen()  # completions refused while the app was closed
    return alert
