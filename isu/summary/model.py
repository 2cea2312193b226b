"""Plain data for a group summary (gruppsammanställning): tables grouped in sections.

The summary engine fills these types from the database through the builders in
``isu.summary.builders``; ``isu.summary.disclosure`` turns them into protected tables, the
only kind the PDF/XLSX/CSV writers (``isu.reports``) accept. One type,
``SummaryTable``, covers every table shape; ``kind`` says how to read its ``values``:

- FREQUENCY: rows = choices, columns = one count column or split groups. Additive.
- CROSS: rows × columns of two variables (e.g. gender × age band). Additive.
- TRANSITION: rows = value before, columns = value after, cells = pairs. Additive.
- MULTIPLE_CHOICE: rows = options, columns = one or split groups; a cell counts the cases
  that chose the option, out of ``bases[column]`` respondents. Not additive.
- STATISTICS: rows = groups (first row "All" when split), columns = ``STAT_COLUMNS``;
  ``bases[row]`` is the number of values behind the row's statistics.
- VOLUME: rows = referred/started/ongoing/closed, columns = count and median days;
  ``bases[row]`` is the number of cases behind the row's median. Split, the pair of
  columns repeats per group ("All" first, named by ``col_blocks``) and ``bases`` holds one
  number per row and group, row by row.

Split tables whose rows are already categories (a before/after table) put the groups in
blocks of rows instead: ``row_parts`` names each row's (group, category), and the row
labels read "group – category" so every writer shows them without knowing about blocks.

Additive tables have margins (row totals, column totals, grand total) computed here, so
they always agree with the cells.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import KW_ONLY, dataclass, field, fields
from enum import StrEnum
from typing import Generic, TypeVar

from isu.domain.text import Text

Number = int | float


class InvalidTable(ValueError):
    """A table's parts do not fit together: a bug in the code that built it."""


class TableKind(StrEnum):
    FREQUENCY = "frequency"
    CROSS = "cross"
    TRANSITION = "transition"
    MULTIPLE_CHOICE = "multiple_choice"
    STATISTICS = "statistics"
    VOLUME = "volume"


ADDITIVE_KINDS = frozenset({TableKind.FREQUENCY, TableKind.CROSS, TableKind.TRANSITION})


class Split(StrEnum):
    """What the columns (or, for statistics, the rows) are split by."""

    NONE = "none"
    GENDER = "gender"
    AGE_BAND = "age_band"
    OTHER = "other"


class PercentBase(StrEnum):
    """Which total a cell's percentage is a share of."""

    NONE = "none"
    COLUMN = "column"  # column total, or for multiple choice the column's respondents
    ROW = "row"
    TOTAL = "total"


COUNT_LABEL = Text("Antal", "Count")
ALL_LABEL = Text("Alla", "All")
BEFORE_LABEL = Text("Före", "Before")
AFTER_LABEL = Text("Efter", "After")
STAT_COLUMNS = (
    Text("Medelvärde", "Mean"),
    Text("Median", "Median"),
    Text("Kvartil 1", "Quartile 1"),
    Text("Kvartil 3", "Quartile 3"),
    Text("Min", "Min"),
    Text("Max", "Max"),
)
VOLUME_ROWS = (
    Text("Aktualiserade", "Referred"),
    Text("Påbörjade", "Started"),
    Text("Pågående vid periodens slut", "Ongoing at end of period"),
    Text("Avslutade", "Closed"),
)
VOLUME_COLUMNS = (COUNT_LABEL, Text("Median, dagar", "Median, days"))

_PERCENT_BASES = {
    TableKind.FREQUENCY: {PercentBase.NONE, PercentBase.COLUMN, PercentBase.ROW},
    TableKind.CROSS: set(PercentBase),
    TableKind.TRANSITION: set(PercentBase),
    TableKind.MULTIPLE_CHOICE: {PercentBase.NONE, PercentBase.COLUMN},
    TableKind.STATISTICS: {PercentBase.NONE},
    TableKind.VOLUME: {PercentBase.NONE},
}


@dataclass(frozen=True)
class TableFrame:
    """What a table is and how it is labelled: the part a raw ``SummaryTable`` and its
    ``ProtectedTable`` have in common, copied unchanged by disclosure control."""

    key: str
    kind: TableKind
    title: Text
    row_labels: tuple[Text, ...]
    col_labels: tuple[Text, ...]
    _: KW_ONLY
    note: Text | None = None
    row_header: Text | None = None
    col_header: Text | None = None
    split: Split = Split.NONE
    percent: PercentBase = PercentBase.NONE
    row_parts: tuple[tuple[Text, Text], ...] = ()
    col_blocks: tuple[Text, ...] = ()

    def frame(self) -> dict[str, object]:
        """The frame's fields by name, to build another table over the same frame."""
        return {f.name: getattr(self, f.name) for f in fields(TableFrame)}


