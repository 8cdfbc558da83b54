"""View ▸ Package queue is remembered: the settings file's `queue_visible` (true by
default; anything but true/false is one sentence) is how the next start shows the
queue panel, and showing or hiding it saves the file at once.

The station is opened the way `packing-station --offline` opens it (`ui.app.open_station`
on the test QApplication), with the user folders in this test's temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends.null import Keyring

from ui import app as ui_app
from ui.credentials import TokenStore
from ui.settings import (
    SettingsError,
    StationSettings,
    default_settings_path,
    load_settings,
    save_settings,
)

# open_station makes a real SoundPlayer: with no PulseAudio server here Qt says so once
# per process (as in test_app_main); the offscreen plugin's warning as tests/ui/conftest.
QT_NOISE = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints\(\)$",
                                     r"^PulseAudioService: ")
BASE = {"base_url": "http://127.0.0.1:1", "username": "demo", "stock_location_id": 1}


def test_queue_visible_defaults_to_shown_and_round_trips():
    assert StationSettings.from_json(BASE).queue_visible is True
    hidden = StationSettings.from_json({**BASE, "queue_visible": False})
    assert hidden.queue_visible is False
    assert StationSettings.from_json(hidden.to_json()) == hidden


@pytest.mark.parametrize("bad", ["no", 0, None])
def test_a_queue_visible_other_than_true_or_false_is_one_sentence(bad):
    with pytest.raises(SettingsError) as raised:
        StationSettings.from_json({**BASE, "queue_visible": bad})
    assert str(raised.value) == "settings file: queue_visible must be true or false"


@pytest.fixture
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """platformdirs' folders (the settings file among them) in this test's folder."""
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.delenv("PACKING_STATION_TOKEN", raising=False)
    return tmp_path


@pytest.fixture
def start(qapp, user_dirs: Path) -> Iterator:
    """Opens the station as `--offline` does; stops every one opened at the end."""
    opened: list[ui_app.Station] = []

    def open_one() -> ui_app.Station:
        if opened:
            opened.pop().stop()  # one station per database at a time (its lock)
        station = ui_app.open_station(qapp, ["--offline", "--db",
                                             str(user_dirs / "station.db")],
                                      tokens=TokenStore(Keyring()))
        opened.append(station)
        return station

    yield open_one
    for station in opened:
        station.stop()


def saved_queue_visible() -> bool:
    settings = load_settings()
    assert settings is not None
    return settings.queue_visible


@QT_NOISE
def test_the_queue_panel_opens_as_it_was_left(qtbot, start):
    save_settings(StationSettings(**BASE, packer="ayse", queue_visible=False))
    window = start().window
    assert not window.queue_action.isChecked()
    assert not window.queue_panel.isVisibleTo(window)
    window.queue_action.trigger()  # View ▸ Package queue: shown again …
    assert window.queue_panel.isVisibleTo(window)
    assert saved_queue_visible() is True  # … and saved at once
    assert load_settings() == StationSettings(**BASE, packer="ayse")  # nothing else changed
    window = start().window  # the next start
    assert window.queue_action.isChecked()
    assert window.queue_panel.isVisibleTo(window)
    window.queue_action.trigger()  # hidden: the start after that opens it hidden
    assert saved_queue_visible() is False
    window = start().window
    assert not window.queue_panel.isVisibleTo(window)


@QT_NOISE
def test_a_station_never_set_up_writes_no_settings_file(qtbot, start):
    window = start().window
    assert window.queue_panel.isVisibleTo(window)  # the default: shown
    window.queue_action.trigger()
    assert not window.queue_panel.isVisibleTo(window)
    assert not default_settings_path().exists()  # a blank file would skip the set-up
