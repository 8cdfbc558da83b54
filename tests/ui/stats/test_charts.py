"""The statistics bar charts count in whole numbers: the y axis of "Packages per hour"
and "Items per hour" labels distinct integers from 0 up to at least the tallest bar
(never "0, 0, 0, 0, 1" for a one-package hour)."""

from __future__ import annotations

import pytest

from ui.stats.charts import HourChart, integer_scale


@pytest.mark.parametrize("tallest", [0, 1, 2, 3, 5, 7, 12, 23, 140, 999])
def test_the_y_axis_labels_distinct_whole_numbers_up_to_the_tallest_bar(qtbot, tallest):
    chart = HourChart("Packages per hour", "#1565c0")
    qtbot.addWidget(chart)
    chart.show_bars(["09:00", "10:00"], [tallest, 0])
    labels = chart.y_labels()
    numbers = [int(label) for label in labels]  # each one a whole number
    assert [str(number) for number in numbers] == labels
    assert numbers == sorted(set(numbers))  # distinct, rising
    assert numbers[0] == 0
    assert numbers[-1] >= max(tallest, 1)  # the tallest bar is inside the axis
    assert 2 <= len(labels) <= 7  # readable: a few ticks, not one per package


def test_a_one_package_hour_reads_0_and_1(qtbot):
    chart = HourChart("Packages per hour", "#1565c0")
    qtbot.addWidget(chart)
    chart.show_bars(["15:00"], [1])
    assert chart.y_labels() == ["0", "1"]


def test_integer_scale_rounds_the_top_up_to_a_whole_step():
    assert integer_scale(1) == (1, 1)
    assert integer_scale(4) == (4, 1)
    assert integer_scale(7) == (8, 2)
    assert integer_scale(23) == (25, 5)
    assert integer_scale(140) == (150, 50)
