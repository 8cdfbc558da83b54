"""The first-run scanner test dialog: scan a printed test code, see what arrived.

Owns `ScannerTestDialog`. It shows station.scanning.interpret.LAYOUT_TEST_CODE as a Code128
barcode (rendered in memory with python-barcode) and judges the next scan from
the `ScannerCapture` with ui.scanner.capture.check_test_scan: intact (and which key ended
it), or mangled by a keyboard-layout mismatch (and what to change). The code mixes
letters, digits and punctuation so that a wrong layout always shows.
"""

from __future__ import annotations

import io

import barcode
from barcode.writer import ImageWriter
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from station.scanning.keyboard import LAYOUT_TEST_CODE
from ui.i18n import QT_TRANSLATE_NOOP
from ui.scanner.capture import ScannerCapture, ScannerTestResult, check_test_scan

PROMPT = QT_TRANSLATE_NOOP("ScannerTestDialog",
                           "Scan the test code below (or the same code printed on paper).")
DIALOG_WIDTH = 620  # px: room for the layout advice without a tall dialog
_OK_STYLE = "color: #1b7f3b; font-weight: bold;"
_PROBLEM_STYLE = "color: #c62828; font-weight: bold;"


def barcode_pixmap(text: str) -> QPixmap:
    """`text` as a Code128 barcode image, drawn in memory (no file)."""
    buffer = io.BytesIO()
    code = barcode.get("code128", text, writer=ImageWriter())
    code.write(buffer, options={"module_height": 12.0, "font_size": 0, "quiet_zone": 4.0})
    pixmap = QPixmap()
    if not pixmap.loadFromData(buffer.getvalue(), "PNG"):
        raise ValueError(f"could not draw the test barcode for {text!r}")
    return pixmap


class ScannerTestDialog(QDialog):
    """Waits for one scan and shows whether it matched `expected`."""

    def __init__(
        self,
        capture: ScannerCapture,
        expected: str = LAYOUT_TEST_CODE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Scanner test"))
        self.setMinimumWidth(DIALOG_WIDTH)
        self.expected = expected
        self.scan_result: ScannerTestResult | None = None
        self._capture = capture
        self._pending_scan = ""
        self._judge_timer = QTimer(self)
        self._judge_timer.setSingleShot(True)
        self._judge_timer.timeout.connect(self._judge)
        self.barcode_label = QLabel()
        self.barcode_label.setPixmap(barcode_pixmap(expected))
        self.barcode_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        code_text = QLabel(expected)
        code_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        code_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label = QLabel(self.tr(PROMPT))
        self.result_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.barcode_label, code_text, self.result_label):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        capture.scanned.connect(self.on_scanned)
        self.finished.connect(lambda _=0: capture.scanned.disconnect(self.on_scanned))

    def on_scanned(self, raw: str) -> None:
        """Judge a scan a moment later; a later scan replaces the result (retry).

        The wait lets an LF that follows the Enter arrive, so CR+LF is named as such
        (the capture reports it only once the LF is seen)."""
        self._pending_scan = raw
        self._judge_timer.start(self._capture.settings.second_terminator_ms + 20)

    def _judge(self) -> None:
        raw = self._pending_scan
        result = check_test_scan(self.expected, raw, self._capture.last_terminator)
        self.scan_result = result
        self.result_label.setText(result.message)
        self.result_label.setStyleSheet(_OK_STYLE if result.ok else _PROBLEM_STYLE)
        self.adjustSize()  # the advice may need more lines than the prompt did
