"""Number, percent and date formatting for summaries, in Swedish and English.

Rounding follows Socialstyrelsen's published tables: whole percent, halves rounded up
(12.5 % → 13 %). Python's ``round`` rounds halves to even and works on binary floats,
so everything goes through ``Decimal`` with ROUND_HALF_UP instead.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

NBSP = "\u00a0"  # keeps "1 234" and "12 %" on one line
Numeric = int | float | Decimal | Fraction


def to_decimal(value: Numeric) -> Decimal:
    """Exact for int/Decimal; floats go via their shortest repr (2.675 stays 2.675)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(repr(float(value)))


def round_half_up(value: Numeric, places: int = 0) -> Decimal:
    """Round to ``places`` decimals, halves away from zero (0.5 → 1, 2.5 → 3, -0.5 → -1)."""
    quantum = Decimal(1).scaleb(-places)
    return to_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


def share_percent(count: int, base: int) -> Decimal:
    """``count`` as a percentage of ``base``, unrounded (base must be positive)."""
    if base <= 0:
        raise ValueError("a percentage needs a positive base")
    return Decimal(count * 100) / Decimal(base)


def round_percent(count: int, base: int) -> int:
    """Whole percent, halves up: round_percent(1, 8) == 13."""
    return int(round_half_up(share_percent(count, base)))


def _group(digits: str, separator: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return separator.join(groups)


def format_number(value: Numeric, lang: str = "sv", places: int = 0, grouping: bool = True) -> str:
    """``1 234,5`` (sv) or ``1,234.5`` (en); halves rounded up; no grouping for CSV."""
    rounded = round_half_up(value, places)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):.{places}f}"
    whole, _, fraction = text.partition(".")
    thousands, decimal_mark = (NBSP, ",") if lang == "sv" else (",", ".")
    if grouping:
        whole = _group(whole, thousands)
    if sign and not whole.strip("0") and not fraction.strip("0"):
        sign = ""  # -0,0 reads as a mistake
    return sign + whole + (decimal_mark + fraction if fraction else "")


def format_int(value: int, lang: str = "sv") -> str:
    return format_number(value, lang, 0)


def format_statistic(value: Numeric, lang: str = "sv", grouping: bool = True) -> str:
    """One decimal, but whole numbers (medians of days, min, max) without ",0"."""
    decimal_value = round_half_up(value, 1)
    places = 0 if decimal_value == decimal_value.to_integral_value() else 1
    return format_number(decimal_value, lang, places, grouping)


def format_percent(value: Numeric, lang: str = "sv", places: int = 0) -> str:
    """``12 %`` in Swedish (space before the sign, as Språkrådet advises), ``12%`` in English."""
    number = format_number(value, lang, places)
    return f"{number}{NBSP}%" if lang == "sv" else f"{number}%"


def format_date(value: dt.date) -> str:
    """ISO 8601 in both languages (2025-03-01), as Swedish authorities write dates."""
    return value.isoformat()


def format_period(start: dt.date, end: dt.date) -> str:
    return f"{format_date(start)} – {format_date(end)}"
