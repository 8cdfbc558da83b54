"""Large buttons for the options of a `choose` outcome (several packages of an
order, products sharing a code, commands sharing a card).

Owns `ChoiceBar`: it shows the choices of the last outcome and hides otherwise.
A click calls `PackingSession.choose(choice)` and hands the outcome to the window
like a scan; scanning an option's code keeps working, the bar only mirrors it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from station.packing.session import Choice, PackingSession, ScanOutcome

COLUMNS = 2


class ChoiceBar(QWidget):
    """The options of the last `choose` outcome, one large button each."""

    def __init__(
        self,
        session: PackingSession,
        show: Callable[[ScanOutcome], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._show = show
        self.title = QLabel("Choose one (click or scan its code):")
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.grid = QGridLayout()
        self.buttons: list[QPushButton] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(self.grid)
        self.hide()

    def follow(self, outcome: ScanOutcome) -> None:
        """After every outcome: show its choices, or nothing."""
        self._clear()
        for number, choice in enumerate(outcome.choices if outcome.kind == "choose" else ()):
            self._add(number, choice)
        self.setVisible(bool(self.buttons))

    def _add(self, number: int, choice: Choice) -> None:
        text = choice.label if choice.label == choice.code else f"{choice.label}\n{choice.code}"
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # scans and Enter stay with the form
        button.setMinimumHeight(64)
        button.setStyleSheet("font-size: 18pt; font-weight: bold;")
        button.setToolTip(f"Click or scan {choice.code}")
        button.clicked.connect(lambda _=False, c=choice: self._show(self._session.choose(c)))
        self.grid.addWidget(button, number // COLUMNS, number % COLUMNS)
        self.buttons.append(button)

    def _clear(self) -> None:
        for button in self.buttons:
            self.grid.removeWidget(button)
            button.hide()  # deleteLater waits for the event loop; a grab must not see it
            button.deleteLater()
        self.buttons = []
