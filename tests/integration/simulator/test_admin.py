"""Changes "made by another station" and the applied-commands log, via Python and `/_sim/`."""

from __future__ import annotations

import pytest

from station.simulator import CommandError
from tests.integration.conftest import PACKAGES, PROFILE, command_for, first_package, package_path


def test_other_station_command_is_visible_to_an_incremental_poll(sim, client):
    package = first_package(sim, "100")
    newest = max(sim.package(pk)["modified_date"] for pk in sim.package_ids())
    sim.apply_command_as_other_station(package["id"], "COMPLETE_PACKAGING")
    changed = client.get(PACKAGES, params={PROFILE.param_modified_since: newest}).json()
    # `gte`: the previously newest package comes back too; only ours is newer.
    fresh = [p for p in changed["results"] if p["modified_date"] > newest]
    assert [p["id"] for p in fresh] == [package["id"]]
    assert fresh[0]["state"]["enum_value"] == "500"
    [applied] = sim.applied_commands()
    assert (applied.via, applied.command, applied.old_state, applied.new_state) == (
        "admin", "COMPLETE_PACKAGING", "100", "500")


def test_station_command_after_another_station_moved_on_is_a_400(sim, client):
    package = first_package(sim, "100")
    entry = command_for(package, "COMPLETE_PACKAGING_WITHOUT_SHIPMENT")
    sim.apply_command_as_other_station(package["id"], "BLOCK_THE_PACKAGE")
    response = client.post(package_path(package["id"], "command/"),
                           json={"slug": entry["slug"], "input_parameters": {}})
    assert response.status_code == 400
    assert "Blocked" in response.json()["non_field_errors"][0]


def test_other_station_by_slug_and_through_http(sim, client):
    package = first_package(sim, "200")
    slug = command_for(package, "PKG_STATE_TRANSITION")["slug"]
    response = client.post(f"/_sim/packages/{package['id']}/command/", json={"slug": slug})
    assert response.status_code == 200
    assert response.json()["new_state"] == "ready"
    by_type = client.post(f"/_sim/packages/{package['id']}/command/",
                          json={"command": "BLOCK_THE_PACKAGE"})
    assert by_type.json()["new_state"] == "blocked"
    refused = client.post(f"/_sim/packages/{package['id']}/command/",
                          json={"command": "SHIP_THE_PACKAGE"})
    assert refused.status_code == 400


def test_other_station_command_that_oms_refuses_raises(sim):
    packed = first_package(sim, "500")
    with pytest.raises(CommandError) as caught:
        sim.apply_command_as_other_station(packed["id"], "PKG_STATE_TRANSITION")
    assert caught.value.status == 400


def test_move_package_to_another_location(sim, client):
    package = sim.package(sim.package_ids(stock_location=1)[0])
    response = client.post(f"/_sim/packages/{package['id']}/move/", json={"stock_location": 2})
    assert response.status_code == 200
    in_one = client.get(PACKAGES, params={PROFILE.param_stock_location: 1,
                                          PROFILE.param_page_size: 100}).json()["results"]
    in_two = client.get(PACKAGES, params={PROFILE.param_stock_location: 2,
                                          PROFILE.param_page_size: 100}).json()["results"]
    assert package["id"] not in {p["id"] for p in in_one}
    assert package["id"] in {p["id"] for p in in_two}
    assert sim.package(package["id"])["modified_date"] > package["modified_date"]
    bad = client.post(f"/_sim/packages/{package['id']}/move/", json={"stock_location": 99})
    assert bad.status_code == 400


def test_deleted_package_is_gone(sim, client):
    count = client.get(PACKAGES).json()["count"]
    assert client.delete("/_sim/packages/1001/").status_code == 200
    assert client.get(package_path(1001)).status_code == 404
    assert client.get(PACKAGES).json()["count"] == count - 1
    assert client.delete("/_sim/packages/1001/").status_code == 404


def test_applied_commands_log_over_http_lists_api_and_admin(sim, client):
    package = first_package(sim, "100")
    entry = command_for(package, "PKG_STATE_TRANSITION")
    client.post(package_path(package["id"], "command/"),
                json={"transition": entry["id"], "input_parameters": {}})
    sim.apply_command_as_other_station(package["id"], "COMPLETE_PACKAGING")
    body = client.get("/_sim/commands/").json()
    assert body["count"] == 2
    first, second = body["results"]
    assert (first["package_id"], first["transition"], first["slug"], first["via"]) == (
        package["id"], entry["id"], entry["slug"], "api")
    assert first["input_parameters"] == {}
    assert second["via"] == "admin" and second["seq"] == 2
    assert second["time"] > first["time"]
    assert client.delete("/_sim/commands/").json()["count"] == 0
    assert sim.applied_commands() == []


def test_reset_restores_the_generated_data(sim, client):
    original = client.get(package_path(1001)).content
    sim.apply_command_as_other_station(1001, sim.package(1001)["commands"][0]["id"])
    client.delete("/_sim/packages/1002/")
    client.put("/_sim/faults/", json={"rules": [{"kind": "error", "paths": ["/nothing/"]}]})
    summary = client.post("/_sim/reset/").json()
    assert summary["faults"]["rules"] == []
    assert client.get(package_path(1001)).content == original
    assert client.get(package_path(1002)).status_code == 200
    assert sim.applied_commands() == []


def test_summary_lists_locations_with_counts(sim, client):
    summary = client.get("/_sim/").json()
    counts = {row["id"]: row["packages"] for row in summary["stock_locations"]}
    assert counts == sim.stock_location_counts()
    assert counts[6] == 2 and counts[5] == 1
    assert summary["packages"] == sum(counts.values())
    assert summary["users"] == ["demo"]
