"""The simulator's generated data: reproducible from the seed, shaped like the real payloads,
and decodable by the station's own models."""

from __future__ import annotations

import collections
import datetime as dt
import importlib.resources
import json

from station.oms.models import decode_package
from station.simulator.catalog import ean13_check_digit
from tests.integration.conftest import ANCHOR, PACKAGES, PROFILE, package_path

SEED_PACKAGES = json.loads(
    importlib.resources.files("station.simulator").joinpath(
        "data/seed_order_packages.json").read_text(encoding="utf-8"))


def served_bytes(sim, client):
    """Every list page, short page, and the stock locations, with the URL made neutral."""
    chunks = []
    for path in (PACKAGES, f"{PACKAGES}short/"):
        url = f"{path}?{PROFILE.param_page_size}=100"
        while url:
            response = client.get(url)
            chunks.append(response.content)
            url = response.json()["next"]
    chunks.append(client.get(PROFILE.stock_locations_path).content)
    return b"".join(chunks).replace(sim.url.encode(), b"http://SIM")


def test_same_seed_serves_identical_bytes_and_another_seed_differs(make_sim, client_for):
    first, second, other = (make_sim(packages=120, seed=seed) for seed in (3, 3, 4))
    first_bytes = served_bytes(first, client_for(first))
    assert first_bytes == served_bytes(second, client_for(second))
    assert first_bytes != served_bytes(other, client_for(other))


def test_seed_payloads_and_generated_packages_all_decode(shared_sim, shared_client):
    for raw in SEED_PACKAGES:
        decode_package(json.dumps(raw))
    for pk in shared_sim.package_ids()[::7]:
        package = decode_package(shared_client.get(package_path(pk)).content)
        assert package.id == pk and package.packageitem_set


def test_seed_packages_are_served_as_loaded(shared_client):
    for raw in SEED_PACKAGES:
        assert shared_client.get(package_path(raw["id"])).json() == raw


def test_generated_packages_have_every_key_of_the_seed(shared_sim):
    seed = SEED_PACKAGES[2]
    seed_item = seed["packageitem_set"][0]
    for pk in shared_sim.package_ids()[3::25]:
        package = shared_sim.package(pk)
        assert set(seed) <= set(package)
        assert set(seed["stock_location"]) <= set(package["stock_location"])
        assert set(seed["shipping_address"]) <= set(package["shipping_address"])
        item = package["packageitem_set"][0]
        assert set(seed_item) <= set(item)
        assert set(seed_item["order_item"]) <= set(item["order_item"])
        assert set(seed_item["order_item"]["product"]) <= set(item["order_item"]["product"])
        for command in package["commands"]:
            assert set(seed["commands"][0]) | {"slug"} == set(command)


def test_state_ids_are_per_installation_and_commands_fit_the_seed(shared_sim):
    packages = [shared_sim.package(pk) for pk in shared_sim.package_ids()]
    state_ids = {p["state"]["enum_value"]: p["state"]["id"] for p in packages}
    assert state_ids["100"] == 35 and state_ids["150"] == 36 and state_ids["200"] == 37
    assert all(str(state_id) != enum for enum, state_id in state_ids.items())
    waiting = next(p for p in packages if p["id"] > 1000 and p["state"]["id"] == 35)
    seed_ids = {(c["id"], c["destination_state"]) for c in SEED_PACKAGES[2]["commands"]}
    assert seed_ids <= {(c["id"], c["destination_state"]) for c in waiting["commands"]}
    for command in waiting["commands"]:
        src, dst = command["slug"].split("__")[2:]
        assert command["slug"].startswith(f"package__{command['command'].lower()}__")
        assert src == "waiting" and dst
    visibilities = {tuple(c["ui_visibility"]) for c in waiting["commands"]}
    assert ("oms_web",) in visibilities and ("oms_web", "instore", "third_party") in visibilities


def test_data_variety(shared_sim):
    packages = [shared_sim.package(pk) for pk in shared_sim.package_ids() if pk > 1000]
    states = collections.Counter(p["state"]["name"] for p in packages)
    packable = sum(states[s] for s in ("Waiting", "Preparing", "Ready for Packaging"))
    assert packable > len(packages) / 2
    assert {"Packed", "Packaging Canceled", "Out of Stock", "Blocked"} <= set(states)
    assert len({p["stock_location"]["id"] for p in packages}) == 4
    sizes = {len(p["packageitem_set"]) for p in packages}
    assert min(sizes) == 1 and max(sizes) == 6
    orders = collections.Counter(p["order_number"] for p in packages)
    assert max(orders.values()) >= 2
    for package in packages:
        assert package["number"].startswith(package["order_number"] + "P")
    assert {p["delivery_type"] for p in packages} >= {"standard", "same_day"}
    assert any(p["order_has_gift_box"] and p["order_gift_box_note"] for p in packages)
    assert any(p["order_notes"] for p in packages)
    targets = [dt.datetime.fromisoformat(p["target_packing_date"]) for p in packages]
    assert min(targets) < ANCHOR < max(targets)


def test_products_have_valid_ean13_or_no_barcode_and_some_sell_by_weight(shared_sim):
    products = {
        item["order_item"]["product"]["id"]: item["order_item"]["product"]
        for pk in shared_sim.package_ids() if pk > 1000
        for item in shared_sim.package(pk)["packageitem_set"]
    }.values()
    barcodes = [p["barcode"] for p in products if p["barcode"]]
    assert barcodes and len(barcodes) < len(products)
    for barcode in barcodes:
        assert len(barcode) == 13 and barcode.isdigit()
        assert barcode[-1] == ean13_check_digit(barcode[:12])
    assert any(p["attributes"].get("unit_type") == "weight" for p in products)
    assert len({p["sku"] for p in products}) == len(products)


def test_blocked_packages_offer_the_way_back(shared_sim):
    blocked = [shared_sim.package(pk) for pk in shared_sim.package_ids()
               if shared_sim.package(pk)["state"]["name"] == "Blocked"]
    assert blocked
    for package in blocked:
        [unblock] = package["commands"]
        previous = shared_sim.transition_logs(package["id"])[-1]["old_state"]["id"]
        assert unblock["destination_state"] == previous
