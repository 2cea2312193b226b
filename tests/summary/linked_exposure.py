"""An independent, exact check of what an attacker can compute from *all* the tables of one
output together, by integer programming (scipy's HiGHS).

``exposure.py`` checks one table by exhaustive search. Here every published figure of
every additive and volume table becomes a variable; figures the engine tags with the same
population key (``SummaryTable.figures``) are the same variable, in one table or across
tables, because a reader who knows what they count knows they are equal. The equations
are what a reader knows: rows and columns add up to their totals, a volume row's groups add
up to "All", and, where it holds, started = ongoing + closed. A hidden figure is *exposed*
when every non-negative integer solution agrees on it (its value cannot be moved by one
either way). The check shares no code with the suppression it audits, apart from reading
the published tables.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from isu.summary.disclosure import ProtectedReport, ProtectedTable
from isu.summary.model import SummaryReport, SummaryTable, TableKind

ADDITIVE = (TableKind.FREQUENCY, TableKind.CROSS, TableKind.TRANSITION)


class _System:
    def __init__(self) -> None:
        self.ids: dict[object, int] = {}
        self.truth: list[int] = []
        self.shown: list[int | None] = []
        self.names: list[str] = []
        self.rows: list[dict[int, int]] = []

    def var(self, name: str, key: object, truth: int, shown: int | None) -> int:
        if key in self.ids:
            index = self.ids[key]
            assert self.truth[index] == truth, f"{name}: one key, two values"
            if shown is not None:
                self.shown[index] = shown
            return index
        index = self.ids[key] = len(self.truth)
        self.truth.append(truth)
        self.shown.append(shown)
        self.names.append(name)
        return index

    def equation(self, plus: list[int], minus: list[int]) -> None:
        row: dict[int, int] = {}
        for v in plus:
            row[v] = row.get(v, 0) + 1
        for v in minus:
            row[v] = row.get(v, 0) - 1
        row = {v: c for v, c in row.items() if c}
        if row:
            self.rows.append(row)


def _figure_value(table: ProtectedTable, i: int, j: int):
    rows, cols = len(table.cells), len(table.cells[0])
    if table.kind is TableKind.VOLUME:
        return table.cells[i][2 * j].value
    if i < rows and j < cols:
        return table.cells[i][j].value
    if i < rows:
        return (table.row_totals[i] if table.row_totals else table.cells[i][0]).value
    if j < cols:
        return (table.col_totals[j] if table.col_totals else table.cells[0][j]).value
    return table.grand_total.value


def _add_additive(system: _System, t: int, raw: SummaryTable, shown: ProtectedTable) -> None:
    counts = [list(row) for row in raw.counts()]
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(col) for col in zip(*grid, strict=True)])
    keys = dict(raw.figures)
    rows, cols = len(grid), len(grid[0])
    var = {}
    for i in range(rows):
        for j in range(cols):
            key = ("pop", keys[(i, j)]) if (i, j) in keys else (t, i, j)
            name = f"{raw.key}[{i},{j}]"
            var[(i, j)] = system.var(name, key, grid[i][j], _figure_value(shown, i, j))
    for i in range(rows):
        system.equation([var[(i, j)] for j in range(cols - 1)], [var[(i, cols - 1)]])
    for j in range(cols):
        system.equation([var[(i, j)] for i in range(rows - 1)], [var[(rows - 1, j)]])


def _add_volume(system: _System, t: int, raw: SummaryTable, shown: ProtectedTable) -> None:
    counts = [list(row[::2]) for row in raw.values]
    keys = dict(raw.figures)
    var = {}
    for r, row in enumerate(counts):
        for b, value in enumerate(row):
            key = ("pop", keys[(r, b)]) if (r, b) in keys else (t, r, b)
            var[(r, b)] = system.var(f"{raw.key}[{r},{b}]", key, value, _figure_value(shown, r, b))
        if len(row) > 1:
            system.equation([var[(r, b)] for b in range(1, len(row))], [var[(r, 0)]])
    if all(s == o + c for s, o, c in zip(*counts[1:4], strict=True)):
        for b in range(len(counts[1])):
            system.equation([var[(2, b)], var[(3, b)]], [var[(1, b)]])


def _add_respondents(system: _System, t: int, raw: SummaryTable, shown: ProtectedTable) -> None:
    """A multiple-choice table's respondents per group (at (rows, j)) add up to its n (at
    (rows, groups)); a statistics table's values per group (at (i, columns)) to its "All"
    row's. Their cells do not add up, so only these figures take part."""
    from isu.summary.disclosure import _figure

    keys = dict(raw.figures)
    rows, cols = raw.shape
    bases = list(raw.bases)
    if raw.kind is TableKind.MULTIPLE_CHOICE:
        positions = [(rows, j) for j in range(len(bases))]
        total = (rows, len(bases)) if len(bases) > 1 else None
    else:
        positions = [(i, cols) for i in range(len(bases))]
        total, positions = (positions[0], positions[1:]) if len(bases) > 1 else (None, positions)
    var = {}
    for position, value in zip(positions, bases[-len(positions) :], strict=True):
        key = ("pop", keys[position]) if position in keys else (t, *position)
        figure = _figure(shown, position)
        var[position] = system.var(f"{raw.key}{list(position)}", key, value, figure.value)
    if total is not None:
        key = ("pop", keys[total]) if total in keys else (t, *total)
        value = raw.n
        figure = _figure(shown, total)
        whole = system.var(f"{raw.key}{list(total)}", key, value, figure.value)
        system.equation(list(var.values()), [whole])


