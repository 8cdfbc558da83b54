"""A token OMS refuses after start-up: the real Station against the simulator over
HTTP. The bar says "Signed out", a sign-in dialog opens (not modal), and once the
packer signs in the new token is in the keyring and delivery and sync go on by
themselves. Also: no keyring, or OMS down at start — the app opens on its cached
packages, offline, with the saved settings; set-up is offered, not forced."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication

from station import outbox
from station.oms.client import OmsClient
from station.simulator import Simulator
from tests.ui.conftest import LOCATION, Keyboard
from tests.ui.packing.test_connection import ONLINE, QUICK, bar, build  # noqa: F401  (fixture)
from tests.ui.packing.test_main_window import waiting_package
from ui.app import Station, open_station
from ui.credentials import TokenStore, token_key
from ui.settings import StationSettings, save_settings
from ui.setup.sign_in import SignInDialog

SIGNED_OUT = "○ Signed out — sign in again"
# main() makes the sound player from the settings; this machine has no sound server.
NO_AUDIO_SERVER = pytest.mark.qt_log_ignore(
    r"^PulseAudioService: pa_context_connect",
    r"^This plugin does not support propagateSizeHints\(\)$")  # as tests/ui/conftest.py


class MemoryKeyring(KeyringBackend):
    """A keyring backend that keeps passwords in a dict (a real backend, in memory)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.saved.pop((service, username), None)


@pytest.fixture
def keyring_backend() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def token_station(build, sim: Simulator, keyring_backend: MemoryKeyring  # noqa: F811
                  ) -> Callable[[], tuple[Station, str]]:
    """A started station whose clients hold only a token (as after a keyring start)."""

    def make() -> tuple[Station, str]:
        token = sim.login()
        station = build(lambda: OmsClient(sim.url, token=token, username="demo", retry=QUICK),
                        username="demo", tokens=TokenStore(keyring_backend))
        return station, token

    return make


def revoke_tokens(sim: Simulator) -> None:
    httpx.post(f"{sim.url}/_sim/tokens/expire").raise_for_status()


def open_dialog(station: Station) -> SignInDialog | None:
    flow = station.sign_in
    return flow.dialog if flow is not None else None


def click_sign_in_link(qtbot, station: Station) -> None:
    label = station.window.online_label
    assert "sign in again</a>" in label.text()
    link = QPoint(label.contentsRect().left() + label.sizeHint().width() - 20, label.height() // 2)
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=link)


def sign_in(qtbot, dialog: SignInDialog, password: str) -> bool:
    qtbot.keyClicks(dialog.password_edit, password)
    with qtbot.waitSignal(dialog.attempt_finished, timeout=10_000) as attempt:
        dialog.sign_in_button.click()
    return bool(attempt.args[0])


def test_revoked_token_signs_out_and_signing_in_delivers(
        token_station, qtbot, sim, keyboard: Keyboard, keyring_backend):
    station, old_token = token_station()
    qtbot.waitUntil(lambda: bar(station) == ONLINE, timeout=10_000)
    revoke_tokens(sim)

    package = waiting_package(station)
    keyboard.scan(station.window, package["number"], "\r")  # Waiting → Preparing is queued
    qtbot.waitUntil(lambda: bar(station) == SIGNED_OUT, timeout=10_000)
    qtbot.waitUntil(lambda: open_dialog(station) is not None and open_dialog(station).isVisible())
    dialog = open_dialog(station)
    assert not dialog.isModal() and QApplication.activeModalWidget() is None  # packing goes on
    assert dialog.user_edit.text() == "demo"
    assert [c for c in sim.applied_commands() if c.package_id == package["id"]] == []
    assert outbox.counts(station.store).get("pending") == 1

    assert sign_in(qtbot, dialog, "demo")
    qtbot.waitUntil(lambda: any(c.package_id == package["id"] for c in sim.applied_commands()),
                    timeout=10_000)
    qtbot.waitUntil(lambda: bar(station) == ONLINE, timeout=10_000)
    assert len([c for c in sim.applied_commands() if c.package_id == package["id"]]) == 1
    new_token = keyring_backend.saved[("packing-station", token_key(sim.url, "demo"))]
    assert new_token not in (old_token, "demo")  # the token is kept, never the password
    with qtbot.waitSignal(station.sync.synced, timeout=10_000):  # sync goes on with it too
        station.sync.sync_now()


def test_a_refused_sync_signs_out_and_a_wrong_password_keeps_asking(
        token_station, qtbot, sim, keyboard: Keyboard):
    station, _ = token_station()
    qtbot.waitUntil(lambda: bar(station) == ONLINE, timeout=10_000)
    revoke_tokens(sim)
    station.sync.sync_now()
    qtbot.waitUntil(lambda: bar(station) == SIGNED_OUT, timeout=10_000)
    qtbot.waitUntil(lambda: open_dialog(station) is not None)
    dialog = open_dialog(station)
    # A scan while the dialog has the focus is a packing scan, not a password.
    dialog.password_edit.setFocus()
    package = waiting_package(station)
    keyboard.scan(dialog, package["number"], "\r")
    qtbot.waitUntil(lambda: station.window.session.view is not None)
    assert package["number"] in station.window.panel.header.text()
    assert dialog.password_edit.text() == ""
    assert not sign_in(qtbot, dialog, "wrong")
    assert "rejected" in dialog.status_label.text()
    assert dialog.password_edit.text() == ""
    assert bar(station) == SIGNED_OUT
    dialog.close()  # closing it is allowed: "sign in again" in the status bar asks again
    click_sign_in_link(qtbot, station)
    qtbot.waitUntil(lambda: open_dialog(station) is not None and open_dialog(station).isVisible())


