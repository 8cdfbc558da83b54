"""Rendering is fast enough to run as the packer completes a package.

Budgets: a ZPL label (build + render) within 20 ms, a PDF packing slip within
150 ms. On a shared 2-core machine single runs jitter, so the median of several
runs is compared with three times the budget, and the figures are printed.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from station.documents import StationInfo, package_label, packing_slip, render_pdf, render_zpl

from .payloads import EMOJI_NOTE, package

INFO = StationInfo("Moda Mağazası Kadıköy", "İstanbul Depo")
SLACK = 3.0


def median_ms(action: Callable[[], object], runs: int = 15) -> float:
    action()  # warm caches: fonts, barcode patterns
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def test_zpl_label_renders_within_20_ms() -> None:
    payload = package(items=5, gift_note=EMOJI_NOTE)
    figure = median_ms(lambda: render_zpl(package_label(payload, INFO, "100x150"), 203))
    print(f"\nZPL label (build + render), median: {figure:.2f} ms (budget 20 ms)")
    assert figure <= 20 * SLACK


def test_pdf_slip_renders_within_150_ms() -> None:
    payload = package(items=10, gift_note=EMOJI_NOTE, notes="Kapıya bırakın")
    figure = median_ms(lambda: render_pdf(packing_slip(payload, INFO, "A4")), runs=9)
    print(f"\nPDF A4 slip, 10 items (build + render), median: {figure:.1f} ms (budget 150 ms)")
    assert figure <= 150 * SLACK


def test_forty_item_slip_timing_is_reported() -> None:
    payload = package(items=40)
    figure = median_ms(lambda: render_pdf(packing_slip(payload, INFO, "A4")), runs=5)
    print(f"\nPDF A4 slip, 40 items, median: {figure:.1f} ms")
    assert figure <= 150 * SLACK * 2
