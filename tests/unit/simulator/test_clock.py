"""Every time the simulator writes comes from `SimulatorConfig.clock`: advancing a fake
clock expires tokens and moves modified dates, transition-log dates, the applied-commands
log and invoice dates; nothing reads the wall clock."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from station.oms.profile import DEFAULT_PROFILE
from station.simulator import Faults, Simulator, SimulatorConfig

ANCHOR = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
PACKAGES = DEFAULT_PROFILE.packages_path


class FakeClock:
    def __init__(self) -> None:
        self.current = ANCHOR + dt.timedelta(days=3)

    def now(self) -> dt.datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sim(clock):
    config = SimulatorConfig(packages=10, locations=1, seed=3, anchor=ANCHOR,
                             clock=clock.now, include_seed_packages=False)
    simulator = Simulator(config).start(in_process=True)
    yield simulator
    simulator.stop()


@pytest.fixture
def http(sim):
    with httpx.Client(base_url=sim.url, transport=sim.transport()) as client:
        client.headers["Authorization"] = f"Token {sim.login()}"
        yield client


def waiting_package(sim: Simulator) -> int:
    return next(pk for pk in sim.package_ids()
                if sim.package(pk)["state"]["name"] == "Waiting")


def parse(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def test_tokens_expire_after_seconds_of_the_injected_clock(sim, clock, http):
    sim.faults = Faults(token_ttl_seconds=60)
    http.headers["Authorization"] = f"Token {sim.login()}"
    assert http.get(PACKAGES).status_code == 200
    clock.advance(59)
    assert http.get(PACKAGES).status_code == 200
    clock.advance(1)
    expired = http.get(PACKAGES)
    assert (expired.status_code, expired.json()) == (401, {"detail": "Invalid token."})


def test_a_command_stamps_package_log_and_applied_log_with_the_clock(sim, clock, http):
    pk = waiting_package(sim)
    clock.advance(3600)
    applied_at = clock.now()
    answer = http.post(f"{PACKAGES}{pk}/command/", json={"transition": 1,
                                                        "input_parameters": {}})
    assert answer.status_code in (200, 204), answer.text
    package = sim.package(pk)
    assert parse(package["modified_date"]) == applied_at
    assert parse(sim.transition_logs(pk)[-1]["created_date"]) == applied_at
    assert parse(sim.applied_commands()[-1].time) == applied_at
    assert {parse(item["modified_date"]) for item in package["packageitem_set"]
            if str(item["state"]["enum_value"]) != "600"} == {applied_at}


def test_modified_date_follows_the_clock_for_admin_changes_and_fields(sim, clock, http):
    pk = waiting_package(sim)
    clock.advance(10)
    sim.move_package(pk, next(iter(sim.store.locations)))
    assert parse(sim.package(pk)["modified_date"]) == clock.now()
    clock.advance(25)
    sim.apply_command_as_other_station(pk, "PKG_STATE_TRANSITION")
    assert parse(sim.package(pk)["modified_date"]) == clock.now()
    assert parse(sim.applied_commands()[-1].time) == clock.now()
    clock.advance(5)
    answer = http.post(f"{PACKAGES}{pk}/set_invoice_number/", json={"invoice_number": "I-1"})
    assert answer.status_code in (200, 204), answer.text
    assert parse(sim.package(pk)["modified_date"]) == clock.now()


def test_modified_since_filter_sees_what_changed_after_a_clock_time(sim, clock, http):
    pk = waiting_package(sim)
    clock.advance(60)
    since = clock.now()
    sim.apply_command_as_other_station(pk, "PKG_STATE_TRANSITION")
    rows = http.get(PACKAGES, params={"modified_date__gte": since.isoformat()}).json()
    assert [row["id"] for row in rows["results"]] == [pk]


def test_stamps_never_go_back_when_the_clock_does(sim, clock):
    """Two changes in the same instant (or with the clock set back) still get strictly
    increasing modified dates, so `modified_date__gte` misses neither."""
    first, second = [pk for pk in sim.package_ids()
                     if sim.package(pk)["state"]["name"] == "Waiting"][:2]
    sim.apply_command_as_other_station(first, "PKG_STATE_TRANSITION")
    clock.advance(-30)
    sim.apply_command_as_other_station(second, "PKG_STATE_TRANSITION")
    assert parse(sim.package(second)["modified_date"]) > parse(sim.package(first)["modified_date"])


def test_generated_dates_are_anchored_not_taken_from_the_clock(clock):
    """Without an anchor the data is generated around the clock's hour, not the wall's."""
    clock.current = dt.datetime(2030, 1, 2, 3, 45, tzinfo=dt.UTC)
    with Simulator(SimulatorConfig(packages=5, locations=1, clock=clock.now,
                                   include_seed_packages=False)).start(in_process=True) as sim:
        dates = [parse(sim.package(pk)["modified_date"]) for pk in sim.package_ids()]
    assert all(dt.datetime(2029, 12, 1, tzinfo=dt.UTC) < d <= clock.now() for d in dates)
