"""Where an invoice comes from (`printing.invoice_source`, `--invoice-source`) and what a
print job says while it is not in the cache — on a real SQLite file, no network: a
request the station crashed during is never sent again by itself."""

from __future__ import annotations

import datetime as dt

import pytest

from station.config import utcnow
from station.documents import queue
from station.documents.cache import on_oms_host
from station.documents.invoices import (
    IN_FLIGHT,
    INVOICE,
    _record_attempt,
    invoice_url,
    unavailable,
)
from station.documents.settings import (
    INVOICE_SOURCE_ENV,
    InvoiceSource,
    PrintSettings,
    load_print_settings,
)
from station.documents.worker import PrintWorker
from station.errors import UsageError
from station.oms.client import OmsClient
from station.store import open_store, upsert_page
from station.store.db import iso_utc, write_transaction
from tests.unit.store_factory import SYNCED_AT, package_json, page

PACKAGE = 42
NUMBER = "PKG000042"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "station.db"
    with open_store(path) as store:
        upsert_page(store, page(package_json(PACKAGE)), synced_at=SYNCED_AT)
    return path


def test_the_source_is_read_from_the_settings_and_checked():
    assert PrintSettings().invoice_source == InvoiceSource("none")
    settings = PrintSettings.from_json({"invoice_source": "url:/inv/{number}-{id}.pdf"})
    assert settings.invoice_source == InvoiceSource("url", "/inv/{number}-{id}.pdf")
    assert PrintSettings.from_json({"invoice_source": "OMS"}).invoice_source.kind == "oms"
    for wrong in ("paper", "url:", "url:/inv/{order}.pdf", "url:/inv/{.pdf"):
        with pytest.raises(UsageError):
            PrintSettings.from_json({"invoice_source": wrong})


def test_the_template_waits_for_an_invoice_number_omss_has_not_set(db):
    with open_store(db) as store:
        by_number = InvoiceSource.parse("url:/inv/{number}/{id}.pdf")
        assert invoice_url(store, PACKAGE, by_number) == f"/inv/{NUMBER}/{PACKAGE}.pdf"
        assert invoice_url(store, PACKAGE, InvoiceSource.parse("url:/e/{invoice_number}")) is None


def test_documents_are_only_fetched_from_the_oms_host():
    with OmsClient("https://oms.example.com", token="t") as client:
        assert on_oms_host(client, "/media/invoices/1.pdf")
        assert on_oms_host(client, "https://oms.example.com/x/1.pdf")
        assert not on_oms_host(client, "https://files.example.net/1.pdf")
        assert not on_oms_host(client, "https://oms.example.com.evil.net/1.pdf")
        assert not on_oms_host(client, "http://oms.example.com/1.pdf")


def test_without_a_source_the_invoice_job_fails_with_a_sentence(db, tmp_path):
    with open_store(db) as store:
        job_id = queue.enqueue(store, PACKAGE, INVOICE, f"folder:{tmp_path}")
    PrintWorker(lambda: open_store(db), PrintSettings()).run_until_idle()
    with open_store(db) as store:
        (job,) = queue.jobs(store)
    assert (job.id, job.state) == (job_id, "failed")
    assert job.reason == (f"No invoice for package {NUMBER}: this station has no invoice "
                          "source (set printing.invoice_source to oms or url:…).")


def test_a_request_the_station_stopped_during_is_not_sent_again_by_itself(db, tmp_path):
    oms = InvoiceSource("oms")
    with open_store(db) as store:
        assert unavailable(store, PACKAGE, oms).outcome == "wait"
        _record_attempt(store, PACKAGE)  # … and the station stopped before the answer
        assert unavailable(store, PACKAGE, oms).outcome == "wait"  # may still answer
        later = utcnow() + IN_FLIGHT + dt.timedelta(seconds=1)
        verdict = unavailable(store, PACKAGE, oms, now=later)
        assert verdict.outcome == "uncertain"
        assert verdict.message == (f"The invoice request for package {NUMBER} may have "
                                   "reached OMS: check OMS, then Retry.")
        with write_transaction(store):  # the stop was long ago
            store.conn.execute("UPDATE invoice_requests SET requested_at = ?",
                               (iso_utc(utcnow() - 2 * IN_FLIGHT),))
        queue.enqueue(store, PACKAGE, INVOICE, f"folder:{tmp_path}")
    settings = PrintSettings(invoice_source=oms)
    PrintWorker(lambda: open_store(db), settings).run_until_idle()
    with open_store(db) as store:
        (job,) = queue.jobs(store)
        assert job.state == "uncertain" and "may have reached OMS" in job.reason
        assert queue.claim_next(store) is None  # only the packer's Retry brings it back


def test_the_environment_overrides_the_settings_file_for_a_process(tmp_path, monkeypatch):
    settings_file = tmp_path / "settings.json"
    settings_file.write_text('{"printing": {"invoice_source": "url:/inv/{id}.pdf"}}')
    assert load_print_settings(settings_file).invoice_source.kind == "url"
    monkeypatch.setenv(INVOICE_SOURCE_ENV, "oms")
    assert load_print_settings(settings_file).invoice_source == InvoiceSource("oms")
    monkeypatch.setenv(INVOICE_SOURCE_ENV, "fax")
    with pytest.raises(UsageError, match=INVOICE_SOURCE_ENV):
        load_print_settings(settings_file)
