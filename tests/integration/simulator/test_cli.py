"""`packing-station simulator …` options and what the command prints."""

from __future__ import annotations

import argparse
import io
import re
import threading

import httpx
import pytest

from station.simulator import cli
from station.simulator.core import SimulatorConfig
from tests.integration.conftest import ANCHOR, PROFILE


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    return parser.parse_args(argv)


def test_fault_flags_become_rules_limited_to_the_fault_paths():
    args = parse("--port", "0", "--packages", "50", "--seed", "9", "--locations", "2",
                 "--latency-ms", "20", "--error-rate", "0.1", "--error-status", "502",
                 "--drop-after-rate", "0.05", "--fault-path", "/command/$",
                 "--token-max-requests", "100", "--fault-seed", "4")
    config = cli.config_from_args(args)
    assert (config.packages, config.seed, config.locations, config.port) == (50, 9, 2, 0)
    rules = config.faults.rules
    assert [(r.kind, r.rate) for r in rules] == [("latency", 1.0), ("error", 0.1),
                                                 ("drop_after", 0.05)]
    assert rules[0].latency_ms == 20 and rules[1].status == 502
    assert all(r.paths == ("/command/$",) for r in rules)
    assert (config.faults.token_max_requests, config.faults.seed) == (100, 4)


def test_no_fault_flags_means_no_faults():
    assert cli.config_from_args(parse()).faults.rules == ()


def test_bad_fault_values_are_reported():
    assert cli.run(parse("--error-rate", "2")) == 2


def test_serve_prints_url_login_and_locations_then_stops():
    out, stop = io.StringIO(), threading.Event()
    config = SimulatorConfig(packages=40, port=0, locations=2, anchor=ANCHOR)
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(cli.serve(config, out, stop, "hi")))
    thread.start()
    try:
        for _ in range(1000):
            if "Press Ctrl-C" in out.getvalue():
                break
            threading.Event().wait(0.01)
        text = out.getvalue()
        url = re.search(r"listening on (http://127\.0\.0\.1:\d+)", text).group(1)
        assert "username: demo, password: demo" in text
        assert re.search(r"id +1 .*: \d+ packages", text)
        assert "hi" in text
        with httpx.Client(base_url=url) as client:
            login = client.post(PROFILE.login_path, json={"username": "demo", "password": "demo"})
            assert login.status_code == 200
    finally:
        stop.set()
        thread.join(timeout=30)
    assert result == [0]


def test_port_in_use_is_a_clear_error(sim, capsys):
    config = SimulatorConfig(packages=5, port=sim.port)
    assert cli.serve(config, io.StringIO(), threading.Event()) == 2
    assert f"port {sim.port}" in capsys.readouterr().err


@pytest.mark.parametrize("flag", ["--truncate-rate", "--invalid-json-rate", "--rate-limit-rate",
                                  "--drop-before-rate"])
def test_every_rate_flag_maps_to_its_kind(flag):
    rules = cli.config_from_args(parse(flag, "0.5")).faults.rules
    assert [rule.kind for rule in rules] == [flag[2:-5].replace("-", "_")]
