"""The bench layout of the packing screen (issue 13), measured on real widgets at 1280×800:
the open package's rows fit, the scanned row is in view, the window never outgrows its
screen, the queue collapses and its colours and times mean something, and the font
size changes live."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt

from station.packing.outcome import Choice, ScanOutcome
from station.packing.view import ItemGroup, ItemLine, PackageView
from tests.ui.packing.test_main_window import scan
from tests.ui.packing.test_override_choose import blocked_completion, open_dialog
from ui.app import Station
from ui.i18n import format_datetime
from ui.packing.main_window import MIN_SIZE
from ui.packing.queue import DATE_COLUMN, OVERDUE_COLOUR, SOON_COLOUR, QueueModel

BENCH = QSize(1280, 800)

LONG_NAMES = (
    "Organik Pamuklu Bisiklet Yaka Kısa Kollu Tişört Çok Renkli Şeritli",
    "Yüksek Bel Likralı Dar Paça Kadın Kot Pantolon İndigo Yıkamalı",
    "Kapüşonlu Şardonlu Fermuarlı Sweatshirt Ağır Gramajlı Kışlık",
    "Çizgili Keten Karışımlı Uzun Kollu Gömlek Düğmeli Yaka",
    "Örgü Desenli Yün Karışımlı Boğazlı Kazak Oversize Kesim",
    "Su Geçirmez Hafif Şişme Mont Çıkarılabilir Kapüşonlu Uzun",
)
GIFT_NOTE = ("Gift box: Doğum günün kutlu olsun canım kardeşim, nice mutlu yıllara! "
             "Sevgiyle, Ayşe ve Mehmet")


def open_any_package(station: Station) -> PackageView:
    number = station.store.conn.execute(
        "SELECT number FROM packages WHERE archived = 0 AND state_enum = '100' "
        "ORDER BY id LIMIT 1").fetchone()[0]
    station.window.handle_scan(number)
    view = station.window.session.view
    assert view is not None
    return view


def with_items(view: PackageView, count: int,
               notes: tuple[str, ...] = (GIFT_NOTE,)) -> PackageView:
    """`view` with `count` products of long Turkish names (one unit each) and `notes`."""
    groups = []
    for row in range(count):
        line = ItemLine(item_id=900_000 + row, position=row, verification=None)
        groups.append(ItemGroup(
            product_id=800_000 + row, name=LONG_NAMES[row % len(LONG_NAMES)],
            sku=f"AKN-TS{row:05d}-IND-XL", barcode=f"86901234{row:05d}", image_url=None,
            lines=(line,), attributes=("XL", "Lacivert")))
    return dataclasses.replace(view, groups=tuple(groups), notes=notes)


def shoot(station: Station, name: str) -> None:
    """Save the window to $LAYOUT_SHOTS/<name>.png, to look at (nothing when unset)."""
    folder = os.environ.get("LAYOUT_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        station.window.grab().save(str(Path(folder) / f"{name}.png"))


def rows_fully_visible(table) -> list[int]:
    """Rows whose product and scanned cells are wholly inside the table's viewport."""
    viewport: QRect = table.viewport().rect()
    return [row for row in range(table.rowCount())
            if all(viewport.contains(table.visualRect(table.model().index(row, column)))
                   for column in (0, 1, 4))]


def fits_the_bench(window) -> None:
    """Nothing asks for more room than the smallest window: the offscreen platform
    keeps the size, but a real window manager grows a window to its minimum."""
    needed = window.minimumSizeHint()
    assert needed.width() <= MIN_SIZE.width() and needed.height() <= MIN_SIZE.height(), needed


def settle(qtbot) -> None:
    qtbot.wait(30)  # layouts and the window's size settle in the event loop




