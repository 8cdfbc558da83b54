"""The settings' Printing page offscreen: "Choose…" writes a network label printer or
a PDF folder into the field through real dialogs, the printers already in the
settings are offered, a bad destination is one sentence, and a choice is saved by
the settings dialog's OK."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu

from station.documents.settings import DOCUMENTS
from ui.printing.destinations import NetworkPrinterDialog
from ui.settings import SettingsError, StationSettings
from ui.setup.printing_page import PrintingPage
from ui.setup.settings_dialog import SettingsDialog


def entry(menu: QMenu, text: str):
    return next(action for action in menu.actions() if action.text() == text)


def answer_modal(qtbot, handle) -> list:
    """Run `handle(dialog)` on the modal dialog the next action opens."""
    seen: list = []

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, act)
            return
        seen.append(dialog)
        handle(dialog)

    QTimer.singleShot(0, act)
    return seen


@pytest.fixture
def page(qtbot):
    widget = PrintingPage({"destinations": {"slip": "qt:Office Laser"}, "slip_size": "A5",
                           "auto_print": ["slip"]})
    qtbot.addWidget(widget)
    widget.resize(900, 420)
    widget.show()
    qtbot.waitUntil(lambda: widget.chooser.printers is not None, timeout=10_000)
    return widget


def test_a_network_label_printer_is_chosen_in_its_dialog(qtbot, page):
    def fill(dialog: NetworkPrinterDialog) -> None:
        dialog.ok_button.click()  # no address yet: one sentence, still open
        assert dialog.isVisible() and "address" in dialog.error_label.text()
        dialog.host_edit.setText("10.0.0.7")
        dialog.port_spin.setValue(6101)
        dialog.ok_button.click()

    seen = answer_modal(qtbot, fill)
    entry(page.choose("label"), "Network label printer…").trigger()
    assert isinstance(seen[0], NetworkPrinterDialog)
    assert page.destination_edits["label"].text() == "tcp://10.0.0.7:6101"
    assert page.values()["destinations"]["label"] == "tcp://10.0.0.7:6101"


def test_a_pdf_folder_is_chosen_in_the_folder_dialog(qtbot, page, tmp_path):
    folder = tmp_path / "labels"
    folder.mkdir()

    def pick(dialog: QFileDialog) -> None:
        dialog.setDirectory(str(folder))
        dialog.selectFile(str(folder))
        dialog.accept()

    answer_modal(qtbot, pick)
    entry(page.choose("invoice"), "Save as PDF in folder…").trigger()
    assert page.destination_edits["invoice"].text() == f"folder:{folder}"


def test_cancelling_a_dialog_leaves_the_field_as_it_was(qtbot, page):
    answer_modal(qtbot, lambda dialog: dialog.reject())
    entry(page.choose("slip"), "Network label printer…").trigger()
    assert page.destination_edits["slip"].text() == "qt:Office Laser"


def test_the_menu_offers_the_printers_already_set_up(qtbot, page):
    menu = page.choose("label")
    texts = [action.text() for action in menu.actions()]
    assert "Printer Office Laser" in texts  # another document's printer
    assert "No system printer found" in texts  # this machine has none (offscreen)
    entry(menu, "Printer Office Laser").trigger()
    assert page.destination_edits["label"].text() == "qt:Office Laser"
    # The slip's own printer is not offered to itself.
    assert "Printer Office Laser" not in [a.text() for a in page.choose("slip").actions()]


def test_values_keep_other_keys_and_refuse_a_bad_destination(page):
    page.auto_print_checks["label"].setChecked(True)
    values = page.values()
    assert values["slip_size"] == "A5"  # not on the page: kept
    assert values["auto_print"] == ["slip", "label"]
    assert set(page.destination_edits) == set(DOCUMENTS)
    page.destination_edits["invoice"].setText("cups:")
    with pytest.raises(SettingsError, match="Invoice printer: 'cups:' names no cups target"):
        page.values()


def test_the_settings_dialog_saves_a_chosen_folder(qtbot, tmp_path):
    path = tmp_path / "settings.json"
    settings = StationSettings(base_url="http://127.0.0.1:9", username="demo",
                               stock_location_id=1, packer="tester")
    dialog = SettingsDialog(settings, settings_path=path)
    qtbot.addWidget(dialog)
    folder = tmp_path / "slips"
    folder.mkdir()

    def pick(file_dialog: QFileDialog) -> None:
        file_dialog.setDirectory(str(folder))
        file_dialog.selectFile(str(folder))
        file_dialog.accept()

    answer_modal(qtbot, pick)
    entry(dialog.printing_page.choose("slip"), "Save as PDF in folder…").trigger()
    dialog.tabs.setCurrentWidget(dialog.printing_page)
    dialog.save()
    assert dialog.saved is not None, dialog.status_label.text()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["printing"]["destinations"]["slip"] == f"folder:{folder}"


def test_screenshot_of_the_printing_page(page, tmp_path):
    page.destination_edits["label"].setText("tcp://10.0.0.7:9100")
    page.destination_edits["invoice"].setText("folder:/srv/invoices")
    assert page.grab().save("/tmp/printui/printing_page.png")
