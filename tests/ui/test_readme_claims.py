"""Each README claim about the packing screen, one test each, named after the sentence.

README "Packing screen": "A package queue sorted by urgency (same-day first, overdue in
red)", "the open package with items grouped by product (thumbnail, …), gift and order
notes", "a "simulate scan" field for trying without a scanner", "a status bar (…, last
sync, pending / uncertain / conflict counts, …)", "Product images are cached on disk at
sync time"; "Scanner input and feedback": "distinct sounds".

Real widgets offscreen on a database synced from the in-process simulator
(tests/ui/conftest.make_station); widgets are found by the window's public attributes
(`queue_model`, `sync_label`, `outbox_label`, `scan_field`, `banner`, `panel.notes`,
`panel.items`, `panel.thumbnails`, `sound`, `last_outcome`), never by position or by
text a translation would change."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QImage

from station import outbox
from station.outbox import heads
from station.store import open_store
from station.sync.images import ImageCache, default_image_dir
from tests.ui.conftest import LOCATION, Keyboard, client_of
from tests.ui.feedback.test_sound import null_sink  # noqa: F401  (a fixture)
from tests.ui.packing.test_main_window import waiting_package
from ui.app import Station, build_station
from ui.feedback.sound import FEEDBACK_SOUNDS, SoundKind, SoundPlayer
from ui.packing.queue import DATE_COLUMN, QueueModel

REPO = Path(__file__).resolve().parents[2]
HUMAN_GAP_MS = 150  # a person typing: ScannerCapture leaves it to the focused field


def is_red(brush: Any) -> bool:
    """A reddish background (hue near 0°); the same-day yellow is not."""
    if not isinstance(brush, QBrush):
        return False
    color: QColor = brush.color()
    hue = color.hsvHue()
    return color.hsvSaturation() > 20 and (hue <= 15 or hue >= 340)


def live_packages(station: Station) -> list[tuple[int, str, str | None]]:
    return station.store.conn.execute(
        "SELECT id, number, target_packing_date FROM packages "
        "WHERE archived = 0 AND stock_location_id = ? ORDER BY id", (LOCATION,)).fetchall()


def package_with(station: Station, where: str) -> dict[str, Any]:
    row = station.store.conn.execute(
        "SELECT id, number, order_has_gift_box, order_gift_box_note, order_notes FROM packages "
        f"WHERE archived = 0 AND {where} ORDER BY id LIMIT 1").fetchone()
    if row is None:
        pytest.fail(f"the simulator made no package where {where}")
    return dict(zip(("id", "number", "gift", "gift_note", "order_notes"), row, strict=True))


def item_codes(station: Station, package_id: int) -> list[str]:
    rows = station.store.conn.execute(
        "SELECT coalesce(pr.barcode, pr.sku) FROM package_items i "
        "JOIN products pr ON pr.id = i.product_id WHERE i.package_id = ? ORDER BY i.id",
        (package_id,)).fetchall()
    return [code for (code,) in rows]


# --- "A package queue sorted by urgency (same-day first, overdue in red)" ---------------


def test_queue_shows_overdue_in_red(make_station):
    station = make_station()
    assert isinstance(station.window.queue.model(), QueueModel)
    targets = sorted(t for _, _, t in live_packages(station) if t)
    middle = dt.datetime.fromisoformat(targets[len(targets) // 2])
    # The window's model is built the same way, with the real clock (everything is
    # overdue against the simulator's 2024 anchor); here "now" splits the queue in two.
    model = QueueModel(station.store, stock_location_id=LOCATION, now=lambda: middle)
    overdue, on_time = 0, 0
    for row in range(model.rowCount()):
        record = model.row(row)
        late_cell = model.data(model.index(row, DATE_COLUMN), Qt.ItemDataRole.BackgroundRole)
        if record["overdue"]:
            overdue += 1
            assert is_red(late_cell), f"overdue row {record['cells'][0]} is not red"
        else:
            on_time += 1
            for column in range(model.columnCount()):
                background = model.data(model.index(row, column), Qt.ItemDataRole.BackgroundRole)
                assert not is_red(background), f"on-time row {record['cells'][0]} is red"
    assert overdue and on_time


def test_queue_shows_overdue_in_red_in_the_window(make_station):
    window = make_station().window  # the real clock: the simulator's dates are past
    model = window.queue_model
    assert model.rowCount() > 0
    backgrounds = [model.data(model.index(row, DATE_COLUMN), Qt.ItemDataRole.BackgroundRole)
                   for row in range(model.rowCount()) if model.row(row)["overdue"]]
    assert backgrounds and all(is_red(b) for b in backgrounds)


# --- "a status bar (… last sync, pending / uncertain / conflict counts …)" -----------


def test_status_bar_shows_uncertain_and_conflict_counts(make_station, qtbot):
    station = make_station()
    window, store = station.window, station.store
    now = dt.datetime.now(dt.UTC)
    first, second = live_packages(station)[:2]
    text_before = window.outbox_label.text()
    assert "uncertain" not in text_before and "conflict" not in text_before
    for _, number, _ in (first, second):
        window.handle_scan(number)  # opening a waiting package queues "start preparing"
        window.handle_scan("CMD:CANCEL")
    entries = [heads.head(store, package_id) for package_id, _, _ in (first, second)]
    assert all(entries), "opening did not queue a command"
    sending = heads.mark_sending(store, entries[0], now)
    heads.mark_retry_later(store, sending, now, status="uncertain", error="timed out",
                           next_attempt_at=now + dt.timedelta(hours=1))
    heads.mark_conflict(store, heads.mark_sending(store, entries[1], now), now,
                        message="package moved on")
    assert outbox.counts(store).get("uncertain") == 1
    assert outbox.counts(store).get("conflict") == 1

    window.refresh_status()  # what a delivery event makes the window do
    text = window.outbox_label.text()
    assert "1 uncertain" in text and "1 conflict" in text, text
    assert "1 uncertain" in window.outbox_label.toolTip()

    outbox.discard(store, entries[1].id, packer="tester")
    window.refresh_status()
    assert "conflict" not in window.outbox_label.text()


def test_status_bar_shows_last_sync_time(make_station, qtbot):
    station = make_station(online=True)
    window = station.window
    never = window.sync_label.text()
    assert station.sync is not None
    qtbot.waitUntil(lambda: window.sync_label.text() != never, timeout=30_000)
    shown = window.sync_label.text()
    now = dt.datetime.now()  # local time, as the packer reads it
    minutes = {(now - dt.timedelta(minutes=m)).strftime("%H:%M") for m in (0, 1)}
    assert any(stamp in shown for stamp in minutes), shown
    assert any(stamp in window.sync_label.toolTip() for stamp in minutes)


# --- "distinct sounds" (Scanner input and feedback) ------------------------------------


class RecordingPlayer(SoundPlayer):
    """A real SoundPlayer (no audio device here) that keeps the kinds it was asked for."""

    def __init__(self) -> None:
        super().__init__(audio_outputs=list)
        self.asked: list[str] = []

    def play(self, kind: SoundKind | str) -> bool:
        self.asked.append(str(kind))
        return super().play(kind)


def sounds_since(player: RecordingPlayer, start: int) -> list[SoundKind]:
    return [FEEDBACK_SOUNDS[k] for k in player.asked[start:] if k in FEEDBACK_SOUNDS]


def test_window_plays_the_sound_for_ok_wrong_and_complete(qapp, qtbot, db_path):
    player = RecordingPlayer()
    station = build_station(qapp, db_path, packer="tester", stock_location_id=LOCATION,
                            make_client=None, sound=player)
    try:
        window = station.window
        assert window.sound is player
        package = waiting_package(station)
        window.handle_scan(package["number"])
        assert sounds_since(player, 0) == [SoundKind.OK]
        codes = item_codes(station, package["id"])
        for code in codes[:-1]:
            start = len(player.asked)
            window.handle_scan(code)
            assert sounds_since(player, start) == [SoundKind.OK], window.last_outcome
        start = len(player.asked)
        window.handle_scan(codes[-1])
        assert window.last_outcome.kind == "complete"
        assert sounds_since(player, start) == [SoundKind.COMPLETE]
        start = len(player.asked)
        window.handle_scan("NOPE-404-CODE")
        assert sounds_since(player, start) == [SoundKind.ERROR]
    finally:
        station.stop()


WINDOW_SOUNDS_CHILD = """
import json, sys
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.app import build_station
from ui.feedback.sound import SoundPlayer

