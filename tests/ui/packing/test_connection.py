"""The status bar tells the truth about OMS: the real Station against the in-process
simulator over HTTP. "Online" only after a request succeeded; a failing delivery
or an unreachable OMS says so (and a working sync does not hide failing
deliveries); plain http to another machine says "insecure connection"."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from station.oms.client import OmsClient
from station.oms.transport import RetryPolicy
from station.simulator import Simulator
from tests.ui.conftest import LOCATION, WORKER_THREADS, Keyboard
from tests.ui.packing.test_main_window import waiting_package
from ui.app import Station, build_station
from ui.feedback.sound import SoundPlayer

QUICK = RetryPolicy(attempts=1, total_timeout=5.0, wait_initial=0.0, wait_jitter=0.0)
ONLINE = "● Online"


def quick_client(sim: Simulator) -> OmsClient:
    return OmsClient(sim.url, username="demo", password="demo", retry=QUICK)


@pytest.fixture
def build(qapp, qtbot, db_path: Path) -> Iterator[Callable[..., Station]]:
    built: list[Station] = []

    def make(make_client: Callable[[], OmsClient] | None, *, start: bool = True,
             **options) -> Station:
        station = build_station(qapp, db_path, packer="tester", stock_location_id=LOCATION,
                                sync_interval=3600, make_client=make_client,
                                sound=SoundPlayer(audio_outputs=list), **options)
        built.append(station)
        station.window.resize(1280, 800)
        station.window.show()
        qtbot.waitExposed(station.window)
        if start:
            station.start()
        return station

    yield make
    for station in built:
        station.stop()
    left = {t.name for t in threading.enumerate() if t.is_alive()} & WORKER_THREADS
    assert not left, f"threads left running: {left}"


def bar(station: Station) -> str:
    """The connection text as the packer reads it (without the link's markup)."""
    return station.window.online_label.reading.text


def test_online_only_after_a_request_succeeded(build, qtbot, sim):
    station = build(lambda: quick_client(sim), start=False)
    assert "Online" not in bar(station)
    assert bar(station) == "○ Connecting…"
    station.start()
    qtbot.waitUntil(lambda: bar(station) == ONLINE, timeout=10_000)


def test_failing_deliveries_show_their_reason_even_while_sync_works(
        build, qtbot, sim, keyboard: Keyboard):
    station = build(lambda: quick_client(sim))
    qtbot.waitUntil(lambda: bar(station) == ONLINE, timeout=10_000)
    rule = {"kind": "error", "status": 503, "methods": ["POST"], "paths": ["/command/$"]}
    httpx.post(f"{sim.url}/_sim/faults", json=rule).raise_for_status()

    package = waiting_package(station)
    keyboard.scan(station.window, package["number"], "\r")  # Waiting → Preparing is sent
    qtbot.waitUntil(lambda: bar(station).startswith("● Delivery failing:"), timeout=10_000)
    assert "503" in station.window.online_label.toolTip()

    with qtbot.waitSignal(station.sync.synced, timeout=10_000):  # a sync that works …
        station.sync.sync_now()
    assert bar(station).startswith("● Delivery failing:")  # … does not hide it


def test_an_unreachable_oms_turns_the_bar_offline(build, qtbot, sim):
    station = build(lambda: quick_client(sim))
    qtbot.waitUntil(lambda: bar(station) == ONLINE, timeout=10_000)
    sim.stop()
    station.sync.sync_now()
    qtbot.waitUntil(lambda: bar(station) == "○ Offline — OMS not reachable", timeout=15_000)


def test_plain_http_to_another_machine_is_called_insecure(build, sim):
    # 192.0.2.0/24 is TEST-NET-1: never routed. The station is not started.
    far = build(lambda: OmsClient("http://192.0.2.10:8080", token="t" * 40,
                                  allow_insecure_http=True), start=False)
    assert far.window.insecure_label.isVisible()
    assert far.window.insecure_label.text() == "⚠ insecure connection"
    assert "http" in far.window.insecure_label.toolTip()
    far.stop()
    local = build(lambda: quick_client(sim), start=False)  # loopback: never leaves the machine
    assert not local.window.insecure_label.isVisible()
