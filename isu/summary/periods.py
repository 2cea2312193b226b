"""Fixed period grids: whole months, quarters and years.

Outputs over whole grid periods never differ from each other by a few cases (a quarter is
exactly its three months), so release control (``isu.summary.populations``) admits them
where arbitrary period ends are refused. ``on_grid`` widens a request's period to whole
grid periods: the start moves back to the start of its period, the end forward to the end
of its period.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from isu.summary.data import SummaryRequest

GRIDS = ("month", "quarter", "year")


def _months(grid: str) -> int:
    return {"month": 1, "quarter": 3, "year": 12}[grid]


def grid_start(day: dt.date, grid: str) -> dt.date:
    """The first day of the grid period ``day`` falls in."""
    step = _months(grid)
    month = (day.month - 1) // step * step + 1
    return dt.date(day.year, month, 1)


def grid_end(day: dt.date, grid: str) -> dt.date:
    """The last day of the grid period ``day`` falls in."""
    start = grid_start(day, grid)
    month = start.month - 1 + _months(grid)
    following = dt.date(start.year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def on_grid(request: SummaryRequest, grid: str | None) -> SummaryRequest:
    """``request`` with its period widened to whole months, quarters or years."""
    if grid is None:
        return request
    return dataclasses.replace(
        request,
        date_from=grid_start(request.date_from, grid) if request.date_from else None,
        date_to=grid_end(request.date_to, grid) if request.date_to else None,
    )
