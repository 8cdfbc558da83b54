"""Product thumbnails: the sync worker caches images after a sync, and the open
package shows each product's cached image first in its row (a placeholder without)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap

from station.oms.client import OmsClient
from station.simulator import Simulator, SimulatorConfig
from station.store import open_store
from station.sync.images import ImageCache, default_image_dir
from ui.app import build_station, initial_sync
from ui.background import SyncWorker
from ui.feedback.sound import SoundPlayer
from ui.packing.thumbnails import NO_IMAGE_TIP, THUMB_PX

ANCHOR = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
LOCATION = 1


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(SimulatorConfig(packages=30, seed=3, locations=1, anchor=ANCHOR)) as sim:
        yield sim


@pytest.fixture
def db_path(sim: Simulator, tmp_path: Path) -> Path:
    path = tmp_path / "station.db"
    initial_sync(path, lambda: OmsClient(sim.url, username="demo", password="demo"), LOCATION)
    return path


def package_with_images(db_path: Path) -> tuple[str, list[int]]:
    """A live package's number and its product ids in row order (one has an image URL)."""
    with open_store(db_path) as store:
        number, = store.conn.execute(
            "SELECT p.number FROM packages p JOIN package_items i ON i.package_id = p.id "
            "JOIN products pr ON pr.id = i.product_id WHERE p.archived = 0 "
            "AND p.state_enum = '100' AND pr.image_urls != '[]' ORDER BY p.id LIMIT 1",
        ).fetchone()
        products = [pk for (pk,) in store.conn.execute(
            "SELECT DISTINCT i.product_id FROM package_items i JOIN packages p "
            "ON p.id = i.package_id WHERE p.number = ? ORDER BY i.position", (number,))]
    return number, products


def test_sync_worker_caches_product_images(qtbot, sim, db_path, tmp_path):
    worker = SyncWorker(db_path, lambda: OmsClient(sim.url, username="demo", password="demo"),
                        stock_location_id=LOCATION, interval=3600, image_dir=tmp_path / "img")
    with qtbot.waitSignal(worker.images_cached, timeout=30_000) as signal:
        worker.start()
    assert worker.shut_down()  # stop() is a request; shut_down() waits (end of program)
    report = signal.args[0]
    assert report["fetched"] > 0 and report["failed"] == 0
    cached = sorted((tmp_path / "img").glob("*.png"))
    assert len(cached) == report["fetched"]
    assert not QPixmap(str(cached[0])).isNull()


def test_open_package_shows_cached_thumbnail_first(qapp, qtbot, db_path, sim):
    number, products = package_with_images(db_path)
    with ImageCache(default_image_dir(), base_url=sim.url) as cache, \
            open_store(db_path) as store:
        assert cache.fetch_missing(store).fetched > 0
    cached = [cache.path_for(product_id) for product_id in products]
    shown_row = next(row for row, path in enumerate(cached) if path is not None)
    for path in cached[shown_row + 1:]:  # the other products show the placeholder
        if path is not None:
            path.unlink()
    station = build_station(qapp, db_path, packer="tester", stock_location_id=LOCATION,
                            sync_interval=3600, make_client=None,
                            sound=SoundPlayer(audio_outputs=list))
    try:
        station.window.handle_scan(number)
        table = station.window.panel.items
        assert table.horizontalHeaderItem(1).text() == "Product"
        thumbs = [table.item(row, 0) for row in range(table.rowCount())]
        placeholder = station.window.panel.thumbnails.placeholder  # until read (background)
        qtbot.waitUntil(lambda: thumbs[shown_row].data(Qt.ItemDataRole.DecorationRole)
                        .toImage() != placeholder.toImage(), timeout=5_000)
        shown = thumbs[shown_row].data(Qt.ItemDataRole.DecorationRole)
        assert isinstance(shown, QPixmap) and not shown.isNull()
        assert max(shown.width(), shown.height()) == THUMB_PX
        assert thumbs[shown_row].toolTip() == ""
        assert all(item.toolTip() == NO_IMAGE_TIP for item in thumbs[shown_row + 1:])
    finally:
        station.stop()
