"""Which language the GUI speaks, and installing its Qt Linguist catalogue.

Owns `choose_language(setting)` ("tr"/"en" from the settings' `language`; "" follows
the system locale), `current_language()` (the one installed last),
`install_translator(app, setting)` (our `packing_station_tr.qm` from the package data
plus Qt's own `qtbase_tr.qm`, and the default QLocale so dates follow the language)
and `emoji_fallback(font)` (colour emoji families after the base one, so gift notes
with emoji show them). English needs no catalogue: the source strings are English.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontInfo

log = logging.getLogger(__name__)

LANGUAGES = ("en", "tr")
CATALOGUE = "packing_station_{language}.qm"
# Tried in order after the base family; fontconfig picks the first one installed.
EMOJI_FAMILIES = ("Noto Color Emoji", "Twemoji", "Symbola", "DejaVu Sans")
_LOCALES = {"en": QLocale.Language.English, "tr": QLocale.Language.Turkish}
_COUNTRIES = {"en": QLocale.Country.UnitedStates, "tr": QLocale.Country.Turkey}
# Installed translators stay referenced here (Qt does not own them) until replaced.
_installed: list[QTranslator] = []
_current = {"language": "en"}  # what install_translator chose last


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Marks `source` for pyside6-lupdate in `context` and returns it untranslated (for
    constants, translated where shown). PySide6's own is typed to return `object`."""
    del context  # only lupdate reads it
    return source


def choose_language(setting: str | None) -> str:
    """"tr" or "en": the setting's, or for "" (the system's) Turkish on a Turkish system."""
    if setting in LANGUAGES:
        return str(setting)
    system = QLocale.system().language()
    return "tr" if system == QLocale.Language.Turkish else "en"


def install_translator(app: QCoreApplication, setting: str | None = "",
                       folder: Path | None = None) -> str:
    """Install the catalogues for the chosen language (replacing earlier ones) and make
    its locale the default; returns the language ("tr" or "en") actually used.
    `folder`: where the .qm is (default: the package data; tests build their own)."""
    language = _current["language"] = choose_language(setting)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(_locale_for(language))
    if language == "en":
        return language
    if not _load_ours(app, language, folder):
        log.warning("no %s catalogue: run `make translations`; the window stays English",
                    CATALOGUE.format(language=language))
        _current["language"] = "en"
        QLocale.setDefault(_locale_for("en"))
        return "en"
    _load_qt_base(app, language)
    return language


def _locale_for(language: str) -> QLocale:
    """The system's locale when it speaks `language` (its own date formats, e.g. en_GB),
    else the language's main one (en_US, tr_TR)."""
    system = QLocale.system()
    if system.language() == _LOCALES[language]:
        return system
    if language == "en" and system.language() == QLocale.Language.C:
        # A bare C/POSIX system (kiosks, containers): its dates read "28 11 2026"; a
        # 24-hour, day-first English suits the stores this station serves.
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    return QLocale(_LOCALES[language], _COUNTRIES[language])


def current_language() -> str:
    """The language installed last ("en" before any): OMS labels are picked in it."""
    return _current["language"]


def _load_ours(app: QCoreApplication, language: str, folder: Path | None) -> bool:
    path = catalogue_path(language, folder)
    if path is None:
        return False
    translator = QTranslator(app)
    if not translator.load(str(path)):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def catalogue_path(language: str, folder: Path | None = None) -> Path | None:
    """Our compiled catalogue for `language` in the package data (None if not built).
    The package is always installed as files (editable, wheel or bundle), never zipped."""
    where = folder if folder is not None else Path(str(resources.files("ui.i18n")))
    path = where / CATALOGUE.format(language=language)
    return path if path.is_file() else None


def _load_qt_base(app: QCoreApplication, language: str) -> None:
    """Qt's own words (dialog buttons, context menus), where this Qt ships them."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load(f"qtbase_{language}", folder):
        app.installTranslator(translator)
        _installed.append(translator)


def emoji_fallback(font: QFont) -> QFont:
    """`font` with the emoji families after its own (a gift note's 🎁 shows)."""
    # The family fontconfig really picked first: an alias ("Sans Serif") is no family
    # Qt can find in a list, so it would skip it and draw all text with the emoji font.
    families = [QFontInfo(font).family()]
    families += [family for family in EMOJI_FAMILIES if family not in families]
    font.setFamilies(families)
    return font
