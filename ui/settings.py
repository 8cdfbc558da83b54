"""Station settings: what one packing station remembers between runs.

Owns the `StationSettings` record and its JSON file (by default
`settings.json` in platformdirs' user config dir for "packing-station"). The file
never holds the OMS token or password — those live in the OS keyring
(`ui.credentials`) — and is written with mode 0600 through a temporary file, so a
crash mid-write never leaves half a file behind. Keys the file holds that this
version has no field for are kept as they are when it is saved again. Every field
added later has a default, so an older file still loads; a broken value is one
sentence (`SettingsError`).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from station.config import settings_path
from station.documents.settings import PrintSettings
from station.errors import UsageError
from station.oms.profile import ApiProfile
from station.packing.catalogue import CATALOGUE
from ui.i18n import QT_TRANSLATE_NOOP
from ui.scanner.capture import ScannerSettings

FILE_MODE = 0o600
# Keys that must never reach the file, whatever a caller puts in `extra`.
SECRET_KEYS = frozenset({"token", "password", "key"})
LANGUAGES = ("", "en", "tr")  # "" = the system's language
MIN_FONT, MAX_FONT = 8, 40


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
    # Plain http:// to another machine sends the token unencrypted: only when asked
    # for (a shop's internal OMS); the status bar then says "insecure connection".
    allow_insecure_http: bool = False
    # Who may override a blocked completion: name → scrypt PIN record, never a PIN
    # (station.packing.supervisors; `packing-station supervisor add NAME` adds one).
    supervisors: dict[str, str] = dataclasses.field(default_factory=dict)
    # Station command catalogue rules for an installation whose command types or state
    # names differ: action name → {command_types, destination_enums, words,
    # source_enums} (station.packing.catalogue). Keys and cards never change.
    command_rules: dict[str, dict[str, list[str]]] = dataclasses.field(default_factory=dict)
    # A regular expression telling an invoice barcode from an item ("" = none).
    invoice_pattern: str = ""
    # The installation sets OMS's remote id at the bench (CMD:REMOTE_ID).
    uses_remote_id: bool = False
    # Scanner recognition timing (ui.scanner.ScannerSettings): a burst's key gap, its
    # shortest length, and the silence that ends a scan without a terminator.
    scanner_max_key_gap_ms: int = 40
    scanner_min_length: int = 3
    scanner_idle_timeout_ms: int = 100
    language: str = ""  # "" = the system's; otherwise one of LANGUAGES
    font_size: int = 14  # points; the packing screen is read from a metre away
    # Extra product attribute keys whose values are scannable (store.open_store).
    barcode_attribute_keys: list[str] = dataclasses.field(default_factory=list)
    # Overrides of station.oms.profile.ApiProfile fields (name → value).
    api_profile: dict[str, Any] = dataclasses.field(default_factory=dict)
    # The print settings (station.documents.settings.PrintSettings.from_json's object).
    printing: dict[str, Any] = dataclasses.field(default_factory=dict)
    # View ▸ Package queue as the packer left it (saved on each change, see save_changes).
    queue_visible: bool = True

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: object) -> StationSettings:
        if not isinstance(data, dict):
            raise SettingsError("settings file must hold a JSON object")
        supervisors = data.get("supervisors", {})
        if not isinstance(supervisors, dict) or not all(
                isinstance(v, str) for v in supervisors.values()):
            raise SettingsError("settings file: supervisors must map names to PIN records")
        _check_packing_rules(data)
        _check_station_fields(data)
        known = {f.name for f in dataclasses.fields(cls)}
        try:
            return cls(**{k: v for k, v in data.items() if k in known})
        except TypeError as exc:  # a required field is missing
            raise SettingsError(f"settings file is incomplete: {exc}") from exc


def _check_packing_rules(data: dict[str, Any]) -> None:
    """One clear sentence for a bad `command_rules` or `invoice_pattern`."""
    try:
        CATALOGUE.with_overrides(data.get("command_rules") or {})
    except (ValueError, TypeError, AttributeError) as exc:
        raise SettingsError(f"settings file: command_rules: {exc}") from exc
    pattern = data.get("invoice_pattern") or ""
    try:
        re.compile(pattern if isinstance(pattern, str) else "(")
    except re.error as exc:
        raise SettingsError(f"settings file: invoice_pattern is not a regular expression "
                            f"({exc})") from exc


def _check_station_fields(data: dict[str, Any]) -> None:
    """One clear sentence for a bad scanner timing, language, font size, barcode key,
    API profile override or printing entry; a missing one takes its default."""
    try:
        ScannerSettings(max_key_gap_ms=data.get("scanner_max_key_gap_ms", 40),
                        min_length=data.get("scanner_min_length", 3),
                        idle_timeout_ms=data.get("scanner_idle_timeout_ms", 100))
    except ValueError as exc:
        raise SettingsError(f"settings file: scanner timing: {exc}") from exc
    if data.get("language", "") not in LANGUAGES:
        raise SettingsError(f"settings file: language must be one of "
                            f"{', '.join(repr(code) for code in LANGUAGES)}")
    size = data.get("font_size", 14)
    if isinstance(size, bool) or not isinstance(size, int) or not MIN_FONT <= size <= MAX_FONT:
        raise SettingsError(f"settings file: font_size must be a whole number of points from "
                            f"{MIN_FONT} to {MAX_FONT}, not {size!r}")
    keys = data.get("barcode_attribute_keys", [])
    if not isinstance(keys, list) or not all(isinstance(k, str) and k.strip() for k in keys):
        raise SettingsError("settings file: barcode_attribute_keys must be a list of "
                            "attribute names")
    for flag, default in (("uses_remote_id", False), ("queue_visible", True)):
        if not isinstance(data.get(flag, default), bool):
            raise SettingsError(f"settings file: {flag} must be true or false")
    _check_profile_and_printing(data)


def _check_profile_and_printing(data: dict[str, Any]) -> None:
    profile = data.get("api_profile", {})
    try:
        if not isinstance(profile, dict):
            raise ValueError("it must be a JSON object")
        ApiProfile.from_mapping(profile)
    except (ValueError, TypeError) as exc:
        raise SettingsError(f"settings file: api_profile: {exc}") from exc
    try:
        PrintSettings.from_json(data.get("printing", {}))
    except (UsageError, ValueError, TypeError) as exc:
        raise SettingsError(f"settings file: printing: {exc}") from exc


# Field → what the restart notice calls it. Everything else applies at once.
RESTART_FIELDS = {  # the labels are shown translated (restart_needed)
    "base_url": QT_TRANSLATE_NOOP("settings", "OMS address"),
    "username": QT_TRANSLATE_NOOP("settings", "OMS user"),
    "stock_location_id": QT_TRANSLATE_NOOP("settings", "stock location"),
    "allow_insecure_http": QT_TRANSLATE_NOOP("settings", "plain-http permission"),
    "language": QT_TRANSLATE_NOOP("settings", "language"),
    "barcode_attribute_keys": QT_TRANSLATE_NOOP("settings", "barcode attribute keys"),
    "api_profile": QT_TRANSLATE_NOOP("settings", "API profile overrides"),
}


def restart_needed(old: StationSettings | None, new: StationSettings) -> list[str]:
    """What changed that only the next start uses (labels, in RESTART_FIELDS order)."""
    if old is None:
        return []
    return [QCoreApplication.translate("settings", label)
            for name, label in RESTART_FIELDS.items()
            if getattr(old, name) != getattr(new, name)]


def default_settings_path() -> Path:
    return settings_path()  # one place: station.config (the CLI reads the same file)


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
    # Keys this version does not know (another tool's, a newer version's) are kept.
    data = {k: v for k, v in _unknown_keys(path).items() if k not in SECRET_KEYS}
    data.update({k: v for k, v in settings.to_json().items() if k not in SECRET_KEYS})
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    # Create with 0600 from the start: chmod after writing would leave a window.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=True)
    os.chmod(temp, FILE_MODE)  # O_CREAT's mode does not apply to an existing temp file
    os.replace(temp, path)
    return path


def save_changes(settings: StationSettings, path: Path | None = None,
                 **changes: Any) -> StationSettings:
    """`settings` with `changes`, saved (as save_settings; OSError if it cannot be)."""
    new = dataclasses.replace(settings, **changes)
    save_settings(new, path)
    return new


def _unknown_keys(path: Path) -> dict[str, Any]:
    """The existing file's keys StationSettings has no field for ({} if unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    known = {f.name for f in dataclasses.fields(StationSettings)}
    return {k: v for k, v in data.items() if k not in known} if isinstance(data, dict) else {}
