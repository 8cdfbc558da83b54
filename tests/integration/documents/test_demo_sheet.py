"""The demo barcode sheet: every printed barcode decodes back to the code a packer
scans (package number, item barcode or SKU, command card), and the PDF has a page
per image."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from station.documents.demo_sheet import COMMAND_CARDS, demo_sheet_pdf
from station.oms.client import OmsClient
from station.scanning.keyboard import LAYOUT_TEST_CODE
from station.simulator import Simulator, SimulatorConfig
from station.store import open_store, upsert_page
from station.sync.syncer import Syncer
from tests.unit.store_factory import SYNCED_AT, item_json, package_json, page, product_json

LOCATION = 6
SHIRT = product_json(1, sku="SHIRT-M", barcode="8690000000011", name="Shirt, medium")
NO_BARCODE = product_json(2, sku="SOCKS-42", barcode=None, name="Socks 42")
LONG_NAME = product_json(3, barcode="8690000000035", name="Very long product name " * 6)


def decoded(pages: list[Image.Image]) -> list[str]:
    return [result.text for image in pages for result in zxingcpp.read_barcodes(image)]


def pdf_page_count(path: Path) -> int:
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    return len(re.findall(rb"/Type\s*/Page(?!s)", data))  # not the /Pages tree node


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "station.db") as opened:
        upsert_page(opened, page(
            package_json(1, number="100001", location=LOCATION, items=[
                item_json(11, SHIRT), item_json(12, SHIRT), item_json(13, NO_BARCODE)]),
            package_json(2, number="100002", location=LOCATION, items=[
                item_json(21, LONG_NAME)]),
            package_json(3, number="100003", location=7, items=[item_json(31, SHIRT)]),
        ), synced_at=SYNCED_AT)
        yield opened


def test_sheet_barcodes_decode_to_package_numbers_item_codes_and_cards(store, tmp_path):
    pdf = tmp_path / "demo.pdf"
    pages = demo_sheet_pdf(store, pdf, stock_location_id=LOCATION)

    package_page, card_page = pages
    # Another location's package is not printed; a product is printed once per package;
    # the SKU stands in for a missing barcode.
    assert sorted(decoded([package_page])) == sorted(
        ["100001", "8690000000011", "SOCKS-42", "100002", "8690000000035"])
    # Two columns: the decoder reads them in its own order.
    assert sorted(decoded([card_page])) == sorted(
        [card for card, _ in COMMAND_CARDS] + [LAYOUT_TEST_CODE])
    assert pdf_page_count(pdf) == 2


def test_packages_limit_and_page_flow(tmp_path):
    with open_store(tmp_path / "station.db") as store:
        upsert_page(store, page(*[
            package_json(n, location=LOCATION, items=[
                item_json(n * 10 + k, product_json(n * 10 + k, barcode=f"869{n:05d}{k:05d}"))
                for k in range(4)])
            for n in range(1, 21)]), synced_at=SYNCED_AT)
        pages = demo_sheet_pdf(store, tmp_path / "demo.pdf", stock_location_id=LOCATION,
                               packages=12)

    codes = decoded(pages[:-1])
    assert sorted(code for code in codes if code.startswith("PKG")) == [
        f"PKG{n:06d}" for n in range(1, 13)]
    assert len(codes) == 12 * 5  # each package with its four items, none cut off
    assert len(pages) > 2  # twelve packages of five barcodes do not fit on one page
    assert pdf_page_count(tmp_path / "demo.pdf") == len(pages)


def test_sheet_from_a_store_synced_from_the_simulator(tmp_path):
    anchor = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
    config = SimulatorConfig(packages=30, seed=1, locations=1, anchor=anchor)
    with Simulator(config) as sim, open_store(tmp_path / "station.db") as store:
        with OmsClient(sim.url, username="demo", password="demo") as client:
            Syncer(client, store, stock_location_id=1).sync(full=True)
        pages = demo_sheet_pdf(store, tmp_path / "demo.pdf", stock_location_id=1)
        printed = set(decoded(pages))
        numbers = [row[0] for row in store.conn.execute(
            "SELECT number FROM packages WHERE archived = 0 ORDER BY id LIMIT 12")]
        item_codes = {row[0] for row in store.conn.execute(
            "SELECT coalesce(pr.barcode, pr.sku) FROM package_items i "
            "JOIN products pr ON pr.id = i.product_id WHERE i.package_id IN "
            "(SELECT id FROM packages WHERE archived = 0 ORDER BY id LIMIT 12)")}

    assert len(numbers) == 12
    reasons = {f"REASON:{reason['id']}" for reason in sim.store.denial_reasons
               if reason["is_active"]}  # the synced denial reasons' cards
    assert printed == set(numbers) | item_codes | {card for card, _ in COMMAND_CARDS} | {
        LAYOUT_TEST_CODE} | reasons
