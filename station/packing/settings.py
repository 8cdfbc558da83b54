"""The packing behaviour a station's settings file describes, for every program that
packs: the window (`ui.app`) and the headless `packing-station pack` build their
`PackingConfig` here from the same keys, so a scripted station packs exactly like
the bench (scanner framing, automatic start, command rules, invoice pattern, remote
ids, supervisors, API profile).

The file's shape and its checks with one-sentence errors belong to the window's
settings (`ui.settings`); this reads what the core needs from the JSON object.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from station.oms.profile import ApiProfile
from station.packing.catalogue import CATALOGUE
from station.packing.session import PackingConfig
from station.scanning import ScannerConfig


def packing_config(settings: Mapping[str, Any], **extra: Any) -> PackingConfig:
    """The PackingConfig the settings JSON object describes (defaults for missing keys);
    `extra` adds what is not in the file (hooks, or the command line's choices)."""
    scanner = ScannerConfig(prefix=settings.get("scanner_prefix") or "",
                            suffix=settings.get("scanner_suffix", "\r") or "")
    options: dict[str, Any] = {
        "auto_start_preparing": bool(settings.get("auto_start_preparing", True)),
        "scanner": scanner,
        "supervisors": dict(settings.get("supervisors") or {}),
        "catalogue": CATALOGUE.with_overrides(settings.get("command_rules") or {}),
        "invoice_pattern": settings.get("invoice_pattern") or None,
        "uses_remote_id": bool(settings.get("uses_remote_id", False)),
        "profile": ApiProfile.from_mapping(settings.get("api_profile") or {}),
    }
    return PackingConfig(**{**options, **extra})
