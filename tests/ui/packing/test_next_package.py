"""The next-package prompt on the real main window (a database synced from the OMS
simulator): completing a package through real scans proposes the most urgent package
still to pack (the queue's order, `station.stats.next_package`); Enter asks for it;
any other scan puts the prompt away."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from station import stats
from tests.unit.stats.packing_day import COMPLETE
from ui.today import attach_next_package
from ui.today.next_package import NextPackagePrompt

LOCATION = 1
SHOTS = Path("/tmp/today")


def unit_codes(store, package_id: int) -> list[str]:
    rows = store.conn.execute(
        "SELECT coalesce(pr.barcode, pr.sku) FROM package_items i "
        "JOIN products pr ON pr.id = i.product_id "
        "WHERE i.package_id = ? AND i.state_enum != '600' ORDER BY i.id", (package_id,))
    return [code for (code,) in rows]


def test_a_completion_proposes_the_most_urgent_package_and_enter_opens_it(make_station,
                                                                         qtbot):
    station = make_station()
    window, store = station.window, station.store
    prompt = NextPackagePrompt(store)
    qtbot.addWidget(prompt)
    prompt.resize(1000, 130)
    opened: list[int] = []
    attach_next_package(window, prompt, open_package=opened.append,
                        stock_location_id=LOCATION)
    top = stats.next_package(store, stock_location_id=LOCATION)
    assert top is not None

    window.handle_scan(top.number)
    for code in unit_codes(store, top.id):
        window.handle_scan(code)
    assert not prompt.isVisible()
    window.handle_scan(COMPLETE)
    assert window.last_outcome.kind == "saved", window.last_outcome.message

    qtbot.waitUntil(prompt.isVisible, timeout=10_000)
    following = stats.next_package(store, stock_location_id=LOCATION)
    assert following is not None and following.id != top.id
    assert prompt.proposed == following
    assert prompt.text.text().startswith(f"Next: package {following.number}")
    assert prompt.text.text().endswith("scan it or press Enter")
    SHOTS.mkdir(exist_ok=True)
    prompt.grab().save(str(SHOTS / "next_package.png"))

    with qtbot.waitSignal(prompt.open_package_requested, timeout=1000) as asked:
        qtbot.keyClick(prompt, Qt.Key.Key_Return)
    assert asked.args == [following.id]
    assert opened == [following.id]
    assert not prompt.isVisible()


def test_another_scan_puts_the_prompt_away(make_station, qtbot):
    station = make_station()
    prompt = NextPackagePrompt(station.store)
    qtbot.addWidget(prompt)
    attach_next_package(station.window, prompt, open_package=lambda _id: None)
    prompt.show_next(stats.next_package(station.store))
    assert prompt.isVisible()
    station.window.handle_scan("NOPE-404-CODE")
    assert not prompt.isVisible()


def test_nothing_left_to_pack_says_so(qtbot):
    prompt = NextPackagePrompt()
    qtbot.addWidget(prompt)
    prompt.show_next(None)
    assert prompt.text.text() == "Nothing else is waiting: scan another package."
    assert not prompt.open_button.isVisible()
    with qtbot.assertNotEmitted(prompt.open_package_requested):
        qtbot.keyClick(prompt, Qt.Key.Key_Return)
    with qtbot.waitSignal(prompt.dismissed, timeout=1000):
        qtbot.keyClick(prompt, Qt.Key.Key_Escape)
