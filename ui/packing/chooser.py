"""Large buttons for the options of a `choose` outcome (several packages of an
order, products sharing a code, commands sharing a card).

Owns `ChoiceBar`: it shows the choices of the last outcome and hides otherwise.
A click calls `PackingSession.choose(choice)` and hands the outcome to the window
like a scan; scanning an option's code keeps working, the bar only mirrors it.
While the bar asks (`asking`), the packing screen runs only the scans that answer
it (`answers`: an option's code, or CMD:CANCEL to give up) and holds any other.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from station.packing.session import Choice, PackingSession, ScanOutcome
from station.scanning.interpret import CommandCard, interpret

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
        self.title = QLabel(self.tr("Choose one (click or scan its code):"))
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.grid = QGridLayout()
        self.buttons: list[QPushButton] = []
        self.choices: tuple[Choice, ...] = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(self.grid)
        self.hide()

    def follow(self, outcome: ScanOutcome) -> None:
        """After every outcome: show its choices, or nothing."""
        self._clear()
        self.choices = tuple(outcome.choices) if outcome.kind == "choose" else ()
        for number, choice in enumerate(self.choices):
            self._add(number, choice)
        self.setVisible(bool(self.buttons))

    @property
    def asking(self) -> bool:
        """Choices are on show: the packer has a question to answer."""
        return bool(self.choices)

    def answers(self, raw: str) -> bool:
        """Whether scan `raw` answers the question: one option's code (any spelling the
        session would match), or CMD:CANCEL, which gives up the question. A question the
        session itself keeps open (`PackingSession.question`: a reason, units, taking a
        package over) is answered by the session, which knows every answer it takes."""
        if getattr(self._session, "question", None) is not None:
            return True
        event = interpret(raw, self._session.config.scanner)
        if isinstance(event, CommandCard):
            card = f"CMD:{event.command}".casefold()
            return event.is_cancel or any(c.code.casefold() == card for c in self.choices)
        spellings = {spelling.casefold() for spelling in event.candidates()}
        spellings.add(raw.strip().casefold())
        return any(c.code.casefold() in spellings for c in self.choices)

    def _add(self, number: int, choice: Choice) -> None:
        text = choice.label if choice.label == choice.code else f"{choice.label}\n{choice.code}"
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # scans and Enter stay with the form
        button.setMinimumHeight(64)
        button.setStyleSheet("font-size: 18pt; font-weight: bold;")
        button.setToolTip(self.tr("Click or scan {code}").format(code=choice.code))
        button.clicked.connect(lambda _=False, c=choice: self._show(self._session.choose(c)))
        self.grid.addWidget(button, number // COLUMNS, number % COLUMNS)
        self.buttons.append(button)

    def _clear(self) -> None:
        for button in self.buttons:
            self.grid.removeWidget(button)
            button.hide()  # deleteLater waits for the event loop; a grab must not see it
            button.deleteLater()
        self.buttons = []
        self.choices = ()
