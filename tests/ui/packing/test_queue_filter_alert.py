"""The package queue's channel/gift columns, state filter and search box, and the
wrong-item alert, with real widgets on a database synced from an in-process simulator
(fixtures of test_main_window)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.ui.conftest import LOCATION
from tests.ui.packing.test_main_window import scan, waiting_package
from ui.app import Station
from ui.packing.queue import QueueModel

# The packing-screen fixtures: a simulator, a synced database, a started station.

HUMAN_GAP_MS = 150  # well above the scanner's key gap: a person typing
STATE, CHANNEL, GIFT, ORDER = (QueueModel.HEADERS.index(name)
                               for name in ("State", "Channel", "Gift", "Order"))


def rows(model: QueueModel) -> list[dict[str, Any]]:
    found = [model.row(r) for r in range(model.rowCount())]
    assert all(found)
    return found  # type: ignore[return-value]


def live(station: Station, column: str) -> dict[str, Any]:
    """package number → `column` of every live package (columns are fixed names here)."""
    sql = f"SELECT number, {column} FROM packages WHERE archived = 0 AND stock_location_id = ?"
    return dict(station.store.conn.execute(sql, (LOCATION,)).fetchall())


def test_channel_and_gift_columns_show_the_package_data(make_station):
    station = make_station()
    model = station.window.queue_model
    assert model.headerData(CHANNEL, Qt.Orientation.Horizontal) == "Channel"
    assert model.headerData(GIFT, Qt.Orientation.Horizontal) == "Gift"
    channels, gifts = live(station, "channel_name"), live(station, "order_has_gift_box")
    shown = rows(model)
    assert len(shown) == len(channels)
    for record in shown:
        number = record["cells"][0]
        assert record["cells"][CHANNEL] == (channels[number] or "")
        assert record["cells"][GIFT] == ("✓" if gifts[number] else "")
    assert any(r["cells"][CHANNEL] for r in shown)


def test_state_filter_keeps_only_that_state(make_station):
    station = make_station()
    window = station.window
    combo = window.state_filter
    total = window.queue_model.rowCount()
    assert combo.itemText(0) == "All states"
    names = [combo.itemText(i) for i in range(1, combo.count())]
    assert len(names) >= 2, names  # the simulator makes packages in several states
    assert names == sorted(names, key=str.casefold)

    combo.setCurrentIndex(1)
    shown = rows(window.queue_model)
    assert 0 < len(shown) < total
    assert {r["cells"][STATE] for r in shown} == {names[0]}

    combo.setCurrentIndex(0)
    assert window.queue_model.rowCount() == total


def test_typed_search_filters_by_part_of_an_order_number(make_station, keyboard, qtbot):
    station = make_station()
    window = station.window
    total = window.queue_model.rowCount()
    orders = sorted(o for o in live(station, "order_number").values() if o)
    part = orders[0][-5:].lower()  # a tail of an order number, typed in lower case
    window.queue_search.setFocus()

    keyboard.type(window.queue_search, part, gap_ms=HUMAN_GAP_MS)
    qtbot.waitUntil(lambda: window.queue_search.text() == part, timeout=2000)

    shown = rows(window.queue_model)
    assert 0 < len(shown) < total
    assert orders[0] in {r["cells"][ORDER] for r in shown}
    for record in shown:
        number, order = record["cells"][0], record["cells"][ORDER]
        assert part in number.lower() or part in order.lower()


def test_search_treats_like_wildcards_as_text(make_station):
    model = make_station().window.queue_model
    model.set_filter(search="%")
    assert model.rowCount() == 0  # no number contains a literal "%"
    model.set_filter(search="")
    assert model.rowCount() > 0


def other_barcode(station: Station, package_id: int) -> str:
    """A barcode of a product that is not in the package."""
    row = station.store.conn.execute(
        "SELECT min(barcode) FROM products WHERE barcode IS NOT NULL AND id NOT IN "
        "(SELECT product_id FROM package_items WHERE package_id = ?)", (package_id,)
    ).fetchone()
    assert row[0] is not None
    return row[0]


def test_wrong_item_raises_an_alert_only_space_dismisses(make_station, keyboard, qtbot):
    station = make_station()
    window = station.window
    package = waiting_package(station)
    scan(keyboard, qtbot, station, package["number"])
    assert not window.alert.is_up

    scan(keyboard, qtbot, station, other_barcode(station, package["id"]))
    assert window.last_outcome.kind == "wrong", window.banner.message
    assert window.alert.is_up
    assert window.alert.message == window.last_outcome.message

    verified = window.session.view.verified_count
    keyboard.scan(window, package["barcode"], "\r")  # held, not run, under the alert
    assert window.last_outcome.kind == "wrong"
    assert window.session.view.verified_count == verified
    assert "take the wrong item out first" in window.alert.hint
    assert window.alert.is_up  # a scan cannot dismiss it

    with qtbot.waitSignal(window.alert.dismissed, timeout=2000):
        keyboard.key(window, Qt.Key.Key_Space, " ", after_ms=HUMAN_GAP_MS)
    assert not window.alert.is_up
