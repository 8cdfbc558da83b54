"""`packing-station self-test`: is this installation able to pack? One line per check,
then a verdict; exit status 0 (all passed) or 1.

Offscreen and throw-away: a temporary database, the OMS simulator in this process on
127.0.0.1, a sync, one package packed through the real main window with synthetic key
events at scanner speed, its commands delivered to the simulator, a barcode rendered and
read back (where the reader is installed), the sounds and the fonts loaded. A missing
system library (libGL, libEGL, libxkbcommon…) is named in a sentence, never a traceback.

Owns `run(argv)` and `missing_library_sentence`; the checks are small functions over one
`Context` so each can say what it found.
"""

from __future__ import annotations

import contextlib
import importlib.resources
import io
import logging
import os
import re
import sys
import tempfile
import time
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

log = logging.getLogger(__name__)
DEADLINE_S = 10.0
# The Debian package that carries each library Qt loads at start (the bundle leaves the
# GPU libraries to the host on purpose).
DEBIAN_PACKAGES = {
    "libGL": "libgl1", "libEGL": "libegl1", "libxkbcommon": "libxkbcommon0",
    "libfontconfig": "libfontconfig1", "libdbus-1": "libdbus-1-3", "libglib-2.0": "libglib2.0-0",
    "libpulse": "libpulse0", "libX11-xcb": "libx11-xcb1", "libxcb-cursor": "libxcb-cursor0",
    "libgthread-2.0": "libglib2.0-0", "libOpenGL": "libopengl0",
}
COMPLETE_CARD = "CMD:COMPLETE_PACKAGING_WITHOUT_SHIPMENT"


def missing_library_sentence(error: BaseException) -> str | None:
    """`libGL.so.1: cannot open shared object file` → a sentence naming the package."""
    found = re.search(r"(lib[\w.+-]+?)\.so[.\d]*", str(error))
    if not found:
        return None
    library = found.group(1)
    package = DEBIAN_PACKAGES.get(library)
    hint = f" (Debian/Ubuntu: apt install {package})" if package else ""
    return f"the system library {library} is missing{hint}"


@dataclass
class Context:
    workdir: Path
    out: TextIO
    cleanups: list[Callable[[], Any]] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


def _check_qt(ctx: Context) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6 import QtGui, QtWidgets  # noqa: F401
    except ImportError as exc:
        raise SelfTestFailure(missing_library_sentence(exc) or f"Qt does not load: {exc}") from exc
    from PySide6.QtCore import qInstallMessageHandler

    # Qt's own chatter (offscreen plugin notes, audio back-end probes) would bury the
    # report: it goes to the log instead.
    qInstallMessageHandler(lambda _kind, _context, message: log.debug("qt: %s", message))
    from ui.app import application

    ctx.values["app"] = app = application()
    return f"Qt {__import__('PySide6').__version__}, platform {app.platformName()}"


def _check_simulator(ctx: Context) -> str:
    from station.simulator import Simulator, SimulatorConfig

    sim = Simulator(SimulatorConfig(packages=12, seed=5, locations=1)).start()
    ctx.cleanups.append(sim.stop)
    ctx.values["sim"] = sim
    return sim.url


def _check_sync(ctx: Context) -> str:
    from station.oms.client import OmsClient
    from station.store import open_store
    from station.sync import Syncer

    sim = ctx.values["sim"]
    location = max(sim.stock_location_counts(), key=sim.stock_location_counts().get)
    db = ctx.workdir / "self-test.db"
    with OmsClient(sim.url, username="demo", password="demo") as client, \
            open_store(db) as store:
        report = Syncer(client, store, stock_location_id=location).sync(full=True)
    ctx.values.update(db=db, location=location)
    return f"{report.stored} packages cached"


def _waiting_package(sim: Any, location: int) -> dict[str, Any]:
    for pk in sim.package_ids(location):
        package = sim.package(pk)
        if pk > 1000 and package["state"]["enum_value"] == "100":
            return package
    raise SelfTestFailure("the simulator has no waiting package to pack")


def _unit_codes(package: dict[str, Any]) -> list[str]:
    return [item["order_item"]["product"]["barcode"] or item["order_item"]["product"]["sku"]
            for item in package["packageitem_set"]
            if str(item["state"]["enum_value"]) != "600"]


