"""What to draw for a protected table, shared by the PDF and the Qt summary page so the
charts on screen and on paper show the same thing.

Only published figures go into a chart: a hidden count or share becomes ``None`` (drawn
as a gap marked with the suppression sign), never a bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from isu.summary.disclosure import ProtectedCell, ProtectedTable
from isu.summary.fmt import share_percent
from isu.summary.model import AFTER_LABEL, BEFORE_LABEL, PercentBase, TableKind, Text


class ChartKind(StrEnum):
    BARS = "bars"  # horizontal bars, one per category
    GROUPED_BARS = "grouped_bars"  # one bar per series within each category (e.g. gender)
    BEFORE_AFTER = "before_after"  # paired before/after bars per category


class ChartUnit(StrEnum):
    PERCENT = "percent"
    COUNT = "count"


@dataclass(frozen=True)
class ChartSeries:
    label: str
    values: tuple[Decimal | None, ...]  # one per category; None = hidden


@dataclass(frozen=True)
class ChartSpec:
    kind: ChartKind
    unit: ChartUnit
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]

    @property
    def has_hidden(self) -> bool:
        return any(v is None for s in self.series for v in s.values)

    @property
    def max_value(self) -> Decimal:
        return max((v for s in self.series for v in s.values if v is not None), default=Decimal(0))


SHARE_LABEL = Text("Andel", "Share")


def chart_series(table: ProtectedTable, lang: str = "sv") -> ChartSpec | None:
    """The chart for ``table``, or None for tables without one (statistics, volumes)."""
    if table.kind in (TableKind.FREQUENCY, TableKind.MULTIPLE_CHOICE, TableKind.CROSS):
        spec = _bars(table, lang)
    elif table.kind is TableKind.TRANSITION:
        spec = _before_after(table, lang)
    else:
        return None
    if all(v is None for s in spec.series for v in s.values):
        return None
    return spec


def _cell_value(cell: ProtectedCell, unit: ChartUnit) -> Decimal | None:
    if unit is ChartUnit.PERCENT:
        return cell.percent
    return None if cell.value is None else Decimal(cell.value)


def _bars(table: ProtectedTable, lang: str) -> ChartSpec:
    unit = ChartUnit.COUNT if table.percent is PercentBase.NONE else ChartUnit.PERCENT
    rows, cols = len(table.row_labels), len(table.col_labels)
    if table.kind is TableKind.CROSS:  # categories along the columns (age), a bar per row
        categories = tuple(label.get(lang) for label in table.col_labels)
        series = tuple(
            ChartSeries(
                table.row_labels[i].get(lang),
                tuple(_cell_value(table.cells[i][j], unit) for j in range(cols)),
            )
            for i in range(rows)
        )
        return ChartSpec(ChartKind.GROUPED_BARS, unit, categories, series)
    categories = tuple(label.get(lang) for label in table.row_labels)
    series = tuple(
        ChartSeries(
            (SHARE_LABEL if unit is ChartUnit.PERCENT and cols == 1 else table.col_labels[j]).get(
                lang
            ),
            tuple(_cell_value(table.cells[i][j], unit) for i in range(rows)),
        )
        for j in range(cols)
    )
    kind = ChartKind.BARS if cols == 1 else ChartKind.GROUPED_BARS
    return ChartSpec(kind, unit, categories, series)


def _before_after(table: ProtectedTable, lang: str) -> ChartSpec:
    """Distribution before (row totals) beside the distribution after (column totals)."""
    total = table.grand_total.value if table.grand_total else None
    befores = _before_totals(table, lang)
    afters = dict(
        zip(
            (label.get(lang) for label in table.col_labels),
            _margin(table.col_totals, table.cells, by_row=False),
            strict=True,
        )
    )
    categories = tuple(dict.fromkeys([*befores, *afters]))

    def share(cell: ProtectedCell | None) -> Decimal | None:
        if cell is None or cell.value is None or not total:
            return None
        return share_percent(int(cell.value), int(total))

    return ChartSpec(
        ChartKind.BEFORE_AFTER,
        ChartUnit.PERCENT,
        categories,
        (
            ChartSeries(BEFORE_LABEL.get(lang), tuple(share(befores.get(c)) for c in categories)),
            ChartSeries(AFTER_LABEL.get(lang), tuple(share(afters.get(c)) for c in categories)),
        ),
    )


def _before_totals(table: ProtectedTable, lang: str) -> dict[str, ProtectedCell | None]:
    """Each before category's published total; split into blocks, the sum over the groups
    (unknown when any group's total is hidden)."""
    margin = _margin(table.row_totals, table.cells, by_row=True)
    if not table.row_parts:
        return dict(zip((label.get(lang) for label in table.row_labels), margin, strict=True))
    parts: dict[str, list[ProtectedCell]] = {}
    for (_, category), cell in zip(table.row_parts, margin, strict=True):
        parts.setdefault(category.get(lang), []).append(cell)
    return {
        category: None
        if any(c.value is None for c in cells)
        else ProtectedCell(sum(int(c.value) for c in cells))  # type: ignore[arg-type,misc]
        for category, cells in parts.items()
    }


def _margin(
    totals: tuple[ProtectedCell, ...] | None,
    cells: tuple[tuple[ProtectedCell, ...], ...],
    by_row: bool,
) -> tuple[ProtectedCell, ...]:
    if totals is not None:
        return totals
    # a single row or column: its cells are the margin
    return tuple(row[0] for row in cells) if by_row else cells[0]
