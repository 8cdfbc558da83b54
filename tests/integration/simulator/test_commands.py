"""Package commands through the simulator's state machine: every path and every 400."""

from __future__ import annotations

import pytest

from tests.integration.conftest import command_for, first_package, package_path


def send(client, pk, **body):
    body.setdefault("input_parameters", {})
    return client.post(package_path(pk, "command/"), json=body)


def state_of(client, pk):
    return client.get(package_path(pk)).json()["state"]["enum_value"]


def test_start_preparing_by_slug_moves_state_commands_date_and_log(sim, client):
    package = first_package(sim, "100")
    entry = command_for(package, "PKG_STATE_TRANSITION")
    response = send(client, package["id"], slug=entry["slug"])
    assert response.status_code == 204 and response.content == b""
    after = client.get(package_path(package["id"])).json()
    assert after["state"]["enum_value"] == "200"
    assert after["state"]["id"] == entry["destination_state"] == 37
    assert after["modified_date"] > package["modified_date"]
    assert all(c["source_state"] == 37 for c in after["commands"])
    assert "package__pkg_state_transition__preparing__ready-for-packaging" in {
        c["slug"] for c in after["commands"]}
    logs = client.get(package_path(package["id"], "transition_logs/")).json()["results"]
    assert (logs[-1]["old_state"]["id"], logs[-1]["new_state"]["id"]) == (35, 37)


def test_transition_id_alone_and_both_together_are_accepted(sim, client):
    first, second = _two_waiting(sim)
    entry = command_for(first, "PKG_STATE_TRANSITION")
    assert send(client, first["id"], transition=entry["id"]).status_code == 204
    assert send(client, second["id"], transition=entry["id"],
                slug=entry["slug"]).status_code == 204
    assert state_of(client, first["id"]) == state_of(client, second["id"]) == "200"


def _two_waiting(sim):
    waiting = [sim.package(pk) for pk in sim.package_ids()
               if pk > 1000 and sim.package(pk)["state"]["enum_value"] == "100"]
    return waiting[0], waiting[1]


PACKING = [(kind, state) for kind in ("COMPLETE_PACKAGING", "COMPLETE_PACKAGING_WITHOUT_SHIPMENT")
           for state in ("100", "200", "400")] + [("CHANNEL_BASED_COMPLETE_PACKAGING", "100")]


@pytest.mark.parametrize(("command_type", "from_state"), PACKING)
def test_complete_packaging_from_every_packable_state(sim, client, command_type, from_state):
    package = first_package(sim, from_state)
    entry = command_for(package, command_type)
    assert send(client, package["id"], slug=entry["slug"]).status_code == 204
    after = sim.package(package["id"])
    assert after["state"]["enum_value"] == "500"
    live = [i for i in after["packageitem_set"] if i["state"]["enum_value"] != "600"]
    assert {i["state"]["name"] for i in live} == {"Packed"}
    with_shipment = command_type == "COMPLETE_PACKAGING"
    assert (after["shipping_label"] is not None) == with_shipment
    assert (after["shipment"] is not None) == with_shipment
    assert [c["command"] for c in after["commands"]] == ["SHIP_THE_PACKAGE"]


def test_item_objects_record_barcode_serial_and_weight(sim, client):
    package = first_package(sim, "100")
    item = package["packageitem_set"][0]
    entry = command_for(package, "COMPLETE_PACKAGING_WITHOUT_SHIPMENT")
    objects = [{"id": item["id"], "selected_barcode": "8690000000001", "serial_no": "SN-1",
                "unit_weight": 1.25}]
    response = send(client, package["id"], slug=entry["slug"],
                    input_parameters={"package_items": objects})
    assert response.status_code == 204
    stored = sim.package(package["id"])["packageitem_set"][0]
    assert (stored["selected_barcode"], stored["serial_no"], stored["unit_weight"]) == (
        "8690000000001", "SN-1", "1.250")
    applied = sim.applied_commands()[-1]
    assert applied.input_parameters == {"package_items": objects}


