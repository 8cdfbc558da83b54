"""Product image cache: which images are fetched, where they land, and that a broken
image is counted, never raised (httpx.MockTransport stands in for the image server)."""

from __future__ import annotations

import httpx
import pytest

from station.store import archive_packages, open_store, upsert_page
from station.sync.images import ImageCache, default_image_dir
from tests.unit.store_factory import SYNCED_AT, item_json, package_json, page, product_json

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def product(product_id: int, *urls: str) -> dict:
    payload = product_json(product_id)
    payload["productimage_set"] = [{"url": url, "order": i} for i, url in enumerate(urls)]
    return payload


class ImageServer:
    """Serves `routes[path] = (status, content_type, body)` and records every request."""

    def __init__(self, routes: dict[str, tuple[int, str, bytes]]) -> None:
        self.routes = routes
        self.requested: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requested.append(str(request.url))
        if request.url.path == "/down.png":
            raise httpx.ConnectError("refused", request=request)
        status, kind, body = self.routes.get(request.url.path, (404, "text/plain", b"no"))
        return httpx.Response(status, headers={"content-type": kind}, content=body)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "station.db") as opened:
        upsert_page(opened, page(
            package_json(1, items=[
                item_json(11, product(101, "https://cdn.test/101.png", "https://cdn.test/x.png")),
                item_json(12, product(102, "/media/products/102.jpg")),
                item_json(13, product(103))]),  # no image at all
            package_json(2, items=[item_json(21, product(201, "https://cdn.test/201.png"))]),
        ), synced_at=SYNCED_AT)
        yield opened


def test_first_image_of_each_live_product_is_saved(store, tmp_path):
    server = ImageServer({"/101.png": (200, "image/png", PNG),
                          "/media/products/102.jpg": (200, "image/jpeg", b"JPEGDATA"),
                          "/201.png": (200, "image/png", PNG)})
    archive_packages(store, [2], "packed elsewhere")  # its product is not wanted
    cache = ImageCache(tmp_path / "img", server.client(), base_url="https://oms.test/")
    report = cache.fetch_missing(store)
    assert (report.wanted, report.fetched, report.failed) == (2, 2, 0)
    assert cache.path_for(101) == tmp_path / "img" / "101.png"
    assert cache.path_for(101).read_bytes() == PNG
    assert cache.path_for(102) == tmp_path / "img" / "102.jpg"
    assert cache.path_for(201) is None and cache.path_for(103) is None
    assert "https://oms.test/media/products/102.jpg" in server.requested  # relative resolved
    assert "https://cdn.test/x.png" not in server.requested  # only the first image
    assert not [p for p in (tmp_path / "img").iterdir() if p.name.startswith(".part-")]


def test_images_on_disk_are_not_fetched_again(store, tmp_path):
    server = ImageServer({"/101.png": (200, "image/png", PNG),
                          "/media/products/102.jpg": (200, "image/png", PNG),
                          "/201.png": (200, "image/png", PNG)})
    cache = ImageCache(tmp_path, server.client(), base_url="https://oms.test")
    assert cache.fetch_missing(store).fetched == 3
    server.requested.clear()
    again = cache.fetch_missing(store)
    assert (again.cached, again.fetched, server.requested) == (3, 0, [])


def test_broken_images_are_counted_not_raised(store, tmp_path):
    server = ImageServer({"/101.png": (200, "text/html", b"<html>login</html>"),
                          "/media/products/102.jpg": (500, "image/png", b""),
                          "/201.png": (200, "image/png", b"x" * 5000)})
    cache = ImageCache(tmp_path / "img", server.client(), base_url="https://oms.test",
                       max_bytes=4096)
    report = cache.fetch_missing(store)
    assert (report.wanted, report.fetched, report.failed) == (3, 0, 3)
    assert any("not an image" in e for e in report.errors)
    assert any("HTTP 500" in e for e in report.errors)
    assert any("4096" in e for e in report.errors)
    assert not (tmp_path / "img").exists()  # nothing written, not even half a file


def test_network_error_and_relative_url_without_base_are_counted(tmp_path):
    with open_store(tmp_path / "s.db") as store:
        upsert_page(store, page(package_json(1, items=[
            item_json(11, product(101, "https://cdn.test/down.png")),
            item_json(12, product(102, "/media/products/102.png"))])), synced_at=SYNCED_AT)
        cache = ImageCache(tmp_path / "img", ImageServer({}).client())
        report = cache.fetch_missing(store)
    assert (report.fetched, report.failed) == (0, 2)
    assert any("ConnectError" in e for e in report.errors)
    assert any("no OMS base URL" in e for e in report.errors)


def test_limit_defers_the_rest_to_the_next_call(store, tmp_path):
    server = ImageServer({"/101.png": (200, "image/png", PNG),
                          "/media/products/102.jpg": (200, "image/png", PNG),
                          "/201.png": (200, "image/png", PNG)})
    cache = ImageCache(tmp_path, server.client(), base_url="https://oms.test")
    first = cache.fetch_missing(store, limit=2)
    assert (first.fetched, first.deferred) == (2, 1)
    second = cache.fetch_missing(store, limit=2)
    assert (second.cached, second.fetched, second.deferred) == (2, 1, 0)


def test_default_directory_is_the_user_cache():
    assert default_image_dir().parts[-2:] == ("packing-station", "images")
    with ImageCache() as cache:
        assert cache.directory == default_image_dir()
