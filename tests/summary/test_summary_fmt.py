"""Rounding and Swedish/English number formats."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from isu.summary.fmt import (
    NBSP,
    format_date,
    format_int,
    format_number,
    format_percent,
    format_period,
    format_statistic,
    round_half_up,
    round_percent,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.5, 1), (1.5, 2), (2.5, 3), (12.5, 13), (-0.5, -1), (2.4999, 2), (Fraction(25, 2), 13)],
)
def test_halves_are_rounded_up_unlike_pythons_round(value, expected):
    assert round_half_up(value) == expected


def test_round_percent_of_counts():
    assert round_percent(1, 8) == 13  # 12.5 %
    assert round_percent(1, 40) == 3  # 2.5 %
    assert round_percent(1, 3) == 33
    assert round_percent(2, 3) == 67


def test_floats_round_as_written_not_as_stored():
    # 2.675 is stored as 2.67499999...; written, it is a half and goes up
    assert round_half_up(2.675, 2) == Decimal("2.68")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(count=st.integers(0, 10_000), base=st.integers(1, 10_000))
def test_round_percent_matches_exact_integer_arithmetic(count, base):
    # half-up of 100*count/base == floor((200*count + base) / (2*base))
    assert round_percent(count, base) == (200 * count + base) // (2 * base)


def test_swedish_numbers():
    assert format_int(1234) == f"1{NBSP}234"
    assert format_int(1234567) == f"1{NBSP}234{NBSP}567"
    assert format_int(999) == "999"
    assert format_number(1234.5, "sv", 1) == f"1{NBSP}234,5"
    assert format_number(-1234.25, "sv", 1) == f"-1{NBSP}234,3"
    assert format_number(1234.5, "sv", 1, grouping=False) == "1234,5"
    assert format_percent(12.5) == f"13{NBSP}%"
    assert format_percent(Decimal("12.45"), places=1) == f"12,5{NBSP}%"


def test_english_numbers():
    assert format_number(1234.5, "en", 1) == "1,234.5"
    assert format_percent(12.5, "en") == "13%"


def test_statistics_drop_a_trailing_zero_decimal():
    assert format_statistic(15.0) == "15"
    assert format_statistic(15.25) == "15,3"
    assert format_statistic(15.96) == "16"


def test_dates_are_iso():
    assert format_date(dt.date(2025, 3, 1)) == "2025-03-01"
    assert format_period(dt.date(2025, 1, 1), dt.date(2025, 6, 30)) == "2025-01-01 – 2025-06-30"
