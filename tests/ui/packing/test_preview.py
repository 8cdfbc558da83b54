"""The large product picture beside the items: the scanned row's product at
PREVIEW_PX (look-alikes told apart from a metre), shown only when the panel is wide
enough to keep the product names readable beside it."""

from __future__ import annotations

from station.store import open_store
from station.sync.images import ImageCache, default_image_dir
from tests.ui.packing.test_thumbnails import (  # noqa: F401  (fixtures)
    LOCATION,
    db_path,
    package_with_images,
    sim,
)
from ui.app import build_station
from ui.feedback.sound import SoundPlayer
from ui.packing.preview import PREVIEW_PX
from ui.packing.thumbnails import THUMB_PX


def test_the_picture_of_the_selected_product_is_large_and_follows_the_selection(
        qapp, qtbot, db_path, sim):  # noqa: F811
    number, products = package_with_images(db_path)
    with ImageCache(default_image_dir(), base_url=sim.url) as cache, \
            open_store(db_path) as store:
        assert cache.fetch_missing(store).fetched > 0
    with_picture = [row for row, pid in enumerate(products) if cache.path_for(pid)]
    station = build_station(qapp, db_path, packer="tester", stock_location_id=LOCATION,
                            sync_interval=3600, make_client=None,
                            sound=SoundPlayer(audio_outputs=list))
    try:
        window = station.window
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        preview = window.panel.preview
        window.show_queue(True)
        qtbot.waitUntil(lambda: window.panel.width() < 1000, timeout=5_000)
        assert not preview.isVisible()  # the names keep their room beside the queue
        window.show_queue(False)
        qtbot.waitUntil(preview.isVisible, timeout=5_000)

        window.handle_scan(number)
        row = with_picture[0]
        window.panel.items.selectRow(row)
        assert preview.product_id == products[row]
        qtbot.waitUntil(lambda: not preview.picture.pixmap().isNull(), timeout=5_000)
        size = preview.picture.pixmap().size()
        assert max(size.width(), size.height()) == PREVIEW_PX > THUMB_PX * 4
        assert window.panel.items.item(row, 1).text().split("\n")[0] in preview.caption.text()

        other = next((r for r in range(len(products)) if r != row), None)
        if other is not None:  # another row selected: its product, not the first one
            window.panel.items.selectRow(other)
            assert preview.product_id == products[other]
        window.panel.show_view(None)
        assert preview.product_id is None and preview.picture.pixmap().isNull()
    finally:
        station.stop()