def linked_exposures(raw: SummaryReport, protected: ProtectedReport) -> list[str]:
    """Names of hidden small figures (1..k-1, the ones protection is for) that the
    published tables determine. (A large figure hidden only as a partner may be
    recomputable; that reveals nothing about few people.)"""
    k = protected.meta.k
    system = _System()
    for t, (table, shown) in enumerate(zip(raw.tables(), protected.tables(), strict=True)):
        if table.kind in ADDITIVE:
            _add_additive(system, t, table, shown)
        elif table.kind is TableKind.VOLUME:
            _add_volume(system, t, table, shown)
        elif table.kind in (TableKind.MULTIPLE_CHOICE, TableKind.STATISTICS):
            _add_respondents(system, t, table, shown)
    size = len(system.truth)
    unknown = [v for v in range(size) if system.shown[v] is None]
    if not unknown:
        return []
    # Substitute the published figures: equations in the unknowns only.
    column = {v: n for n, v in enumerate(unknown)}
    a_rows, b = [], []
    for row in system.rows:
        coefficients = np.zeros(len(unknown))
        rhs = 0.0
        for v, c in row.items():
            if v in column:
                coefficients[column[v]] += c
            else:
                rhs -= c * system.shown[v]  # type: ignore[operator]
        if coefficients.any():
            a_rows.append(coefficients)
            b.append(rhs)
        else:
            assert rhs == 0, "the published figures contradict each other"
    upper = max(system.truth) if system.truth else 0
    a = np.array(a_rows) if a_rows else np.zeros((0, len(unknown)))
    equations = [LinearConstraint(a, b, b)] if a_rows else []
    sensitive = [n for n, v in enumerate(unknown) if 0 < system.truth[v] < k]
    truth = np.array([system.truth[v] for v in unknown], dtype=float)
    # Cheap first: integer solutions for a few random objectives; a figure that differs
    # from the truth in any of them is not determined. Only the rest are checked one by one.
    moved: set[int] = set()
    rng = np.random.default_rng(15)
    for _ in range(6):
        result = milp(
            c=rng.normal(size=len(unknown)),
            constraints=equations,
            integrality=np.ones(len(unknown)),
            bounds=Bounds(np.zeros(len(unknown)), np.full(len(unknown), float(upper))),
        )
        if result.status == 0:
            moved |= {n for n in sensitive if round(result.x[n]) != truth[n]}
    exposed = []
    for n in sensitive:
        if n in moved:
            continue
        value = system.truth[unknown[n]]
        if not any(
            _feasible(a, equations, len(unknown), upper, n, side, value) for side in (-1, 1)
        ):
            exposed.append(system.names[unknown[n]])
    return exposed


def _feasible(a, equations, size: int, upper: int, n: int, side: int, truth: int) -> bool:
    """Is there a solution with unknown ``n`` below (side -1) or above (side 1) ``truth``?"""
    low, high = np.zeros(size), np.full(size, float(upper))
    if side < 0:
        high[n] = truth - 1
    else:
        low[n] = truth + 1
    if low[n] > high[n]:
        return False
    result = milp(
        c=np.zeros(size),
        constraints=equations,
        integrality=np.ones(size),
        bounds=Bounds(low, high),
    )
    return result.status == 0
