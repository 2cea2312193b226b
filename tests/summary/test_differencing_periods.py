"""Fixed period grids (``isu.summary.periods``) and the CLI's ``--whole``: whole months,
quarters and years, which release control admits side by side."""

from __future__ import annotations

import datetime as dt

import pytest

from isu.summary.data import SummaryRequest
from isu.summary.periods import grid_end, grid_start, on_grid

D = dt.date


@pytest.mark.parametrize(
    ("day", "grid", "start", "end"),
    [
        (D(2025, 1, 12), "month", D(2025, 1, 1), D(2025, 1, 31)),
        (D(2024, 2, 10), "month", D(2024, 2, 1), D(2024, 2, 29)),
        (D(2025, 12, 31), "month", D(2025, 12, 1), D(2025, 12, 31)),
        (D(2025, 5, 2), "quarter", D(2025, 4, 1), D(2025, 6, 30)),
        (D(2025, 11, 30), "quarter", D(2025, 10, 1), D(2025, 12, 31)),
        (D(2025, 7, 4), "year", D(2025, 1, 1), D(2025, 12, 31)),
    ],
)
def test_grid_periods(day, grid, start, end):
    assert (grid_start(day, grid), grid_end(day, grid)) == (start, end)


def test_on_grid_widens_both_ends_and_keeps_open_ends():
    request = SummaryRequest(date_from=D(2025, 1, 12), date_to=D(2025, 2, 3))
    assert on_grid(request, "month") == SummaryRequest(
        date_from=D(2025, 1, 1), date_to=D(2025, 2, 28)
    )
    assert on_grid(SummaryRequest(date_to=D(2025, 1, 11)), "quarter").date_from is None
    assert on_grid(request, None) is request


def test_the_cli_option_puts_the_period_on_the_grid():
    import argparse

    from isu.cli.summary import add_summary_parser, request_from_args

    parser = argparse.ArgumentParser()
    add_summary_parser(parser.add_subparsers())
    args = parser.parse_args(
        ["summary", "--db", "x.db", "--to", "2025-01-11", "--whole", "month", "--pdf", "o.pdf"]
    )
    assert request_from_args(args, SummaryRequest()).date_to == D(2025, 1, 31)
