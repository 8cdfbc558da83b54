"""Print jobs to a raw TCP "printer" on 127.0.0.1 (ZPL), one that refuses the
connection (the job waits with the reason, then prints once the printer is back),
and the CLI's offline rule: printed from the cache alone, or exit 2 with a sentence."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from station.documents import queue
from station.documents.settings import PrintSettings
from station.documents.worker import PrintWorker
from station.store import open_store
from station.store.db import parse_iso
from tests.integration.documents.printing_helpers import (
    LoopbackPrinter,
    busiest_location,
    free_port,
    headless,
    sync,
    use_private_dirs,
    waiting_package,
)


@pytest.fixture
def station(make_sim, tmp_path, monkeypatch):
    use_private_dirs(monkeypatch, tmp_path, {})
    sim = make_sim()
    db = tmp_path / "station.db"
    location = busiest_location(sim)
    sync(sim, db, location, full=True)
    package = waiting_package(sim, location)
    sim.stop()  # everything below is offline
    return db, package


@pytest.fixture
def printer():
    loopback = LoopbackPrinter()
    yield loopback
    loopback.close()


def _worker(db) -> PrintWorker:
    return PrintWorker(lambda: open_store(db), PrintSettings())


def test_a_zpl_label_reaches_the_loopback_printer(station, printer):
    db, package = station
    with open_store(db) as store:
        job_id = queue.enqueue(store, package["id"], "label", printer.address)
    assert _worker(db).run_until_idle() == 1
    assert printer.received.wait(5)
    (job,) = printer.jobs
    text = job.decode("utf-8")
    assert text.startswith("^XA") and text.rstrip().endswith("^XZ")
    assert f"^FD{package['number']}^FS" in text.replace(">:", "")  # ^BC's field
    assert "^CI28" in text
    with open_store(db) as store:
        (done,) = queue.jobs(store)
    assert (done.id, done.state, done.printed_at is not None) == (job_id, "printed", True)
    assert _worker(db).run_until_idle() == 0 and len(printer.jobs) == 1  # never twice


def test_a_printer_that_refuses_leaves_the_job_queued(station):
    db, package = station
    port = free_port()  # nothing listens there: connection refused
    with open_store(db) as store:
        queue.enqueue(store, package["id"], "label", f"tcp://127.0.0.1:{port}")
    started = dt.datetime.now(dt.UTC)
    assert _worker(db).run_until_idle() == 0
    with open_store(db) as store:
        (job,) = queue.jobs(store)
    assert job.state == "queued" and job.attempts == 1
    assert "refused the connection" in (job.reason or "")
    assert parse_iso(job.next_attempt_at) >= started + dt.timedelta(seconds=4)  # backoff
    assert _worker(db).run_until_idle() == 0  # not due yet: not even tried
    with open_store(db) as store:
        assert queue.jobs(store)[0].attempts == 1

    printer = LoopbackPrinter(port)  # switched on; the packer presses "retry"
    try:
        with open_store(db) as store:
            assert queue.retry(store, job.id)
        assert _worker(db).run_until_idle() == 1
        assert printer.received.wait(5) and len(printer.jobs) == 1
    finally:
        printer.close()


def test_cli_prints_from_the_cache_or_says_why_not(station, tmp_path, printer):
    db, package = station
    number = package["number"]
    missing = headless("print", "shipping-label", "--package", number, "--db", str(db),
                       "--output", str(tmp_path / "label.pdf"))
    assert missing.returncode == 2
    assert missing.stderr.strip().splitlines()[-1] == (
        f"packing-station print: the shipping label of package {number} is not available "
        "offline: the shipping label is not here yet (OMS makes it when it receives the "
        "completion; the station fetches it then)")
    assert not (tmp_path / "label.pdf").exists()

    unknown = headless("print", "slip", "--package", "NO-SUCH-1", "--db", str(db),
                       "--output", str(tmp_path / "x.pdf"))
    assert unknown.returncode == 2 and "NO-SUCH-1 is not in this station's cache" in \
        unknown.stderr and "Traceback" not in unknown.stderr

    slip = tmp_path / "slip.png"
    made = headless("print", "slip", "--package", number, "--db", str(db), "--output", str(slip))
    assert made.returncode == 0, made.stderr
    assert slip.read_bytes().startswith(b"\x89PNG")
    sent = headless("print", "label", "--package", number, "--db", str(db),
                    "--printer", printer.address)
    assert sent.returncode == 0, sent.stderr
    assert printer.received.wait(5) and printer.jobs[0].startswith(b"^XA")


def test_cmd_reprint_after_scanning_the_package_queues_a_new_job(station, tmp_path, printer,
                                                                 monkeypatch):
    db, package = station
    use_private_dirs(monkeypatch, tmp_path / "reprint", {
        "destinations": {"label": printer.address}, "auto_print": ["label"]})
    script = tmp_path / "scans.txt"
    script.write_text(f"CMD:REPRINT\n{package['number']}\nCMD:REPRINT\n")
    packed = headless("pack", "--db", str(db), "--script", str(script), "--offline")
    first, _opened, reprint = [json.loads(line) for line in packed.stdout.splitlines()]
    assert first["kind"] == "error" and "scan the package first" in first["message"]
    assert reprint["kind"] == "ok" and reprint["saved"]
    assert reprint["message"] == f"Reprinting label for package {package['number']}."
    assert json.loads(headless("print", "queue", "--db", str(db)).stdout)["printed"] == 1
    assert printer.received.wait(5) and package["number"].encode() in printer.jobs[0]
