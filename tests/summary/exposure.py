"""An independent, exact check of what an attacker can compute from a published table.

Works on the table extended by its margins (last column = row totals, last row = column
totals, corner = grand total) with ``None`` for every unpublished figure. The equations
"each row sums to its total, each column to its total" plus non-negativity define every
table consistent with what was published; a hidden cell is *exposed* when all of them
agree on its value. Found by exhaustive backtracking search (small tables only), so it
shares no code or reasoning with the suppression algorithm it checks.
"""

from __future__ import annotations

from collections.abc import Iterator

Cell = tuple[int, int]
Grid = list[list[int | None]]


def equations(known: Grid) -> list[tuple[list[tuple[Cell, int]], int]]:
    """Each equation as ([(unknown cell, coefficient)], right-hand side)."""
    rows, cols = len(known), len(known[0])
    lines: list[list[tuple[Cell, int]]] = []
    for i in range(rows):  # cells of row i (incl. the column-totals row) minus the row total
        lines.append([((i, j), 1) for j in range(cols - 1)] + [((i, cols - 1), -1)])
    for j in range(cols):
        lines.append([((i, j), 1) for i in range(rows - 1)] + [((rows - 1, j), -1)])
    result = []
    for line in lines:
        unknown = [(cell, coef) for cell, coef in line if known[cell[0]][cell[1]] is None]
        rhs = -sum(coef * known[c[0]][c[1]] for c, coef in line if known[c[0]][c[1]] is not None)
        if unknown:
            result.append((unknown, rhs))
        elif rhs != 0:
            raise ValueError("the published figures contradict each other")
    return result


def _feasible(eqs, upper: int, fixed: dict[Cell, int], order: list[Cell], hint) -> bool:
    for unknown, rhs in eqs:
        rest = rhs - sum(coef * fixed[c] for c, coef in unknown if c in fixed)
        free = [coef for c, coef in unknown if c not in fixed]
        low = sum(coef * upper for coef in free if coef < 0)
        high = sum(coef * upper for coef in free if coef > 0)
        if not low <= rest <= high:
            return False
    forced = _forced(eqs, upper, fixed)
    if forced is False:
        return False
    if forced is not None:
        cell, value = forced
        return _feasible(eqs, upper, {**fixed, cell: value}, order, hint)
    free_cells = [c for c in order if c not in fixed]
    if not free_cells:
        return True
    cell = free_cells[0]
    for value in _values_near(hint(cell), upper):
        if _feasible(eqs, upper, {**fixed, cell: value}, order, hint):
            return True
    return False


def _forced(eqs, upper, fixed):
    """(cell, value) when some equation has one unknown left; False when that is impossible."""
    for unknown, rhs in eqs:
        free = [(c, coef) for c, coef in unknown if c not in fixed]
        if len(free) == 1:
            cell, coef = free[0]
            rest = rhs - sum(coef2 * fixed[c] for c, coef2 in unknown if c in fixed)
            value = rest // coef
            if value * coef != rest or not 0 <= value <= upper:
                return False
            return cell, value
    return None


def _values_near(start: int, upper: int) -> Iterator[int]:
    yield start
    for step in range(1, upper + 1):
        for value in (start - step, start + step):
            if 0 <= value <= upper:
                yield value


def exposed_cells(known: Grid, truth: list[list[int]]) -> list[Cell]:
    """Hidden cells whose value every table consistent with ``known`` agrees on."""
    eqs = equations(known)
    upper = truth[-1][-1]
    hidden = [(i, j) for i, row in enumerate(known) for j, value in enumerate(row) if value is None]

    def hint(cell: Cell) -> int:  # search near the truth first: only speeds things up
        return truth[cell[0]][cell[1]]

    exposed = []
    for cell in hidden:
        alternatives = (v for v in _values_near(hint(cell), upper) if v != hint(cell))
        if not any(_feasible(eqs, upper, {cell: v}, hidden, hint) for v in alternatives):
            exposed.append(cell)
    return exposed
