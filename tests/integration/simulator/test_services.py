"""Auxiliary OMS services of the simulator: invoice, ids, labels, locations, reasons, images."""

from __future__ import annotations

import io
import re

from PIL import Image

from station.simulator import ApiSettings
from tests.integration.conftest import PROFILE, command_for, first_package, package_path


def test_set_invoice_number_and_remote_id(sim, client):
    before = sim.package(1001)["modified_date"]
    response = client.post(package_path(1001, "set_invoice_number/"),
                           json={"invoice_number": "INV-77"})
    assert response.status_code == 204
    assert client.post(package_path(1001, "set_remote_id/"),
                       json={"remote_id": "99"}).status_code == 204
    after = client.get(package_path(1001)).json()
    assert (after["invoice_number"], after["remote_id"]) == ("INV-77", "99")
    assert after["modified_date"] > before


def test_set_invoice_number_needs_the_field(sim, client):
    response = client.post(package_path(1001, "set_invoice_number/"), json={})
    assert response.status_code == 400
    assert response.json() == {"invoice_number": ["This field is required."]}
    assert client.post(package_path(999_999, "set_remote_id/"),
                       json={"remote_id": "1"}).status_code == 404


def test_create_invoice_answers_201_with_an_invoice(sim, client):
    package = sim.package(1001)
    response = client.post(package_path(1001, "invoice/"))
    assert response.status_code == 201
    invoice = response.json()
    assert invoice["package_number"] == package["number"]
    assert invoice["invoice_type"] == "purchased"
    assert len(invoice["invoiceitem_set"]) == len(package["packageitem_set"])
    second = client.post(package_path(1001, "invoice/")).json()
    assert second["id"] == invoice["id"] + 1


def test_shipping_label_preview_is_a_pdf(sim, client):
    package = first_package(sim, "100")
    entry = command_for(package, "COMPLETE_PACKAGING")
    client.post(package_path(package["id"], "command/"),
                json={"slug": entry["slug"], "input_parameters": {}})
    label = sim.package(package["id"])["shipping_label"]
    assert label["full_path_url"] == f"{sim.url}{label['preview_url']}"
    response = client.get(label["preview_url"])
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    xref_at = int(re.search(rb"startxref\n(\d+)", pdf).group(1))
    assert pdf[xref_at:].startswith(b"xref")
    assert package["number"].encode() in pdf
    assert client.get("/api/v1/oms/shipping-label/999999/preview/").status_code == 404


def test_stock_locations_list_simple_is_a_plain_list(sim, client):
    rows = client.get(PROFILE.stock_locations_path).json()
    assert isinstance(rows, list)
    assert [row["id"] for row in rows] == [1, 2, 3, 4, 5, 6]
    assert set(rows[0]) == {"id", "omnitron_id", "name", "erp_code", "stock_location_type",
                            "is_fulfillment_center", "is_active", "priority"}
    seed_location = rows[-1]
    assert (seed_location["id"], seed_location["name"]) == (6, "SL_LcMccTdb")


def test_stock_locations_can_be_served_in_an_envelope(make_sim, client_for):
    sim = make_sim(api=ApiSettings(stock_locations_envelope=True), locations=2)
    body = client_for(sim).get(PROFILE.stock_locations_path).json()
    assert body["count"] == 4 and body["next"] is None
    assert [row["id"] for row in body["results"]] == [1, 2, 5, 6]


def test_denial_reasons_page_with_page_size(sim, client):
    first = client.get(PROFILE.denial_reasons_path, params={"page_size": 4}).json()
    assert first["count"] == 6 and len(first["results"]) == 4
    assert first["next"].endswith("?page=2&page_size=4")
    rest = client.get(first["next"]).json()
    assert len(rest["results"]) == 2 and rest["next"] is None
    assert set(first["results"][0]) == {"id", "title", "remote_id", "priority", "is_active"}
    active = client.get(PROFILE.denial_reasons_path, params={"is_active": "true"}).json()
    assert active["count"] == 5


def test_product_images_are_small_pngs(sim, client):
    url = next(
        item["order_item"]["product"]["productimage_set"][0]["url"]
        for pk in sim.package_ids() if pk > 1000
        for item in sim.package(pk)["packageitem_set"]
        if item["order_item"]["product"]["productimage_set"]
    )
    assert url.startswith(f"{sim.url}/media/products/")
    response = client.get(url)
    assert response.headers["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(response.content)) as image:
        assert image.format == "PNG" and image.size == (96, 96)
    assert client.get(url).content == response.content
    assert client.get("/media/products/abc.png").status_code == 404
