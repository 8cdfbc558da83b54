"""Benchmark of the OMS simulator: data generation and paging speed over loopback.

Generates N packages (default 10,000), starts the simulator, logs in, and has one httpx
client follow `next` through the full detailed list and then the short list (page size
100; the envelope is decoded with results left raw, as the station's sync does). Prints
one JSON object:

    generate_s: time to generate the data and bind the server
    full / short: {pages, packages, seconds, packages_per_s, mb, mb_per_s}
    detail_ms: median of 200 single-package GETs

Usage: .venv/bin/python bench/simulator.py [--packages N] [--page-size N] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import httpx
import msgspec

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from station.oms.profile import DEFAULT_PROFILE  # noqa: E402
from station.simulator import ApiSettings, Simulator, SimulatorConfig  # noqa: E402


class _Envelope(msgspec.Struct):
    count: int
    results: list[msgspec.Raw]
    next: str | None = None


def page_through(client: httpx.Client, path: str, page_size: int) -> dict[str, float]:
    decoder = msgspec.json.Decoder(_Envelope)
    url: str | None = f"{path}?{DEFAULT_PROFILE.param_page_size}={page_size}&sort=id"
    pages = packages = size = 0
    started = time.perf_counter()
    while url:
        response = client.get(url)
        response.raise_for_status()
        page = decoder.decode(response.content)
        pages, packages, size = pages + 1, packages + len(page.results), size + len(
            response.content)
        url = page.next
    seconds = time.perf_counter() - started
    return {"pages": pages, "packages": packages, "seconds": round(seconds, 3),
            "packages_per_s": round(packages / seconds), "mb": round(size / 1e6, 1),
            "mb_per_s": round(size / 1e6 / seconds, 1)}


def detail_median_ms(client: httpx.Client, ids: list[int]) -> float:
    timings = []
    for pk in ids:
        started = time.perf_counter()
        client.get(f"{DEFAULT_PROFILE.packages_path}{pk}/").raise_for_status()
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=10_000)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    config = SimulatorConfig(packages=args.packages, seed=args.seed,
                             api=ApiSettings(max_page_size=max(100, args.page_size)))
    started = time.perf_counter()
    sim = Simulator(config).start()
    generate_s = time.perf_counter() - started
    with sim, httpx.Client(base_url=sim.url, timeout=60) as client:
        client.headers["Authorization"] = f"Token {sim.login()}"
        full_cold = page_through(client, DEFAULT_PROFILE.packages_path, args.page_size)
        full_warm = page_through(client, DEFAULT_PROFILE.packages_path, args.page_size)
        short = page_through(client, DEFAULT_PROFILE.packages_path + "short/", args.page_size)
        detail = detail_median_ms(client, sim.package_ids()[:200])
    print(json.dumps({
        "packages": args.packages, "page_size": args.page_size,
        "generate_s": round(generate_s, 3),
        "full_first_pass": full_cold, "full_cached": full_warm, "short": short,
        "detail_ms": detail,
    }, indent=2))


if __name__ == "__main__":
    main()