@dataclass(frozen=True)
class SummaryTable(TableFrame):
    values: tuple[tuple[Number | None, ...], ...]
    n: int
    missing: int = 0
    bases: tuple[int, ...] = ()
    # Every row total is a figure readers know from elsewhere (each row one question over
    # the same cases), so disclosure control must not rely on hiding one.
    row_totals_known: bool = False
    # Figures other tables of the output may show too: (position, key of the set of cases
    # counted), positions on the grid extended by its margins ((row, group block) of the
    # counts in a volume table). Disclosure control hides equal keys together.
    figures: tuple[tuple[tuple[int, int], object], ...] = field(
        default=(), compare=False, repr=False
    )

    def __post_init__(self) -> None:
        if not self.key:
            raise InvalidTable("table key is empty")
        if not self.row_labels or not self.col_labels:
            raise InvalidTable(f"{self.key}: a table needs at least one row and one column")
        if len(self.values) != len(self.row_labels) or any(
            len(row) != len(self.col_labels) for row in self.values
        ):
            raise InvalidTable(f"{self.key}: values do not match the row and column labels")
        if self.percent not in _PERCENT_BASES[self.kind]:
            raise InvalidTable(f"{self.key}: percent base {self.percent} not allowed here")
        if self.shape[1] == 1 and self.percent in (PercentBase.ROW, PercentBase.TOTAL):
            raise InvalidTable(f"{self.key}: a one-column table has only column percentages")
        if self.row_parts and len(self.row_parts) != self.shape[0]:
            raise InvalidTable(f"{self.key}: one (group, category) part per row is needed")
        _require_count(self.n, f"{self.key}: n")
        _require_count(self.missing, f"{self.key}: missing")
        _VALIDATORS[self.kind](self)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.row_labels), len(self.col_labels)

    @property
    def is_additive(self) -> bool:
        return self.kind in ADDITIVE_KINDS

    def counts(self) -> tuple[tuple[int, ...], ...]:
        """The cells as integers (additive and multiple-choice tables only)."""
        if self.kind not in ADDITIVE_KINDS | {TableKind.MULTIPLE_CHOICE}:
            raise InvalidTable(f"{self.key}: a {self.kind} table has no count matrix")
        return tuple(tuple(int(v or 0) for v in row) for row in self.values)

    @property
    def row_totals(self) -> tuple[int, ...]:
        self._require_additive()
        return tuple(sum(row) for row in self.counts())

    @property
    def col_totals(self) -> tuple[int, ...]:
        self._require_additive()
        return tuple(sum(col) for col in zip(*self.counts(), strict=True))

    @property
    def grand_total(self) -> int:
        self._require_additive()
        return sum(self.row_totals)

    def _require_additive(self) -> None:
        if not self.is_additive:
            raise InvalidTable(f"{self.key}: a {self.kind} table has no margins")