# --- opening without a keyring, or with OMS down ----------------------------------


@pytest.fixture
def user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


def saved_settings(base_url: str) -> StationSettings:
    settings = StationSettings(base_url=base_url, username="demo",
                               stock_location_id=LOCATION, packer="Ayşe",
                               auto_start_preparing=False, sound_enabled=False)
    save_settings(settings)  # where the app looks: the user config dir
    return settings


@pytest.fixture
def opened(qapp, qtbot) -> Iterator[list[Station]]:
    stations: list[Station] = []
    yield stations
    for station in stations:
        station.stop()


@NO_AUDIO_SERVER
def test_no_keyring_opens_on_the_cache_with_sign_in_offered(
        qapp, qtbot, sim, db_path, user_config, opened):
    saved_settings(sim.url)
    # tests/conftest.py makes the keyring the "null" backend: it keeps nothing.
    station = open_station(qapp, ["--db", str(db_path)])
    opened.append(station)
    station.window.show()
    station.start()
    assert QApplication.activeModalWidget() is None  # nothing forced
    assert station.window.queue_model.rowCount() > 0  # the cached packages
    assert station.window.session.packer == "Ayşe"  # the saved settings
    assert station.window.session.config.auto_start_preparing is False
    qtbot.waitUntil(lambda: bar(station) == SIGNED_OUT)
    qtbot.waitUntil(lambda: open_dialog(station) is not None and open_dialog(station).isVisible())
    dialog = open_dialog(station)
    assert "keyring" in dialog.reason_label.text()
    assert not dialog.isModal()
    assert sign_in(qtbot, dialog, "demo")  # no keyring: signed in for this run only
    qtbot.waitUntil(lambda: bar(station) == ONLINE, timeout=10_000)
    assert "this run only" in station.window.banner.message


@NO_AUDIO_SERVER
def test_oms_down_at_start_opens_offline_on_the_cache(
        qapp, qtbot, sim, db_path, user_config, opened, keyring_backend):
    url = sim.url
    saved_settings(url)
    tokens = TokenStore(keyring_backend)
    tokens.save(url, "demo", sim.login())
    sim.stop()  # OMS is down from the start
    station = open_station(qapp, ["--db", str(db_path)], tokens=tokens)
    opened.append(station)
    station.window.show()
    station.start()
    assert QApplication.activeModalWidget() is None
    assert station.window.queue_model.rowCount() > 0
    assert station.window.session.packer == "Ayşe"
    qtbot.waitUntil(lambda: bar(station) == "○ Offline — OMS not reachable", timeout=20_000)
    assert open_dialog(station) is None  # the token is fine: nothing to sign in to


@NO_AUDIO_SERVER
def test_first_run_set_up_is_offered_and_cancelling_opens_the_cache(
        qapp, qtbot, db_path, user_config, opened):
    offered: list[str] = []

    def cancel_set_up() -> None:
        dialog = QApplication.activeModalWidget()
        offered.append(dialog.windowTitle() if dialog is not None else "")
        if dialog is not None:
            dialog.reject()

    QTimer.singleShot(0, cancel_set_up)  # runs inside the set-up dialog's exec()
    station = open_station(qapp, ["--db", str(db_path)])
    opened.append(station)
    assert offered == ["Packing Station — set-up"]
    station.window.show()
    station.start()
    assert station.window.queue_model.rowCount() > 0
    qtbot.waitUntil(lambda: "not set up" in station.window.banner.message)
    assert bar(station) == "○ Offline"
    assert station.sign_in is None  # nothing to sign in to


@NO_AUDIO_SERVER
def test_plain_http_not_allowed_in_the_settings_opens_offline_and_says_why(
        qapp, qtbot, db_path, user_config, opened):
    saved_settings("http://192.0.2.10:8080")  # TEST-NET-1: another machine, plain http
    station = open_station(qapp, ["--db", str(db_path)])
    opened.append(station)
    station.window.show()
    qtbot.waitUntil(lambda: "unencrypted" in station.window.banner.message)
    assert bar(station) == "○ Offline"
    assert "unencrypted" in station.window.online_label.toolTip()
    assert station.window.queue_model.rowCount() > 0


@NO_AUDIO_SERVER
def test_plain_http_allowed_in_the_settings_says_insecure(
        qapp, qtbot, db_path, user_config, opened, keyring_backend):
    settings = StationSettings(base_url="http://192.0.2.10:8080", username="demo",
                               stock_location_id=LOCATION, sound_enabled=False,
                               allow_insecure_http=True)
    save_settings(settings)
    tokens = TokenStore(keyring_backend)
    tokens.save(settings.base_url, "demo", "f" * 40)
    station = open_station(qapp, ["--db", str(db_path)], tokens=tokens)  # not started
    opened.append(station)
    station.window.show()
    assert station.window.insecure_label.isVisible()
