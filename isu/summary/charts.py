"""What to draw for a protected table, shared by the PDF and the Qt summary page so the
charts on screen and on paper show the same thing.

Only published figures go into a chart: a hidden count or share becomes ``None`` (drawn
as a gap marked with the suppression sign), never a bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from isu.domain.text import SUPPRESSED_MARK, Text
from isu.summary.disclosure import ProtectedTable
from isu.summary.fmt import format_number, format_percent, share_percent
from isu.summary.model import AFTER_LABEL, BEFORE_LABEL, PercentBase, TableKind
from isu.summary.table_protection import ProtectedCell


class ChartKind(StrEnum):
    BARS = "bars"  # horizontal bars, one per category
    GROUPED_BARS = "grouped_bars"  # one bar per series within each category (e.g. gender)
    BEFORE_AFTER = "before_after"  # paired before/after bars per category
    STACKED = (
        "stacked"  # one bar per category, its shares (of the row, adding up to 100 %) end to end
    )


class ChartUnit(StrEnum):
    PERCENT = "percent"
    COUNT = "count"


class Hatch(StrEnum):
    """A fill pattern over a bar's colour, so series stay apart beyond the colours."""

    NONE = "none"
    DIAGONAL = "diagonal"  # ////
    CROSS = "cross"  # xxxx


# Okabe–Ito first (distinguishable with the common colour-vision deficiencies), then Paul
# Tol's muted set for the 8th to 14th series. Beyond the first seven a bar is also hatched,
# so that no two series share colour and pattern even for a reader who sees fewer colours.
SERIES_COLOURS = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#332288",  # indigo
    "#882255",  # wine
    "#999933",  # olive
    "#44AA99",  # teal
    "#DDCC77",  # sand
    "#AA4499",  # purple
    "#CC6677",  # rose
)
SAFE_COLOURS = 7  # the Okabe–Ito part: told apart by colour alone
BEFORE_AFTER_COLOURS = ("#9DB4CC", "#0072B2")  # before pale, after strong
HATCH_CYCLE = (Hatch.NONE, Hatch.DIAGONAL, Hatch.CROSS)
DIRECT_LABEL_FROM = SAFE_COLOURS + 1  # this many series or more: each bar names its series


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    hatch: Hatch


def series_style(index: int, kind: ChartKind) -> SeriesStyle:
    """Colour and pattern of series ``index``: 14 colours, the first seven plain, the 8th to
    14th hatched diagonally, the next seven cross-hatched, and so on."""
    if kind is ChartKind.BEFORE_AFTER:
        return SeriesStyle(BEFORE_AFTER_COLOURS[index % 2], Hatch.NONE)
    colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
    # each run of seven takes the next pattern: 42 series before a style comes round again
    return SeriesStyle(colour, HATCH_CYCLE[(index // SAFE_COLOURS) % len(HATCH_CYCLE)])


def label_colour(background: str) -> str:
    """Dark text on light colours, white on dark ones (WCAG relative luminance)."""
    red, green, blue = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return "#222222" if luminance > 0.22 else "#FFFFFF"


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
    omitted: tuple[str, ...] = ()  # series left out: nothing to draw (all hidden or 0)

    @property
    def direct_labels(self) -> bool:
        """Too many series to tell apart by the legend: each bar's label names its series."""
        return self.kind is ChartKind.GROUPED_BARS and len(self.series) >= DIRECT_LABEL_FROM

    @property
    def has_hidden(self) -> bool:
        return any(v is None for s in self.series for v in s.values)

    @property
    def max_value(self) -> Decimal:
        return max((v for s in self.series for v in s.values if v is not None), default=Decimal(0))

    @property
    def scale_max(self) -> Decimal:
        """Where the bars' scale ends: the whole 0–100 for shares, so small shares look
        small; the largest figure (at least 1) for counts."""
        if self.unit is ChartUnit.PERCENT:
            return Decimal(100)
        return max(self.max_value, Decimal(1))

    def bar_length(self, value: Decimal | None, room: float) -> float:
        """How much of ``room`` a bar of ``value`` takes; none for a hidden figure."""
        return 0.0 if value is None else float(value / self.scale_max) * room

    def value_text(self, value: Decimal | None, lang: str = "sv") -> str:
        """A bar's figure as printed beside it; the tables' suppression mark when hidden."""
        if value is None:
            return SUPPRESSED_MARK
        if self.unit is ChartUnit.PERCENT:
            return format_percent(value, lang)
        return format_number(value, lang)


SHARE_LABEL = Text("Andel", "Share")


def omitted_note(spec: ChartSpec, lang: str = "sv") -> str | None:
    """The line under a chart naming the series it leaves out, or None."""
    if not spec.omitted:
        return None
    names = ", ".join(spec.omitted)
    if lang == "en":
        return f"Not in the chart (every figure hidden, x, or 0; see the table): {names}."
    return f"Visas inte i diagrammet (alla uppgifter dolda, x, eller 0; se tabellen): {names}."


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
    return _without_empty_series(spec)


def _without_empty_series(spec: ChartSpec) -> ChartSpec:
    """Leaves out the series of a split chart with nothing to draw: every figure hidden or 0
    (a wall of x and 0 says nothing the table does not); ``omitted`` names them."""
    if spec.kind not in (ChartKind.GROUPED_BARS, ChartKind.STACKED):
        return spec
    kept = tuple(s for s in spec.series if any(v for v in s.values if v is not None))
    if not kept or len(kept) == len(spec.series):
        return spec
    omitted = tuple(s.label for s in spec.series if s not in kept)
    return ChartSpec(spec.kind, spec.unit, spec.categories, kept, omitted)


def _cell_value(cell: ProtectedCell, unit: ChartUnit) -> Decimal | None:
    if unit is ChartUnit.PERCENT:
        return cell.percent
    return None if cell.value is None else Decimal(cell.value)


def _series(labels, lines, unit: ChartUnit, lang: str) -> tuple[ChartSeries, ...]:
    """A series per label, its figures from the matching line of cells (a row or a column)."""
    return tuple(
        ChartSeries(label.get(lang), tuple(_cell_value(cell, unit) for cell in line))
        for label, line in zip(labels, lines, strict=True)
    )


def _bars(table: ProtectedTable, lang: str) -> ChartSpec:
    unit = ChartUnit.COUNT if table.percent is PercentBase.NONE else ChartUnit.PERCENT
    rows = tuple(label.get(lang) for label in table.row_labels)
    columns = tuple(zip(*table.cells, strict=True))
    if table.kind is TableKind.CROSS and table.percent is PercentBase.ROW:
        # shares of each row: one bar per row, its parts end to end, a colour per column
        return ChartSpec(
            ChartKind.STACKED, unit, rows, _series(table.col_labels, columns, unit, lang)
        )
    if table.kind is TableKind.CROSS:  # categories along the columns (age), a bar per row
        categories = tuple(label.get(lang) for label in table.col_labels)
        series = _series(table.row_labels, table.cells, unit, lang)
        return ChartSpec(ChartKind.GROUPED_BARS, unit, categories, series)
    one = len(columns) == 1
    names = (SHARE_LABEL,) if unit is ChartUnit.PERCENT and one else table.col_labels
    kind = ChartKind.BARS if one else ChartKind.GROUPED_BARS
    return ChartSpec(kind, unit, rows, _series(names, columns, unit, lang))


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
