"""Shared set-up for the printing tests (no tests here): a station synced from the
simulator, print settings in a private config dir, a loopback raw "printer", and the
headless CLI run as a real subprocess."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

from station.oms.client import OmsClient
from station.simulator import Simulator
from station.store import open_store
from station.sync.syncer import Syncer

COMPLETE_CARD = "CMD:COMPLETE_PACKAGING"


def headless(*args: str, stdin: str | None = None,
             timeout: float = 90) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "station", *args], input=stdin,
                          capture_output=True, text=True, timeout=timeout, check=False,
                          env=dict(os.environ))


def use_private_dirs(monkeypatch, tmp_path: Path, printing: dict) -> Path:
    """XDG config and cache dirs under tmp_path (this process and its children), with
    `printing` as the station's print settings; returns the config dir."""
    config = tmp_path / "config"
    (config / "packing-station").mkdir(parents=True)
    (config / "packing-station" / "settings.json").write_text(
        json.dumps({"printing": printing}), encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return config


def busiest_location(sim: Simulator) -> int:
    counts = sim.stock_location_counts()
    return max(counts, key=lambda loc: counts[loc])


def sync(sim: Simulator, db: Path, location: int, *, full: bool = False) -> None:
    with OmsClient(sim.url, username="demo", password="demo") as client, \
            open_store(db) as store:
        Syncer(client, store, stock_location_id=location).sync(full=full)


def waiting_package(sim: Simulator, location: int) -> dict:
    packages = [sim.package(pk) for pk in sim.package_ids(location)]
    return next(p for p in packages if p["state"]["enum_value"] == "100" and p["id"] > 1000)


def script_for(package: dict, card: str = COMPLETE_CARD) -> list[str]:
    codes = [item["order_item"]["product"]["barcode"] or item["order_item"]["product"]["sku"]
             for item in package["packageitem_set"]
             if str(item["state"]["enum_value"]) != "600"]
    return [package["number"], *codes, card]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LoopbackPrinter:
    """A raw port-9100 printer on 127.0.0.1: keeps every job it receives."""

    def __init__(self, port: int = 0) -> None:
        self.server = socket.create_server(("127.0.0.1", port))
        self.port = self.server.getsockname()[1]
        self.jobs: list[bytes] = []
        self.received = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            with connection:
                chunks = []
                while chunk := connection.recv(65536):
                    chunks.append(chunk)
            self.jobs.append(b"".join(chunks))
            self.received.set()

    def close(self) -> None:
        self.server.close()
        self._thread.join(5)
