"""Print settings: where each document type goes and which ones print on completion.

Owns `PrintSettings` and `Destination`. The settings live under the `"printing"` key
of the station's settings file (`settings.json` in platformdirs' user config dir,
the file the GUI keeps), for example:

    "printing": {
      "destinations": {"shipping-label": "tcp://10.0.0.7:9100", "slip": "qt:Office Laser",
                       "label": "cups:zebra", "invoice": "folder:~/Invoices"},
      "auto_print": ["shipping-label", "slip"],
      "slip_size": "A5", "label_size": "100x150", "zpl_dpi": 203,
      "wait_for_shipping_label": true
    }

A destination is `tcp://HOST:PORT` (raw port 9100), `cups:QUEUE` (a raw CUPS
queue), `folder:PATH` ("save as PDF") or `qt:NAME` (a system printer through
QPrinter; a bare name means the same). A document type with no destination is
never auto-printed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from station.config import APP_NAME
from station.errors import UsageError

log = logging.getLogger(__name__)

DOCUMENTS = ("slip", "label", "shipping-label", "invoice")
DEFAULT_AUTO_PRINT = frozenset({"shipping-label", "slip"})
SETTINGS_FILE = "settings.json"
SETTINGS_KEY = "printing"
KINDS = ("tcp", "cups", "folder", "qt")


@dataclass(frozen=True)
class Destination:
    """A parsed destination: `kind` is one of KINDS, `target` the address, queue,
    folder or printer name."""

    kind: str
    target: str

    @classmethod
    def parse(cls, text: str) -> Destination:
        cleaned = text.strip()
        if not cleaned:
            raise UsageError("a printer destination cannot be empty")
        if cleaned.startswith("tcp://"):
            return cls("tcp", cleaned)
        for kind in ("cups", "folder", "qt"):
            if cleaned.startswith(f"{kind}:"):
                target = cleaned[len(kind) + 1:].strip()
                if not target:
                    raise UsageError(f"{cleaned!r} names no {kind} target")
                if kind == "folder":
                    target = str(Path(target).expanduser())
                return cls(kind, target)
        return cls("qt", cleaned)

    def __str__(self) -> str:
        return self.target if self.kind == "tcp" else f"{self.kind}:{self.target}"


@dataclass(frozen=True)
class PrintSettings:
    destinations: Mapping[str, str] = field(default_factory=dict)
    auto_print: frozenset[str] = DEFAULT_AUTO_PRINT
    slip_size: str = "A4"
    label_size: str = "100x150"
    zpl_dpi: int = 203
    # A shipping label OMS has not made yet: True waits for it and prints it when the
    # sync brings it; False gives the job up with the reason.
    wait_for_shipping_label: bool = True
    store_name: str = ""

    def destination_for(self, document: str) -> str | None:
        return self.destinations.get(document) or None

    def auto_documents(self) -> list[str]:
        """The document types printed on completion: switched on and with a destination."""
        return [doc for doc in DOCUMENTS if doc in self.auto_print and self.destination_for(doc)]

    @classmethod
    def from_json(cls, data: object) -> PrintSettings:
        """From the `"printing"` object; unknown keys and document types are refused."""
        if not isinstance(data, Mapping):
            raise UsageError("the printing settings must be a JSON object")
        destinations = data.get("destinations", {})
        if not isinstance(destinations, Mapping):
            raise UsageError("printing.destinations must map document types to printers")
        for document, destination in destinations.items():
            _check_document(document)
            Destination.parse(str(destination))
        auto = data.get("auto_print", sorted(DEFAULT_AUTO_PRINT))
        for document in auto:
            _check_document(document)
        return cls(destinations={str(k): str(v) for k, v in destinations.items()},
                   auto_print=frozenset(auto), slip_size=str(data.get("slip_size", "A4")),
                   label_size=str(data.get("label_size", "100x150")),
                   zpl_dpi=int(data.get("zpl_dpi", 203)),
                   wait_for_shipping_label=bool(data.get("wait_for_shipping_label", True)),
                   store_name=str(data.get("store_name", "")))


def _check_document(document: Any) -> None:
    if document not in DOCUMENTS:
        raise UsageError(f"{document!r} is not a document type ({', '.join(DOCUMENTS)})")


def default_settings_path() -> Path:
    return platformdirs.user_config_path(APP_NAME) / SETTINGS_FILE


def load_print_settings(path: Path | None = None) -> PrintSettings:
    """The printing settings from the station's settings file; defaults (nothing
    auto-prints: no destination) when the file or its `"printing"` key is missing."""
    settings_path = path or default_settings_path()
    try:
        data = json.loads(settings_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return PrintSettings()
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read the station settings {settings_path}: {exc}") from None
    if not isinstance(data, dict) or SETTINGS_KEY not in data:
        return PrintSettings()
    return PrintSettings.from_json(data[SETTINGS_KEY])