class Recording(SoundPlayer):
    def __init__(self):
        super().__init__()
        self.started = []
    def play(self, kind):
        started = super().play(kind)
        self.started.append([str(kind), started])
        return started

player = Recording()
loop = QEventLoop()
player.available_changed.connect(loop.quit)
QTimer.singleShot(10000, loop.quit)
if not player.available and not player.unavailable_reason:
    loop.exec()
station = build_station(app, sys.argv[1], packer="tester", stock_location_id=1,
                        make_client=None, sound=player)
for code in json.loads(sys.argv[2]):
    station.window.handle_scan(code)
QTimer.singleShot(600, loop.quit)  # let them play into the null sink
loop.exec()
station.stop()
print(json.dumps({"available": player.available, "reason": player.unavailable_reason,
                  "started": player.started}))
"""


def test_window_plays_sounds_on_a_real_audio_device(null_sink, db_path):  # noqa: F811
    # A child process: Qt Multimedia picks its audio backend once per process.
    with open_store(db_path) as store:
        package = waiting_package(SimpleNamespace(store=store))
        codes = [package["number"], *item_codes(SimpleNamespace(store=store), package["id"]),
                 "NOPE-404-CODE"]
    env = {**null_sink, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    child = subprocess.run(
        [sys.executable, "-c", WINDOW_SOUNDS_CHILD, str(db_path), json.dumps(codes)],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=90)
    assert child.returncode == 0, child.stderr
    report = json.loads(child.stdout.strip().splitlines()[-1])
    assert report["available"], report["reason"]
    played = [(FEEDBACK_SOUNDS[kind], started) for kind, started in report["started"]]
    assert played[0] == (SoundKind.OK, True)
    assert (SoundKind.COMPLETE, True) in played and played[-1] == (SoundKind.ERROR, True)


# --- "Product images are cached on disk at sync time" + thumbnails -------------------


def package_with_image(station: Station) -> str:
    """The number of a live package with a product that has an image URL."""
    number, = station.store.conn.execute(
        "SELECT p.number FROM packages p JOIN package_items i ON i.package_id = p.id "
        "JOIN products pr ON pr.id = i.product_id WHERE p.archived = 0 "
        "AND pr.image_urls != '[]' ORDER BY p.id LIMIT 1").fetchone()
    return number


def thumbnail_images(station: Station) -> list[QImage]:
    table = station.window.panel.items
    return [table.item(row, 0).data(Qt.ItemDataRole.DecorationRole).toImage()
            for row in range(table.rowCount())]


def test_thumbnails_redraw_when_the_sync_caches_images(qapp, qtbot, db_path, sim):
    station = build_station(qapp, db_path, packer="tester", stock_location_id=LOCATION,
                            sync_interval=3600, make_client=lambda: client_of(sim),
                            sound=SoundPlayer(audio_outputs=list))
    try:
        number = package_with_image(station)
        station.window.show()
        station.window.handle_scan(number)  # open before any image is on disk
        placeholder = station.window.panel.thumbnails.placeholder.toImage()
        assert thumbnail_images(station) and all(
            image == placeholder for image in thumbnail_images(station))
        assert station.sync is not None
        with qtbot.waitSignal(station.sync.images_cached, timeout=30_000):
            station.start()
        qtbot.waitUntil(lambda: any(image != placeholder
                                    for image in thumbnail_images(station)), timeout=5_000)
    finally:
        station.stop()


def test_thumbnails_redraw_when_images_arrive_without_a_sync_report(qapp, qtbot, db_path, sim):
    """Only the images signal (no `synced`): the open package's pictures still come."""
    station = build_station(qapp, db_path, packer="tester", stock_location_id=LOCATION,
                            sync_interval=3600, make_client=lambda: client_of(sim),
                            sound=SoundPlayer(audio_outputs=list))
    try:
        number = package_with_image(station)
        station.window.show()
        station.window.handle_scan(number)
        placeholder = station.window.panel.thumbnails.placeholder.toImage()
        assert all(image == placeholder for image in thumbnail_images(station))
        # What the sync thread does after a round: fetch into this OMS's image folder.
        with ImageCache(default_image_dir(sim.url), base_url=sim.url) as cache:
            report = cache.fetch_missing(station.store)
        assert report.fetched > 0
        assert station.sync is not None
        station.sync.images_cached.emit(report.as_dict())
        qtbot.waitUntil(lambda: any(image != placeholder
                                    for image in thumbnail_images(station)), timeout=5_000)
    finally:
        station.stop()


