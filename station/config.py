"""Constants the whole station shares: the application name (platformdirs paths), the
token environment variable, the default packer name, the current time, and where the
settings file is (its keys the core needs: `read_settings`).

One place for them, so the CLI, the GUI and the core cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from pathlib import Path
from typing import Any

import platformdirs

from station.errors import UsageError

APP_NAME = "packing-station"
# The OMS token may come from this environment variable (never from an argument:
# process arguments are visible to every user of the machine).
TOKEN_ENV = "PACKING_STATION_TOKEN"
FALLBACK_PACKER = "station"


def default_packer() -> str:
    """The OS user's name, or "station" where there is none (a bare container)."""
    try:
        return getpass.getuser() or FALLBACK_PACKER
    except (KeyError, OSError):
        return FALLBACK_PACKER


def utcnow() -> dt.datetime:
    """The current time, timezone-aware in UTC."""
    return dt.datetime.now(dt.UTC)


SETTINGS_FILE = "settings.json"


def settings_path() -> Path:
    """The station's settings file (platformdirs' user config dir): the window writes
    it, the command line reads its defaults from it (`read_settings`)."""
    return platformdirs.user_config_path(APP_NAME) / SETTINGS_FILE


def read_settings(path: Path | None = None) -> dict[str, Any]:
    """The settings file as a JSON object; {} when there is none yet. A broken file
    raises UsageError with one sentence naming it."""
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read the station settings {path}: {exc}") from None
    if not isinstance(data, dict):
        raise UsageError(f"the station settings {path} are not a settings file (not an object)")
    return data
