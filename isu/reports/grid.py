"""Protected tables laid out as grids of display cells: the one layout every writer (PDF,
XLSX, CSV) and the summary page use, so every output shows the same cells with the same
marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from isu.domain.text import SUPPRESSED_MARK, Text
from isu.summary.disclosure import ProtectedTable
from isu.summary.fmt import format_number, format_percent, format_statistic, round_half_up
from isu.summary.model import COUNT_LABEL, PercentBase, TableKind
from isu.summary.table_protection import ProtectedCell

TOTAL_LABEL = Text("Totalt", "Total")
PERCENT_LABEL = Text("%", "%")
SHARE_HEADER = Text("Andel", "Share")
GROUP_LABEL = Text("Grupp", "Group")
N_LABEL = Text("n", "n")
RESPONDENTS_LABEL = Text("Antal svarande (n)", "Respondents (n)")


class Role(StrEnum):
    HEADER = "header"
    LABEL = "label"
    COUNT = "count"
    PERCENT = "percent"
    STATISTIC = "statistic"
    SUPPRESSED = "suppressed"
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class GridCell:
    role: Role
    value: str | int | float | Decimal | None = None
    span: int = 1  # a header over several columns; the cells it covers are EMPTY

    def text(self, lang: str = "sv", grouping: bool = True) -> str:
        """Display text; ``grouping=False`` for CSV, where Excel reads "1 234" as text."""
        if self.role is Role.SUPPRESSED:
            return SUPPRESSED_MARK
        if self.value is None:
            return ""
        if self.role is Role.COUNT:
            return format_number(self.value, lang, 0, grouping)  # type: ignore[arg-type]
        if self.role is Role.PERCENT:
            if grouping:
                return format_percent(self.value, lang)  # type: ignore[arg-type]
            return format_number(self.value, lang, 0, grouping)  # type: ignore[arg-type]
        if self.role is Role.STATISTIC:
            return format_statistic(self.value, lang, grouping)  # type: ignore[arg-type]
        return str(self.value)

    def number(self) -> int | float | None:
        """The value as a spreadsheet number, rounded as displayed."""
        if self.value is None or self.role not in (Role.COUNT, Role.PERCENT, Role.STATISTIC):
            return None
        if self.role is Role.STATISTIC:
            return float(round_half_up(self.value, 1))  # type: ignore[arg-type]
        return int(round_half_up(self.value))  # type: ignore[arg-type]


Row = tuple[GridCell, ...]


@dataclass(frozen=True)
class TableGrid:
    header: tuple[Row, ...]
    body: tuple[Row, ...]
    footer: tuple[Row, ...]  # total rows

    @property
    def width(self) -> int:
        return len((self.header or self.body)[0])

    def rows(self) -> tuple[Row, ...]:
        return self.header + self.body + self.footer


EMPTY = GridCell(Role.EMPTY)


def _header(text: Text | str | None, lang: str, span: int = 1) -> tuple[GridCell, ...]:
    label = text.get(lang) if isinstance(text, Text) else (text or "")
    return (GridCell(Role.HEADER, label, span), *([EMPTY] * (span - 1)))


def _count(cell: ProtectedCell) -> GridCell:
    if cell.hidden:
        return GridCell(Role.SUPPRESSED)
    return GridCell(Role.COUNT, cell.value)


def _percent(cell: ProtectedCell) -> GridCell:
    if cell.percent_state.hidden:
        return GridCell(Role.SUPPRESSED)
    return GridCell(Role.PERCENT, cell.percent)


def _statistic(cell: ProtectedCell) -> GridCell:
    if cell.hidden:
        return GridCell(Role.SUPPRESSED)
    return GridCell(Role.STATISTIC, cell.value)


def table_grid(table: ProtectedTable, lang: str = "sv") -> TableGrid:
    if table.kind is TableKind.STATISTICS:
        return _statistics_grid(table, lang)
    if table.kind is TableKind.VOLUME:
        return _volume_grid(table, lang)
    return _count_grid(table, lang)


def _count_grid(table: ProtectedTable, lang: str) -> TableGrid:
    with_pct = table.percent is not PercentBase.NONE
    sub = 2 if with_pct else 1
    columns = [label.get(lang) for label in table.col_labels]
    has_total_col = table.row_totals is not None
    if has_total_col:
        columns.append(TOTAL_LABEL.get(lang))
    header: list[Row] = []
    if table.col_header is not None:
        data_width = len(table.col_labels) * sub
        header.append(
            (
                EMPTY,
                *_header(table.col_header, lang, data_width),
                *([EMPTY] * (sub * has_total_col)),
            )
        )
    first = [*_header(table.row_header, lang)]
    for name in columns:
        if with_pct and len(columns) == 1:
            first += [*_header(name, lang), *_header(PERCENT_LABEL, lang)]
        else:
            first += _header(name, lang, sub)
    header.append(tuple(first))
    if with_pct and len(columns) > 1:
        units = [*_header(COUNT_LABEL, lang), *_header(PERCENT_LABEL, lang)]
        header.append((EMPTY, *(units * len(columns))))

    def pair(cell: ProtectedCell) -> list[GridCell]:
        return [_count(cell), _percent(cell)] if with_pct else [_count(cell)]

    body = []
    for i, label in enumerate(table.row_labels):
        row = [GridCell(Role.LABEL, label.get(lang))]
        for cell in table.cells[i]:
            row += pair(cell)
        if table.row_totals is not None:
            row += pair(table.row_totals[i])
        body.append(tuple(row))
    footer = []
    if table.col_totals is not None:
        row = [GridCell(Role.LABEL, TOTAL_LABEL.get(lang))]
        for cell in table.col_totals:
            row += pair(cell)
        if has_total_col and table.grand_total is not None:
            row += pair(table.grand_total)
        footer.append(tuple(row))
    if table.kind is TableKind.MULTIPLE_CHOICE:
        row = [GridCell(Role.LABEL, RESPONDENTS_LABEL.get(lang))]
        for base in table.bases:
            row += [_count(base), *([EMPTY] * (sub - 1))]
        footer.append(tuple(row))
    return TableGrid(tuple(header), tuple(body), tuple(footer))


def _statistics_grid(table: ProtectedTable, lang: str) -> TableGrid:
    header = (
        *_header(table.row_header or GROUP_LABEL, lang),
        *_header(N_LABEL, lang),
        *(GridCell(Role.HEADER, label.get(lang)) for label in table.col_labels),
    )
    body = tuple(
        (
            GridCell(Role.LABEL, label.get(lang)),
            _count(base),
            *(_statistic(cell) for cell in cells),
        )
        for label, base, cells in zip(table.row_labels, table.bases, table.cells, strict=True)
    )
    return TableGrid((header,), body, ())


def _volume_grid(table: ProtectedTable, lang: str) -> TableGrid:
    header: list[Row] = []
    if table.col_blocks:  # split: each group's name over its count and median columns
        header.append(
            (EMPTY, *(cell for block in table.col_blocks for cell in _header(block, lang, 2)))
        )
    header.append(
        (
            *_header(table.row_header, lang),
            *(GridCell(Role.HEADER, label.get(lang)) for label in table.col_labels),
        )
    )
    body = tuple(
        (
            GridCell(Role.LABEL, label.get(lang)),
            *(
                grid_cell
                for count, median in zip(cells[::2], cells[1::2], strict=True)
                for grid_cell in (_count(count), _statistic(median))
            ),
        )
        for label, cells in zip(table.row_labels, table.cells, strict=True)
    )
    return TableGrid(tuple(header), body, ())
