"""Constants the whole station shares: the application name (platformdirs paths), the
token environment variable, the default packer name, and the current time.

One place for them, so the CLI, the GUI and the core cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import getpass

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
