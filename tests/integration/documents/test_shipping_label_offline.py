"""A shipping label OMS makes at completion is fetched into the offline cache — right
after the completion is delivered, or by the sync when it was made elsewhere — and
prints with the simulator stopped: real simulator, real `pack` / `outbox` / `print`
subprocesses, a real folder printer."""

from __future__ import annotations

import json

import httpx

from station.documents import StationInfo, packing_slip, queue
from station.documents.fetch import SHIPPING_LABEL, cached_document
from station.simulator import Simulator
from station.store import open_store
from station.store.snapshot import package_raw
from tests.integration.documents.printing_helpers import (
    busiest_location,
    headless,
    script_for,
    sync,
    use_private_dirs,
    waiting_package,
)


def test_label_cached_after_completion_prints_offline(make_sim, tmp_path, monkeypatch):
    out = tmp_path / "out"
    use_private_dirs(monkeypatch, tmp_path, {
        "destinations": {"shipping-label": f"folder:{out}", "slip": f"folder:{out}"},
        "auto_print": ["shipping-label", "slip"]})
    sim: Simulator = make_sim()
    db = tmp_path / "station.db"
    location = busiest_location(sim)
    sync(sim, db, location, full=True)
    package = waiting_package(sim, location)
    script = "\n".join(script_for(package)) + "\n"
    packed = headless("pack", "--db", str(db), "--script", "-", "--offline", stdin=script)
    assert json.loads(packed.stdout.splitlines()[-1])["kind"] == "saved", packed.stderr

    # Before OMS has the completion: the slip prints, the label job waits and says why.
    first = json.loads(headless("print", "queue", "--db", str(db)).stdout)
    assert first["printed"] == 1
    (left,) = first["waiting"]
    assert left["document"] == SHIPPING_LABEL and "not here yet" in left["reason"]

    # Delivered: OMS makes the label; the refresh after delivery caches it at once.
    drained = headless("outbox", "--db", str(db), "--drain", "--base-url", sim.url,
                       "--token-stdin", stdin=f"{sim.login()}\n")
    assert drained.returncode == 0, drained.stderr
    assert sim.package(package["id"])["shipping_label"]["preview_url"]
    with open_store(db) as store:
        cached = cached_document(store, package["id"], SHIPPING_LABEL)
    assert cached is not None and cached.read().startswith(b"%PDF-")
    assert cached.path.is_relative_to(tmp_path / "cache" / "packing-station" / "documents")
    sim.stop()  # offline from here on

    second = json.loads(headless("print", "queue", "--db", str(db)).stdout)
    assert second == {"printed": 1, "waiting": []}
    saved = sorted(path.name for path in out.iterdir())
    assert saved == [f"{SHIPPING_LABEL}-{package['id']}.pdf", f"{_slip_name(db, package)}.pdf"]
    assert (out / saved[0]).read_bytes() == cached.read()

    reprinted = tmp_path / "again.pdf"
    by_cli = headless("print", SHIPPING_LABEL, "--package", package["number"], "--db", str(db),
                      "--output", str(reprinted))
    assert by_cli.returncode == 0, by_cli.stderr
    assert reprinted.read_bytes() == cached.read()
    assert json.loads(headless("print", "queue", "--db", str(db)).stdout)["printed"] == 0


def test_sync_caches_a_label_made_elsewhere_for_printing_offline(make_sim, tmp_path,
                                                                 monkeypatch):
    use_private_dirs(monkeypatch, tmp_path, {})
    sim: Simulator = make_sim()
    db = tmp_path / "station.db"
    location = busiest_location(sim)
    sync(sim, db, location, full=True)
    package = waiting_package(sim, location)
    sim.apply_command_as_other_station(package["id"], "COMPLETE_PACKAGING")  # OMS's web UI
    sync(sim, db, location)  # the packed package comes back with its label: fetched
    served = httpx.get(sim.url + sim.package(package["id"])["shipping_label"]["preview_url"],
                       headers={"Authorization": f"Token {sim.login()}"}).content
    sim.stop()
    target = tmp_path / "label.pdf"
    printed = headless("print", SHIPPING_LABEL, "--package", package["number"], "--db",
                       str(db), "--output", str(target))
    assert printed.returncode == 0, printed.stderr
    assert target.read_bytes() == served and served.startswith(b"%PDF-")


def _slip_name(db, package: dict) -> str:
    with open_store(db) as store:
        (slip,) = [job for job in queue.jobs(store) if job.document == "slip"]
        assert slip.state == "printed"
        return packing_slip(package_raw(store, package["id"]), StationInfo("")).name
