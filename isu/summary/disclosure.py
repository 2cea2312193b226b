"""Small-number protection (röjandekontroll) for summary tables.

``protect(table, k)`` returns a ``ProtectedTable`` whose hidden cells no longer carry
their values, so nothing downstream can leak them. The writers accept only protected
types.

Rules
- Primary suppression: counts 1..k-1 are hidden; 0 is shown. Statistics and medians
  computed on fewer than k values are hidden; so are percentages whose base is below k
  or hidden, and percentages of hidden counts.
- Secondary suppression (additive tables, whose row/column/grand totals are published):
  view the table with its margins as a bipartite graph, rows and columns as nodes and
  each hidden cell (interior or margin) as an edge. A hidden cell on no cycle (a bridge)
  follows from the totals, so first, until no bridge is left, the cheapest detour between
  a bridge's ends is hidden (hidden cells cost nothing, shown ones their value, margins
  double, zeros are never used). Then, since zeros are shown and a reader knows every
  hidden count is at least 1, each hidden count v of 1..k-1 must be able to grow by k-v
  along a cycle, or where no cells allow that, at least move by one
  (``suppression._free_pinned``: residual-network searches; two hidden 1s on one side of
  a cycle are pinned), else the cheapest cells that free it are hidden too. A margin
  below k is primary-suppressed like any cell. The grand total (n) stays published unless
  it is below k or a shared figure hidden elsewhere (below).
- One-dimensional tables with a published total: none or at least two hidden cells, and
  not only 1s (hidden 1s adding up to their count would all be known).
- If n itself is below k, every cell (zeros too) of the table is hidden.
- Multiple-choice cells do not add up, so only primary suppression applies to them; the
  per-group respondent counts, which add up to n, get the one-dimensional rule.
- A table whose n is 1..k-1 hides its n and missing too (a "Totalt 1" or "n = 1" would
  tell what its hidden cells hide), and a whole output over 1..k-1 cases is refused
  (``TooFewCases``). Min and max are never published (``WITHHELD``, with their own note).
- k is at least ``MIN_K`` (``isu.domain.settings_spec``); the database's k is a floor
  that a request may raise, never lower (``floor_k``).

Outputs must mark primary and secondary cells alike (``SUPPRESSED_MARK`` in
``isu.domain.text``): telling them apart would reveal which cells are below k.

Shared figures are protected together (``_protect_linked``). The engine tags figures that
several tables show with the set of cases they count (``isu.summary.shared_figures``):
closed cases per gender in the volume and response-rate tables, the profile table's
margins, a question's answers as its n (respondents of multiple-choice and statistics
tables too) and in the data-quality table. Secondary
suppression first avoids such figures (they are known from elsewhere); a shared figure
hidden in one table anyway is hidden in every table, whose protection is then run again
around it, until nothing changes. The data-quality tables hide a question's missing
answers as a pair (their sum is printed under the question's table anyway), and a table
whose known row totals must be hidden hides those rows whole. The tests check the result
with an exact integer-programming attack over all tables of an output
(``tests/summary/linked_exposure.py``). Outputs are still protected one at a time:
comparing two outputs (differencing) is a separate defence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from isu.domain.settings_spec import K_DEFAULT, K_MAX, K_MIN
from isu.domain.text import Text
from isu.errors import UserError
from isu.summary.fmt import share_percent
from isu.summary.model import PercentBase, ReportMeta, Split, SummaryReport, SummaryTable, TableKind
from isu.summary.suppression import (
    PRIMARY,
    SECONDARY,
    SHOWN,
    WITHHELD,
    CellState,
    Edge,
    extend_with_margins,
    flow_states,
    line_states,
    quality_states,
    suppress_grid,
    suppress_line,
)

DEFAULT_K = K_DEFAULT
MIN_K, MAX_K = K_MIN, K_MAX  # declared once, in isu.domain.settings_spec
_SEAL = object()  # only this module builds protected objects


class InvalidThreshold(UserError):
    def __init__(self, k: object):
        super().__init__(
            f"Gränsen för små tal måste vara ett heltal mellan {MIN_K} och {MAX_K}, inte {k!r}.",
            f"The small-number threshold must be a whole number from {MIN_K} to {MAX_K},"
            f" not {k!r}.",
        )


class TooFewCases(UserError):
    """An output over 1..k-1 cases: refused, since even its N would describe too few."""

    def __init__(self, k: int):
        super().__init__(
            f"Urvalet omfattar färre än k = {k} ärenden. Sammanställningen visas inte, för att"
            " ingen enskild ska kunna kännas igen; välj en längre period eller färre filter.",
            f"The selection covers fewer than k = {k} cases. The summary is not shown, so that"
            " no individual can be recognised; choose a longer period or fewer filters.",
        )


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


@dataclass(frozen=True)
class ProtectedTable:
    """A table safe to publish. Built only by ``protect``."""

    key: str
    kind: TableKind
    title: Text
    row_labels: tuple[Text, ...]
    col_labels: tuple[Text, ...]
    cells: tuple[tuple[ProtectedCell, ...], ...]
    n: int | None  # None: hidden, the table counts 1..k-1 cases
    missing: int | None  # hidden with n (n + missing is the table's population)
    k: int
    note: Text | None = None
    row_header: Text | None = None
    col_header: Text | None = None
    split: Split = Split.NONE
    percent: PercentBase = PercentBase.NONE
    row_totals: tuple[ProtectedCell, ...] | None = None  # published "Total" column
    col_totals: tuple[ProtectedCell, ...] | None = None  # published "Total" row
    grand_total: ProtectedCell | None = None
    bases: tuple[ProtectedCell, ...] = ()  # respondents per column / values per row
    row_parts: tuple[tuple[Text, Text], ...] = ()
    col_blocks: tuple[Text, ...] = ()
    _seal: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self._seal is not _SEAL:
            raise TypeError("ProtectedTable is made by isu.summary.disclosure.protect only")

    def all_cells(self) -> Iterator[ProtectedCell]:
        for row in self.cells:
            yield from row
        yield from self.row_totals or ()
        yield from self.col_totals or ()
        if self.grand_total is not None:
            yield self.grand_total
        yield from self.bases

    @property
    def has_suppression(self) -> bool:
        return any(c.hidden or c.percent_state.hidden for c in self.all_cells())

    @property
    def has_small_number_suppression(self) -> bool:
        """Hidden for the number of people behind it (not only min and max withheld)."""
        return self.n is None or any(
            (c.hidden and c.state is not WITHHELD) or c.percent_state.hidden
            for c in self.all_cells()
        )

    @property
    def has_withheld(self) -> bool:
        return any(c.state is WITHHELD for c in self.all_cells())


@dataclass(frozen=True)
class ProtectedSection:
    key: str
    title: Text
    tables: tuple[ProtectedTable, ...]
    intro: Text | None = None


@dataclass(frozen=True)
class ProtectedReport:
    """A whole summary after protection; ``meta.k`` is the threshold actually used."""

    meta: ReportMeta
    sections: tuple[ProtectedSection, ...]
    _seal: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self._seal is not _SEAL:
            raise TypeError("ProtectedReport is made by isu.summary.disclosure only")

    def tables(self) -> Iterator[ProtectedTable]:
        for section in self.sections:
            yield from section.tables

    @property
    def has_suppression(self) -> bool:
        return any(table.has_suppression for table in self.tables())


def require_protected(report: object) -> ProtectedReport:
    """Writers call this: passing raw tables is a programming error, not a user error."""
    if not isinstance(report, ProtectedReport):
        raise TypeError(f"expected a ProtectedReport from protect_report(), got {type(report)}")
    return report


class BelowFloor(UserError):
    """A request asked for a lower k than the database's: refused, never lowered."""

    def __init__(self, k: int, floor: int):
        super().__init__(
            f"k = {k} är lägre än databasens gräns för små tal (k = {floor}). En"
            " sammanställning eller export får höja gränsen men aldrig sänka den; bara en"
            " administratör kan ändra databasens gräns.",
            f"k = {k} is below the database's small-number threshold (k = {floor}). A summary"
            " or export may raise the threshold but never lower it; only an administrator"
            " can change the database's threshold.",
        )


