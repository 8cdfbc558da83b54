"""Station ▸ Settings… on a real running station: the dialog opened from the menu,
OK writes the settings file and the running capture, sound, font and session change
at once; what needs a restart says so; Cancel changes nothing; Sign out forgets the
token in the keyring. Real widgets offscreen, a real simulator, real files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from PySide6.QtWidgets import QApplication

from station.oms.models import StockLocation
from station.packing.supervisors import verify_pin
from tests.ui.conftest import LOCATION
from ui.credentials import SERVICE, TokenStore, token_key
from ui.settings import (
    SettingsError,
    StationSettings,
    load_settings,
    restart_needed,
    save_settings,
)
from ui.setup.apply import SettingsLink, attach_settings
from ui.setup.settings_dialog import TABS, SettingsDialog

SHOTS = Path("/tmp/shots")
USER = "demo"


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring backend: what the OS keyring would hold."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


@pytest.fixture(autouse=True)
def keep_app_font(qapp) -> Iterator[None]:
    font = qapp.font()
    yield
    qapp.setFont(font)  # the font-size setting changes the application's font


@pytest.fixture
def backend() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


def saved_settings(sim_url: str, settings_path: Path) -> StationSettings:
    settings = StationSettings(base_url=sim_url, username=USER, stock_location_id=LOCATION,
                               stock_location_name="Kadıköy Store", packer="tester")
    save_settings(settings, settings_path)
    return settings


@pytest.fixture
def linked(make_station, sim, settings_path, backend) -> Iterator[SettingsLink]:
    station = make_station(online=True)
    settings = saved_settings(sim.url, settings_path)
    TokenStore(backend).save(sim.url, USER, "token-123")
    link = attach_settings(station, settings, tokens=TokenStore(backend),
                           settings_path=settings_path)
    yield link
    if link.dialog is not None:  # a window-modal dialog left open would block later tests
        link.dialog.reject()


def open_from_menu(qtbot, link: SettingsLink) -> SettingsDialog:
    link.station.window.settings_action.trigger()
    dialog = link.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitExposed(dialog)
    return dialog


def test_ok_saves_every_tab_and_applies_without_restart(qtbot, linked, settings_path):
    dialog = open_from_menu(qtbot, linked)
    station = linked.station
    dialog.suffix_combo.setCurrentIndex(dialog.suffix_combo.findData("\t"))
    dialog.gap_spin.setValue(55)
    dialog.volume_slider.setValue(30)
    dialog.font_spin.setValue(21)
    dialog.supervisor_name_edit.setText("Ayşe Yılmaz")
    dialog.pin_edit.setText("4821")
    dialog.pin_again_edit.setText("4821")
    dialog.add_supervisor_button.click()
    dialog.attribute_keys_edit.setText("ean13, supplier_code")
    dialog.destination_edits["slip"].setText(f"folder:{settings_path.parent / 'slips'}")
    assert "barcode attribute keys" in dialog.restart_label.text()
    dialog.ok_button.click()

    assert not dialog.isVisible()
    data = json.loads(settings_path.read_text(encoding="utf-8"))
    assert data["scanner_suffix"] == "\t" and data["scanner_max_key_gap_ms"] == 55
    assert data["sound_volume"] == 0.3 and data["font_size"] == 21
    assert data["barcode_attribute_keys"] == ["ean13", "supplier_code"]
    assert verify_pin(data["supervisors"]["Ayşe Yılmaz"], "4821")
    assert data["printing"]["destinations"]["slip"].startswith("folder:")
    # The running station, without a restart:
    assert station.capture.settings.max_key_gap_ms == 55
    assert station.window.session.config.scanner.suffix == "\t"
    assert station.window.sound.volume == pytest.approx(0.3)
    assert QApplication.instance().font().pointSize() == 21
    assert station.window.font().pointSize() == 21
    assert "Ayşe Yılmaz" in station.window.session.config.supervisors
    assert station.printing.settings.destination_for("slip").startswith("folder:")
    # What waits for a restart is said on the screen.
    assert "Restart the station" in station.window.banner.message
    assert "barcode attribute keys" in station.window.banner.message


def test_removing_a_supervisor_reaches_the_session(qtbot, linked, settings_path):
    dialog = open_from_menu(qtbot, linked)
    dialog.supervisor_name_edit.setText("Mehmet")
    dialog.pin_edit.setText("9999")
    dialog.pin_again_edit.setText("9999")
    dialog.add_supervisor_button.click()
    dialog.ok_button.click()
    assert "Mehmet" in linked.station.window.session.config.supervisors
    dialog = open_from_menu(qtbot, linked)
    dialog.supervisor_list.setCurrentRow(0)
    dialog.remove_supervisor_button.click()
    dialog.ok_button.click()
    assert load_settings(settings_path).supervisors == {}
    assert "Mehmet" not in linked.station.window.session.config.supervisors


OFFSCREEN_LIMITS = pytest.mark.qt_log_ignore(
    r"^This plugin does not support raise\(\)$",
    r"^This plugin does not support propagateSizeHints\(\)$")  # as tests/ui/conftest.py


@OFFSCREEN_LIMITS
def test_one_settings_dialog_at_a_time(qtbot, linked):
    dialog = open_from_menu(qtbot, linked)
    linked.station.window.settings_action.trigger()  # again: the open one is raised
    assert linked.dialog is dialog
    dialog.reject()
    assert linked.dialog is None
    assert open_from_menu(qtbot, linked) is not dialog  # a fresh one, from the saved file


def test_pins_that_differ_add_no_supervisor(qtbot, linked):
    dialog = open_from_menu(qtbot, linked)
    dialog.supervisor_name_edit.setText("Mehmet")
    dialog.pin_edit.setText("1234")
    dialog.pin_again_edit.setText("1243")
    dialog.add_supervisor_button.click()
    assert dialog.status_label.text() == "The two PINs differ: type the same PIN twice."
    assert dialog.supervisor_list.count() == 0
    assert dialog.supervisor_name_edit.text() == "Mehmet"  # nothing typed is lost


def test_cancel_changes_nothing(qtbot, linked, settings_path):
    before = settings_path.read_bytes()
    station = linked.station
    volume, points = station.window.sound.volume, QApplication.instance().font().pointSize()
    dialog = open_from_menu(qtbot, linked)
    dialog.volume_slider.setValue(5)
    dialog.font_spin.setValue(30)
    dialog.gap_spin.setValue(99)
    dialog.supervisor_name_edit.setText("Mehmet")
    dialog.pin_edit.setText("9999")
    dialog.pin_again_edit.setText("9999")
    dialog.add_supervisor_button.click()
    dialog.buttons.rejected.emit()
    assert not dialog.isVisible()
    assert settings_path.read_bytes() == before
    assert station.window.sound.volume == volume
    assert QApplication.instance().font().pointSize() == points
    assert station.capture.settings.max_key_gap_ms != 99
    assert station.window.session.config.supervisors == {}


def test_a_bad_field_is_one_sentence_and_nothing_is_saved(qtbot, linked, settings_path):
    before = settings_path.read_bytes()
    dialog = open_from_menu(qtbot, linked)
    dialog.profile_edit.setPlainText('{"no_such_name": 1}')
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert dialog.status_label.text() == "Api_profile: unknown API profile setting(s): " \
                                         "no_such_name."
    assert settings_path.read_bytes() == before
    dialog.profile_edit.setPlainText('{"param_page_size": "page_size"')
    dialog.ok_button.click()
    assert dialog.status_label.text().startswith("API profile overrides are not JSON")
    dialog.profile_edit.setPlainText('{"param_page_size": "page_size"}')
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert load_settings(settings_path).api_profile == {"param_page_size": "page_size"}


def test_sign_out_from_the_menu_forgets_the_token(qtbot, linked, backend, sim):
    key = (SERVICE, token_key(sim.url, USER))
    assert backend.values[key] == "token-123"
    linked.station.window.sign_out_action.trigger()
    assert key not in backend.values
    assert "Signed out of OMS" in linked.station.window.banner.message
    assert linked.station.window.connection.signed_out


def test_sign_out_in_the_dialog_forgets_the_token(qtbot, linked, backend, sim):
    dialog = open_from_menu(qtbot, linked)
    dialog.sign_out_button.click()
    assert (SERVICE, token_key(sim.url, USER)) not in backend.values
    assert not dialog.sign_out_button.isEnabled()


def test_restart_fields_are_named_in_the_dialog(qtbot, linked):
    dialog = open_from_menu(qtbot, linked)
    assert "(after restart)" in dialog.restart_label.text()  # nothing waits yet
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("tr"))
    assert dialog.restart_label.text() == "Takes effect after a restart: language."
    dialog.url_edit.setText("https://other.example.com")
    assert "press Connect" in dialog.restart_label.text()
    dialog.ok_button.click()  # a new address without Connect is not taken silently
    assert dialog.isVisible() and "Press Connect" in dialog.status_label.text()


def test_connect_changes_the_stock_location_after_restart(qtbot, linked, settings_path,
                                                          backend, sim):
    dialog = open_from_menu(qtbot, linked)
    dialog.password_edit.setText("demo")
    with qtbot.waitSignal(dialog.connect_finished, timeout=30_000) as blocker:
        dialog.connect_button.click()
    assert blocker.args == [True]
    location = dialog.location_combo.currentData()
    assert isinstance(location, StockLocation) and location.id == LOCATION
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert backend.values[(SERVICE, token_key(sim.url, USER))] != "token-123"  # the new one
    assert load_settings(settings_path).stock_location_id == LOCATION


def test_title_shows_the_stock_location(linked):
    assert "Kadıköy Store" in linked.station.window.windowTitle()
    assert "tester" in linked.station.window.windowTitle()


def test_screenshots_of_every_tab(qtbot, linked):
    size = linked.station.window.size()
    dialog = open_from_menu(qtbot, linked)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for index, title in enumerate(TABS):
        dialog.tabs.setCurrentIndex(index)
        qtbot.wait(10)
        name = title.replace("&&", "and").replace(" ", "-").lower()
        assert dialog.grab().save(str(SHOTS / f"settings-{name}.png"))
    # A dialog never changes the main window's size.
    assert linked.station.window.size() == size


# --- the settings file ------------------------------------------------------------


def test_an_older_file_loads_with_defaults(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"base_url": "https://oms.example.com", "username": "u",
                                "stock_location_id": 3}), encoding="utf-8")
    settings = load_settings(path)
    assert settings.font_size == 14 and settings.language == ""
    assert settings.scanner_max_key_gap_ms == 40 and settings.barcode_attribute_keys == []
    assert settings.api_profile == {} and settings.printing == {}


@pytest.mark.parametrize(("field", "value", "sentence"), [
    ("font_size", "big", "settings file: font_size must be a whole number of points from 8 "
                         "to 40, not 'big'"),
    ("language", "de", "settings file: language must be one of '', 'en', 'tr'"),
    ("scanner_min_length", 0, "settings file: scanner timing: ScannerSettings.min_length "
                              "must be a positive int, got 0"),
    ("barcode_attribute_keys", "ean", "settings file: barcode_attribute_keys must be a list "
                                      "of attribute names"),
    ("api_profile", {"nope": 1}, "settings file: api_profile: unknown API profile "
                                 "setting(s): nope"),
    ("printing", {"destinations": {"fax": "x"}}, "settings file: printing: 'fax' is not a "
                                                 "document type (slip, label, "
                                                 "shipping-label, invoice)"),
])
def test_a_broken_value_is_one_sentence(tmp_path, field, value, sentence):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"base_url": "https://oms.example.com", "username": "u",
                                "stock_location_id": 3, field: value}), encoding="utf-8")
    with pytest.raises(SettingsError) as raised:
        load_settings(path)
    assert str(raised.value) == sentence


def test_saving_keeps_keys_this_version_does_not_know(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"base_url": "https://oms.example.com", "username": "u",
                                "stock_location_id": 3, "shift_plan": {"a": 1},
                                "token": "never"}), encoding="utf-8")
    settings = load_settings(path)
    save_settings(StationSettings(**{**settings.to_json(), "font_size": 18}), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["shift_plan"] == {"a": 1} and data["font_size"] == 18
    assert "token" not in data


def test_restart_needed_names_only_what_waits():
    old = StationSettings(base_url="https://a", username="u", stock_location_id=1)
    new = StationSettings(base_url="https://a", username="u", stock_location_id=2,
                          font_size=20, sound_volume=0.1, api_profile={"page_size": 50})
    assert restart_needed(old, new) == ["stock location", "API profile overrides"]


# open_station's SoundPlayer asks for a real audio device; the test machine has none.
@pytest.mark.qt_log_ignore(r"^PulseAudioService: pa_context_connect",
                           r"^This plugin does not support propagateSizeHints\(\)$")
def test_open_station_wires_the_menu_and_the_saved_font(qapp, qtbot, db_path, tmp_path,
                                                        monkeypatch):
    from ui.app import open_station

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    path = tmp_path / "xdg" / "packing-station" / "settings.json"
    save_settings(StationSettings(base_url="https://oms.example.com", username="u",
                                  stock_location_id=LOCATION, stock_location_name="Moda",
                                  font_size=18), path)
    station = open_station(qapp, ["--offline", "--db", str(db_path), "--packer", "tester"],
                           tokens=TokenStore(MemoryKeyring()))
    try:
        assert station.window.font().pointSize() == 18
        assert "Moda" in station.window.windowTitle()
        station.window.settings_action.trigger()
        dialog = station.window.findChild(SettingsDialog)
        assert dialog is not None and dialog.font_spin.value() == 18
        dialog.font_spin.setValue(16)
        dialog.ok_button.click()
        assert load_settings(path).font_size == 16
        assert station.window.font().pointSize() == 16
    finally:
        station.stop()
