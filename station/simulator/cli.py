"""`packing-station simulator …` and the simulator half of `packing-station --demo`.

    packing-station simulator --port 8765 --packages 5000 --seed 1 --locations 4 \\
        --latency-ms 50 --error-rate 0.02 --drop-after-rate 0.01 --fault-path '/command/$'

Fault flags build `FaultRule`s limited to the `--fault-path` regexes (all paths if none);
the same faults can be changed at run time through `/_sim/faults`.
"""

from __future__ import annotations

import argparse
import sys
import threading
from typing import TextIO

from station.simulator.api import ApiSettings
from station.simulator.core import Simulator, SimulatorConfig
from station.simulator.faults import FaultRule, Faults

DEMO_PACKAGES = 300
DEMO_LOCATION_ID = 1  # the first generated location; all demo packages are there
RATE_FLAGS = (  # (flag, fault kind, help)
    ("--error-rate", "error", "share of requests answered with --error-status"),
    ("--rate-limit-rate", "rate_limit", "share of requests answered 429 + Retry-After"),
    ("--drop-before-rate", "drop_before", "share of connections dropped before handling"),
    ("--drop-after-rate", "drop_after", "share handled (commands applied), then dropped"),
    ("--truncate-rate", "truncate", "share of answers cut short (Content-Length too big)"),
    ("--invalid-json-rate", "invalid_json", "share of answers with broken JSON"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--packages", type=int, default=1000, help="generated packages")
    parser.add_argument("--seed", type=int, default=1, help="data seed (same seed, same data)")
    parser.add_argument("--locations", type=int, default=4, help="generated stock locations")
    parser.add_argument("--max-page-size", type=int, default=100)
    parser.add_argument("--stock-locations-envelope", action="store_true",
                        help="serve stocklocations/list-simple/ paginated, not as a list")
    faults = parser.add_argument_group("faults")
    faults.add_argument("--latency-ms", type=float, default=0.0, help="added to every answer")
    for flag, _kind, text in RATE_FLAGS:
        faults.add_argument(flag, type=float, default=0.0, metavar="RATE", help=text)
    faults.add_argument("--error-status", type=int, default=500, choices=(500, 502, 503, 504))
    faults.add_argument("--retry-after", type=float, default=1.0, help="seconds, for 429s")
    faults.add_argument("--fault-path", action="append", default=[], metavar="REGEX",
                        help="limit the faults above to matching paths (repeatable)")
    faults.add_argument("--fault-seed", type=int, default=0, help="seed of the fault RNG")
    faults.add_argument("--token-ttl", type=float, default=None, metavar="SECONDS",
                        help="tokens expire this long after login")
    faults.add_argument("--token-max-requests", type=int, default=None, metavar="N",
                        help="tokens expire after N authenticated requests")


def faults_from_args(args: argparse.Namespace) -> Faults:
    paths = tuple(args.fault_path)
    rules = []
    if args.latency_ms > 0:
        rules.append(FaultRule("latency", latency_ms=args.latency_ms, paths=paths))
    for flag, kind, _text in RATE_FLAGS:
        rate = getattr(args, flag.lstrip("-").replace("-", "_"))
        if rate > 0:
            rules.append(FaultRule(kind, rate=rate, paths=paths, status=args.error_status,
                                   retry_after=args.retry_after))
    return Faults(tuple(rules), args.token_ttl, args.token_max_requests, args.fault_seed)


def config_from_args(args: argparse.Namespace) -> SimulatorConfig:
    return SimulatorConfig(
        packages=args.packages, seed=args.seed, locations=args.locations, port=args.port,
        faults=faults_from_args(args),
        api=ApiSettings(max_page_size=args.max_page_size,
                        stock_locations_envelope=args.stock_locations_envelope),
    )


def describe(sim: Simulator) -> str:
    """What a person needs to point a station at the running simulator."""
    summary = sim.summary()
    lines = [
        f"OMS simulator listening on {sim.url}",
        f"  login:  POST {sim.url}{sim.config.profile.login_path}  "
        f"(username: demo, password: demo)",
        f"  admin:  {sim.url}/_sim/",
        f"  packages: {summary['packages']}",
        "  stock locations:",
    ]
    for location in summary["stock_locations"]:
        lines.append(f"    id {location['id']:>3}  {location['name']} ({location['erp_code']}):"
                     f" {location['packages']} packages")
    if sim.faults.rules or sim.faults.token_ttl_seconds or sim.faults.token_max_requests:
        lines.append(f"  faults: {sim.faults.to_json()}")
    return "\n".join(lines)


def serve(config: SimulatorConfig, out: TextIO, stop: threading.Event,
          note: str = "") -> int:
    """Run until `stop` is set or Ctrl-C. `note` may name `{url}`."""
    try:
        sim = Simulator(config).start()
    except OSError as error:
        print(f"cannot start the simulator on port {config.port}: {error}", file=sys.stderr)
        return 2
    with sim:
        print(describe(sim), file=out)
        if note:
            print(note.format(url=sim.url), file=out)
        print("Press Ctrl-C to stop.", file=out, flush=True)
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            print("stopping", file=out, flush=True)
    return 0


def run(args: argparse.Namespace) -> int:
    try:
        config = config_from_args(args)
    except ValueError as error:
        print(f"bad simulator option: {error}", file=sys.stderr)
        return 2
    return serve(config, sys.stdout, threading.Event())


def run_demo() -> int:
    """Demo mode until the GUI exists: a few hundred packages for one store."""
    config = SimulatorConfig(packages=DEMO_PACKAGES, seed=1, locations=1, port=0)
    note = (f"Demo store: stock location id {DEMO_LOCATION_ID} "
            f"({DEMO_PACKAGES} generated packages). Log in as demo / demo.\n"
            "Until the packing screen exists, try the headless station in another terminal:\n"
            "  echo demo | .venv/bin/packing-station sync --base-url {url} --username demo "
            f"--password-stdin --stock-location {DEMO_LOCATION_ID} --db /tmp/demo-station.db\n"
            "  .venv/bin/packing-station status --db /tmp/demo-station.db")
    return serve(config, sys.stdout, threading.Event(), note)
