"""`packing-station print`: a package's documents from the offline cache, or the queue.

    packing-station print {slip,label,shipping-label,invoice} --package NUMBER [--db PATH]
        [--format pdf|png|zpl] (--output FILE | --printer NAME | --printer tcp://HOST:9100)
    packing-station print queue [--db PATH] [--base-url URL --token-stdin]
    [--invoice-source none|oms|url:TEMPLATE]   (either form; default: the settings file's)
    [--language en|tr]   (either form; default: the settings file's printing.language,
                          else English)

A document prints from the cache alone — the package's stored payload, the cached
shipping label, the cached invoice — so it works with the network down; one that is
not available offline ends with exit status 2 and a sentence saying why. `--printer` takes
`tcp://HOST:PORT` (raw port 9100), `folder:PATH`, `cups:QUEUE` or a bare CUPS queue
name (a system printer through Qt is the window's: the CLI has no Qt).
`queue` prints the queued jobs that are due (after a crash, say) and reports the rest;
given an OMS connection it also gets the invoices of due invoice jobs (OMS is asked
once per package: see station.documents.invoices).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import sys
from pathlib import Path

from station.cli.common import add_connection_arguments, add_db_argument, make_client, open_db
from station.documents import queue
from station.documents.captions import LANGUAGES
from station.documents.fetch import SHIPPING_LABEL
from station.documents.invoices import INVOICE
from station.documents.settings import (
    DOCUMENTS,
    Destination,
    InvoiceSource,
    PrintSettings,
    load_print_settings,
)
from station.documents.worker import Content, DocumentNotReady, PrintWorker, deliver, prepare
from station.errors import UsageError
from station.store import packages_by_number_or_order
from station.store.db import Store

FORMATS = ("pdf", "png", "zpl")
NAMES = {"slip": "packing slip", "label": "package label",
         "shipping-label": "shipping label", "invoice": "invoice"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("document", choices=(*DOCUMENTS, "queue"),
                        help="what to print, or `queue` to print the queued jobs")
    parser.add_argument("--package", metavar="NUMBER", help="the package number")
    add_db_argument(parser)
    parser.add_argument("--format", choices=FORMATS,
                        help="output format (default: from --output's suffix, ZPL for a "
                             "package label to a raw printer, else PDF)")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--output", metavar="FILE", help="write the document to FILE")
    target.add_argument("--printer", metavar="NAME",
                        help="tcp://HOST:9100, folder:PATH, cups:QUEUE or a CUPS queue name")
    add_invoice_source_argument(parser)
    parser.add_argument("--language", type=_language, metavar="|".join(LANGUAGES),
                        help="the language the slip, label and invoice print in "
                             "(default: the settings file's printing.language, else English)")
    add_connection_arguments(parser, required=False)


def add_invoice_source_argument(parser: argparse.ArgumentParser) -> None:
    """`--invoice-source`, shared with `sync`: overrides printing.invoice_source."""
    parser.add_argument("--invoice-source", type=_invoice_source, metavar="SOURCE",
                        help="where invoices come from: none, oms (OMS creates the invoice "
                             "once it has the package packed) or url:TEMPLATE (the "
                             "installation's file; {id}, {number}, {invoice_number}); "
                             "default: the settings file's printing.invoice_source")


def _invoice_source(text: str) -> InvoiceSource:
    try:
        return InvoiceSource.parse(text)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _language(text: str) -> str:
    cleaned = text.strip().lower()
    if cleaned not in LANGUAGES:
        raise argparse.ArgumentTypeError(f"{text!r} is not a language documents print in; "
                                         f"use {' or '.join(LANGUAGES)}")
    return cleaned


def print_settings(args: argparse.Namespace) -> PrintSettings:
    """The settings file's printing settings, with `--invoice-source` and `--language`
    applied. The CLI has no window language: "" prints English."""
    settings = load_print_settings()
    given = getattr(args, "invoice_source", None)
    if given is not None:
        settings = dataclasses.replace(settings, invoice_source=given)
    language = getattr(args, "language", None)
    return settings if language is None else dataclasses.replace(settings, language=language)


def run(args: argparse.Namespace) -> int:
    if args.document == "queue":
        return _run_queue(args)
    if not args.package:
        raise UsageError(f"print {args.document} needs --package NUMBER")
    if not (args.output or args.printer):
        raise UsageError("say where to print: --output FILE or --printer NAME")
    with open_db(args) as store:
        package_id = _package_id(store, args.package)
        destination = _destination(args)
        content = _content(store, package_id, args, destination)
        if args.output:
            Path(args.output).write_bytes(content.data)
            print(f"{args.document} of package {args.package} written to {args.output}")
        else:
            deliver(content, destination)
            print(f"{args.document} of package {args.package} sent to {destination}")
    return 0


def _package_id(store: Store, number: str) -> int:
    rows = [row for row in packages_by_number_or_order(store, number) if row["number"] == number]
    if not rows:
        raise UsageError(f"package {number} is not in this station's cache, so nothing of it "
                         "can be printed offline (run packing-station sync while online)")
    return int(rows[0]["id"])


def _destination(args: argparse.Namespace) -> Destination:
    if args.output:
        return Destination("folder", str(Path(args.output).parent))  # never used to send
    destination = Destination.parse(args.printer)
    return Destination("cups", destination.target) if destination.kind == "qt" else destination


def _content(store: Store, package_id: int, args: argparse.Namespace,
             destination: Destination) -> Content:
    wanted = args.format or _format_from_suffix(args.output)
    raw_printer = destination.kind in ("tcp", "cups") and not args.output
    try:
        content = prepare(store, package_id, args.document, print_settings(args),
                          zpl=wanted == "zpl" or (wanted is None and raw_printer))
    except DocumentNotReady as exc:
        if args.document == INVOICE:  # its sentences name the package and the source
            raise UsageError(str(exc)) from None
        raise UsageError(f"the {NAMES[args.document]} of package {args.package} is not "
                         f"available offline: {exc}") from None
    return _convert(content, wanted, args)


def _format_from_suffix(output: str | None) -> str | None:
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in FORMATS else None


def _convert(content: Content, wanted: str | None, args: argparse.Namespace) -> Content:
    from station.documents import render_png, render_zpl

    have = {"application/pdf": "pdf", "application/zpl": "zpl",
            "image/png": "png"}.get(content.content_type, "")
    if wanted in (None, have):
        return content
    if content.layout is None:  # OMS's own file: shipped as OMS made it
        raise UsageError(f"the {NAMES[args.document]} of package {args.package} is cached as "
                         f"{have or content.content_type}, not {wanted}: use --format "
                         f"{have or 'pdf'}")
    if wanted == "png":
        return Content(render_png(content.layout), "image/png", content.title, content.layout)
    if wanted == "zpl":
        data = render_zpl(content.layout).encode()
        return Content(data, "application/zpl", content.title, content.layout)
    from station.documents import render_pdf
    return Content(render_pdf(content.layout), "application/pdf", content.title, content.layout)


def _run_queue(args: argparse.Namespace) -> int:
    settings = print_settings(args)
    with contextlib.ExitStack() as stack:
        client = stack.enter_context(make_client(args, "print queue")) if args.base_url else None
        worker = PrintWorker(lambda: open_db(args), settings, client=client)
        printed = worker.run_until_idle()
    with open_db(args) as store:
        left = queue.jobs(store, states=("queued", "printing", "uncertain", "failed"))
    report = {"printed": printed,
              "waiting": [{"id": job.id, "document": job.document, "state": job.state,
                           "reason": job.reason} for job in left]}
    json.dump(report, sys.stdout)
    print()
    return 0


__all__ = ["SHIPPING_LABEL", "add_arguments", "run"]
