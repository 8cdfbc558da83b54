"""The GUI in Turkish: the packing window, core sentences, dates and emoji.

With the Turkish catalogue (built from the current source, tests/ui/i18n/conftest)
installed, the packing window with a package open shows no English source string
that has a different Turkish translation; a core `Message` renders in Turkish with
its params; dates show in local time in the Turkish format; a gift note's emoji are
drawable by a font Qt will use.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QRawFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QWidget,
)

from station.messages import msg
from tests.ui.i18n.conftest import ROOT
from tests.ui.packing.test_main_window import scan, waiting_package
from ui.i18n import emoji_fallback, render

GIFT_NOTE = "🎁 İyi ki doğdun 🎉"


def english_with_turkish(ts: Path) -> dict[str, str]:
    """Source → translation for every finished translation that differs from it."""
    found = {}
    for message in ET.parse(ts).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or translation.find("numerusform") is not None:
            continue  # a plural ("%n …") is never shown as its source
        text = translation.text
        if text and translation.get("type") is None and text != source:
            found[source] = text
    return found


def shown_texts(window: QWidget) -> list[tuple[str, str]]:
    """(where, text) for the texts a packer can see in `window` now."""
    texts = [("window title", window.windowTitle())]
    for widget in [window, *window.findChildren(QWidget)]:
        if widget is not window and not widget.isVisibleTo(window):
            continue
        where = f"{type(widget).__name__} {widget.objectName()}".strip()
        texts += [(where, text) for text in _texts_of(widget)]
        texts.append((f"{where} tooltip", widget.toolTip()))
    for action in window.menuBar().actions():
        texts.append(("menu", action.text()))
        menu = action.menu()
        if isinstance(menu, QMenu):
            texts += [("menu entry", entry.text()) for entry in menu.actions()]
    return [(where, text) for where, text in texts if text]


def _texts_of(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel):
        return [widget.text()]
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QLineEdit):
        return [widget.placeholderText()]
    if isinstance(widget, QTabWidget):
        return [widget.tabText(index) for index in range(widget.count())]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        return [str(model.headerData(column, Qt.Orientation.Horizontal) or "")
                for column in range(model.columnCount())]
    return []


def test_the_packing_window_speaks_turkish(turkish, catalogue, make_station, keyboard, qtbot):
    english = english_with_turkish(catalogue.ts)
    assert len(english) > 100  # the catalogue is translated: the check has teeth
    station = make_station()
    window = station.window
    package = waiting_package(station)
    scan(keyboard, qtbot, station, package["number"])
    assert window.session.view is not None
    texts = [*shown_texts(window), ("banner", window.banner.message)]
    left = [f"{where}: {text!r} (Turkish: {english[text]!r})" for where, text in texts
            if text in english]
    assert left == []
    assert window.banner.message != ""
    # OMS's own words come in Turkish from the payload's `translations`.
    assert window.session.config.language == "tr"
    assert "Hazırlanıyor" in window.panel.subheader.text()
    assert "Paketlemeyi Tamamla" in [command.label for command in window.session.view.commands]
    # The command keys (painted, so not in the walk above): our labels in Turkish.
    labels = [button.short_label for button in window.panel.command_buttons]
    keyed = [label for label in labels if label in english]
    assert keyed == [] and english["Out of stock"] in labels
    # The queue's state filter and state column: ours and OMS's words in Turkish.
    assert window.state_filter.itemText(0) == english["All states"]
    model = window.queue_model
    states = {model.data(model.index(row, 2)) for row in range(min(model.rowCount(), 50))}
    assert "Hazırlanıyor" in states and "Preparing" not in states
    # What the station prints follows the window's language (printing.language unset).
    assert station.printing is not None and station.printing.language == "tr"


def test_a_core_message_renders_in_turkish_with_its_params(turkish, catalogue):
    english = english_with_turkish(catalogue.ts)
    template = next(source for source in sorted(english) if "{" in source
                    and source in _core_sources(catalogue.ts))
    params = {name: f"<{name}>" for name in _param_names(template)}
    shown = render(msg(template, **params))
    assert shown == english[template].format(**params)
    assert shown != template.format(**params)


def _core_sources(ts: Path) -> set[str]:
    for context in ET.parse(ts).getroot().iter("context"):
        if context.findtext("name") == "core":
            return {message.findtext("source") or "" for message in context.iter("message")}
    return set()


def _param_names(template: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def test_render_leaves_plain_text_and_english_alone(qapp):
    assert render("plain words") == "plain words"
    assert render(None) == ""
    assert render(msg("Scan the next item — {left} left.", left=3)) == \
        "Scan the next item — 3 left."


DATE_PROBE = """
import sys
from pathlib import Path
from PySide6.QtCore import QDate, QDateTime, QLocale, QTime
from PySide6.QtWidgets import QApplication
from ui.i18n import format_datetime, install_translator
app = QApplication([])
print(install_translator(app, "tr", folder=Path(sys.argv[1])))
print(format_datetime("2026-03-01T09:05:00Z"))
local = QDateTime(QDate(2026, 3, 1), QTime(12, 5))
print(QLocale(QLocale.Language.Turkish, QLocale.Country.Turkey).toString(
    local, QLocale.FormatType.ShortFormat))
"""


def test_dates_show_in_local_time_in_the_turkish_format(catalogue):
    env = {"TZ": "Europe/Istanbul", "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8",
           "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", DATE_PROBE, str(catalogue.folder)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    language, shown, expected = result.stdout.splitlines()
    assert language == "tr"
    assert "12:05" in shown  # 09:05 UTC is 12:05 in Istanbul
    assert shown == expected  # and in the Turkish short format ("1.03.2026 12:05")


def test_english_dates_on_a_bare_c_locale_system_read_day_first(catalogue):
    """A kiosk or container with LANG=C: "1/03/2026 12:05"-style, not "01 03 2026"."""
    env = {"TZ": "Europe/Istanbul", "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8",
           "PATH": "/usr/bin:/bin"}
    probe = DATE_PROBE.replace('"tr"', '"en"').replace(
        "QLocale.Language.Turkish, QLocale.Country.Turkey",
        "QLocale.Language.English, QLocale.Country.UnitedKingdom")
    result = subprocess.run([sys.executable, "-c", probe, str(catalogue.folder)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    language, shown, expected = result.stdout.splitlines()
    assert language == "en"
    assert shown == expected and "/" in shown and "12:05" in shown


def test_the_notes_strip_speaks_turkish(turkish, catalogue, qtbot):
    from station.packing.view import PackageView
    from ui.packing.panel import PackagePanel

    panel = PackagePanel()
    qtbot.addWidget(panel)
    view = PackageView(package_id=1, number="P1", order_number="O1", archived=False,
                       archived_reason=None, snapshot_state_id=1, local_state_id=1,
                       state_name="Waiting", state_enum="100", groups=(),
                       notes=(msg("Gift box: {note}", note="Mutlu yıllar"),), commands=())
    panel.show_view(view)
    english = english_with_turkish(catalogue.ts)
    assert panel.notes.text() == english["Gift box: {note}"].format(note="Mutlu yıllar")


def test_a_gift_note_with_emoji_is_drawable(qapp, qtbot):
    label = QLabel(GIFT_NOTE)
    qtbot.addWidget(label)
    label.setFont(emoji_fallback(QFont(qapp.font())))
    families = label.font().families()
    fonts = [QRawFont.fromFont(QFont(family)) for family in families]
    missing = [char for char in GIFT_NOTE
               if not any(font.supportsCharacter(ord(char)) for font in fonts)]
    assert missing == [], f"no font among {families} draws {missing}"