def test_gift_note_and_six_items_all_fit_at_1280_by_800(make_station, qtbot):
    station = make_station()
    window = station.window
    window.panel.show_view(with_items(open_any_package(station), 6))
    settle(qtbot)
    shoot(station, "gift-6")
    assert window.size() == BENCH
    assert window.panel.notes.isVisible()
    assert rows_fully_visible(window.panel.items) == [0, 1, 2, 3, 4, 5]
    assert window.panel.items.rowHeight(0) >= 44
    assert "XL · Lacivert" in window.panel.items.item(0, 1).text()  # size and colour shown


def test_the_scanned_row_is_selected_and_in_view(make_station, qtbot):
    station = make_station()
    window = station.window
    table = window.panel.items
    view = with_items(open_any_package(station), 20)
    window.panel.show_view(view, scanned_item_id=view.groups[19].lines[0].item_id)
    settle(qtbot)
    assert 19 in rows_fully_visible(table)
    assert [index.row() for index in table.selectionModel().selectedRows()] == [19]
    window.panel.show_view(view, scanned_item_id=view.groups[5].lines[0].item_id)
    settle(qtbot)  # scrolled to the end before: the 6th row must come back into view
    assert 5 in rows_fully_visible(table)
    shoot(station, "twenty-scanned-6th")


def test_a_real_scan_selects_its_row(make_station, keyboard, qtbot):
    station = make_station()
    window = station.window
    number, barcode = station.store.conn.execute(
        "SELECT p.number, min(pr.barcode) FROM packages p JOIN package_items i "
        "ON i.package_id = p.id JOIN products pr ON pr.id = i.product_id "
        "WHERE p.archived = 0 AND p.state_enum = '100' AND pr.barcode IS NOT NULL "
        "GROUP BY p.id ORDER BY p.id LIMIT 1").fetchone()
    scan(keyboard, qtbot, station, number)
    scan(keyboard, qtbot, station, barcode)
    assert window.last_outcome.item_id is not None, window.banner.message
    view = window.session.view
    row = next(r for r, group in enumerate(view.groups)
               if any(line.item_id == window.last_outcome.item_id for line in group.lines))
    assert [i.row() for i in window.panel.items.selectionModel().selectedRows()] == [row]


def test_long_command_labels_never_widen_the_window(make_station, qtbot):
    station = make_station()
    window = station.window
    view = open_any_package(station)
    long = "Paketi müşteriye gönderilmeden önce depoda beklemeye al ve sorumluya bildir " * 2
    commands = tuple(dataclasses.replace(c, label=long) for c in view.commands)
    assert commands, "the package offers no command"
    window.panel.show_view(dataclasses.replace(view, commands=commands))
    settle(qtbot)
    shoot(station, "long-labels")
    assert any(long in button.text() for button in window.panel.command_buttons)
    assert window.size() == BENCH
    fits_the_bench(window)


def test_a_question_or_a_dialog_never_resizes_the_window(make_station, keyboard, qtbot):
    station = make_station()
    window = station.window
    before = window.geometry()
    choices = tuple(Choice("package", n, f"Package {n} · {LONG_NAMES[n % 6]}", f"PKG-{n}")
                    for n in range(24))
    window._show(ScanOutcome("choose", "Which package?", None, choices=choices))
    settle(qtbot)
    shoot(station, "chooser")
    assert window.chooser.isVisible() and len(window.chooser.buttons) == 24
    assert window.geometry() == before
    fits_the_bench(window)  # a real window manager would grow the window to its minimum
    assert window.chooser_area.height() <= 0.4 * window.height() + 1
    window._show(ScanOutcome("closed", "Cancelled."))
    settle(qtbot)
    assert not window.chooser_area.isVisible()
    assert window.geometry() == before
    blocked_completion(station, keyboard, qtbot)
    dialog = open_dialog(station, qtbot)
    dialog.reject()
    settle(qtbot)
    assert window.geometry() == before


