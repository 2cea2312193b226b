"""Protection of one table, kind by kind: which of its cells, margins and bases a
frequency, cross, before/after, multiple-choice, statistics or volume table hides, as
``ProtectedCell`` values. ``isu.summary.disclosure`` puts them together into protected
tables and reports (its docstring has the rules) and links tables that share figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from isu.summary.fmt import share_percent
from isu.summary.model import PercentBase, SummaryTable, TableKind
from isu.summary.suppression import (
    PRIMARY,
    SECONDARY,
    SHOWN,
    WITHHELD,
    CellState,
    extend_with_margins,
    flow_states,
    line_states,
    quality_states,
    suppress_grid,
    suppress_line,
)

QUALITY_PREFIX = "quality."  # with known row totals: the engine's data-quality tables


@dataclass(frozen=True, slots=True)
class ProtectedCell:
    """A published cell: ``value`` is None when hidden (or not applicable)."""

    value: int | float | None
    state: CellState = SHOWN
    percent: Decimal | None = None
    percent_state: CellState = SHOWN

    def __post_init__(self) -> None:
        if self.state.hidden and self.value is not None:
            raise ValueError("a hidden cell must not carry its value")
        if self.percent_state.hidden and self.percent is not None:
            raise ValueError("a hidden percentage must not carry its value")

    @property
    def hidden(self) -> bool:
        return self.state.hidden


def _additive_states(
    table: SummaryTable, k: int, forced: frozenset, known: frozenset
) -> list[list[CellState]]:
    """States on the extended grid; a single row or column uses the 1-D rule, and its
    duplicate margin (equal to the cells) shares the cells' states."""
    counts = table.counts()
    rows, cols = table.shape
    total = table.n
    quality = table.key.startswith(QUALITY_PREFIX) and table.row_totals_known and cols == 3
    if quality and rows >= 2 and not 0 < total < k:
        return quality_states(extend_with_margins(counts), k, forced)
    if rows >= 2 and cols >= 2:
        states = suppress_grid(counts, k, table.row_totals_known, forced, known)
        hidden_rows = [i for i in range(rows) if states[i][cols].hidden]
        if table.row_totals_known and hidden_rows:
            # Rows whose (known) total is hidden, e.g. a group's closed cases: the rows of
            # one group share that total, so a reader solving them together would find
            # what cycles between them seem to hide. Hide those rows and the column totals.
            whole = {(i, j) for i in hidden_rows for j in range(cols)}
            whole |= {(rows, j) for j in range(cols)}
            states = suppress_grid(counts, k, True, forced | whole, known)
            for i, j in whole:  # zeros too: a shown 0 would pin its row's other cell
                states[i][j] = states[i][j] if states[i][j].hidden else SECONDARY
        return states
    line = [c for row in counts for c in row]
    along = 0 if cols == 1 else 1  # which coordinate runs along the line
    line_forced = {position[along] for position in forced if position[along] < len(line)}
    total_forced = any(position[along] == len(line) for position in forced)
    line_known = {position[along] for position in known if position[along] < len(line)}
    total_state = PRIMARY if 0 < total < k else SHOWN  # n below k: "Totalt" too
    if total_forced and total > 0 and not total_state.hidden:
        total_state = SECONDARY
    line_states = suppress_line(line, total, k, line_forced, total_state.hidden, line_known)
    if sum(state.hidden for state in line_states) == 1 and not total_state.hidden:
        total_state = SECONDARY  # a forced cell with no other partner: the total is one
    if cols == 1:
        grid_states = [[s, s] for s in line_states]
        grid_states.append([total_state, total_state])
    else:
        grid_states = [[*line_states, total_state], [*line_states, total_state]]
    return grid_states


def _protect_additive(
    table: SummaryTable, k: int, forced: frozenset = frozenset(), known: frozenset = frozenset()
) -> dict:
    grid = extend_with_margins(table.counts())
    states = _additive_states(table, k, forced, known)
    rows, cols = table.shape

    def cell(i: int, j: int) -> ProtectedCell:
        base_i, base_j = {
            PercentBase.COLUMN: (rows, j),
            PercentBase.ROW: (i, cols),
            PercentBase.TOTAL: (rows, cols),
        }.get(table.percent, (i, j))
        return _make_cell(
            grid[i][j],
            states[i][j],
            grid[base_i][base_j] if table.percent is not PercentBase.NONE else None,
            states[base_i][base_j],
            k,
        )

    return {
        "cells": tuple(tuple(cell(i, j) for j in range(cols)) for i in range(rows)),
        "row_totals": tuple(cell(i, cols) for i in range(rows)) if cols > 1 else None,
        "col_totals": tuple(cell(rows, j) for j in range(cols)) if rows > 1 or cols == 1 else None,
        "grand_total": cell(rows, cols),
    }


def _make_cell(
    value: int, state: CellState, base: int | None, base_state: CellState, k: int
) -> ProtectedCell:
    shown_value = None if state.hidden else value
    if base is None or base == 0:
        return ProtectedCell(shown_value, state)
    if state.hidden:
        return ProtectedCell(None, state, None, state)
    if base_state.hidden:
        return ProtectedCell(value, state, None, SECONDARY)
    if base < k:
        return ProtectedCell(value, state, None, PRIMARY)
    return ProtectedCell(value, state, share_percent(value, base))


