"""Which commands are offered and what they send (station.packing.commands)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from station.oms.params import PackageItemInput
from station.oms.profile import ApiProfile
from station.packing.commands import (
    AvailableCommand,
    available_commands,
    card_key,
    command_input,
    command_label,
    match_commands,
    start_preparing_command,
)
from station.store import open_store


def make(transition_id, command_type, *, slug=None, needs_items=False, destination_enum=None,
         destination=40):
    return AvailableCommand(transition_id, command_type, slug, command_type.title(), 35,
                            destination, destination_enum, needs_items, False)


OUT_OF_STOCK = make(25, "DETECTED_OUT_OF_STOCK_ITEM", needs_items=True,
                    slug="package__detected_out_of_stock_item__waiting__contains-out-of-stock")
DEFECTIVE = make(30, "DETECTED_OUT_OF_STOCK_ITEM", needs_items=True)
COMPLETE = make(32, "COMPLETE_PACKAGING_WITHOUT_SHIPMENT", destination_enum="500")
START = make(1, "PKG_STATE_TRANSITION", destination_enum="200", destination=37)
COMMANDS = [START, OUT_OF_STOCK, DEFECTIVE, COMPLETE]


@pytest.mark.parametrize(("wanted", "expected"), [
    ("COMPLETE_PACKAGING_WITHOUT_SHIPMENT", [32]),
    ("complete packaging-without shipment", [32]),  # as a card with spaces/hyphens arrives
    (32, [32]),
    ("32", [32]),
    ("DETECTED_OUT_OF_STOCK_ITEM", [25, 30]),  # one type, two commands: the caller asks
    (card_key(OUT_OF_STOCK.slug), [25]),  # a slug names exactly one
    ("COMPLETE_PACKAGING", []),  # a type is matched whole, never as a prefix
    (99, []),
])
def test_match_commands(wanted, expected):
    assert [c.transition_id for c in match_commands(COMMANDS, wanted)] == expected


def test_completing_types_and_cards():
    assert COMPLETE.completes and not START.completes and not OUT_OF_STOCK.completes
    assert make(19, "CHANNEL_BASED_COMPLETE_PACKAGING").completes
    assert (COMPLETE.card, COMPLETE.id_card) == ("CMD:COMPLETE_PACKAGING_WITHOUT_SHIPMENT",
                                                 "CMD:32")
    spec = START.spec()
    assert (spec.transition_id, spec.source_state_id, spec.destination_state_id) == (1, 35, 37)


def test_start_preparing_is_the_plain_transition_to_enum_200():
    assert start_preparing_command(COMMANDS) is START
    assert start_preparing_command([make(1, "PKG_STATE_TRANSITION", destination_enum="400")]) \
        is None
    assert start_preparing_command([COMPLETE]) is None


def test_label_prefers_the_station_language_then_the_oms_label():
    row = {"label": "Paketlemeyi Tamamla", "command_type": "COMPLETE_PACKAGING",
           "translations": {"en-us": {"label": "Complete packaging"},
                            "tr-tr": {"label": "Paketlemeyi Tamamla"}}}
    assert command_label(row, "en") == "Complete packaging"
    assert command_label({**row, "translations": None}, "en") == "Paketlemeyi Tamamla"
    assert command_label({"command_type": "COMPLETE_PACKAGING", "id": 3}, "en") == \
        "Complete packaging"


CAPTURED = [PackageItemInput(7, selected_barcode="869", serial_no="S1",
                             unit_weight=Decimal("0.250"))]
MISSING = [PackageItemInput(8), PackageItemInput(9)]


def test_input_parameters_in_each_profile_shape():
    ids, objects = ApiProfile(), ApiProfile(package_items_shape="objects")
    assert command_input(OUT_OF_STOCK, unverified=MISSING, verified=CAPTURED, profile=ids) == \
        {"package_items": [8, 9]}
    assert command_input(OUT_OF_STOCK, unverified=MISSING, verified=CAPTURED,
                         profile=objects) == {"package_items": [{"id": 8}, {"id": 9}]}
    assert command_input(COMPLETE, unverified=[], verified=CAPTURED, profile=ids) == {}
    assert command_input(COMPLETE, unverified=[], verified=CAPTURED, profile=objects) == {
        "package_items": [{"id": 7, "selected_barcode": "869", "serial_no": "S1",
                           "unit_weight": "0.250"}]}
    assert command_input(COMPLETE, unverified=[], verified=[], profile=objects) == {}


def test_unknown_destination_falls_back_to_the_slug_for_preparing(tmp_path):
    row = {"id": 1, "command_type": "PKG_STATE_TRANSITION", "destination_state": 37,
           "slug": "package__pkg_state_transition__waiting__preparing",
           "ui_visibility": ["instore"]}
    hidden = {**row, "id": 2, "ui_visibility": []}
    with open_store(tmp_path / "s.db") as store:
        offered = available_commands(store, snapshot_state_id=35, local_state_id=35,
                                     snapshot_commands=[row, hidden], profile=ApiProfile())
    assert [(c.transition_id, c.destination_enum) for c in offered] == [(1, "200")]
