"""The printing language end to end, offline from a synced cache: `print --language tr`
as a real subprocess (PDF read back by poppler and zxing, ZPL by its text fields), the
settings file's `printing.language`, the station's language handed to the print worker
(what the window does), and a bad language refused with one sentence and exit 2."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from station.documents import queue
from station.documents.settings import PrintSettings
from station.documents.worker import PrintWorker
from station.store import open_store
from tests.integration.documents.printing_helpers import (
    busiest_location,
    headless,
    sync,
    use_private_dirs,
    waiting_package,
)
from tests.unit.documents.readback import code128, pdf_pages, pdf_text

FIELD = re.compile(r"\^FD(.*?)\^FS", re.S)


@pytest.fixture
def station(make_sim, tmp_path, monkeypatch):
    """A synced station database with the simulator stopped, and its settings file."""
    config = use_private_dirs(monkeypatch, tmp_path, {})
    sim = make_sim()
    db = tmp_path / "station.db"
    location = busiest_location(sim)
    sync(sim, db, location, full=True)
    package = waiting_package(sim, location)
    sim.stop()  # everything below is offline
    return db, package, config / "packing-station" / "settings.json"


def set_printing(settings_file: Path, printing: dict) -> None:
    settings_file.write_text(json.dumps({"printing": printing}), encoding="utf-8")


def printed(db: Path, number: str, document: str, output: Path, *extra: str) -> bytes:
    done = headless("print", document, "--package", number, "--db", str(db),
                    "--output", str(output), *extra)
    assert done.returncode == 0, done.stderr
    return output.read_bytes()


def test_cli_language_tr_prints_a_turkish_slip_and_label(station, tmp_path):
    db, package, _ = station
    number = package["number"]
    slip = printed(db, number, "slip", tmp_path / "slip.pdf", "--language", "tr")
    text = pdf_text(slip)
    assert "Paketleme fişi" in text and "Sipariş" in text and "Bu paketteki ürünler" in text
    assert "Packing slip" not in text and "Items in this package" not in text
    assert code128(pdf_pages(slip)[0]) == [number]

    zpl = printed(db, number, "label", tmp_path / "label.zpl", "--language", "tr").decode()
    fields = FIELD.findall(zpl)
    assert "^CI28" in zpl and "SİPARİŞ" in fields and "ÜRÜN" in fields
    assert "ORDER" not in fields
    assert re.search(rf"\^BCN,\d+,N,N,N,A\^FH\^FD{re.escape(number)}\^FS", zpl)

    english = pdf_text(printed(db, number, "slip", tmp_path / "en.pdf"))  # the CLI default
    assert "Packing slip" in english and "Paketleme fişi" not in english


def test_the_settings_file_language_is_the_cli_default_and_the_option_wins(station,
                                                                          tmp_path):
    db, package, settings_file = station
    set_printing(settings_file, {"language": "tr"})
    turkish = pdf_text(printed(db, package["number"], "slip", tmp_path / "tr.pdf"))
    assert "Paketleme fişi" in turkish
    english = pdf_text(printed(db, package["number"], "slip", tmp_path / "en.pdf",
                               "--language", "en"))
    assert "Packing slip" in english and "Paketleme fişi" not in english


def test_a_bad_language_is_one_sentence_and_exit_2(station, tmp_path):
    db, package, settings_file = station
    output = tmp_path / "slip.pdf"
    bad = headless("print", "slip", "--package", package["number"], "--db", str(db),
                   "--output", str(output), "--language", "de")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().splitlines() == [
        "packing-station print: argument --language: 'de' is not a language documents "
        "print in; use en or tr (see packing-station print --help)"]

    set_printing(settings_file, {"language": "deutsch"})
    from_file = headless("print", "slip", "--package", package["number"], "--db", str(db),
                         "--output", str(output))
    assert from_file.returncode == 2 and "Traceback" not in from_file.stderr
    assert from_file.stderr.strip().splitlines()[-1].endswith(
        "printing.language 'deutsch' is not a language documents print in; use en or tr "
        "(or leave it empty for the station's language)")
    assert not output.exists()


@pytest.mark.parametrize(("setting", "station_language", "expected"), [
    ("", "tr", "Paketleme fişi"),   # the window's language, as the GUI passes it
    ("en", "tr", "Packing slip"),   # printing.language wins over the window's
    ("tr", "", "Paketleme fişi"),
    ("", "", "Packing slip"),       # nobody says: English
])
def test_the_worker_prints_in_the_setting_else_the_stations_language(
        station, tmp_path, setting, station_language, expected):
    db, package, _ = station
    out = tmp_path / "out"
    with open_store(db) as store:
        queue.enqueue(store, package["id"], "slip", f"folder:{out}")
    worker = PrintWorker(lambda: open_store(db), PrintSettings(language=setting),
                         language=station_language)
    assert worker.run_until_idle() == 1
    (pdf,) = out.iterdir()
    text = pdf_text(pdf.read_bytes())
    assert expected in text
    assert code128(pdf_pages(pdf.read_bytes())[0]) == [package["number"]]
