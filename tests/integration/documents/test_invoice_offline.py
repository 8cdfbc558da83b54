"""The invoice: asked of OMS once the completion is delivered (oms-api §7.3, a POST that
CREATES an invoice, so never sent twice behind the packer's back), cached, and printed
with the simulator stopped — real simulator over HTTP, real `pack` / `outbox` / `print`
/ `sync` subprocesses, a real folder printer, poppler and zxing reading the result."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from station.documents import queue
from station.documents.cache import cached_document
from station.documents.invoices import INVOICE, request_of
from station.documents.settings import InvoiceSource, PrintSettings
from station.documents.worker import PrintWorker
from station.oms.client import OmsClient
from station.simulator import FaultRule, Simulator
from station.store import open_store
from tests.integration.documents.printing_helpers import (
    busiest_location,
    headless,
    script_for,
    sync,
    use_private_dirs,
    waiting_package,
)
from tests.unit.documents.readback import code128, pdf_pages, pdf_text

STORE_NAME = "Işıklı Mağaza — Şöğüç"
INVOICE_POST = r"/invoice/$"


def invoice_posts(sim: Simulator) -> int:
    return sum(1 for r in sim.requests()
               if r["method"] == "POST" and r["path"].endswith("/invoice/"))


def packed_and_delivered(sim: Simulator, db: Path) -> dict:
    """A package synced, completed offline and the completion delivered to OMS."""
    location = busiest_location(sim)
    sync(sim, db, location, full=True)
    package = waiting_package(sim, location)
    script = "\n".join(script_for(package)) + "\n"
    packed = headless("pack", "--db", str(db), "--script", "-", "--offline", stdin=script)
    assert json.loads(packed.stdout.splitlines()[-1])["kind"] == "saved", packed.stderr
    drained = headless("outbox", "--db", str(db), "--drain", "--base-url", sim.url,
                       "--token-stdin", stdin=f"{sim.login()}\n")
    assert drained.returncode == 0, drained.stderr
    return package


def print_queue(db: Path, *extra: str, stdin: str | None = None) -> dict:
    done = headless("print", "queue", "--db", str(db), *extra, stdin=stdin)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_invoice_made_on_delivery_prints_offline_with_its_barcode(make_sim, tmp_path,
                                                                   monkeypatch):
    out = tmp_path / "out"
    use_private_dirs(monkeypatch, tmp_path, {
        "destinations": {"invoice": f"folder:{out}"}, "auto_print": ["invoice"],
        "invoice_source": "oms", "store_name": STORE_NAME})
    sim: Simulator = make_sim()
    db = tmp_path / "station.db"
    package = packed_and_delivered(sim, db)

    # The delivery's refresh asked OMS once and cached its answer.
    assert invoice_posts(sim) == 1
    with open_store(db) as store:
        cached = cached_document(store, package["id"], INVOICE)
        request = request_of(store, package["id"])
    assert cached is not None and cached.content_type == "application/json"
    answer = json.loads(cached.read())
    assert request is not None and request.state == "answered"
    assert request.invoice_number == answer["number"]
    assert answer["package_number"] == package["number"]

    # A second worker run and a sync never ask again.
    token = f"{sim.login()}\n"
    assert print_queue(db, "--base-url", sim.url, "--token-stdin", stdin=token) == {
        "printed": 1, "waiting": []}
    print_queue(db, "--base-url", sim.url, "--token-stdin", stdin=token)
    sync(sim, db, busiest_location(sim))
    assert invoice_posts(sim) == 1
    sim.stop()  # offline from here on

    target = tmp_path / "invoice.pdf"
    printed = headless("print", INVOICE, "--package", package["number"], "--db", str(db),
                       "--output", str(target))
    assert printed.returncode == 0, printed.stderr
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert all(answer["number"] in code128(page) for page in pdf_pages(pdf))
    text = pdf_text(pdf)
    assert STORE_NAME in text and answer["number"] in text and package["number"] in text
    assert [path.suffix for path in out.iterdir()] == [".pdf"]  # the queued job's copy


def test_an_unanswered_request_is_never_repeated_until_the_packer_retries(
        make_sim, tmp_path, monkeypatch):
    out = tmp_path / "out"
    # The settings file asks for no invoice: only this worker (source "oms") asks.
    use_private_dirs(monkeypatch, tmp_path, {"destinations": {"invoice": f"folder:{out}"},
                                             "auto_print": ["invoice"]})
    sim: Simulator = make_sim()
    db = tmp_path / "station.db"
    package = packed_and_delivered(sim, db)
    assert invoice_posts(sim) == 0
    # OMS makes the invoice, then the connection breaks before the answer.
    sim.add_fault(FaultRule("drop_after", count=1, paths=(INVOICE_POST,), methods=("POST",)))
    settings = PrintSettings(destinations={INVOICE: f"folder:{out}"},
                             invoice_source=InvoiceSource("oms"))
    with OmsClient(sim.url, username="demo", password="demo") as client:
        worker = PrintWorker(lambda: open_store(db), settings, client=client,
                             document_root=tmp_path / "cache")
        assert worker.run_until_idle() == 0
        assert worker.run_until_idle() == 0  # run twice: still one POST
        sync(sim, db, busiest_location(sim))  # and the sync does not ask either
        assert invoice_posts(sim) == 1
        with open_store(db) as store:
            (job,) = queue.jobs(store, package_id=package["id"])
            assert job.state == "uncertain"
            assert job.reason == (f"The invoice request for package {package['number']} may "
                                  "have reached OMS: check OMS, then Retry.")
            # A reprint is a new job, not an answer to the question: it does not ask OMS.
            (reprint,) = queue.reprint(store, package["id"], [INVOICE], settings, packer="ayşe")
        assert worker.run_until_idle() == 0 and invoice_posts(sim) == 1
        with open_store(db) as store:
            assert {job.state for job in queue.jobs(store)} == {"uncertain"}
            queue.retry(store, reprint)  # retrying either job is the packer's answer
            assert queue.retry(store, job.id)  # the packer checked OMS, then Retry
        assert worker.run_until_idle() == 2  # one POST, both jobs print its invoice
        assert invoice_posts(sim) == 2
        assert worker.run_until_idle() == 0 and invoice_posts(sim) == 2
    assert len(list(out.iterdir())) >= 1


def test_a_refused_request_fails_the_job_with_omss_message(make_sim, tmp_path, monkeypatch):
    use_private_dirs(monkeypatch, tmp_path, {})
    sim: Simulator = make_sim()
    db = tmp_path / "station.db"
    package = packed_and_delivered(sim, db)
    sim.delete_package(package["id"])  # OMS answers 404 from now on
    settings = PrintSettings(destinations={INVOICE: f"folder:{tmp_path}"},
                             invoice_source=InvoiceSource("oms"))
    with OmsClient(sim.url, username="demo", password="demo") as client, \
            open_store(db) as store:
        job_id = queue.enqueue(store, package["id"], INVOICE, f"folder:{tmp_path}")
        PrintWorker(lambda: open_store(db), settings, client=client).run_until_idle()
        (job,) = [job for job in queue.jobs(store) if job.id == job_id]
    assert job.state == "failed"
    assert job.reason.startswith(f"OMS refused the invoice of package {package['number']}: ")
    assert invoice_posts(sim) == 1


def test_url_source_caches_the_installations_file_for_offline_printing(make_sim, tmp_path,
                                                                        monkeypatch):
    use_private_dirs(monkeypatch, tmp_path, {})
    sim: Simulator = make_sim()
    db = tmp_path / "station.db"
    package = packed_and_delivered(sim, db)
    template = "url:/media/invoices/{id}/invoice.pdf"
    synced = headless("sync", "--db", str(db), "--base-url", sim.url, "--token-stdin",
                      "--stock-location", str(busiest_location(sim)), "--json",
                      "--invoice-source", template, stdin=f"{sim.login()}\n")
    assert synced.returncode == 0, synced.stderr
    served = httpx.get(f"{sim.url}/media/invoices/{package['id']}/invoice.pdf",
                       headers={"Authorization": f"Token {sim.login()}"}).content
    assert invoice_posts(sim) == 0  # a GET only: nothing was created at OMS
    sim.stop()
    target = tmp_path / "invoice.pdf"
    printed = headless("print", INVOICE, "--package", package["number"], "--db", str(db),
                       "--output", str(target))
    assert printed.returncode == 0, printed.stderr
    assert target.read_bytes() == served and served.startswith(b"%PDF-")
    assert f"Package {package['number']}" in pdf_text(served)


def test_without_a_cached_invoice_print_says_why_and_exits_2(make_sim, tmp_path, monkeypatch):
    use_private_dirs(monkeypatch, tmp_path, {"invoice_source": "oms"})
    sim: Simulator = make_sim()
    db = tmp_path / "station.db"
    location = busiest_location(sim)
    sync(sim, db, location, full=True)
    package = waiting_package(sim, location)
    sim.stop()
    args = ("print", INVOICE, "--package", package["number"], "--db", str(db), "--output",
            str(tmp_path / "x.pdf"))
    done = headless(*args)
    assert done.returncode == 2
    assert (f"No invoice for package {package['number']} in this station's cache: the invoice "
            "is made after OMS has the package packed (invoice source: oms).") in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "x.pdf").exists()
    none = headless(*args, "--invoice-source", "none")
    assert none.returncode == 2 and "has no invoice source" in none.stderr
