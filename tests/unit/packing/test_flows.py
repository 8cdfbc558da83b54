"""Whole packing flows on realistic data: the real seed order webhook (three packages
of one order, `product.barcode` null, no slugs) and simulator-generated payloads
(per-installation state ids, EAN-13 barcodes, some products without one)."""

from __future__ import annotations

import datetime as dt
import json

import msgspec
import pytest

from station import outbox
from station.oms.models import decode_package
from station.oms.profile import DEFAULT_PROFILE
from station.packing.session import PackingConfig, PackingSession
from station.simulator.generate import GenerationSpec, generate
from station.simulator.installation import Installation
from station.store import archive_packages, open_store, upsert_page

SYNCED_AT = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)


def stored(payloads):
    return [(decode_package(raw), raw) for raw in map(msgspec.json.encode, payloads)]


@pytest.fixture
def seed_store(tmp_path, fixtures_dir):
    webhook = json.loads((fixtures_dir / "seed_order_webhook.json").read_text())
    with open_store(tmp_path / "seed.db") as store:
        upsert_page(store, stored(webhook["payload"]["packages"]), synced_at=SYNCED_AT)
        yield store


def test_seed_order_is_packed_by_sku_alone(seed_store):
    # Without auto start: after it the package is in Preparing, whose commands the seed
    # alone never shows (no learned graph), so nothing could complete it offline.
    session = PackingSession(seed_store, packer="ann",
                             config=PackingConfig(auto_start_preparing=False))
    outcome = session.handle_scan("449225433900")  # the order number
    assert outcome.kind == "choose"
    assert [choice.code for choice in outcome.choices] == [
        "314653737746", "205822684507", "479381848963"]
    kinds = [session.handle_scan(raw).kind for raw in ("314653737746", "sku_7", "sku_7")]
    assert kinds == ["ok", "partial", "complete"]
    outcome = session.handle_scan("CMD:COMPLETE_PACKAGING")
    assert outcome.kind == "saved"
    entry = outbox.get_entry(seed_store, outcome.outbox_id)
    assert (entry.package_id, entry.transition_id, entry.slug, entry.input_parameters) == (
        2, 16, None, {})


def test_seed_waiting_package_is_auto_started_by_the_catalogue_rule(seed_store):
    # The real payload: no slugs, destination state 37 never seen. The catalogue's rule
    # (the plain PKG_STATE_TRANSITION out of Waiting) still finds transition 1.
    session = PackingSession(seed_store, packer="ann")
    outcome = session.handle_scan("314653737746")
    assert outcome.saved is True and outcome.command_type == "PKG_STATE_TRANSITION"
    [entry] = outbox.entries(seed_store)
    assert (entry.package_id, entry.transition_id, entry.slug) == (2, 1, None)


def test_seed_out_of_stock_and_defective_are_told_apart_by_their_labels(seed_store):
    session = PackingSession(seed_store, packer="ann",
                             config=PackingConfig(auto_start_preparing=False))
    session.handle_scan("314653737746")
    catalogue = session.config.catalogue
    commands = session.available_commands()
    assert catalogue.find("out_of_stock", commands).transition_id == 25
    assert catalogue.find("defective", commands).transition_id == 30
    assert catalogue.find("complete", commands).transition_id == 16
    assert catalogue.find("complete_no_shipment", commands).transition_id == 32


def test_seed_packages_in_waiting_remote_action_offer_no_commands(seed_store):
    session = PackingSession(seed_store, packer="ann")
    session.handle_scan("205822684507")
    assert session.available_commands() == []
    assert session.handle_scan("CMD:COMPLETE_PACKAGING").kind == "unknown"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    dataset = generate(GenerationSpec(packages=120, seed=5, locations=2), Installation())
    path = tmp_path_factory.mktemp("generated") / "station.db"
    packable = set(DEFAULT_PROFILE.packable_states)
    with open_store(path) as store:
        upsert_page(store, stored(dataset.packages), synced_at=SYNCED_AT)
        archive_packages(store, [p["id"] for p in dataset.packages
                                 if str(p["state"]["enum_value"]) not in packable], "not packable")
    return path, [p for p in dataset.packages if p["id"] > 1000]


def item_codes(package):
    """What a packer would scan per unit: the barcode, or the SKU when there is none."""
    return [item["order_item"]["product"]["barcode"] or item["order_item"]["product"]["sku"]
            for item in package["packageitem_set"]
            if str(item["state"]["enum_value"]) != "600"]


def test_generated_waiting_packages_pack_fully_offline(generated, tmp_path):
    path, packages = generated
    copy = tmp_path / "copy.db"
    copy.write_bytes(path.read_bytes())
    waiting = [p for p in packages if p["state"]["enum_value"] == "100"][:5]
    assert len(waiting) == 5
    with open_store(copy) as store:
        session = PackingSession(store, packer="ann", config=PackingConfig())
        for package in waiting:
            opened = session.handle_scan(package["number"])
            assert (opened.kind, opened.command_type) == ("ok", "PKG_STATE_TRANSITION")
            kinds = [session.handle_scan(code).kind for code in item_codes(package)]
            assert kinds[-1] == "complete" and set(kinds[:-1]) <= {"partial"}
            done = session.handle_scan("CMD:COMPLETE_PACKAGING_WITHOUT_SHIPMENT")
            assert done.kind == "saved", done.message
        entries = outbox.entries(store)
    # Start preparing (1) from Waiting, then complete (33) from Preparing via the
    # learned graph: the generated Preparing packages taught the station that edge.
    assert [(e.package_id, e.transition_id) for e in entries] == [
        (p["id"], t) for p in waiting for t in (1, 33)]


def test_generated_preparing_package_completes_from_its_own_commands(generated, tmp_path):
    path, packages = generated
    copy = tmp_path / "copy.db"
    copy.write_bytes(path.read_bytes())
    package = next(p for p in packages if p["state"]["enum_value"] == "200")
    with open_store(copy) as store:
        session = PackingSession(store, packer="ann")
        assert session.handle_scan(package["number"]).saved is False  # not Waiting
        assert session.handle_scan("CMD:OK").kind == "ok"  # started elsewhere: take over
        assert not any(c.learned for c in session.available_commands())
        for code in item_codes(package):
            session.handle_scan(code)
        outcome = session.handle_scan("CMD:COMPLETE_PACKAGING")
        assert outcome.kind == "saved", outcome.message
        assert outbox.get_entry(store, outcome.outbox_id).transition_id == 17
