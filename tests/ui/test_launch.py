"""`packing-station --demo` options, parsed by ui.launch before the demo starts."""

from __future__ import annotations

import pytest

from ui.launch import parse_demo_args


def test_offline_after_in_both_spellings():
    assert parse_demo_args(["--offline-after", "30"]).offline_after == 30.0
    assert parse_demo_args(["--offline-after=2.5"]).offline_after == 2.5


def test_no_options_means_stay_online():
    assert parse_demo_args([]).offline_after is None


@pytest.mark.parametrize("args", [["--offline-after", "soon"], ["--offline-after=0"],
                                  ["--offline-after=-5"], ["--offline-after=nan"],
                                  ["--base-url", "http://127.0.0.1:1"]])
def test_bad_or_unknown_demo_options_are_rejected_with_a_message(args, capsys):
    with pytest.raises(SystemExit) as exit_info:
        parse_demo_args(args)
    assert exit_info.value.code == 2
    assert "packing-station --demo" in capsys.readouterr().err
