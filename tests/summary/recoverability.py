"""An independent recoverability check by integer programming (issue #15.4c).

It knows nothing of how ``isu.summary.disclosure`` chooses its hidden cells: it reads only
what an output publishes and the structure an attacker knows (an additive table's interior
cells sum to its published row, column and grand totals), and asks ``scipy.optimize.milp``
for the least and greatest value each hidden cell can take.

* ``table_leaks``: one table. A hidden cell is a leak when its feasible range is one value
  in 1..k−1 (even granting the attacker that every hidden cell is at least 1, since zeros
  are shown, in the tables whose rule shows them: ``shows_zeros``), or when, without
  that grant, the published figures alone force it into 1..k−1.
* ``pair_leaks``: two outputs whose populations differ by one case (the second = the first
  plus the case). Per table present in both, the case adds 1 to at most one interior cell;
  a leak is a cell it certainly lands in: the case's category known with certainty.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from isu.summary.disclosure import ProtectedReport, ProtectedTable
from isu.summary.model import ADDITIVE_KINDS
from isu.summary.table_protection import QUALITY_PREFIX

BIG = 10**6


@dataclass(frozen=True)
class Leak:
    table: str
    cell: tuple[int, int] | str
    low: int
    high: int


class _Model:
    """Integer variables with equality constraints, solved per objective."""

    def __init__(self) -> None:
        self.low: list[float] = []
        self.high: list[float] = []
        self.rows: list[dict[int, float]] = []
        self.rhs: list[float] = []

    def var(self, low: float, high: float = BIG) -> int:
        self.low.append(low)
        self.high.append(high)
        return len(self.low) - 1

    def equal(self, terms: dict[int, float], value: float) -> None:
        self.rows.append(terms)
        self.rhs.append(value)

    def at_most(self, terms: dict[int, float], value: float) -> None:
        self.rows.append(terms)
        self.rhs.append((-np.inf, value))

    def bounds_of(self, index: int) -> tuple[int, int] | None:
        """(min, max) of variable ``index``; None if infeasible."""
        n = len(self.low)
        if getattr(self, "_built", None) is None or self._built[0] != (n, len(self.rows)):
            self._built = ((n, len(self.rows)), self._constraints(n))
        return self._solve(index, n, self._built[1])

    def _constraints(self, n: int) -> list:
        a = np.zeros((len(self.rows), n))
        lo, hi = [], []
        for r, (terms, rhs) in enumerate(zip(self.rows, self.rhs, strict=True)):
            for j, coef in terms.items():
                a[r, j] += coef
            low, high = rhs if isinstance(rhs, tuple) else (rhs, rhs)
            lo.append(low)
            hi.append(high)
        return [LinearConstraint(a, lo, hi)] if self.rows else []

    def _solve(self, index: int, n: int, constraints: list) -> tuple[int, int] | None:
        out = []
        for sign in (1.0, -1.0):
            c = np.zeros(n)
            c[index] = sign
            result = milp(
                c,
                constraints=constraints,
                integrality=np.ones(n),
                bounds=Bounds(self.low, self.high),
            )
            if not result.success:
                return None
            out.append(round(result.x[index]))
        return out[0], out[1]


def _grid(table: ProtectedTable, model: _Model, low: int, shift: dict | None = None):
    """Variables for a table's interior, with its published margins as equations.
    ``shift`` maps (i, j) to a variable added to that cell (the extra case of a pair)."""
    shift = shift or {}
    rows, cols = len(table.cells), len(table.cells[0]) if table.cells else 0
    var = {}
    for i in range(rows):
        for j in range(cols):
            cell = table.cells[i][j]
            v = model.var(low if cell.hidden else 0)
            if not cell.hidden:
                terms = {v: 1.0}
                if (i, j) in shift:
                    terms[shift[(i, j)]] = 1.0
                model.equal(terms, float(cell.value))
            var[(i, j)] = v

    def margin(cells: list[tuple[int, int]], published) -> None:
        if published is None:
            return
        terms: dict[int, float] = {}
        for ij in cells:
            terms[var[ij]] = terms.get(var[ij], 0.0) + 1.0
            if ij in shift:
                terms[shift[ij]] = terms.get(shift[ij], 0.0) + 1.0
        if published.hidden:
            total = model.var(low)
            terms[total] = -1.0
            model.equal(terms, 0.0)
        else:
            model.equal(terms, float(published.value))

    for i in range(rows):
        if table.row_totals is not None:
            margin([(i, j) for j in range(cols)], table.row_totals[i])
    for j in range(cols):
        if table.col_totals is not None:
            margin([(i, j) for i in range(rows)], table.col_totals[j])
    everything = [(i, j) for i in range(rows) for j in range(cols)]
    if table.grand_total is not None:
        margin(everything, table.grand_total)
    return var


def additive(report: ProtectedReport) -> list[ProtectedTable]:
    return [t for t in report.tables() if t.kind in ADDITIVE_KINDS and t.cells and t.cells[0]]


def shows_zeros(table: ProtectedTable) -> bool:
    """Whether the table's rule publishes every zero, so a reader may take each hidden cell
    to be at least 1. The data-quality tables hide a question's missing answers as a pair,
    zeros too, and a table over 1..k−1 cases hides everything: there a hidden cell may be 0."""
    return not table.key.startswith(QUALITY_PREFIX) and table.n is not None


def table_leaks(table: ProtectedTable, k: int) -> list[Leak]:
    leaks = []
    hidden = [
        (i, j) for i, row in enumerate(table.cells) for j, cell in enumerate(row) if cell.hidden
    ]
    if not hidden:
        return []
    for low in (1, 0) if shows_zeros(table) else (0,):
        model = _Model()
        var = _grid(table, model, low)
        for ij in hidden:
            found = model.bounds_of(var[ij])
            if found is None:
                continue
            lo, hi = found
            exact = low == 1 and lo == hi and 1 <= lo <= k - 1
            forced = low == 0 and lo >= 1 and hi <= k - 1
            if (exact or forced) and all(leak.cell != ij for leak in leaks):
                leaks.append(Leak(table.key, ij, lo, hi))
    return leaks


def report_leaks(report: ProtectedReport, k: int) -> list[Leak]:
    return [leak for table in additive(report) for leak in table_leaks(table, k)]


def pair_leaks(first: ProtectedReport, second: ProtectedReport) -> list[Leak]:
    """Cells of the second output that the one added case certainly falls in."""
    before = {t.key: t for t in additive(first)}
    leaks = []
    for table in additive(second):
        old = before.get(table.key)
        if old is None or len(old.cells) != len(table.cells):
            continue
        if len(old.cells[0]) != len(table.cells[0]):
            continue
        if all(
            a.hidden == b.hidden and a.value == b.value
            for ra, rb in zip(old.cells, table.cells, strict=True)
            for a, b in zip(ra, rb, strict=True)
        ):
            continue  # nothing moved: the case is in none of the published cells
        model = _Model()
        interior = [(i, j) for i in range(len(table.cells)) for j in range(len(table.cells[0]))]
        shift = {ij: model.var(0, 1) for ij in interior}
        model.at_most(dict.fromkeys(shift.values(), 1.0), 1.0)
        var = _grid(old, model, 1)  # the first output's cells: unknowns x
        # The second output's cells are x + shift: its published figures constrain both.
        _constrain_second(model, table, var, shift)
        for ij in interior:
            found = model.bounds_of(shift[ij])
            if found is not None and found[0] == 1:
                leaks.append(Leak(table.key, ij, 1, 1))
    return leaks


def _constrain_second(model: _Model, table: ProtectedTable, var: dict, shift: dict) -> None:
    rows, cols = len(table.cells), len(table.cells[0])
    for i in range(rows):
        for j in range(cols):
            cell = table.cells[i][j]
            if not cell.hidden:
                model.equal({var[(i, j)]: 1.0, shift[(i, j)]: 1.0}, float(cell.value))

    def margin(cells, published) -> None:
        if published is None or published.hidden:
            return
        terms: dict[int, float] = {}
        for ij in cells:
            terms[var[ij]] = terms.get(var[ij], 0.0) + 1.0
            terms[shift[ij]] = terms.get(shift[ij], 0.0) + 1.0
        model.equal(terms, float(published.value))

    for i in range(rows):
        if table.row_totals is not None:
            margin([(i, j) for j in range(cols)], table.row_totals[i])
    for j in range(cols):
        if table.col_totals is not None:
            margin([(i, j) for i in range(rows)], table.col_totals[j])
    if table.grand_total is not None:
        margin([(i, j) for i in range(rows) for j in range(cols)], table.grand_total)