# --- "a "simulate scan" field for trying without a scanner" --------------------------


def test_simulate_scan_field_submits_a_scan(make_station, qtbot):
    station = make_station()
    window = station.window
    package = waiting_package(station)
    window.scan_field.setFocus()
    qtbot.waitUntil(window.scan_field.hasFocus, timeout=2000)
    before = window.last_outcome
    keyboard = Keyboard()
    keyboard.type(window.scan_field, package["number"], HUMAN_GAP_MS)  # a person typing
    # ScannerCapture holds the newest key until it knows it was not a scanner burst.
    qtbot.waitUntil(lambda: window.scan_field.text() == package["number"], timeout=2000)
    assert window.last_outcome is before  # nothing runs before Enter
    keyboard.key(window.scan_field, Qt.Key.Key_Return, "\r", after_ms=HUMAN_GAP_MS)
    qtbot.waitUntil(lambda: window.last_outcome is not before, timeout=2000)
    assert window.last_outcome.kind == "ok"
    assert window.session.view is not None and window.session.view.number == package["number"]
    assert window.scan_field.text() == ""  # ready for the next code


# --- "gift and order notes" ---------------------------------------------------------


def test_notes_panel_shows_gift_and_order_notes_and_hides_without(make_station, qtbot):
    station = make_station()
    window = station.window
    notes = window.panel.notes
    gift = package_with(station, "order_has_gift_box = 1 AND order_gift_box_note != ''")
    noted = package_with(station, "order_notes != ''")
    plain = package_with(station, "coalesce(order_has_gift_box, 0) = 0 "
                                  "AND coalesce(order_notes, '') = '' "
                                  "AND coalesce(is_click_and_collect, 0) = 0")
    for package, note in ((gift, gift["gift_note"]), (noted, noted["order_notes"])):
        window.handle_scan(package["number"])
        assert window.session.view is not None
        assert window.session.view.number == package["number"]
        assert notes.isVisible(), f"no notes shown for package {package['number']}"
        assert note in notes.text()
        window.handle_scan("CMD:CANCEL")
        assert not notes.isVisible()  # no package open: no notes
    window.handle_scan(plain["number"])
    assert window.session.view is not None and window.session.view.number == plain["number"]
    assert not notes.isVisible()
