"""Station settings: what one packing station remembers between runs.

Owns the `StationSettings` record and its JSON file (by default
`settings.json` in platformdirs' user config dir for "packing-station"). The file
never holds the OMS token or password — those live in the OS keyring
(`ui.credentials`) — and is written with mode 0600 through a temporary file, so a
crash mid-write never leaves half a file behind.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "packing-station"
FILE_NAME = "settings.json"
FILE_MODE = 0o600
# Keys that must never reach the file, whatever a caller puts in `extra`.
SECRET_KEYS = frozenset({"token", "password", "key"})


class SettingsError(ValueError):
    """The settings file exists but cannot be read as station settings."""


@dataclasses.dataclass(frozen=True)
class StationSettings:
    base_url: str
    username: str
    stock_location_id: int
    stock_location_name: str = ""
    packer: str = ""
    scanner_prefix: str = ""
    scanner_suffix: str = "\r"
    auto_start_preparing: bool = True
    sound_enabled: bool = True
    sound_volume: float = 0.8

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: object) -> StationSettings:
        if not isinstance(data, dict):
            raise SettingsError("settings file must hold a JSON object")
        known = {f.name for f in dataclasses.fields(cls)}
        try:
            return cls(**{k: v for k, v in data.items() if k in known})
        except TypeError as exc:  # a required field is missing
            raise SettingsError(f"settings file is incomplete: {exc}") from exc


def default_settings_path() -> Path:
    return platformdirs.user_config_path(APP_NAME) / FILE_NAME


def load_settings(path: Path | None = None) -> StationSettings | None:
    """The saved settings, or None when there is no file yet (first run)."""
    path = path or default_settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SettingsError(f"settings file {path} is not valid JSON: {exc}") from exc
    return StationSettings.from_json(data)


def save_settings(settings: StationSettings, path: Path | None = None) -> Path:
    """Write the settings (mode 0600, atomically); returns the file's path."""
    path = path or default_settings_path()
    data = {k: v for k, v in settings.to_json().items() if k not in SECRET_KEYS}
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    # Create with 0600 from the start: chmod after writing would leave a window.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=True)
    os.chmod(temp, FILE_MODE)  # O_CREAT's mode does not apply to an existing temp file
    os.replace(temp, path)
    return path