def floor_k(requested: object, floor: int) -> int:
    """The k an output is protected with: the database's ``floor`` unless the request
    raises it. A request below the floor is refused (``BelowFloor``), never obeyed."""
    floor = check_k(floor)
    if requested is None:
        return floor
    k = check_k(requested)
    if k < floor:
        raise BelowFloor(k, floor)
    return k


def raise_to_floor(requested: int | None, floor: int) -> int | None:
    """A stored k (a saved definition made before the floor rose) lifted to ``floor``."""
    if requested is None or isinstance(requested, bool) or not isinstance(requested, int):
        return None if requested is None else floor
    return max(requested, floor)


def check_k(k: object) -> int:
    """``k`` if it is within the declared bounds: the engine never protects with less."""
    if isinstance(k, bool) or not isinstance(k, int) or not MIN_K <= k <= MAX_K:
        raise InvalidThreshold(k)
    return k


def protect_report(report: SummaryReport, k: int | None = None) -> ProtectedReport:
    """Protect every table with ``k`` (default: the report's own ``meta.k``). A report over
    1..k-1 cases is refused (``TooFewCases``): its N and every total would describe them."""
    k = check_k(report.meta.k if k is None else k)
    if 0 < report.meta.n_cases < k:
        raise TooFewCases(k)
    return _protect_report(report, k)


def exact_view(report: SummaryReport) -> ProtectedReport:
    """The report with nothing hidden, for screens the database allows exact counts on
    (never for files). ``meta.k`` keeps the database's threshold."""
    protected = _protect_report(report, 1)
    return ProtectedReport(report.meta, protected.sections, _seal=_SEAL)


