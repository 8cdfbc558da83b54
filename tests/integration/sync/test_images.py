"""Product images over real HTTP: sync a small simulator, cache the images of the live
packages' products, and check each file is a PNG Pillow can read."""

from __future__ import annotations

from PIL import Image

from station.oms.client import OmsClient
from station.store import open_store
from station.sync.images import ImageCache
from station.sync.syncer import Syncer


def test_images_of_synced_packages_are_cached_as_png(make_sim, tmp_path):
    sim = make_sim(packages=40)
    counts = sim.stock_location_counts()
    location = max(counts, key=lambda loc: counts[loc])
    with (OmsClient(sim.url, username="demo", password="demo") as client,
          open_store(tmp_path / "station.db") as store):
        Syncer(client, store, stock_location_id=location).sync()
        cache = ImageCache(tmp_path / "images", base_url=sim.url)
        with cache:
            report = cache.fetch_missing(store)
            again = cache.fetch_missing(store)
        wanted = {pk for (pk,) in store.conn.execute(
            "SELECT DISTINCT pi.product_id FROM package_items pi "
            "JOIN packages p ON p.id = pi.package_id "
            "JOIN products pr ON pr.id = pi.product_id "
            "WHERE p.archived = 0 AND pr.image_urls != '[]'")}
    assert wanted and report.wanted == len(wanted)
    assert (report.fetched, report.failed) == (len(wanted), 0)
    assert (again.cached, again.fetched) == (len(wanted), 0)
    for product_id in wanted:
        path = cache.path_for(product_id)
        assert path is not None and path.suffix == ".png"
        with Image.open(path) as image:
            assert image.format == "PNG"
            image.verify()
