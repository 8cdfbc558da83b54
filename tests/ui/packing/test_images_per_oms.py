"""The product-image cache is kept per OMS installation: product ids repeat across
installations (the demo's simulator and a real OMS both have a product 17), so the
demo's pictures must never show under a real station's products, nor the reverse."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage

from station.oms.client import OmsClient
from station.sync.images import default_image_dir, oms_key
from tests.ui.packing.test_thumbnails import (  # noqa: F401 - fixtures
    LOCATION,
    db_path,
    package_with_images,
    sim,
)
from ui.app import build_station
from ui.background import SyncWorker
from ui.feedback.sound import SoundPlayer
from ui.packing.thumbnails import NO_IMAGE_TIP

DEMO_URL = "http://127.0.0.1:8765/"  # another installation: the demo's simulator


def picture(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = QImage(32, 32, QImage.Format.Format_RGB32)
    image.fill(QColor("#d50000"))
    assert image.save(str(path), "PNG")


def test_each_oms_has_its_own_folder_named_by_its_normalised_url():
    root = default_image_dir()
    real = default_image_dir("https://oms.example.com")
    assert real.parent == root and len(real.name) == 16 and int(real.name, 16) >= 0
    assert real != default_image_dir(DEMO_URL)
    assert real == default_image_dir(" HTTPS://OMS.example.com:443/ ")  # the same OMS
    assert oms_key("http://127.0.0.1:8765") != oms_key("http://127.0.0.1:8766")


def test_another_oms_pictures_never_show_under_this_stations_products(qapp, db_path, sim):  # noqa: F811
    number, products = package_with_images(db_path)
    first = products[0]  # row 0 of the open package
    picture(default_image_dir(DEMO_URL) / f"{first}.png")  # the demo cached its product
    station = build_station(qapp, db_path, packer="tester", stock_location_id=LOCATION,
                            sync_interval=3600,
                            make_client=lambda: OmsClient(sim.url, username="demo",
                                                          password="demo"),
                            sound=SoundPlayer(audio_outputs=list))
    try:
        window = station.window
        window.handle_scan(number)
        assert window.panel.items.item(0, 0).toolTip() == NO_IMAGE_TIP  # not the demo's

        picture(default_image_dir(sim.url) / f"{first}.png")  # this OMS's own picture
        window.panel.show_view(window.session.view)
        assert window.panel.items.item(0, 0).toolTip() == ""
    finally:
        station.stop()


def test_the_sync_worker_caches_into_its_oms_folder(qtbot, sim, db_path):  # noqa: F811
    worker = SyncWorker(db_path, lambda: OmsClient(sim.url, username="demo", password="demo"),
                        stock_location_id=LOCATION, interval=3600)
    with qtbot.waitSignal(worker.images_cached, timeout=30_000) as signal:
        worker.start()
    assert worker.shut_down()
    fetched = signal.args[0]["fetched"]
    assert fetched > 0
    assert len(list(default_image_dir(sim.url).glob("*.png"))) == fetched
    assert not list(default_image_dir().glob("*.png"))  # nothing in the shared folder
