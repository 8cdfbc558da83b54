"""OMS state names and command labels in the packer's language (station.oms.translations)."""

from __future__ import annotations

import json

from station.oms.translations import label_for, language_matches

PREPARING = {"id": 37, "name": "Preparing",
             "translations": {"en-us": {"name": "Preparing"}, "tr-tr": {"name": "Hazırlanıyor"}}}
COMMAND = {"id": 9, "label": "Paketlemeyi Tamamla", "command_type": "COMPLETE_PACKAGING",
           "translations": {"en-us": {"label": "Complete packaging"},
                            "tr-tr": {"label": "Paketlemeyi Tamamla"}}}


def test_a_state_name_in_the_packers_language():
    assert label_for(PREPARING, "tr") == "Hazırlanıyor"
    assert label_for(PREPARING, "en") == "Preparing"
    assert label_for(PREPARING, "tr_TR") == "Hazırlanıyor"


def test_a_command_label_from_its_translations():
    assert label_for(COMMAND, "en", field="label") == "Complete packaging"
    assert label_for(COMMAND, "tr", field="label") == "Paketlemeyi Tamamla"


def test_the_cache_keeps_translations_as_json_text():
    cached = {**PREPARING, "translations": json.dumps(PREPARING["translations"])}
    assert label_for(cached, "tr") == "Hazırlanıyor"


def test_without_a_translation_the_own_name_then_the_fallback():
    seed_state = {"id": 35, "name": "Waiting", "translations": None}
    assert label_for(seed_state, "tr") == "Waiting"
    assert label_for({"id": 1, "translations": "not json"}, "tr", "state 1") == "state 1"
    assert label_for(None, "tr", "state 2") == "state 2"
    assert label_for({"translations": {"tr-tr": {"name": ""}}, "name": "X"}, "tr") == "X"


def test_language_tags_match_by_their_first_part():
    assert language_matches("tr-tr", "tr")
    assert language_matches("EN-US", "en")
    assert not language_matches("en-us", "tr")
    assert not language_matches("tr-tr", "")