def _require_count(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidTable(f"{what} must be a non-negative integer, got {value!r}")


def require_statistic(value: object, what: str) -> None:
    ok = value is None or (
        isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    )
    if not ok:
        raise InvalidTable(f"{what} must be a finite number or None, got {value!r}")


def _validate_additive(table: SummaryTable) -> None:
    for row in table.values:
        for value in row:
            _require_count(value, f"{table.key}: cell")
    if table.bases:
        raise InvalidTable(f"{table.key}: additive tables take their bases from the margins")
    if sum(map(sum, table.counts())) != table.n:
        raise InvalidTable(f"{table.key}: n={table.n} is not the sum of the cells")


def _validate_multiple_choice(table: SummaryTable) -> None:
    for row in table.values:
        for value in row:
            _require_count(value, f"{table.key}: cell")
    if len(table.bases) != table.shape[1]:
        raise InvalidTable(f"{table.key}: one respondent count (base) per column is needed")
    for base in table.bases:
        _require_count(base, f"{table.key}: base")
    if sum(table.bases) != table.n:
        raise InvalidTable(f"{table.key}: the column bases must add up to n={table.n}")
    for row in table.counts():
        if any(cell > base for cell, base in zip(row, table.bases, strict=True)):
            raise InvalidTable(f"{table.key}: a count exceeds its column's respondents")


def _validate_statistics(table: SummaryTable) -> None:
    if table.col_labels != STAT_COLUMNS:
        raise InvalidTable(f"{table.key}: statistics tables use STAT_COLUMNS")
    _validate_row_bases(table)
    for row in table.values:
        for value in row:
            require_statistic(value, f"{table.key}: statistic")
    has_total_row = table.shape[0] > 1
    if has_total_row and sum(table.bases[1:]) != table.bases[0]:
        raise InvalidTable(f"{table.key}: group sizes must add up to the first (total) row")
    if table.n != table.bases[0]:
        raise InvalidTable(f"{table.key}: n must equal the first row's number of values")


def _validate_volume(table: SummaryTable) -> None:
    blocks = max(1, len(table.col_blocks))
    if table.col_labels != VOLUME_COLUMNS * blocks:
        raise InvalidTable(f"{table.key}: volume tables use VOLUME_COLUMNS once per group")
    if len(table.bases) != table.shape[0] * blocks:
        raise InvalidTable(f"{table.key}: one base per row and group is needed")
    for base in table.bases:
        _require_count(base, f"{table.key}: base")
    for row in table.values:
        for count, median in zip(row[::2], row[1::2], strict=True):
            _require_count(count, f"{table.key}: count")
            require_statistic(median, f"{table.key}: median")
        if len(row) > 2 and sum(row[2::2]) != row[0]:  # type: ignore[arg-type]
            raise InvalidTable(f"{table.key}: the groups' counts must add up to the total")


def _validate_row_bases(table: SummaryTable) -> None:
    if len(table.bases) != table.shape[0]:
        raise InvalidTable(f"{table.key}: one base (number of values) per row is needed")
    for base in table.bases:
        _require_count(base, f"{table.key}: base")


_VALIDATORS = {
    TableKind.FREQUENCY: _validate_additive,
    TableKind.CROSS: _validate_additive,
    TableKind.TRANSITION: _validate_additive,
    TableKind.MULTIPLE_CHOICE: _validate_multiple_choice,
    TableKind.STATISTICS: _validate_statistics,
    TableKind.VOLUME: _validate_volume,
}


def describe(values: Sequence[float]) -> tuple[float | None, ...]:
    """Mean, median, quartile 1, quartile 3, min, max (``STAT_COLUMNS`` order).

    Quartiles use the inclusive method (as Excel's KVARTIL.INK), which unit heads can
    reproduce by hand. An empty sequence gives all ``None``.
    """
    data = sorted(float(v) for v in values)
    if not data:
        return (None,) * len(STAT_COLUMNS)
    if len(data) == 1:
        q1 = q3 = data[0]
    else:
        q1, _, q3 = statistics.quantiles(data, n=4, method="inclusive")
    return (statistics.fmean(data), statistics.median(data), q1, q3, data[0], data[-1])


# --- the report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportMeta:
    title: Text
    unit: str
    municipality: str
    period_from: dt.date
    period_to: dt.date
    n_cases: int
    created: dt.date
    form_id: str
    form_versions: tuple[str, ...] = ()
    filters: tuple[tuple[Text, Text], ...] = ()
    k: int = 5
    # What the form counts, in the plural ("ärenden", "deltagare"); and whether the form
    # compares start with closure (its caveats and reading guide say so only then).
    noun: Text = Text("ärenden", "cases")  # noqa: RUF009 (frozen, shared safely)
    before_after: bool = True


TableT = TypeVar("TableT")


@dataclass(frozen=True)
class Section(Generic[TableT]):
    """A part of a report: its tables, raw (``SummaryTable``) or protected."""

    key: str
    title: Text
    tables: tuple[TableT, ...]
    intro: Text | None = None


@dataclass(frozen=True)
class Sections(Generic[TableT]):
    """A report's metadata and sections: what ``SummaryReport`` and the protected report
    made from it have in common."""

    meta: ReportMeta
    sections: tuple[Section[TableT], ...]

    def tables(self) -> Iterator[TableT]:
        for section in self.sections:
            yield from section.tables


@dataclass(frozen=True)
class SummaryReport(Sections[SummaryTable]):
    def __post_init__(self) -> None:
        keys = [table.key for table in self.tables()]
        if len(keys) != len(set(keys)):
            raise InvalidTable("table keys must be unique within a report")