def _check_window(ctx: Context) -> str:
    from station.oms.client import OmsClient
    from ui.app import build_station
    from ui.feedback import SoundPlayer

    sim, app = ctx.values["sim"], ctx.values["app"]
    station = build_station(
        app, ctx.values["db"], packer="self-test", stock_location_id=ctx.values["location"],
        make_client=lambda: OmsClient(sim.url, username="demo", password="demo"),
        sync_interval=3600, sound=SoundPlayer(audio_outputs=list))
    ctx.cleanups.append(station.stop)
    station.window.resize(1280, 800)
    station.window.show()
    station.window.scan_field.setFocus()
    package = _waiting_package(sim, ctx.values["location"])
    scans = [package["number"], *_unit_codes(package), COMPLETE_CARD]
    for text in scans:
        _scan(station.window, text)
        _wait(app, lambda: True, 0.05)
    outcome = station.window.last_outcome
    if outcome is None or outcome.outbox_id is None:
        raise SelfTestFailure(f"the window did not queue the completion (last: {outcome})")
    ctx.values.update(station=station, package=package)
    return f"package {package['number']}: {len(scans)} scans, completion queued"


def _check_delivery(ctx: Context) -> str:
    sim, app, station = ctx.values["sim"], ctx.values["app"], ctx.values["station"]
    package_id = ctx.values["package"]["id"]
    station.start()

    def delivered() -> bool:
        return any(entry.package_id == package_id and entry.transition
                   for entry in sim.applied_commands()
                   if entry.package_id == package_id) and _all_done(ctx)

    if not _wait(app, delivered, 6.0):
        raise SelfTestFailure("the outbox did not deliver the package's commands in 6 s")
    applied = [e for e in sim.applied_commands() if e.package_id == package_id]
    return f"{len(applied)} commands applied by OMS, outbox empty"


def _all_done(ctx: Context) -> bool:
    from station import outbox
    from station.store import open_store

    with open_store(ctx.values["db"]) as store:
        counts = outbox.counts(store)
    return set(counts) <= {"done"}


def _check_barcode(ctx: Context) -> str:
    import barcode
    from barcode.writer import ImageWriter

    text = "SELFTEST-12345"
    buffer = io.BytesIO()
    barcode.get("code128", text, writer=ImageWriter()).write(buffer)
    try:
        import zxingcpp
        from PIL import Image
    except ImportError:
        return "Code128 rendered; no reader installed to read it back"
    buffer.seek(0)
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(buffer))]
    if decoded != [text]:
        raise SelfTestFailure(f"the rendered barcode reads back as {decoded}")
    return "Code128 rendered and read back"


def _check_sounds(ctx: Context) -> str:
    from ui.feedback.sound import DEFAULT_SOUNDS_DIR

    names = sorted(DEFAULT_SOUNDS_DIR.glob("*.wav"))
    if len(names) < 4:
        raise SelfTestFailure(f"sounds missing in {DEFAULT_SOUNDS_DIR}")
    for path in names:
        with contextlib.closing(wave.open(str(path))) as sound:
            if sound.getnframes() == 0:
                raise SelfTestFailure(f"{path.name} is empty")
    from PySide6.QtMultimedia import QMediaDevices

    device = "an audio device" if QMediaDevices.audioOutputs() else "no audio device (visual only)"
    return f"{len(names)} sounds load; {device}"


