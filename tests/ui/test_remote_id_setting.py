"""The settings file's `uses_remote_id` turns CMD:REMOTE_ID on at the bench (off by
default); a value that is not true/false is one clear sentence, never a traceback."""

from __future__ import annotations

import pytest

from ui.app.startup import _packing_config
from ui.settings import SettingsError, StationSettings

BASE = {"base_url": "http://127.0.0.1:1", "username": "demo", "stock_location_id": 1}


def test_uses_remote_id_is_read_from_the_file_and_reaches_the_packing_config():
    settings = StationSettings.from_json({**BASE, "uses_remote_id": True})
    assert settings.uses_remote_id is True
    assert StationSettings.from_json(settings.to_json()) == settings
    assert _packing_config(settings).uses_remote_id is True


def test_without_the_key_the_installation_does_not_use_remote_ids():
    assert StationSettings.from_json(BASE).uses_remote_id is False
    assert _packing_config(StationSettings.from_json(BASE)).uses_remote_id is False
    assert _packing_config(None).uses_remote_id is False


@pytest.mark.parametrize("bad", ["yes", 1, None])
def test_a_value_other_than_true_or_false_is_one_sentence(bad):
    with pytest.raises(SettingsError, match="uses_remote_id must be true or false"):
        StationSettings.from_json({**BASE, "uses_remote_id": bad})
