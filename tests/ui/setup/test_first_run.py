"""First-run set-up dialog against the in-process OMS simulator: real widgets, typed
input, a real login; the token must end up in the keyring and nowhere else."""

from __future__ import annotations

import json
import logging
import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import Qt

from station.oms.models import StockLocation
from station.simulator import Simulator, SimulatorConfig
from ui.credentials import SERVICE, CredentialsUnavailable, TokenStore, token_key
from ui.settings import FILE_MODE, load_settings
from ui.setup.first_run import SetupDialog

USER = "packer1"
PASSWORD = "s3cret-Pass-42"


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


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(SimulatorConfig(packages=5, seed=1, locations=2, users={USER: PASSWORD})) as sim:
        yield sim


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


@pytest.fixture
def dialog(qtbot, settings_path: Path) -> Iterator[SetupDialog]:
    dialog = SetupDialog(settings_path=settings_path, tokens=TokenStore(), packer="anna")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog
    dialog.wait_for_worker()


def fill_and_connect(qtbot, dialog: SetupDialog, url: str, user: str, password: str) -> bool:
    qtbot.keyClicks(dialog.url_edit, url)
    qtbot.keyClicks(dialog.user_edit, user)
    qtbot.keyClicks(dialog.password_edit, password)
    with qtbot.waitSignal(dialog.connect_finished, timeout=20_000) as finished:
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    return bool(finished.args[0])


def choose_location(dialog: SetupDialog, location_id: int) -> StockLocation:
    for index in range(dialog.location_combo.count()):
        location = dialog.location_combo.itemData(index)
        if location.id == location_id:
            dialog.location_combo.setCurrentIndex(index)
            return location
    raise AssertionError(f"location {location_id} not offered")


def test_connect_pick_location_and_save(qtbot, dialog, sim, settings_path, memory_keyring, caplog):
    caplog.set_level(logging.DEBUG)
    assert dialog.password_edit.echoMode() == dialog.password_edit.EchoMode.Password
    assert not dialog.save_button.isEnabled()

    assert fill_and_connect(qtbot, dialog, sim.url, USER, PASSWORD)
    assert dialog.location_combo.isEnabled() and dialog.location_combo.count() >= 2
    location = choose_location(dialog, dialog.location_combo.itemData(1).id)
    qtbot.keyClicks(dialog.prefix_edit, "]C1")
    dialog.auto_start_check.setChecked(False)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == SetupDialog.DialogCode.Accepted
    token = memory_keyring.values[(SERVICE, token_key(sim.url, USER))]
    assert token and token == dialog.token()
    raw = settings_path.read_bytes()
    assert token.encode() not in raw and PASSWORD.encode() not in raw
    assert stat.S_IMODE(os.stat(settings_path).st_mode) == FILE_MODE
    saved = load_settings(settings_path)
    assert saved == dialog.settings
    assert (saved.base_url, saved.username, saved.stock_location_id) == (sim.url, USER, location.id)
    assert saved.stock_location_name == (location.name or "")
    assert (saved.packer, saved.scanner_prefix) == ("anna", "]C1")
    assert saved.auto_start_preparing is False
    assert json.loads(raw)["stock_location_id"] == location.id
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert token not in logged and PASSWORD not in logged
    assert "logged in to OMS" in caplog.text  # the logs were captured at all


def test_wrong_password_shows_message_and_saves_nothing(
    qtbot, dialog, sim, settings_path, memory_keyring
):
    assert not fill_and_connect(qtbot, dialog, sim.url, USER, "wrong-password")
    assert "credentials rejected" in dialog.status_label.text()
    assert not dialog.save_button.isEnabled()
    assert dialog.location_combo.count() == 0
    dialog.save()  # even forced, nothing is written
    assert dialog.isVisible()
    assert not settings_path.exists()
    assert memory_keyring.values == {}


def test_unreachable_oms_is_reported(qtbot, dialog, settings_path, memory_keyring):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert not fill_and_connect(qtbot, dialog, f"http://127.0.0.1:{port}", USER, PASSWORD)
    assert "Could not reach the OMS" in dialog.status_label.text()
    assert not settings_path.exists() and memory_keyring.values == {}


@pytest.mark.parametrize("url", ["oms.example.com", "ftp://127.0.0.1/", "http://"])
def test_bad_url_is_refused_before_connecting(qtbot, dialog, url):
    assert not fill_and_connect(qtbot, dialog, url, USER, PASSWORD)
    assert "https://host[:port]" in dialog.status_label.text()
    assert dialog.connect_button.isEnabled()


def test_keyring_without_backend_saves_settings_but_never_the_token(
    qtbot, dialog, sim, settings_path
):
    # tests/conftest.py installs the "null" backend: it accepts tokens and drops them.
    assert fill_and_connect(qtbot, dialog, sim.url, USER, PASSWORD)
    assert dialog.location_combo.currentIndex() == -1  # several: the packer must choose
    choose_location(dialog, dialog.location_combo.itemData(0).id)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "keyring did not keep the OMS token" in dialog.status_label.text()
    raw = settings_path.read_bytes()
    assert dialog.token().encode() not in raw and PASSWORD.encode() not in raw
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # "Continue"
    assert dialog.result() == SetupDialog.DialogCode.Accepted
    assert not [p for p in settings_path.parent.iterdir() if p.name != settings_path.name]


def test_token_store_reports_a_missing_backend(memory_keyring):
    store = TokenStore(backend=keyring.backends.fail.Keyring())
    with pytest.raises(CredentialsUnavailable, match="ask for the password at each start"):
        store.save("https://oms", USER, "tok")