def _protect_report(report: SummaryReport, k: int) -> ProtectedReport:
    tables = [table for section in report.sections for table in section.tables]
    protected = iter(_protect_linked(tables, k) if k > 1 else [_protect(t, k) for t in tables])
    sections = tuple(
        ProtectedSection(
            section.key,
            section.title,
            tuple(next(protected) for _table in section.tables),
            section.intro,
        )
        for section in report.sections
    )
    return ProtectedReport(replace(report.meta, k=k), sections, _seal=_SEAL)


def protect(table: SummaryTable, k: int = DEFAULT_K) -> ProtectedTable:
    return _protect(table, check_k(k))


def _protect(
    table: SummaryTable, k: int, forced: frozenset = frozenset(), known: frozenset = frozenset()
) -> ProtectedTable:
    parts = _PROTECTORS[table.kind](table, k, forced, known)
    total = parts.get("grand_total")
    hide_n = 0 < table.n < k or (total is not None and total.hidden and table.n > 0)
    hide_n = parts.pop("hide_n", False) or hide_n  # an n another table hides
    return ProtectedTable(
        key=table.key,
        kind=table.kind,
        title=table.title,
        row_labels=table.row_labels,
        col_labels=table.col_labels,
        n=None if hide_n else table.n,
        missing=None if hide_n else table.missing,
        k=k,
        note=table.note,
        row_header=table.row_header,
        col_header=table.col_header,
        split=table.split,
        percent=table.percent,
        row_parts=table.row_parts,
        col_blocks=table.col_blocks,
        _seal=_SEAL,
        **parts,
    )


# --- figures shared by several tables of one output ----------------------------------------

MAX_LINK_ROUNDS = 100  # each round only hides more; in practice two or three suffice


def _protect_linked(tables: list[SummaryTable], k: int) -> list[ProtectedTable]:
    """Protect the tables of one output together. The engine names the population behind
    a figure (``SummaryTable.figures``: position → key of the set of cases it counts); a
    figure hidden in one table is hidden in every table that shows the same population,
    and that table's own secondary suppression is run again around it, until no table
    changes. So a cell hidden in one table is neither published in another nor
    recoverable from another's margins."""
    linked = [
        (t, position, key) for t, table in enumerate(tables) for position, key in table.figures
    ]
    seen = Counter(key for _t, _position, key in linked)
    known: dict[int, frozenset[Edge]] = {}  # shared figures: detours avoid them
    for t, position, key in linked:
        if seen[key] > 1:
            known[t] = known.get(t, frozenset()) | {position}
    protected = [
        _protect(table, k, known=known.get(t, frozenset())) for t, table in enumerate(tables)
    ]
    forced: dict[int, set[Edge]] = {}
    for _round in range(MAX_LINK_ROUNDS):
        hidden = {key for t, position, key in linked if _figure(protected[t], position).hidden}
        changed = set()
        for t, position, key in linked:
            pinned = forced.setdefault(t, set())
            if (
                key in hidden
                and position not in pinned
                and not _figure(protected[t], position).hidden
            ):
                pinned.add(position)
                changed.add(t)
        if not changed:
            return protected
        for t in changed:
            protected[t] = _protect(tables[t], k, frozenset(forced[t]), known.get(t, frozenset()))
    raise AssertionError("shared figures did not settle")  # pragma: no cover


def _figure(table: ProtectedTable, position: Edge) -> ProtectedCell:
    """The published cell at ``position``: the grid extended by its margins for additive
    tables (as ``extend_with_margins``), (row, group block) of the counts for volumes."""
    i, j = position
    if table.kind is TableKind.VOLUME:
        return table.cells[i][2 * j]
    rows, cols = len(table.cells), len(table.cells[0])
    if table.kind is TableKind.MULTIPLE_CHOICE:  # respondents: bases as a total row, then n
        return table.bases[j] if j < len(table.bases) else ProtectedCell(table.n, _n_state(table))
    if table.kind is TableKind.STATISTICS:  # values per row as a total column
        return table.bases[i]
    if i < rows and j < cols:
        return table.cells[i][j]
    if i < rows:  # the row-total column; a single column is its own total
        return table.row_totals[i] if table.row_totals else table.cells[i][0]
    if j < cols:  # the column-total row; a single row is its own total
        return table.col_totals[j] if table.col_totals else table.cells[0][j]
    return table.grand_total  # type: ignore[return-value]


# --- per kind -------------------------------------------------------------------------------


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


QUALITY_PREFIX = "quality."  # with known row totals: the engine's data-quality tables


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


def _n_state(table: ProtectedTable) -> CellState:
    return SECONDARY if table.n is None else SHOWN


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


_PROTECTORS = {
    TableKind.FREQUENCY: _protect_additive,
    TableKind.CROSS: _protect_additive,
    TableKind.TRANSITION: _protect_additive,
    TableKind.MULTIPLE_CHOICE: _protect_multiple_choice,
    TableKind.STATISTICS: _protect_statistics,
    TableKind.VOLUME: _protect_volume,
}
