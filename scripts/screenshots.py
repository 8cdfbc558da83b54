"""The README's screenshots, made from the running demo so they stay true.

`.venv/bin/python scripts/screenshots.py DIR [--language en|tr|all]` (from the checkout;
`docs/screenshots` is where the README's come from) starts the OMS simulator, syncs a
throw-away database, opens the packing screen offscreen at 1280×800 in each language
(`ui.i18n.install_translator`), opens a package with a gift note and scans some of its
items, makes a real conflict (OMS refuses a package elsewhere while the station is
offline), and saves the main window, Needs attention, History, Settings, Statistics,
the first-run set-up and the scanner test as PNGs, each 1280×800: English into DIR,
Turkish into DIR/tr. Nothing of the user's is read or written: the user folders
(settings, keyring, print settings, caches) point into the temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Run as a file: the checkout's packages (station/, ui/) come first on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

log = logging.getLogger(__name__)

SIZE = (1280, 800)
LOCATION = 1
PACKAGES = 120
PACKER = "ayse"
PLACE = "Demo store — Kadıköy"
WAIT_S = 60.0
SHOTS = ("main-window", "needs-attention", "history", "settings", "stats", "setup",
         "scanner-test")


@dataclass
class Demo:
    """The simulator, the synced database and the product images of one run."""

    sim: Any
    folder: Path
    db_path: Path
    image_dir: Path


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication
    languages = ("en", "tr") if args.language == "all" else (args.language,)
    with tempfile.TemporaryDirectory(prefix="packing-screenshots-") as folder:
        _private_user_folders(Path(folder))
        saved = take_all(Path(args.folder), languages, Path(folder))
    for path in saved:
        print(path)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scripts/screenshots.py",
                                     description="Make the README's screenshots.")
    parser.add_argument("folder", metavar="DIR", help="where the PNGs go (Turkish: DIR/tr)")
    parser.add_argument("--language", choices=("en", "tr", "all"), default="all",
                        help="which language (default: both)")
    return parser


def _private_user_folders(folder: Path) -> None:
    """platformdirs (settings, print settings, caches, log) and the keyring: temporary."""
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[name] = str(folder / name.lower())
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"


def take_all(out: Path, languages: Sequence[str], work: Path) -> list[Path]:
    """Every screenshot in every language; returns the files written."""
    from ui.app import application
    from ui.i18n import install_translator

    app = application()
    saved: list[Path] = []
    for language in languages:
        used = install_translator(app, language)
        if used != language:
            log.warning("no %s catalogue: its screenshots would be English; skipped", language)
            continue
        folder = out if language == "en" else out / language
        folder.mkdir(parents=True, exist_ok=True)
        with _demo(work / language) as demo:
            saved += take_screenshots(app, demo, folder, language)
    install_translator(app, "en")
    return saved


@contextlib.contextmanager
def _demo(folder: Path) -> Iterator[Demo]:
    """A started simulator and a database synced from it, with the images cached."""
    from station.oms.client import OmsClient
    from station.simulator import Simulator, SimulatorConfig
    from station.store import open_store
    from station.sync import ImageCache
    from ui.app import initial_sync

    folder.mkdir(parents=True)
    with Simulator(SimulatorConfig(packages=PACKAGES, seed=1, locations=1)) as sim:
        db_path = folder / "station.db"
        initial_sync(db_path, lambda: OmsClient(sim.url, username="demo", password="demo"),
                     LOCATION)
        image_dir = folder / "images"
        with ImageCache(image_dir, base_url=sim.url) as cache, open_store(db_path) as store:
            cache.fetch_missing(store)
        yield Demo(sim, folder, db_path, image_dir)


def take_screenshots(app: Any, demo: Demo, folder: Path, language: str) -> list[Path]:
    """Open the station on `demo`, play the packer, save each window's picture."""
    station = _open_station(app, demo, language)
    try:
        window = station.window
        wait_until(lambda: window.sync_label.toolTip() != "", "the first sync")
        saved = [_main_window(station, folder)]
        _refused_elsewhere(station, demo.sim)
        saved.append(_grab(window.open_attention(), folder, "needs-attention"))
        saved.append(_grab(window.open_history(), folder, "history"))
        saved.append(_grab(_settings_dialog(window), folder, "settings"))
        saved.append(_grab(_stats_window(window), folder, "stats"))
        saved.append(_grab(_setup_dialog(), folder, "setup"))
        saved.append(_grab(window.open_scanner_test(), folder, "scanner-test"))
        return saved
    finally:
        _close_windows(app, station.window)
        station.stop()


