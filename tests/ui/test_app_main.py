"""`ui.app.main` as the console script runs it, in-process on the test QApplication, with
the user folders (settings file, database, log) in a temporary folder:

* no settings file: the first-run set-up dialog is shown (cancelled: the station opens
  on its cache and saves nothing);
* a saved settings file for a running simulator and the token in the keyring: the
  packing window opens signed in on that stock location, with the saved packer, place
  and font size.

The open windows are found with `QApplication.topLevelWidgets()` by class; the window's
public attributes read are `session.packer`, `sync_label`, `online_label`,
`queue_model`, `place`; the dialog is `ui.setup.first_run.SetupDialog`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from station.oms.client import OmsClient
from station.simulator import Simulator, SimulatorConfig
from tests.ui.setup.test_first_run import MemoryKeyring
from ui import app as ui_app
from ui.credentials import TokenStore
from ui.packing import MainWindow
from ui.settings import StationSettings, default_settings_path, save_settings
from ui.setup.first_run import SetupDialog

LOCATION = 2  # not the first one: the window must open on the saved one
PLACE = "Second store"
WAIT_S = 30
# main() makes a real SoundPlayer: listing audio devices, Qt says once per process that
# there is no PulseAudio server here (ui.feedback.sound's docstring). One marker with
# tests/ui/conftest's pattern too: pytest-qt reads only the closest one.
QT_NOISE = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$",
                                     r"^PulseAudioService: ")


@pytest.fixture
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """platformdirs' folders, read at each call, point into this test's folder."""
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.delenv("PACKING_STATION_TOKEN", raising=False)
    return tmp_path


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def app_font(qapp: QApplication) -> Iterator[None]:
    """main() sets the application's font (saved size): later tests get theirs back."""
    font = qapp.font()
    yield
    qapp.setFont(font)


def run_main(argv: list[str], watch: Callable[[list[QWidget]], bool]) -> int:
    """`ui.app.main(argv)`, with `watch(top-level widgets)` called every 50 ms while it
    runs (modal dialogs included); it returns True to make the program quit."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    timer = QTimer()
    started = [0]

    def tick() -> None:
        started[0] += 1
        widgets = [w for w in app.topLevelWidgets() if w.isVisible()]
        if watch(widgets) or started[0] * 50 > WAIT_S * 1000:
            timer.stop()
            app.quit()

    timer.timeout.connect(tick)
    timer.start(50)
    # Closing the last window would post a Quit that ends whichever event loop runs
    # next: a later test's qtbot.waitSignal. One program per process, not per test.
    app.setQuitOnLastWindowClosed(False)
    try:
        return ui_app.main(argv)
    finally:
        timer.stop()
        QApplication.processEvents()  # what is still posted runs here, outside any loop
        app.setQuitOnLastWindowClosed(True)


@QT_NOISE
def test_first_run_offers_the_setup_dialog(qapp, app_font, user_dirs, memory_keyring, capsys):
    assert not default_settings_path().exists()
    seen: dict[str, Any] = {}

    def watch(widgets: list[QWidget]) -> bool:
        dialog = next((w for w in widgets if isinstance(w, SetupDialog)), None)
        if dialog is not None and "dialog" not in seen:
            seen["dialog"] = dialog.windowTitle()
            dialog.reject()  # the packer cancels: the station opens on its cache
        return False  # --exit-when-ready quits once the window is up

    status = run_main(["--db", str(user_dirs / "station.db"), "--exit-when-ready"], watch)
    assert status == 0
    assert "dialog" in seen, "no first-run dialog was shown"
    assert capsys.readouterr().out.splitlines()[-1] == "ready"  # the window came up
    assert not default_settings_path().exists()  # cancelled: nothing saved


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(SimulatorConfig(packages=30, seed=2, locations=2)) as sim:
        yield sim


@QT_NOISE
def test_saved_settings_open_the_station_on_its_stock_location(
        qapp, app_font, user_dirs, memory_keyring, sim):
    with OmsClient(sim.url, username="demo", password="demo") as client:
        client.login()
        token = client.token
    assert token
    save_settings(StationSettings(base_url=sim.url, username="demo",
                                  stock_location_id=LOCATION, stock_location_name=PLACE,
                                  packer="ayse", font_size=19))
    TokenStore().save(sim.url, "demo", token)
    db = user_dirs / "station.db"
    seen: dict[str, Any] = {}

    def watch(widgets: list[QWidget]) -> bool:
        assert not any(isinstance(w, SetupDialog) for w in widgets), "set-up asked again"
        window = next((w for w in widgets if isinstance(w, MainWindow)), None)
        if window is None:
            return False
        seen.setdefault("never", window.sync_label.text())
        if window.sync_label.text() == seen["never"]:
            return False  # until the first sync is shown
        seen.update(packer=window.session.packer, points=window.font().pointSize(),
                    title=window.windowTitle(), place=window.place,
                    online=window.online_label.text(), rows=window.queue_model.rowCount())
        return True

    assert run_main(["--db", str(db)], watch) == 0
    assert "packer" in seen, f"the window did not sync within {WAIT_S} s: {seen}"
    assert seen["packer"] == "ayse" and "ayse" in seen["title"]
    assert seen["place"] == PLACE and PLACE in seen["title"]
    assert seen["points"] == 19
    assert "Online" in seen["online"], seen["online"]  # the keyring's token was used
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        locations = {loc for (loc,) in conn.execute(
            "SELECT DISTINCT stock_location_id FROM packages")}
        live = conn.execute("SELECT count(*) FROM packages WHERE archived = 0 "
                            "AND stock_location_id = ?", (LOCATION,)).fetchone()[0]
    assert locations == {LOCATION}  # the saved stock location, and only it
    assert seen["rows"] == live > 0


def test_application_font_is_a_text_font_with_emoji_after_it(qapp, app_font):
    """The emoji fallback must not become the font: with a base family that is only a
    fontconfig alias ("Sans Serif" offscreen), Qt would skip it and draw every letter
    and digit with the colour-emoji font (tiny digits, wide spaces)."""
    from PySide6.QtGui import QFont, QFontInfo

    from ui.i18n import emoji_fallback

    font = emoji_fallback(QFont("Sans Serif", 14))
    assert "Emoji" not in QFontInfo(font).family(), font.families()
    assert any("Emoji" in family for family in font.families())  # still there, after
    assert "Emoji" not in QFontInfo(ui_app.application().font()).family()
