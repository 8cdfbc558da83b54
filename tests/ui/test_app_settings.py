"""The saved station settings reach the packing session and the sound player."""

from __future__ import annotations

import pytest

from station.scanning.interpret import Code, interpret
from ui.app.startup import _packing_config
from ui.settings import StationSettings


def test_settings_shape_the_packing_config():
    settings = StationSettings(base_url="http://127.0.0.1:1", username="u", stock_location_id=3,
                               scanner_prefix="#", scanner_suffix="$",
                               auto_start_preparing=False)
    config = _packing_config(settings)
    assert config.auto_start_preparing is False
    assert interpret("#8690000000017$", config.scanner) == Code("8690000000017")


def test_no_settings_means_defaults():
    config = _packing_config(None)
    assert config.auto_start_preparing is True
    assert interpret("#X1$", config.scanner) == Code("#X1$")


# The real sound player finds no audio device here; the offscreen plugin's size-hint
# note is ignored for every UI test (tests/ui/conftest.py), this marker replaces that one.
@pytest.mark.qt_log_ignore("PulseAudioService",
                           r"^This plugin does not support propagateSizeHints\(\)$")
def test_saved_barcode_attribute_keys_reach_every_connection(qapp, tmp_path):
    """The settings' keys are given to the window's store, which the database then
    remembers: the sync and delivery threads' own connections use them untold."""
    from station.store import open_store
    from ui.app import open_station
    from ui.settings import save_settings

    save_settings(StationSettings(base_url="", username="", stock_location_id=0,
                                  barcode_attribute_keys=["Barkod"]))
    station = open_station(qapp, ["--db", str(tmp_path / "station.db"), "--offline"])
    try:
        with open_store(tmp_path / "station.db") as other:
            assert other.barcode_attributes == {"barkod"}
    finally:
        station.stop()
