"""The settings file carries the catalogue's rule overrides and the invoice pattern;
a bad value is one clear sentence (SettingsError), never a traceback at start-up."""

from __future__ import annotations

import pytest

from ui.settings import SettingsError, StationSettings

BASE = {"base_url": "http://127.0.0.1:1", "username": "demo", "stock_location_id": 1}


def test_rules_and_pattern_are_read_from_the_settings_file():
    settings = StationSettings.from_json({
        **BASE, "command_rules": {"defective": {"words": ["hasarl"]}},
        "invoice_pattern": r"INV-\d+"})
    assert settings.command_rules == {"defective": {"words": ["hasarl"]}}
    assert settings.invoice_pattern == r"INV-\d+"
    assert StationSettings.from_json(settings.to_json()) == settings


@pytest.mark.parametrize("bad", [{"command_rules": {"teleport": {}}},
                                 {"command_rules": {"refuse": {"words": "x"}}},
                                 {"invoice_pattern": "INV-("}])
def test_bad_rules_or_pattern_are_one_sentence(bad):
    with pytest.raises(SettingsError, match="settings file: "):
        StationSettings.from_json({**BASE, **bad})