def test_out_of_stock_needs_items_moves_only_those_and_answers_200(sim, client):
    package = next(p for p in map(sim.package, sim.package_ids())
                   if p["id"] > 1000 and p["state"]["enum_value"] == "100"
                   and len(p["packageitem_set"]) >= 2)
    entry = next(c for c in package["commands"] if c["slug"].endswith(
        "contains-out-of-stock-products"))
    assert entry["is_packageitem_parameter_required"] is True
    missing = send(client, package["id"], slug=entry["slug"])
    assert missing.status_code == 400
    assert missing.json() == {"input_parameters": {"package_items": ["This field is required."]}}
    empty = send(client, package["id"], slug=entry["slug"],
                 input_parameters={"package_items": []})
    assert empty.status_code == 400
    missing_item = package["packageitem_set"][0]["id"]
    response = send(client, package["id"], slug=entry["slug"],
                    input_parameters={"package_items": [missing_item]})
    assert response.status_code == 200
    assert response.json() == {
        "package__id": package["id"], "package__number": package["number"],
        "package__stock_location__id": package["stock_location"]["id"],
        "package__stock_location__name": package["stock_location"]["name"],
        "is_same_location": False}
    items = {i["id"]: i["state"]["name"] for i in sim.package(package["id"])["packageitem_set"]}
    assert items.pop(missing_item) == "Out of Stock"
    assert set(items.values()) == {"Waiting"}
    assert state_of(client, package["id"]) == "920"


def test_defective_product_needs_items(sim, client):
    package = first_package(sim, "200")
    entry = next(c for c in package["commands"] if c["slug"].endswith("defective-product"))
    assert send(client, package["id"], slug=entry["slug"]).status_code == 400
    item = package["packageitem_set"][0]["id"]
    response = send(client, package["id"], slug=entry["slug"],
                    input_parameters={"package_items": [{"id": item}]})
    assert response.status_code == 200
    assert state_of(client, package["id"]) == "930"


@pytest.mark.parametrize("from_state", ["100", "200", "400"])
def test_block_then_unblock_returns_to_the_previous_state(sim, client, from_state):
    package = first_package(sim, from_state)
    block = command_for(package, "BLOCK_THE_PACKAGE")
    no_reason = send(client, package["id"], slug=block["slug"])
    assert no_reason.json() == {"input_parameters": {"denial_reason": ["This field is required."]}}
    assert send(client, package["id"], slug=block["slug"],
                input_parameters={"denial_reason": 1}).status_code == 204
    blocked = sim.package(package["id"])
    assert blocked["state"]["name"] == "Blocked"
    assert [c["command"] for c in blocked["commands"]] == ["UNBLOCK_THE_PACKAGE"]
    unblock = blocked["commands"][0]
    assert unblock["destination_state"] == package["state"]["id"]
    assert send(client, package["id"], transition=unblock["id"]).status_code == 204
    assert state_of(client, package["id"]) == from_state


def test_refuse_needs_an_active_denial_reason(sim, client):
    package = first_package(sim, "100")
    refuse = command_for(package, "REFUSE_PACKAGE")
    no_reason = send(client, package["id"], slug=refuse["slug"])
    assert no_reason.json() == {"input_parameters": {"denial_reason": ["This field is required."]}}
    inactive = send(client, package["id"], slug=refuse["slug"],
                    input_parameters={"denial_reason": 6})
    assert inactive.status_code == 400
    ok = send(client, package["id"], slug=refuse["slug"], input_parameters={"denial_reason": 2})
    assert ok.status_code == 204
    after = sim.package(package["id"])
    assert after["state"]["name"] == "Needs Rescheduling"
    assert after["commands"] == []


def test_ship_a_packed_package(sim, client):
    package = first_package(sim, "500")
    ship = command_for(package, "SHIP_THE_PACKAGE")
    assert send(client, package["id"], slug=ship["slug"]).status_code == 204
    after = sim.package(package["id"])
    assert after["state"]["enum_value"] == "600"
    assert after["shipment"] is not None and after["tracking_number"]


