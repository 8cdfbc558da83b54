"""Security of the CLI and the OMS client over real HTTP: proxies from the environment
only for https, secrets never in process arguments nor in the log file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from station.errors import NetworkError
from station.oms.client import OmsClient
from station.oms.transport import RetryPolicy

BOGUS_PROXY = "http://127.0.0.1:1"  # nothing listens: a request sent through it fails
PROXY_VARIABLES = ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")
ONCE = RetryPolicy(attempts=1, total_timeout=None, wait_initial=0, wait_max=0, wait_jitter=0)


def cli(tmp_path: Path, *args: str, stdin: str = "",
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "station", *args], input=stdin, env=full_env,
                          capture_output=True, text=True, timeout=60, check=False)


def log_text(tmp_path: Path) -> str:
    return (tmp_path / "state" / "packing-station" / "log" / "packing-station.log").read_text()


@pytest.fixture
def sim(make_sim):
    return make_sim(packages=20, locations=1)


def test_an_environment_proxy_is_not_used_for_plain_http(sim, monkeypatch):
    for name in PROXY_VARIABLES:
        monkeypatch.setenv(name, BOGUS_PROXY)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with OmsClient(sim.url, username="demo", password="demo", retry=ONCE) as client:
        assert client.stock_locations()  # straight to the simulator, not the proxy


def test_an_environment_proxy_is_still_used_for_https(monkeypatch):
    """`.invalid` never resolves: only a request through the (refusing) proxy is refused."""
    monkeypatch.setenv("HTTPS_PROXY", BOGUS_PROXY)
    with OmsClient("https://oms.invalid", token="a-long-enough-token", retry=ONCE) as client, \
            pytest.raises(NetworkError, match="Connection refused"):
        client.stock_locations()


def test_cli_sync_ignores_a_bogus_http_proxy(sim, tmp_path):
    done = cli(tmp_path, "sync", "--base-url", sim.url, "--username", "demo",
               "--password-stdin", "--stock-location", "1", "--db", str(tmp_path / "s.db"),
               "--json", stdin="demo\n", env=dict.fromkeys(PROXY_VARIABLES, BOGUS_PROXY))
    assert done.returncode == 0, done.stderr


def test_a_token_from_stdin_or_the_environment_never_reaches_the_log(sim, tmp_path):
    token = sim.login()
    db = str(tmp_path / "s.db")
    common = ["sync", "--base-url", sim.url, "--stock-location", "1", "--db", db]
    by_stdin = cli(tmp_path, "--log-level", "DEBUG", *common, "--token-stdin",
                   stdin=f"{token}\n")
    by_env = cli(tmp_path, "--log-level", "DEBUG", *common,
                 env={"PACKING_STATION_TOKEN": token})
    wrong = cli(tmp_path, *common, "--username", "demo", "--password-stdin",
                stdin="wrong-Sekr1t-pw\n")

    assert (by_stdin.returncode, by_env.returncode, wrong.returncode) == (0, 0, 2)
    text = log_text(tmp_path)
    assert "DEBUG" in text and "credentials rejected" in text  # the log did record them
    assert token not in text and "wrong-Sekr1t-pw" not in text
    for done in (by_stdin, by_env, wrong):
        assert token not in done.stdout + done.stderr
