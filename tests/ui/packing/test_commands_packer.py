"""Packer switching on screen: a badge scan (or the menu) changes who is packing; the
status bar, the title and every later action carry the new packer."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from station import outbox
from tests.ui.packing.test_main_window import waiting_package


def test_badge_and_menu_switch_the_packer(make_station):
    station = make_station()
    window = station.window
    package = waiting_package(station)
    window.handle_scan("PACKER:Bora Kaya")
    assert window.last_outcome.kind == "ok"
    assert window.packer_label.text() == "Packer: Bora Kaya"
    assert window.windowTitle().endswith("Bora Kaya")
    window.handle_scan(package["number"])  # auto start: queued by the new packer
    assert [e.packer for e in outbox.entries(station.store)] == ["Bora Kaya"]
    # The menu asks for a name in a real dialog, answered here as a packer would.
    def answer() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, QInputDialog) and w.isVisible())
        dialog.setTextValue("  Ece ")
        dialog.accept()

    QTimer.singleShot(100, answer)
    window.packer_action.trigger()
    assert window.session.packer == "Ece" and window.packer_label.text() == "Packer: Ece"
    assert window.session.package_id == package["id"]  # the package stays open
    switches = [r["detail"] for r in outbox.audit_trail(station.store)
                if r["action"] == "packer_switch"]
    assert switches == [{"from": "tester", "to": "Bora Kaya"}, {"from": "Bora Kaya",
                                                                 "to": "Ece"}]