def _open_station(app: Any, demo: Demo, language: str) -> Any:
    from keyring.backends.null import Keyring

    from station.oms.client import OmsClient
    from ui.app import build_station
    from ui.credentials import TokenStore
    from ui.feedback import SoundPlayer
    from ui.settings import StationSettings
    from ui.setup import attach_settings

    station = build_station(
        app, demo.db_path, packer=PACKER, stock_location_id=LOCATION, sync_interval=3600,
        make_client=lambda: OmsClient(demo.sim.url, username="demo", password="demo"),
        sound=SoundPlayer(audio_outputs=list), image_dir=demo.image_dir)
    settings = StationSettings(base_url=demo.sim.url, username="demo",
                               stock_location_id=LOCATION, stock_location_name=PLACE,
                               packer=PACKER, language=language)
    attach_settings(station, settings, tokens=TokenStore(Keyring()),
                    settings_path=demo.folder / "settings.json")
    station.window.resize(*SIZE)
    station.window.show()
    station.start()
    return station


def _main_window(station: Any, folder: Path) -> Path:
    """A package with a gift note open, some of its items scanned."""
    gift = _find_package(station.store, gift_note=True)
    window = station.window
    window.handle_scan(gift["number"])
    for code in gift["codes"][: max(1, len(gift["codes"]) // 2)]:
        window.handle_scan(code)
    wait_until(lambda: _undelivered(station) == 0, "start preparing delivered")
    pause(1.0)  # thumbnails are read off the UI thread
    return _grab(window, folder, "main-window")


def _refused_elsewhere(station: Any, sim: Any) -> None:
    """A real conflict: offline, the packer completes a package OMS meanwhile refused
    at another station; back online, delivery finds it (Needs attention)."""
    from station import outbox

    window = station.window
    window.handle_scan("CMD:CANCEL")  # close the gift package, scanned as it is
    package = _find_package(station.store, gift_note=False)
    window.handle_scan(package["number"])
    wait_until(lambda: _undelivered(station) == 0, "start preparing delivered")
    window.set_offline_by_choice(True)
    wait_until(lambda: not station.delivery.worker.running, "delivery stopped")
    sim.apply_command_as_other_station(package["id"], "REFUSE_PACKAGE")
    for code in package["codes"]:
        window.handle_scan(code)
    window.handle_scan("CMD:COMPLETE")
    window.set_offline_by_choice(False)
    wait_until(lambda: bool(outbox.counts(station.store).get("conflict")), "the conflict")


def _find_package(store: Any, *, gift_note: bool) -> dict[str, Any]:
    """A waiting package with 2+ units; with a gift note, or with neither note."""
    from station.store import QueueFilter, package_detail, queue_page

    for row in queue_page(store, QueueFilter(LOCATION), offset=0, limit=PACKAGES):
        detail = package_detail(store, row.id)
        if detail is None or len(detail["items"]) < 2:
            continue
        package = detail["package"]
        noted = bool(package["order_gift_box_note"])
        if str(package["state_enum"]) != "100" or noted != gift_note:
            continue
        codes = [i["product_barcode"] or i["product_sku"] for i in detail["items"]]
        return {"id": row.id, "number": row.number, "codes": codes}
    raise LookupError(f"the demo has no waiting package (gift note: {gift_note})")


def _undelivered(station: Any) -> int:
    from station import outbox

    counts = outbox.counts(station.store)
    return sum(counts.get(status, 0) for status in ("pending", "sending", "uncertain"))


def _settings_dialog(window: Any) -> Any:
    from ui.setup import SettingsDialog

    window.settings_requested.emit()
    return _child(window, SettingsDialog)


def _stats_window(window: Any) -> Any:
    from ui.stats.window import StatsWidget

    window.stats_action.trigger()
    return _child(window, StatsWidget)


def _setup_dialog() -> Any:
    from keyring.backends.null import Keyring

    from ui.credentials import TokenStore
    from ui.setup import SetupDialog

    dialog = SetupDialog(packer=PACKER, tokens=TokenStore(Keyring()))
    dialog.show()
    return dialog


def _child(window: Any, kind: type) -> Any:
    found = window.findChild(kind)
    if found is None:
        raise LookupError(f"no {kind.__name__} opened")
    return found


def _grab(widget: Any, folder: Path, name: str) -> Path:
    """`widget` at 1280×800, painted, saved as `name`.png; then closed (not the window)."""
    widget.resize(*SIZE)
    widget.show()
    pause(0.3)  # layouts settle, pictures read in the background arrive
    path = folder / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    if name != "main-window":
        widget.close()
    return path


def _close_windows(app: Any, window: Any) -> None:
    for widget in app.topLevelWidgets():
        if widget is not window and widget.isVisible():
            widget.close()


def wait_until(condition: Callable[[], bool], what: str, timeout: float = WAIT_S) -> None:
    """Run the event loop until `condition()` holds (worker results arrive as events)."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"screenshots: waited {timeout:.0f} s for {what}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.02)


def pause(seconds: float) -> None:
    """Let the event loop run for `seconds`."""
    end = time.monotonic() + seconds
    wait_until(lambda: time.monotonic() >= end, "a pause", timeout=seconds + 5)


if __name__ == "__main__":
    sys.exit(main())
