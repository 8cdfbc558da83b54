"""Print settings: where each document type goes and which ones print on completion.

Owns `PrintSettings` and `Destination`. The settings live under the `"printing"` key
of the station's settings file (`settings.json` in platformdirs' user config dir,
the file the GUI keeps), for example:

    "printing": {
      "destinations": {"shipping-label": "tcp://10.0.0.7:9100", "slip": "qt:Office Laser",
                       "label": "cups:zebra", "invoice": "folder:~/Invoices"},
      "auto_print": ["shipping-label", "slip"],
      "slip_size": "A5", "label_size": "100x150", "zpl_dpi": 203,
      "wait_for_shipping_label": true,
      "invoice_source": "oms",
      "language": "tr"
    }

A destination is `tcp://HOST:PORT` (raw port 9100), `cups:QUEUE` (a raw CUPS
queue), `folder:PATH` ("save as PDF") or `qt:NAME` (a system printer through
QPrinter; a bare name means the same). A document type with no destination is
never auto-printed.

`invoice_source` says where the `invoice` document comes from (`InvoiceSource`):
"none" (the default: no invoice at this station), "oms" (the station asks OMS to
create the package's invoice once OMS has it packed — oms-api §7.3 — and prints its
own invoice from the answer) or "url:TEMPLATE" (the installation's own invoice file,
fetched with GET; TEMPLATE names it with {id}, {number} and {invoice_number} of the
package, relative to the OMS address or absolute on the OMS host). `print` and `sync`
take `--invoice-source` to override it; the environment variable
PACKING_STATION_INVOICE_SOURCE overrides it for a whole process (the demo sets "oms").

`language` is the language our own documents (slip, label, invoice) print in: "en",
"tr", or "" (the default) for the station's language — the window's, which the GUI
passes to the print worker; the CLI, which has no window language, prints English
unless this says otherwise or `print --language` is given.
"""

from __future__ import annotations

import json
import logging
import os
import string
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import platformdirs

from station.config import APP_NAME
from station.documents.captions import LANGUAGES
from station.errors import UsageError

log = logging.getLogger(__name__)

DOCUMENTS = ("slip", "label", "shipping-label", "invoice")
DEFAULT_AUTO_PRINT = frozenset({"shipping-label", "slip"})
SETTINGS_FILE = "settings.json"
SETTINGS_KEY = "printing"
KINDS = ("tcp", "cups", "folder", "qt")
INVOICE_SOURCE_ENV = "PACKING_STATION_INVOICE_SOURCE"
INVOICE_SOURCES = ("none", "oms", "url:TEMPLATE")
TEMPLATE_FIELDS = frozenset({"id", "number", "invoice_number"})


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
class InvoiceSource:
    """Where invoices come from: `kind` "none", "oms" or "url" (then `template`)."""

    kind: str = "none"
    template: str = ""

    @classmethod
    def parse(cls, text: str) -> InvoiceSource:
        cleaned = str(text).strip()
        if cleaned.lower() in ("none", "oms"):
            return cls(cleaned.lower())
        if cleaned.lower().startswith("url:"):
            template = cleaned[4:].strip()
            _check_template(template)
            return cls("url", template)
        raise UsageError(f"invoice source {cleaned!r} is not one of "
                         f"{', '.join(INVOICE_SOURCES)}")

    def url_for(self, values: Mapping[str, object]) -> str:
        """The template filled in with the package's `values`."""
        return self.template.format_map({key: str(values[key]) for key in TEMPLATE_FIELDS})

    def __str__(self) -> str:
        return f"url:{self.template}" if self.kind == "url" else self.kind


def _check_template(template: str) -> None:
    if not template:
        raise UsageError("an invoice source url: needs a template, e.g. "
                         "url:/invoices/{number}.pdf")
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise UsageError(f"the invoice URL template {template!r} is malformed: {exc}") from None
    unknown = sorted(names - TEMPLATE_FIELDS)
    if unknown:
        raise UsageError(f"the invoice URL template names {', '.join(unknown)}; it may use "
                         "{id}, {number} and {invoice_number}")


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
    invoice_source: InvoiceSource = InvoiceSource()
    language: str = ""  # "" = the station's language (see the module docstring)

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
                   store_name=str(data.get("store_name", "")),
                   invoice_source=InvoiceSource.parse(data.get("invoice_source", "none")),
                   language=parse_language(data.get("language", ""), "printing.language"))


def parse_language(value: object, name: str = "the printing language") -> str:
    """A printing language setting ("en", "tr" or "" for the station's) checked."""
    text = value.strip().lower() if isinstance(value, str) else None
    if text is None or (text and text not in LANGUAGES):
        raise UsageError(f"{name} {value!r} is not a language documents print in; use "
                         f"{' or '.join(LANGUAGES)} (or leave it empty for the station's "
                         "language)")
    return text


def _check_document(document: Any) -> None:
    if document not in DOCUMENTS:
        raise UsageError(f"{document!r} is not a document type ({', '.join(DOCUMENTS)})")


def default_settings_path() -> Path:
    return platformdirs.user_config_path(APP_NAME) / SETTINGS_FILE


def load_print_settings(path: Path | None = None) -> PrintSettings:
    """The printing settings from the station's settings file; defaults (nothing
    auto-prints: no destination) when the file or its `"printing"` key is missing.
    PACKING_STATION_INVOICE_SOURCE, when set, replaces the file's invoice source."""
    settings = _settings_from_file(path or default_settings_path())
    override = os.environ.get(INVOICE_SOURCE_ENV, "").strip()
    if not override:
        return settings
    try:
        source = InvoiceSource.parse(override)
    except UsageError as exc:
        raise UsageError(f"{INVOICE_SOURCE_ENV}: {exc}") from None
    return replace(settings, invoice_source=source)


def _settings_from_file(settings_path: Path) -> PrintSettings:
    try:
        data = json.loads(settings_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return PrintSettings()
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read the station settings {settings_path}: {exc}") from None
    if not isinstance(data, dict) or SETTINGS_KEY not in data:
        return PrintSettings()
    return PrintSettings.from_json(data[SETTINGS_KEY])
