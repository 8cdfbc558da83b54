"""The packing screen as a packer meets it: the real app (`ui.app.main`) in its own
process, in a real X server (Xvfb), with xdotool typing real keystrokes into its
window at scanner speed. Every check is made from the outside, on the SQLite file.

Needs Xvfb and xdotool (.ci/debian-packages.txt). Missing tools fail the test when
CI is set; only a local run without CI may skip it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from station.oms.client import OmsClient
from station.simulator import Simulator, SimulatorConfig
from station.store import open_store
from station.sync.syncer import Syncer

REPO_ROOT = Path(__file__).resolve().parents[2]
LOCATION = 1
PACKER = "e2e"
WINDOW_NAME = f"Packing Station — {PACKER}"  # MainWindow's title
KEY_DELAY_MS = "5"  # a scanner: far below ScannerSettings.max_key_gap_ms (40)
STEP_TIMEOUT_S = 15.0
APP_MAIN = "import sys, ui.app; sys.exit(ui.app.main(sys.argv[1:]))"  # as the console script
SCREENSHOT_ENV = "PACKING_E2E_SCREENSHOT"  # optional: also save the screenshot here


def require_tools() -> None:
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if not missing:
        return
    message = f"end-to-end test needs {', '.join(missing)} (see .ci/debian-packages.txt)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def synced_db(tmp_path: Path) -> Path:
    path = tmp_path / "station.db"
    with (
        Simulator(SimulatorConfig(packages=40, seed=1, locations=1)) as sim,
        OmsClient(sim.url, username="demo", password="demo") as client,
        open_store(path) as store,
    ):
        Syncer(client, store, stock_location_id=LOCATION).sync(full=True)
    return path


@contextlib.contextmanager
def running(args: list[str], **kwargs: object) -> Iterator[subprocess.Popen[bytes]]:
    """A child process that is always ended (terminate, then kill) and reaped."""
    process = subprocess.Popen(args, **kwargs)  # type: ignore[call-overload]
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


@contextlib.contextmanager
def xvfb() -> Iterator[str]:
    """A fresh X server on a free display; yields its DISPLAY value."""
    read_end, write_end = os.pipe()
    args = ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"]
    try:
        with running(
            args, pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ) as server:
            os.close(write_end)
            write_end = -1
            number = _read_line(read_end)  # Xvfb writes it once it accepts clients
            assert number.isdigit(), f"Xvfb did not start (exit code {server.poll()})"
            yield f":{number}"
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)


def _read_line(fd: int) -> str:
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(fd, 16)
        if not chunk:  # the server exited
            break
        data += chunk
    return data.decode().strip()


def child_env(display: str, home: Path) -> dict[str, str]:
    """The test run's environment for a desktop app: a real display instead of the
    offscreen platform, and settings/data folders of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        PYTHONPATH=str(REPO_ROOT),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
    )
    return env


def xdotool(display: str, *args: str, timeout: float = STEP_TIMEOUT_S) -> str:
    result = subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"xdotool {' '.join(args)} failed: {result.stderr}"
    return result.stdout


def wait_for(what: str, check: Callable[[], object], app: subprocess.Popen[bytes]) -> object:
    """Poll `check` until truthy; fail naming `what` (and the app's exit, if it died)."""
    deadline = time.monotonic() + STEP_TIMEOUT_S
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        assert app.poll() is None, f"the app exited ({app.returncode}) while waiting for {what}"
        time.sleep(0.1)
    raise AssertionError(f"timed out after {STEP_TIMEOUT_S} s waiting for {what}")


def waiting_package(db: Path) -> tuple[int, str, str]:
    """(id, number, one item's barcode) of a Waiting package in the synced cache."""
    with open_store(db) as store:
        row = store.conn.execute(
            "SELECT p.id, p.number, min(pr.barcode) FROM packages p "
            "JOIN package_items i ON i.package_id = p.id "
            "JOIN products pr ON pr.id = i.product_id "
            "WHERE p.archived = 0 AND p.state_enum = '100' AND pr.barcode IS NOT NULL "
            "GROUP BY p.id HAVING count(*) >= 2 ORDER BY p.id LIMIT 1"
        ).fetchone()
    assert row is not None, "the simulator made no Waiting package with 2+ items"
    return row[0], row[1], row[2]


def query(db: Path, sql: str, *params: object) -> list[tuple]:
    with open_store(db) as store:
        return store.conn.execute(sql, params).fetchall()


def scan(display: str, window_id: str, code: str) -> None:
    """One scanner burst through XTEST (real key events, unlike `--window`, which sends
    synthetic ones): the code then Return, in one xdotool run so no gap opens (`type`
    takes every later argument as text, and types a newline as the Return key)."""
    xdotool(display, "windowfocus", "--sync", window_id, timeout=5)
    xdotool(display, "type", "--delay", KEY_DELAY_MS, code + "\n")


def screenshot(display: str, path: Path) -> None:
    """Best effort (a Pillow built without XCB cannot grab): the picture is a by-product."""
    from PIL import ImageGrab

    try:
        ImageGrab.grab(xdisplay=display).save(path)
    except OSError:
        return
    if target := os.environ.get(SCREENSHOT_ENV):
        shutil.copyfile(path, target)


@contextlib.contextmanager
def packing_app(display: str, db: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`ui.app.main --offline` on `db`, in its own process on `display`."""
    argv = [sys.executable, "-c", APP_MAIN, "--db", str(db), "--packer", PACKER, "--offline"]
    with (
        log.open("wb") as log_file,
        running(
            argv,
            env=child_env(display, log.parent),
            cwd=REPO_ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        ) as app,
    ):
        yield app


def test_scanner_keystrokes_in_the_real_window(synced_db: Path, tmp_path: Path) -> None:
    require_tools()
    package_id, number, barcode = waiting_package(synced_db)
    log = tmp_path / "app.log"
    with xvfb() as display, packing_app(display, synced_db, log) as app:
        try:
            window_id = str(wait_for("the window", lambda: _find_window(display), app))

            scan(display, window_id, number)
            wait_for(
                "the packing session to open the package",
                lambda: query(
                    synced_db,
                    "SELECT 1 FROM packing_sessions WHERE packer = ? AND package_id = ?",
                    PACKER, package_id,
                ),
                app,
            )  # fmt: skip
            wait_for(
                "the queued start-preparing command",
                lambda: query(
                    synced_db,
                    "SELECT 1 FROM outbox WHERE package_id = ? AND packer = ?",
                    package_id, PACKER,
                ),
                app,
            )  # fmt: skip

            scan(display, window_id, barcode)
            rows = wait_for(
                "the item's verification",
                lambda: query(
                    synced_db,
                    "SELECT scanned_code, packer FROM verifications WHERE package_id = ?",
                    package_id,
                ),
                app,
            )
            assert rows == [(barcode, PACKER)]
            time.sleep(0.5)  # let the panel repaint: for the picture only, asserts nothing
            screenshot(display, tmp_path / "e2e.png")
        except BaseException:
            with contextlib.suppress(Exception):
                screenshot(display, tmp_path / "failure.png")
            app.terminate()
            app.wait(timeout=5)
            print(log.read_text(errors="replace"))  # the app's own account, on failure
            raise


def _find_window(display: str) -> str | None:
    result = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", WINDOW_NAME],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=5,
        check=False,
    )
    ids = result.stdout.split()
    return ids[0] if ids else None