def _protect_multiple_choice(
    table: SummaryTable, k: int, forced: frozenset = frozenset(), known: frozenset = frozenset()
) -> dict:
    """``forced``/``known``: respondents shown elsewhere, as (rows, group) and n at
    (rows, groups) (``_figure``). A forced n hides the table whole, like an n below k."""
    counts = table.counts()
    groups = len(table.bases)
    rows = len(counts)
    hide_n = (rows, groups) in forced or (groups == 1 and (rows, 0) in forced)
    if hide_n:
        k = max(k, table.n + 1)  # n hidden elsewhere: protect as if it were below k
    bases, shared = [j for i, j in forced if i == rows], [j for i, j in known if i == rows]
    base_states = (
        suppress_line(list(table.bases), table.n, k, bases, 0 < table.n < k, shared)
        if groups > 1
        else [PRIMARY if 0 < table.n < k else SHOWN]
    )
    columns = []
    for j, base in enumerate(table.bases):
        whole_column_hidden = 0 < base < k  # "0 of 3 chose X" says something about all 3
        column = []
        for row in counts:
            value = row[j]
            if whole_column_hidden:
                state = PRIMARY if value > 0 else SECONDARY
            else:
                state = PRIMARY if 0 < value < k else SHOWN
            column.append(_make_cell(value, state, base, base_states[j], k))
        columns.append(column)
    return {
        "cells": tuple(tuple(column[i] for column in columns) for i in range(len(counts))),
        "bases": tuple(
            ProtectedCell(None if s.hidden else b, s)
            for b, s in zip(table.bases, base_states, strict=True)
        ),
        "hide_n": hide_n,
    }


# Min and max are each one person's exact value (an export canary showed a file number as
# "Max"), so protected outputs never show them, whatever n is (WITHHELD, with its own
# footnote); quartiles and means blend many values.
_ONE_PERSON_COLUMNS = frozenset({4, 5})


def _protect_statistics(
    table: SummaryTable, k: int, forced: frozenset = frozenset(), known: frozenset = frozenset()
) -> dict:
    """``forced``/``known``: values per row shown elsewhere, as (row, columns)."""
    bases = list(table.bases)
    rows_forced = {i for i, _j in forced}
    first = PRIMARY if 0 < bases[0] < k else SHOWN
    if 0 in rows_forced and bases[0] > 0 and first is SHOWN:
        first = SECONDARY
    groups = {i - 1 for i in rows_forced if i > 0}
    shared = {i - 1 for i, _j in known if i > 0}
    base_states = [first]
    if len(bases) > 1:
        base_states += suppress_line(bases[1:], bases[0], k, groups, first.hidden, shared)
    cells = []
    for values, base, base_state in zip(table.values, bases, base_states, strict=True):
        stat_state = base_state if base_state.hidden else (PRIMARY if 0 < base < k else SHOWN)
        cells.append(
            tuple(
                _statistic_cell(
                    v,
                    stat_state
                    if stat_state.hidden or column not in _ONE_PERSON_COLUMNS or k == 1
                    else WITHHELD,
                )
                for column, v in enumerate(values)
            )
        )
    return {
        "cells": tuple(cells),
        "bases": tuple(
            ProtectedCell(None if s.hidden else b, s)
            for b, s in zip(bases, base_states, strict=True)
        ),
        "hide_n": first.hidden,
    }


def _statistic_cell(value: float | int | None, state: CellState) -> ProtectedCell:
    if value is None:
        return ProtectedCell(None)
    return ProtectedCell(None, state) if state.hidden else ProtectedCell(value)


def _protect_volume(
    table: SummaryTable, k: int, forced: frozenset = frozenset(), known: frozenset = frozenset()
) -> dict:
    """Counts below k are hidden, and so are medians on fewer than k values. Split, each
    row's group counts (and the numbers behind the medians) add up to the "All" figure, so
    the one-dimensional rule keeps a single hidden group figure from being recomputed; a
    group whose count is hidden also hides its median and base (often equal to the count).
    Where every column's started cases are exactly its ongoing plus its closed ones (no
    period, or a period of starts), those three rows are protected together as a table
    whose row totals are the "All" column and whose column totals are the started row.
    ``forced``: (row, block) counts that another table hides."""
    blocks = max(1, len(table.col_blocks))
    counts = [list(row[::2]) for row in table.values]
    forced_in = [{b for r, b in forced if r == row} for row in range(len(counts))]
    known_in = [{b for r, b in known if r == row} for row in range(len(counts))]
    count_states = [
        line_states(row, k, forced_in[r], known_in[r])  # type: ignore[arg-type]
        for r, row in enumerate(counts)
    ]
    if all(s == o + c for s, o, c in zip(*counts[1:4], strict=True)):  # type: ignore[operator]
        count_states[1:4] = flow_states(counts[2], counts[3], k, forced_in[1:4], known_in[1:4])  # type: ignore[arg-type]
    cells, bases = [], []
    for row, values in enumerate(table.values):
        row_bases = list(table.bases[row * blocks : (row + 1) * blocks])
        base_states = [
            SECONDARY if c.hidden and not b.hidden else b
            for c, b in zip(count_states[row], line_states(row_bases, k), strict=True)
        ]
        protected_row: list[ProtectedCell] = []
        for count, median, count_state, base, base_state in zip(
            values[::2], values[1::2], count_states[row], row_bases, base_states, strict=True
        ):
            protected_row.append(ProtectedCell(None if count_state.hidden else count, count_state))
            protected_row.append(_statistic_cell(median, base_state))
            bases.append(ProtectedCell(None if base_state.hidden else base, base_state))
        cells.append(tuple(protected_row))
    return {"cells": tuple(cells), "bases": tuple(bases)}


PROTECTORS = {
    TableKind.FREQUENCY: _protect_additive,
    TableKind.CROSS: _protect_additive,
    TableKind.TRANSITION: _protect_additive,
    TableKind.MULTIPLE_CHOICE: _protect_multiple_choice,
    TableKind.STATISTICS: _protect_statistics,
    TableKind.VOLUME: _protect_volume,
}
