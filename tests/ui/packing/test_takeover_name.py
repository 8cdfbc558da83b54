"""A package another station is packing opens read-only, and — online — the banner names
who moved it there, as OMS's transition logs say (fetched off the UI thread)."""

from __future__ import annotations

from tests.ui.conftest import LOCATION
from tests.ui.packing.test_main_window import scan


def test_the_takeover_question_names_who_is_packing(make_station, keyboard, qtbot, sim):
    station = make_station(online=True)
    package = next(sim.package(pk) for pk in sim.package_ids(LOCATION)
                   if pk > 1000 and sim.package(pk)["state"]["enum_value"] == "100")
    sim.apply_command_as_other_station(package["id"], "PKG_STATE_TRANSITION",
                                       user={"id": 7, "username": "ayse"})
    assert sim.package(package["id"])["state"]["enum_value"] == "200"
    with qtbot.waitSignal(station.sync.synced, timeout=15_000):
        station.sync.sync_now()
    scan(keyboard, qtbot, station, package["number"])
    assert station.window.last_outcome.kind == "choose"  # read-only until taken over
    qtbot.waitUntil(lambda: "being packed by ayse since" in station.window.banner.message,
                    timeout=10_000)
    assert "CMD:OK" in station.window.banner.message
