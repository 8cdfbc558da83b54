"""The Statistics window on real widgets: a day packed through the real session on a
simulator-generated database (tests/unit/stats/packing_day), figures read off the UI
thread, bar charts read back, the CSV written, and Station ▸ Statistics… opening it."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from PySide6.QtCore import QDateTime, QLocale, QSize

from station.store import open_store
from tests.unit.stats.packing_day import Clock, item_codes, pack, session_for, synced_store
from ui.i18n import install_translator
from ui.i18n.translator import catalogue_path
from ui.settings import StationSettings
from ui.stats import StatsWidget
from ui.stats.text import ALL_TEXT, ROW

UTC = dt.UTC
# A bench screen (1280×800) less a title bar and a panel: the most a window may need.
BENCH_SCREEN = QSize(1280, 800 - 80)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2024, 5, 1, hour, minute, tzinfo=UTC)


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    """ann: two packages at 09:00 (one wrong item), one at 10:15; bob: one at 09:30."""
    path = tmp_path_factory.mktemp("stats-ui") / "station.db"
    waiting = synced_store(path)
    with open_store(path) as store:
        ann_clock, bob_clock = Clock(at(9)), Clock(at(9, 30))
        ann, bob = session_for(store, "ann", ann_clock), session_for(store, "bob", bob_clock)
        stranger = next(c for c in item_codes(waiting[6]) if c not in item_codes(waiting[0]))
        packed = {"ann": [pack(ann, ann_clock, waiting[0], wrong=stranger),
                          pack(ann, ann_clock, waiting[1])]}
        ann_clock.at = at(10, 15)
        packed["ann"].append(pack(ann, ann_clock, waiting[2]))
        packed["bob"] = [pack(bob, bob_clock, waiting[3])]
    return path, packed


@pytest.fixture
def widget(qtbot, day):
    path, _ = day
    shown = StatsWidget(path, packer="ann", now=lambda: at(12), tz=UTC)
    qtbot.addWidget(shown)
    shown.resize(1100, 760)
    shown.show()
    qtbot.waitUntil(lambda: shown.stats is not None, timeout=10_000)
    return shown


def test_the_window_shows_the_packers_figures_and_bars_by_hour(widget, day):
    _, packed = day
    ann = packed["ann"]
    assert widget.selected_packer() == "ann"  # the window's packer first
    assert widget.table.columnCount() == 1
    assert widget.cell(ROW["Packages"], "ann") == "3"
    assert widget.cell(ROW["Items scanned"], "ann") == str(sum(p.items for p in ann))
    assert widget.cell(ROW["Packages per hour"], "ann") == "1.5"
    assert widget.cell(ROW["Wrong scans"], "ann") == "1"
    assert widget.packages_chart.categories() == ["09:00", "10:00"]
    assert widget.packages_chart.values() == [2.0, 1.0]
    assert widget.items_chart.values() == [float(ann[0].items + ann[1].items),
                                           float(ann[2].items)]


def test_all_packers_get_a_column_each_and_the_chart_adds_them_up(widget):
    widget.packer_box.setCurrentIndex(widget.packer_box.findData(None))
    headers = [widget.table.horizontalHeaderItem(c).text()
               for c in range(widget.table.columnCount())]
    assert headers == ["ann", "bob", ALL_TEXT]
    assert widget.cell(ROW["Packages"], "bob") == "1"
    assert widget.cell(ROW["Packages"], None) == "4"
    assert widget.packages_chart.values() == [3.0, 1.0]
    assert widget.cell(ROW["Time per package"], "bob").endswith(" s")


def test_yesterday_shows_an_empty_shift(widget, qtbot):
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.period.setCurrentIndex(1)
    assert "nothing was packed" in widget.status.text()
    assert widget.packages_chart.values() == []
    assert widget.cell(ROW["Packages per hour"], None) == "—"


def test_a_custom_window_counts_only_its_hours(widget, qtbot):
    widget.period.setCurrentIndex(2)
    widget.start_edit.setDateTime(QDateTime(dt.datetime(2024, 5, 1, 10, 0)))
    widget.end_edit.setDateTime(QDateTime(dt.datetime(2024, 5, 1, 11, 0)))
    with qtbot.waitSignal(widget.loaded, timeout=10_000):
        widget.show_button.click()
    assert widget.cell(ROW["Packages"], "ann") == "1"
    assert widget.packages_chart.categories() == ["10:00"]


def test_a_window_ending_before_it_starts_is_explained(widget, qtbot):
    widget.period.setCurrentIndex(2)
    widget.end_edit.setDateTime(QDateTime(dt.datetime(2024, 4, 30, 10, 0)))
    with qtbot.waitSignal(widget.load_failed) as failed:
        widget.show_button.click()
    assert failed.args == ["The shift must end after it starts."]
    assert widget.status.text() == "The shift must end after it starts."


def test_export_writes_one_row_per_packer_hour(widget, tmp_path):
    path = tmp_path / "stats.csv"
    assert widget.export_to(path)
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert [(r[0], r[2], r[3]) for r in rows[1:]] == [
        ("ann", "09:00", "2"), ("bob", "09:00", "1"), ("ann", "10:00", "1")]
    assert widget.status.text() == f"Saved 3 rows to {path}."


def test_an_export_that_cannot_be_written_says_so(widget, tmp_path):
    target = tmp_path / "missing-folder" / "stats.csv"
    assert not widget.export_to(target)
    assert widget.status.text().startswith(f"Could not save {target}: ")
    assert not target.exists()


# The offscreen platform cannot raise a window; a real one brings it to the front.
@pytest.mark.qt_log_ignore(r"^This plugin does not support raise\(\)$",
                           r"^This plugin does not support propagateSizeHints\(\)$")
def test_station_menu_opens_the_statistics_of_the_station_database(make_station, qtbot):
    window = make_station(online=False).window
    window.stats_action.trigger()
    shown = window.findChild(StatsWidget)
    assert shown is not None and shown.isVisible()
    qtbot.waitUntil(lambda: shown.stats is not None, timeout=10_000)
    assert shown.period.currentText() == "Today"
    window.stats_action.trigger()  # opened again: the same window, read again
    assert window.findChildren(StatsWidget) == [shown]


@pytest.fixture(params=["en", "tr"])
def language(request, qapp):
    """The window's language for one test (Turkish from the built catalogue)."""
    if request.param != "en" and catalogue_path(request.param) is None:
        pytest.skip(f"no {request.param} catalogue built (make translations)")
    before = QLocale()
    assert install_translator(qapp, request.param) == request.param
    yield request.param
    install_translator(qapp, "en")
    QLocale.setDefault(before)


@pytest.mark.parametrize("packer", [None, "ann"])
def test_the_window_fits_a_1280x800_bench_screen(qtbot, day, language, packer):
    path, _ = day
    shown = StatsWidget(path, packer=packer, now=lambda: at(12), tz=UTC)
    qtbot.addWidget(shown)
    font = shown.font()
    font.setPointSize(StationSettings.font_size)  # the station's default, as it opens it
    shown.setFont(font)
    shown.show()
    qtbot.waitUntil(lambda: shown.stats is not None, timeout=10_000)
    if language == "tr":
        assert shown.show_button.text() == "Göster"  # it really is the Turkish window
    needed = shown.minimumSizeHint()
    assert needed.width() <= BENCH_SCREEN.width(), needed
    assert needed.height() <= BENCH_SCREEN.height(), needed
    shown.resize(1280, 800)
    assert shown.size() == QSize(1280, 800)