def test_seed_package_runs_its_own_commands(sim, client):
    seed = sim.package(2)
    assert [c["id"] for c in seed["commands"]] == [1, 25, 30, 32, 16, 19]
    assert send(client, 2, transition=32).status_code == 204
    assert state_of(client, 2) == "500"
    assert sim.package(2)["state"]["id"] == 40


def test_command_not_offered_in_the_current_state_is_rejected(sim, client):
    packed = first_package(sim, "500")
    waiting_only = "package__pkg_state_transition__waiting__preparing"
    response = send(client, packed["id"], slug=waiting_only)
    assert response.status_code == 400
    [message] = response.json()["non_field_errors"]
    assert "not allowed" in message and waiting_only in message
    assert state_of(client, packed["id"]) == "500"
    assert sim.applied_commands() == []


def test_seed_packages_waiting_remote_action_offer_nothing(sim, client):
    response = send(client, 3, slug="package__block_the_package__waiting-remote-action__blocked")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_web_only_command_is_refused_to_the_api_but_the_web_ui_can_run_it(sim, client):
    package = first_package(sim, "100")
    web_only = command_for(package, "PACKAGE_PACKED_FOR_REFUND")
    assert web_only["ui_visibility"] == ["oms_web"]
    response = send(client, package["id"], slug=web_only["slug"])
    assert response.status_code == 400
    assert "ui_visibility" in response.json()["non_field_errors"][0]
    sim.apply_command_as_other_station(package["id"], "PACKAGE_PACKED_FOR_REFUND")
    assert state_of(client, package["id"]) == "1100"


@pytest.mark.parametrize(("body", "expected"), [
    ({"transition": 9999, "input_parameters": {}},
     {"transition": ['Invalid pk "9999" - object does not exist.']}),
    ({"slug": "package__nope", "input_parameters": {}},
     {"slug": ["Object with slug=package__nope does not exist."]}),
    ({"input_parameters": {}}, {"non_field_errors": ["Either transition or slug is required."]}),
    ({"transition": 1}, {"input_parameters": ["This field is required."]}),
    ({"transition": 1, "input_parameters": []},
     {"input_parameters": ['Expected a dictionary of items but got type "list".']}),
    ({"transition": "one", "input_parameters": {}},
     {"transition": ["A valid integer is required."]}),
    ({"transition": 1, "slug": "package__complete_packaging__waiting__packed-all-items",
      "input_parameters": {}}, None),
])
def test_malformed_command_bodies_get_drf_errors(sim, client, body, expected):
    package = first_package(sim, "100")
    response = client.post(package_path(package["id"], "command/"), json=body)
    assert response.status_code == 400
    if expected is not None:
        assert response.json() == expected
    else:
        assert "non_field_errors" in response.json()
    assert sim.applied_commands() == []


def test_unknown_item_ids_and_bad_item_shapes_are_rejected(sim, client):
    package = first_package(sim, "100")
    entry = next(c for c in package["commands"] if c["is_packageitem_parameter_required"])
    for items in ([123], [{"id": "x"}], "7", [{"id": package["packageitem_set"][0]["id"],
                                                "unit_weight": "heavy"}]):
        response = send(client, package["id"], slug=entry["slug"],
                        input_parameters={"package_items": items})
        assert response.status_code == 400
        assert list(response.json()["input_parameters"]) == ["package_items"]
    assert state_of(client, package["id"]) == "100"


def test_command_for_an_unknown_package_is_404_and_bad_json_400(sim, client):
    assert send(client, 999_999, transition=1).status_code == 404
    broken = client.post(package_path(2, "command/"), content=b"{nope",
                         headers={"Content-Type": "application/json"})
    assert broken.status_code == 400
    assert "JSON parse error" in broken.json()["detail"]


def test_second_identical_command_is_rejected_because_the_state_moved_on(sim, client):
    package = first_package(sim, "100")
    entry = command_for(package, "COMPLETE_PACKAGING")
    assert send(client, package["id"], slug=entry["slug"]).status_code == 204
    again = send(client, package["id"], slug=entry["slug"])
    assert again.status_code == 400
    assert len(sim.applied_commands()) == 1
