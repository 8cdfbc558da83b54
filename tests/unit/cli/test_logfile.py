"""The station's log file (`station.logfile`) and the CLI's logging set-up: a rotating
file in the user log directory, INFO by default, never a token or password."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from station.cli.main import configure_logging
from station.logfile import configure_file_logging, log_file_path, redact

TOKEN = "0f3c9a7be21d4c5fa8e6b4d2c1a09f87"
PASSWORD = "hunter2-Sekr1t"


@pytest.fixture
def clean_root() -> Iterator[logging.Logger]:
    """The root logger as it was, afterwards (the CLI set-up adds handlers to it)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)


def test_the_log_file_is_in_the_user_log_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert log_file_path() == tmp_path / "packing-station" / "log" / "packing-station.log"


@pytest.mark.parametrize("text", [
    f"GET /api/ headers={{'Authorization': 'Token {TOKEN}'}}",
    f"Authorization: Bearer {TOKEN}",
    f"server said: invalid Token {TOKEN}",
    f'login answer {{"key": "{TOKEN}"}}',
    f"POST /login/ username=ann&password={PASSWORD}",
    f'{{"username": "ann", "password": "{PASSWORD}"}}',
])
def test_redact_removes_tokens_and_passwords(text):
    cleaned = redact(text)
    assert TOKEN not in cleaned and PASSWORD not in cleaned and "***" in cleaned


def test_ordinary_text_is_left_alone():
    text = "token expired; 12 packages synced; Token refresh at 12:00"
    assert redact(text) == text


def test_a_request_logged_with_its_token_never_reaches_the_file(tmp_path, clean_root):
    path = configure_file_logging("INFO", tmp_path / "station.log")
    log = logging.getLogger("station.test")
    log.info("sending %s with %r", "GET /api/v1/packages/",
             {"Authorization": f"Token {TOKEN}", "Accept": "application/json"})
    try:
        raise RuntimeError(f"login failed for password={PASSWORD} token Token {TOKEN}")
    except RuntimeError:
        log.exception("request failed")
    log.debug("debug is below the default level")
    for handler in clean_root.handlers:
        handler.flush()

    assert path is not None
    text = path.read_text()
    assert "sending GET /api/v1/packages/" in text and "Traceback" in text
    assert TOKEN not in text and PASSWORD not in text
    assert "debug is below" not in text  # INFO by default


def test_cli_logging_keeps_stderr_to_warnings_and_the_file_to_the_chosen_level(
        tmp_path, monkeypatch, clean_root, capsys):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    path = configure_logging("DEBUG")
    log = logging.getLogger("station.test")
    log.debug("a debug line")
    log.warning("a warning with Token %s", TOKEN)
    for handler in clean_root.handlers:
        handler.flush()

    assert path == log_file_path()
    text = path.read_text()
    assert "a debug line" in text and "a warning with Token ***" in text
    err = capsys.readouterr().err
    assert "a debug line" not in err
    assert "WARNING station.test: a warning with Token ***" in err
    assert TOKEN not in err + text


def test_an_unwritable_log_folder_means_no_log_file_not_a_crash(tmp_path, clean_root):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert configure_file_logging("INFO", blocker / "log" / "station.log") is None
