"""The saved station settings reach the packing session and the sound player."""

from __future__ import annotations

from station.scanning.interpret import Code, interpret
from ui.app import _packing_config
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
