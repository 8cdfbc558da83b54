"""The Turkish catalogue as the source makes it now: the update script run into a
temporary folder (the repository's .ts as the starting point, so its translations
count) and compiled there, without touching the working tree."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from ui.i18n import install_translator

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "update-translations.py"


@dataclass(frozen=True)
class Catalogue:
    ts: Path  # the .ts lupdate wrote from the current source
    folder: Path  # holds the compiled packing_station_tr.qm


@pytest.fixture(scope="session")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    folder = tmp_path_factory.mktemp("catalogue")
    ts = folder / "packing_station_tr.ts"
    subprocess.run([sys.executable, str(SCRIPT), "--ts", str(ts), "--core",
                    str(folder / "core_strings.py"), "--release", str(folder)],
                   check=True, cwd=ROOT, timeout=120)
    return Catalogue(ts, folder)


@pytest.fixture
def turkish(qapp, catalogue: Catalogue) -> Iterator[str]:
    """The Turkish catalogue installed for one test; English (and the locale) after."""
    before = QLocale()
    assert install_translator(qapp, "tr", folder=catalogue.folder) == "tr"
    yield "tr"
    install_translator(qapp, "en", folder=catalogue.folder)
    QLocale.setDefault(before)
