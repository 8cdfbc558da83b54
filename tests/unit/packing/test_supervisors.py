"""Supervisors (station.packing.supervisors) and the session's supervisor override: PINs
are stored as salted scrypt records, a wrong PIN is refused and audited by name only, and
adding a supervisor edits only the settings file's `supervisors` key."""

from __future__ import annotations

import json
import stat
import subprocess
import sys

import pytest

from station import outbox
from station.errors import UsageError
from station.packing.supervisors import (
    add_supervisor,
    find_supervisor,
    hash_pin,
    verify_pin,
)
from tests.unit.packing.test_session import queued, scans, session_for, store  # noqa: F401

COMPLETE = "COMPLETE_PACKAGING_WITHOUT_SHIPMENT"
PIN = "482916"


def test_a_pin_is_stored_as_a_salted_scrypt_record_never_in_clear():
    first, second = hash_pin(PIN), hash_pin(PIN)
    assert first.startswith("scrypt$") and PIN not in first
    assert first != second  # a random salt each time: equal PINs do not look equal
    assert verify_pin(first, PIN) and verify_pin(second, PIN)
    assert not verify_pin(first, "482917")
    assert not verify_pin("scrypt$1$2", PIN) and not verify_pin("", PIN)  # damaged: no match


def test_find_supervisor_matches_the_name_in_any_case_and_only_with_the_pin():
    supervisors = {"Ayşe Kaya": hash_pin(PIN), "Bob": hash_pin("1111")}
    assert find_supervisor(supervisors, "  ayşe kaya ", PIN) == "Ayşe Kaya"
    assert find_supervisor(supervisors, "Bob", PIN) is None  # someone else's PIN
    assert find_supervisor(supervisors, "Carol", PIN) is None
    assert find_supervisor({}, "Bob", "1111") is None


def settings_file(tmp_path, **extra):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"base_url": "https://oms.test", "username": "u",
                                "stock_location_id": 3, **extra}), encoding="utf-8")
    return path


def test_add_supervisor_keeps_the_other_settings_and_writes_only_a_hash(tmp_path):
    path = settings_file(tmp_path, packer="ann")
    assert add_supervisor(" Ayşe   Kaya ", PIN, path) == "Ayşe Kaya"
    add_supervisor("ayşe kaya", "7777", path)  # a new PIN for the same person
    add_supervisor("Bob", "1111", path)

    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["packer"] == "ann" and data["stock_location_id"] == 3
    assert sorted(data["supervisors"]) == ["Bob", "ayşe kaya"]
    assert verify_pin(data["supervisors"]["ayşe kaya"], "7777")
    assert PIN not in path.read_text(encoding="utf-8") and "7777" not in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(("name", "pin", "says"), [
    ("", PIN, "name is empty"), ("Bob", "12", "at least 4"), ("Bob", " 1234", "no spaces"),
])
def test_add_supervisor_refuses_bad_input_and_changes_nothing(tmp_path, name, pin, says):
    path = settings_file(tmp_path)
    before = path.read_text(encoding="utf-8")
    with pytest.raises(UsageError, match=says):
        add_supervisor(name, pin, path)
    assert path.read_text(encoding="utf-8") == before


def test_add_supervisor_needs_a_set_up_station(tmp_path):
    with pytest.raises(UsageError, match="set the station up first"):
        add_supervisor("Bob", PIN, tmp_path / "missing.json")
    assert not (tmp_path / "missing.json").exists()


# --- the session's override --------------------------------------------------------------


def overrides(store, action):  # noqa: F811 - `store` is the test_session fixture
    return [row for row in outbox.audit_trail(store) if row["action"] == action]


def test_override_with_the_right_pin_completes_and_audits_the_name(store):  # noqa: F811
    session = session_for(store, supervisors={"Ayşe": hash_pin(PIN)})
    scans(session, "P1", "SHIRT-M")

    outcome = session.override(COMPLETE, "ayşe", PIN)

    assert outcome.kind == "saved", outcome.message
    allowed = overrides(store, "override")
    assert [row["detail"]["override_by"] for row in allowed] == ["Ayşe"]
    assert allowed[0]["outbox_id"] == outcome.outbox_id
    assert PIN not in json.dumps(outbox.audit_trail(store))


def test_a_wrong_pin_is_refused_audited_by_name_and_saves_nothing(store):  # noqa: F811
    session = session_for(store, supervisors={"Ayşe": hash_pin(PIN)})
    scans(session, "P1", "SHIRT-M")

    outcome = session.override(COMPLETE, "Ayşe", "735193")

    assert outcome.kind == "error"
    assert outcome.message == "Override refused: wrong name or PIN for Ayşe. Nothing was saved."
    assert queued(store) == [] and overrides(store, "override") == []
    refused = overrides(store, "override_refused")
    assert [row["detail"]["supervisor"] for row in refused] == ["Ayşe"]
    assert refused[0]["package_id"] == 1 and refused[0]["packer"] == "ann"
    assert "735193" not in json.dumps(outbox.audit_trail(store))  # never the PIN
    assert session.package_id == 1  # the package stays open


def test_without_supervisors_an_override_is_refused_and_says_how_to_add_one(store):  # noqa: F811
    session = session_for(store)
    scans(session, "P1")
    outcome = session.override(COMPLETE, "anyone", "1234")
    assert outcome.kind == "error" and "packing-station supervisor add" in outcome.message
    assert queued(store) == [] and len(overrides(store, "override_refused")) == 1


# --- `packing-station supervisor add NAME` ---------------------------------------------------


def supervisor_cli(path, name, stdin):
    return subprocess.run([sys.executable, "-m", "station", "supervisor", "add", name,
                           "--settings", str(path)], input=stdin, capture_output=True,
                          text=True, timeout=60, check=False)


def test_the_cli_reads_the_pin_twice_from_stdin_and_stores_only_its_hash(tmp_path):
    path = settings_file(tmp_path)

    added = supervisor_cli(path, "Lead Packer", f"{PIN}\n{PIN}\n")

    assert added.returncode == 0, added.stderr
    assert "Lead Packer" in added.stdout and PIN not in added.stdout + added.stderr
    record = json.loads(path.read_text(encoding="utf-8"))["supervisors"]["Lead Packer"]
    assert verify_pin(record, PIN) and PIN not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("stdin", "says"), [
    (f"{PIN}\n482917\n", "the two PINs differ: nothing was changed"),
    ("", "no PIN on standard input"),
    ("12\n12\n", "at least 4"),
])
def test_the_cli_refuses_in_one_sentence_and_changes_nothing(tmp_path, stdin, says):
    path = settings_file(tmp_path)
    before = path.read_text(encoding="utf-8")
    refused = supervisor_cli(path, "Lead Packer", stdin)
    assert refused.returncode == 2
    assert refused.stderr.strip().startswith("packing-station supervisor: ")
    assert says in refused.stderr and "Traceback" not in refused.stderr
    assert path.read_text(encoding="utf-8") == before


def test_the_gui_settings_read_and_keep_what_the_command_wrote(tmp_path):
    from ui.settings import load_settings, save_settings

    path = settings_file(tmp_path, packer="ann")
    add_supervisor("Lead Packer", PIN, path)
    settings = load_settings(path)
    assert verify_pin(settings.supervisors["Lead Packer"], PIN)
    save_settings(settings, path)  # the GUI saving its settings keeps the supervisors
    assert load_settings(path).supervisors == settings.supervisors
