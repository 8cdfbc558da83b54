"""Station ▸ Go offline never waits for OMS on the UI thread: with the simulator holding
every request for 20 s, the menu action returns to the event loop within 50 ms, and Go
online afterwards goes on with the one sync thread there is (never a second one)."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QTimer

from station.simulator.faults import FaultRule

HELD_MS = 20_000
BUDGET_S = 0.050


def sync_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "gui-sync" and t.is_alive()]


def back_in_event_loop_after(qtbot, action) -> float:
    """Seconds from triggering `action` to the event loop running a zero timer again."""
    started = time.perf_counter()
    returned: list[float] = []
    QTimer.singleShot(0, lambda: returned.append(time.perf_counter()))
    action.trigger()
    qtbot.waitUntil(lambda: bool(returned), timeout=5_000)
    return returned[0] - started


def test_go_offline_returns_at_once_while_oms_holds_requests(make_station, sim, qtbot):
    sim.add_fault(FaultRule("latency", latency_ms=HELD_MS))
    station = make_station(online=True)
    window = station.window
    assert station.sync is not None and station.delivery is not None
    qtbot.waitUntil(lambda: station.sync.in_flight, timeout=5_000)
    qtbot.wait(300)  # the round's first request is on the wire, held for 20 s
    assert len(sync_threads()) == 1

    offline_s = back_in_event_loop_after(qtbot, window.offline_action)
    assert window.offline_by_choice
    assert offline_s <= BUDGET_S, f"Go offline took {offline_s * 1000:.0f} ms"
    assert station.sync.in_flight  # the held request goes on in its thread: not joined

    online_s = back_in_event_loop_after(qtbot, window.offline_action)
    assert not window.offline_by_choice
    assert online_s <= BUDGET_S, f"Go online took {online_s * 1000:.0f} ms"
    qtbot.wait(300)  # let anything Go online could have started get going
    assert len(sync_threads()) == 1
    assert station.sync.running and station.delivery.running

    sim.stop()  # wakes the held requests (they fail): the sync round ends, not stopped
    qtbot.waitUntil(lambda: not station.sync.in_flight, timeout=10_000)
    assert len(sync_threads()) == 1
    assert station.sync.running  # the cancelled stop left it syncing


def test_go_offline_then_stopped_is_reported_when_the_round_ends(make_station, sim, qtbot):
    sim.add_fault(FaultRule("latency", latency_ms=HELD_MS))
    station = make_station(online=True)
    assert station.sync is not None
    qtbot.waitUntil(lambda: station.sync.in_flight, timeout=5_000)
    qtbot.wait(300)  # the round's first request is on the wire, held for 20 s
    stopped: list[bool] = []
    station.sync.stopped.connect(lambda: stopped.append(True))
    station.window.offline_action.trigger()
    qtbot.wait(100)
    assert not stopped  # a request is still held: stopping is only a request so far
    sim.stop()
    qtbot.waitUntil(lambda: bool(stopped), timeout=10_000)
    assert not station.sync.running and not station.sync.in_flight


def dispatchers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "outbox-dispatcher" and t.is_alive()]


def test_go_offline_with_a_command_in_flight_then_online_restarts_delivery_once(
        make_station, sim, qtbot, keyboard):
    station = make_station(online=True)
    window = station.window
    assert station.delivery is not None
    qtbot.waitUntil(lambda: "Online" in window.online_label.text(), timeout=10_000)
    sim.add_fault(FaultRule("latency", latency_ms=HELD_MS, methods=("POST",)))
    number = station.store.conn.execute(
        "SELECT number FROM packages WHERE archived = 0 AND state_enum = '100' LIMIT 1"
    ).fetchone()[0]
    keyboard.scan(window, number, "\r")  # Waiting → Preparing: queued, its POST is held
    qtbot.waitUntil(lambda: station.delivery.worker.status.in_flight == 1, timeout=10_000)
    qtbot.wait(300)  # handed to a delivery thread: its POST is on the wire, held

    offline_s = back_in_event_loop_after(qtbot, window.offline_action)
    assert offline_s <= BUDGET_S, f"Go offline took {offline_s * 1000:.0f} ms"
    assert station.delivery.worker.running  # still finishing its POST: not joined
    online_s = back_in_event_loop_after(qtbot, window.offline_action)
    assert online_s <= BUDGET_S, f"Go online took {online_s * 1000:.0f} ms"
    assert len(dispatchers()) == 1  # the old one still ends; no second one meanwhile

    with qtbot.waitSignal(station.delivery.stopped, timeout=15_000):
        sim.stop()  # the held POST ends, so does the stopped worker: `stopped`
    qtbot.waitUntil(lambda: station.delivery.worker.running, timeout=5_000)  # started again
    assert len(dispatchers()) == 1
