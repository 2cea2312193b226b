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
several tables show with the set of cases they count (``isu.summary.tables.shared_figures``):
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

from isu.domain.settings_spec import K_DEFAULT, K_MAX, K_MIN
from isu.errors import UserError
from isu.summary.model import (
    Section,
    Sections,
    SummaryReport,
    SummaryTable,
    TableFrame,
    TableKind,
)
from isu.summary.suppression import SECONDARY, SHOWN, WITHHELD, CellState, Edge
from isu.summary.table_protection import PROTECTORS, ProtectedCell

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


def _require_seal(seal: object, made: type) -> None:
    if seal is not _SEAL:
        raise TypeError(f"{made.__name__} is made by isu.summary.disclosure only")


@dataclass(frozen=True)
class ProtectedTable(TableFrame):
    """A table safe to publish. Built only by ``protect``."""

    cells: tuple[tuple[ProtectedCell, ...], ...]
    n: int | None  # None: hidden, the table counts 1..k-1 cases
    missing: int | None  # hidden with n (n + missing is the table's population)
    k: int
    row_totals: tuple[ProtectedCell, ...] | None = None  # published "Total" column
    col_totals: tuple[ProtectedCell, ...] | None = None  # published "Total" row
    grand_total: ProtectedCell | None = None
    bases: tuple[ProtectedCell, ...] = ()  # respondents per column / values per row
    _seal: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        _require_seal(self._seal, ProtectedTable)

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
class ProtectedReport(Sections[ProtectedTable]):
    """A whole summary after protection; ``meta.k`` is the threshold actually used."""

    _seal: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        _require_seal(self._seal, ProtectedReport)

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
        Section(
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
    parts = PROTECTORS[table.kind](table, k, forced, known)
    total = parts.get("grand_total")
    hide_n = 0 < table.n < k or (total is not None and total.hidden and table.n > 0)
    hide_n = parts.pop("hide_n", False) or hide_n  # an n another table hides
    return ProtectedTable(
        **table.frame(),
        n=None if hide_n else table.n,
        missing=None if hide_n else table.missing,
        k=k,
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


def _n_state(table: ProtectedTable) -> CellState:
    return SECONDARY if table.n is None else SHOWN
