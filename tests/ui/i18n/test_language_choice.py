"""Which language the window speaks: the settings' choice, else the system locale's.

Each case runs in a fresh process (a QApplication and the default locale are
process-wide), with its own settings folder and locale environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.ui.i18n.conftest import ROOT

START_WINDOW_APP = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from ui.settings import StationSettings, save_settings
language = os.environ["PROBE_LANGUAGE"]
if language != "none":
    save_settings(StationSettings(base_url="https://oms.example.com", username="u",
                                  stock_location_id=1, language=language))
from PySide6.QtCore import QCoreApplication, QLocale
from ui.app import application
from ui.i18n import current_language
app = application()
print(current_language(), QLocale().language().name,
      QCoreApplication.translate("app", "Packing Station"), sep="|")
"""


def start(tmp_path: Path, setting: str, system_locale: str) -> list[str]:
    """(language, default locale's language, the window title) in a new process."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("LC_", "LANG"))}
    env.update(LC_ALL=system_locale, LANG=system_locale, PROBE_LANGUAGE=setting,
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-c", START_WINDOW_APP], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split("|")


def test_the_saved_setting_wins_over_the_system(tmp_path):
    assert start(tmp_path, "tr", "en_GB.UTF-8") == ["tr", "Turkish", "Paketleme İstasyonu"]
    assert start(tmp_path, "en", "tr_TR.UTF-8") == ["en", "English", "Packing Station"]


def test_without_a_choice_a_turkish_system_gets_turkish(tmp_path):
    assert start(tmp_path, "", "tr_TR.UTF-8") == ["tr", "Turkish", "Paketleme İstasyonu"]
    assert start(tmp_path, "none", "tr_TR.UTF-8")[0] == "tr"  # never set up: the same


def test_without_a_choice_any_other_system_gets_english(tmp_path):
    assert start(tmp_path, "", "de_DE.UTF-8") == ["en", "English", "Packing Station"]


def test_the_command_line_chooses_for_one_run(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("LC_", "LANG"))}
    env.update(LANG="C.UTF-8", QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    command = [str(Path(sys.executable).parent / "packing-station"), "--offline",
               "--language", "tr", "--quit-after", "0.5", "--db", str(tmp_path / "s.db")]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "window up: Paketleme İstasyonu" in result.stdout
    assert "banner: Başlamak için bir paket numarası okutun." in result.stdout