def test_collapsing_the_queue_gives_its_width_to_the_items(make_station, qtbot):
    station = make_station()
    window = station.window
    open_any_package(station)
    settle(qtbot)
    narrow = window.panel.items.width()
    assert window.queue_panel.isVisible()
    window.queue_action.trigger()
    settle(qtbot)
    assert not window.queue_panel.isVisible()
    assert window.panel.items.width() > narrow + 200
    shoot(station, "queue-collapsed")
    window.queue_action.trigger()
    settle(qtbot)
    assert window.queue_panel.isVisible()


def test_only_urgency_has_a_colour_and_times_are_local(make_station):
    station = make_station()
    rows = station.store.conn.execute(
        "SELECT number, target_packing_date FROM packages WHERE archived = 0 "
        "AND target_packing_date IS NOT NULL ORDER BY target_packing_date").fetchall()
    first, last = rows[0], rows[-1]
    moment = dt.datetime.fromisoformat(first[1].replace("Z", "+00:00"))

    def colour_of(number: str, now: dt.datetime):
        model = QueueModel(station.store, stock_location_id=1, now=lambda: now)
        row = next(r for r in range(model.rowCount()) if model.row(r)["cells"][0] == number)
        brush = model.data(model.index(row, 0), Qt.ItemDataRole.BackgroundRole)
        return (brush.color() if brush is not None else None), model, row

    overdue, model, row = colour_of(first[0], moment + dt.timedelta(minutes=1))
    assert overdue == OVERDUE_COLOUR
    soon, _, _ = colour_of(first[0], moment - dt.timedelta(hours=1))
    assert soon == SOON_COLOUR
    calm, _, _ = colour_of(last[0], moment - dt.timedelta(days=30))
    assert calm is None  # not urgent: no colour at all, same day or not
    shown = model.data(model.index(row, DATE_COLUMN), Qt.ItemDataRole.DisplayRole)
    assert shown == format_datetime(first[1]) and shown


def test_same_day_reads_same_day_and_is_bold(make_station):
    model = make_station().window.queue_model
    delivery = model.HEADERS.index("Delivery")
    same_day = next(r for r in range(model.rowCount()) if model.row(r)["same_day"])
    assert model.data(model.index(same_day, delivery)) == "Same day"
    assert model.data(model.index(same_day, 0), Qt.ItemDataRole.FontRole).bold()
    shown = {model.data(model.index(r, delivery)) for r in range(model.rowCount())}
    assert "same_day" not in shown


def test_font_size_changes_live(make_station, qtbot):
    station = make_station()
    window = station.window
    window.panel.show_view(with_items(open_any_package(station), 6))
    settle(qtbot)
    before = window.panel.items.font().pointSize(), window.panel.header.font().pointSize()
    window.apply_font_size(before[0] + 6)
    settle(qtbot)
    assert window.panel.items.font().pointSize() == before[0] + 6
    assert window.panel.header.font().pointSize() > before[1]
    assert window.size() == BENCH  # bigger text, same window
    font = window.font()  # what the settings dialog does (ui.setup.apply.apply_font)
    font.setPointSize(before[0] - 2)
    window.setFont(font)
    settle(qtbot)
    assert window.panel.items.font().pointSize() == before[0] - 2


def test_the_window_fits_its_screen(make_station, qtbot):
    window = make_station().window
    available = window.screen().availableGeometry()
    size = window.fit_to_screen()
    settle(qtbot)
    assert size.width() <= available.width() and size.height() <= available.height()
    assert window.width() <= available.width() and window.height() <= available.height()
    assert window.minimumWidth() <= available.width()
    assert MIN_SIZE.width() <= 1024 and MIN_SIZE.height() <= 700


def test_full_screen_toggles_and_hides_the_menu(make_station, qtbot):
    window = make_station().window
    window.full_screen_action.trigger()
    qtbot.waitUntil(lambda: window.isFullScreen())
    assert not window.menuBar().isVisible()
    window.full_screen_action.trigger()
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert window.menuBar().isVisible()


def test_kiosk_is_a_window_option():
    from ui.app import build_parser

    assert build_parser().parse_args(["--kiosk"]).kiosk
    assert not build_parser().parse_args([]).kiosk