def _check_fonts(ctx: Context) -> str:
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

    font_dir = Path(str(importlib.resources.files("station.documents").joinpath("fonts")))
    families: list[str] = []
    for path in sorted(font_dir.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        families += QFontDatabase.applicationFontFamilies(font_id)
    metrics = QFontMetrics(QFont(families[0]) if families else ctx.values["app"].font())
    missing = [char for char in "ğüşıöçĞÜŞİÖÇ" if not metrics.inFontUcs4(ord(char))]
    if missing:
        raise SelfTestFailure(f"the font cannot draw {''.join(missing)}")
    shipped = f"{len(families)} shipped font files" if families else "the system font"
    return f"Turkish letters drawn with {shipped}"


def _check_charts_and_pdf(ctx: Context) -> str:
    """The statistics chart (QtCharts, which needs Qt's OpenGL libraries) draws, and
    QtPdf can open a PDF (shipping labels printed on a system printer)."""
    from PySide6.QtPdf import QPdfDocument

    from station.documents import StationInfo, package_label, render_pdf
    from ui.stats.charts import HourChart

    chart = HourChart("self-test", "#1565c0")
    chart.resize(400, 200)
    if chart.grab().isNull():
        raise SelfTestFailure("the statistics chart did not draw")
    pdf = render_pdf(package_label(ctx.values["package"], StationInfo("Self-test", "Depo"),
                                   "100x150"))
    path = ctx.workdir / "label.pdf"
    path.write_bytes(pdf)
    document = QPdfDocument()
    document.load(str(path))  # from a file: synchronous
    if document.pageCount() != 1:
        raise SelfTestFailure(f"QtPdf read {document.pageCount()} pages of a 1-page label")
    return "statistics chart drawn; a label PDF read back by QtPdf"


def _check_turkish(ctx: Context) -> str:
    """The Turkish catalogue is in this installation (package data) and translates."""
    from PySide6.QtCore import QCoreApplication

    from ui.i18n import install_translator

    app = ctx.values["app"]
    try:
        if install_translator(app, "tr") != "tr":
            raise SelfTestFailure("the Turkish catalogue (ui/i18n/packing_station_tr.qm) is "
                                  "missing: `make translations` builds it")
        shown = QCoreApplication.translate("app", "Packing Station")
        button = QCoreApplication.translate("QPlatformTheme", "Cancel")  # Qt's own qtbase_tr
    finally:
        install_translator(app, "en")
    if shown == "Packing Station":
        raise SelfTestFailure("the Turkish catalogue does not translate the window's title")
    qt_words = "Qt's buttons too" if button != "Cancel" else "Qt's buttons stay English"
    return f"Turkish catalogue loads ({shown}); {qt_words}"


class SelfTestFailure(Exception):
    """A check failed; the message is the sentence to print."""


CHECKS: list[tuple[str, Callable[[Context], str]]] = [
    ("Qt loads", _check_qt),
    ("OMS simulator starts", _check_simulator),
    ("sync into a new database", _check_sync),
    ("pack one package", _check_window),
    ("outbox delivers it", _check_delivery),
    ("barcode", _check_barcode),
    ("sounds", _check_sounds),
    ("fonts", _check_fonts),
    ("charts and PDF", _check_charts_and_pdf),
    ("Turkish", _check_turkish),
]


def _scan(window: Any, text: str) -> None:
    """Type `text` + Enter into the window as a scanner would (5 ms per key)."""
    from PySide6.QtCore import QCoreApplication, QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    handle = window.windowHandle()
    stamp = int(time.monotonic() * 1000)
    for char in [*text, "\r"]:
        stamp += 5
        key = Qt.Key.Key_Return if char == "\r" else _key_for(char)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            event.setTimestamp(stamp)
            QCoreApplication.sendEvent(handle, event)


def _key_for(char: str) -> Any:
    from PySide6.QtCore import Qt

    try:
        return Qt.Key(ord(char.upper()))
    except ValueError:
        return Qt.Key.Key_unknown


def _wait(app: Any, done: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if done():
            return True
        time.sleep(0.01)
    app.processEvents()
    return done()


@contextlib.contextmanager
def _context(out: TextIO) -> Iterator[Context]:
    with tempfile.TemporaryDirectory(prefix="packing-station-self-test-") as workdir:
        ctx = Context(Path(workdir), out)
        try:
            yield ctx
        finally:
            for cleanup in reversed(ctx.cleanups):
                with contextlib.suppress(Exception):
                    cleanup()


def run(out: TextIO = sys.stdout) -> int:
    """Run every check in order (a failed check skips those that need it); 0 or 1."""
    logging.getLogger().setLevel(logging.ERROR)  # warnings would interleave with the report
    started = time.monotonic()
    failed = 0
    with _context(out) as ctx:
        for name, check in CHECKS:
            begun = time.monotonic()
            try:
                detail, ok = check(ctx), True
            except SelfTestFailure as exc:
                detail, ok = str(exc), False
            except Exception as exc:  # a check must report, never crash the self-test
                detail, ok = missing_library_sentence(exc) or f"{type(exc).__name__}: {exc}", False
            elapsed_ms = (time.monotonic() - begun) * 1000
            print(f"{'ok  ' if ok else 'FAIL'}  {name:<26} {detail}  ({elapsed_ms:.0f} ms)",
                  file=out, flush=True)
            failed += not ok
            if not ok and check in (_check_qt, _check_simulator, _check_sync, _check_window):
                break  # what follows needs it
    seconds = time.monotonic() - started
    verdict = "PASSED" if not failed else f"FAILED ({failed} check{'s' * (failed > 1)})"
    slow = f" — slower than {DEADLINE_S:.0f} s" if seconds > DEADLINE_S else ""
    print(f"self-test {verdict} in {seconds:.1f} s{slow}", file=out, flush=True)
    return 0 if not failed else 1
