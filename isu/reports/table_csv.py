"""A protected summary table as tidy CSV rows: one row per cell and measure, with both
languages' labels, hidden cells written as the suppression mark exactly as in the PDF.

The ``aggregate`` export writes one such file per table (``tables/<key>.csv``); the
columns and measures are documented in the package's codebook
(``isu.services.exports``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from isu.domain.text import SUPPRESSED_MARK, Text
from isu.reports.grid import TOTAL_LABEL
from isu.summary.disclosure import ProtectedTable
from isu.summary.fmt import round_half_up
from isu.summary.model import TableKind
from isu.summary.table_protection import ProtectedCell

TABLE_COLUMNS = (
    "table",
    "row_no",
    "row_label_sv",
    "row_label_en",
    "column_no",
    "column_label_sv",
    "column_label_en",
    "measure",
    "value",
)


MEASURES = (
    ("count", "Antal", "Count"),
    ("percent", "Andel, hela procent", "Share, whole percent"),
    ("respondents", "Antal svarande", "Respondents"),
    ("statistic", "Statistiskt mått (kolumnen anger vilket)", "Statistic (the column says which)"),
    ("median_days", "Median, dagar", "Median, days"),
    ("n", "Antal värden bakom raden", "Number of values behind the row"),
    ("table_n", "Tabellens n", "The table's n"),
    ("table_missing", "Uppgift saknas i tabellen", "Missing answers in the table"),
)


def table_rows(table: ProtectedTable) -> Iterable[tuple[str, ...]]:
    key = table.key
    blank = Text("", "")

    def row(i: int, r: Text, j: int, c: Text, measure: str, value: str) -> tuple[str, ...]:
        return (key, str(i), r.sv, r.get("en"), str(j), c.sv, c.get("en"), measure, value)

    for name, figure in (("table_n", table.n), ("table_missing", table.missing)):
        yield row(0, blank, 0, blank, name, SUPPRESSED_MARK if figure is None else str(figure))
    rows, cols = len(table.row_labels), len(table.col_labels)
    if table.kind is TableKind.STATISTICS:
        for i, label in enumerate(table.row_labels, 1):
            yield row(i, label, 0, Text("n", "n"), "n", _count_text(table.bases[i - 1]))
            for j, col in enumerate(table.col_labels, 1):
                yield row(i, label, j, col, "statistic", _stat_text(table.cells[i - 1][j - 1]))
        return
    if table.kind is TableKind.VOLUME:
        yield from _volume_rows(table, row)
        return
    with_pct = table.percent.value != "none"
    grid = [
        (i, label, j, col, table.cells[i - 1][j - 1])
        for i, label in enumerate(table.row_labels, 1)
        for j, col in enumerate(table.col_labels, 1)
    ]
    if table.row_totals is not None:
        grid += [
            (i, table.row_labels[i - 1], cols + 1, TOTAL_LABEL, cell)
            for i, cell in enumerate(table.row_totals, 1)
        ]
    if table.col_totals is not None:
        grid += [
            (rows + 1, TOTAL_LABEL, j, table.col_labels[j - 1], cell)
            for j, cell in enumerate(table.col_totals, 1)
        ]
    if table.grand_total is not None and table.row_totals is not None:
        grid.append((rows + 1, TOTAL_LABEL, cols + 1, TOTAL_LABEL, table.grand_total))
    for i, r, j, c, cell in grid:
        yield row(i, r, j, c, "count", _count_text(cell))
        if with_pct:
            yield row(i, r, j, c, "percent", _percent_text(cell))
    respondents = Text("Antal svarande", "Respondents")
    for j, base in enumerate(table.bases, 1):
        yield row(
            rows + 1, respondents, j, table.col_labels[j - 1], "respondents", _count_text(base)
        )


def _volume_rows(table: ProtectedTable, row: Callable) -> Iterable[tuple[str, ...]]:
    """Count, median and the median's n per row; split, per group ("All" first)."""
    blocks = table.col_blocks or (None,)
    for i, label in enumerate(table.row_labels, 1):
        cells = table.cells[i - 1]
        for b, block in enumerate(blocks):
            count_label, median_label = (
                _in_block(block, column) for column in table.col_labels[2 * b : 2 * b + 2]
            )
            count, median = cells[2 * b], cells[2 * b + 1]
            base = table.bases[(i - 1) * len(blocks) + b]
            yield row(i, label, 2 * b + 1, count_label, "count", _count_text(count))
            yield row(i, label, 2 * b + 2, median_label, "median_days", _stat_text(median))
            yield row(i, label, 2 * b + 2, median_label, "n", _count_text(base))


def _in_block(block: Text | None, column: Text) -> Text:
    if block is None:
        return column
    return Text(f"{block.sv}: {column.sv}", f"{block.get('en')}: {column.get('en')}")


def _count_text(cell: ProtectedCell) -> str:
    if cell.hidden:
        return SUPPRESSED_MARK
    return "" if cell.value is None else str(int(cell.value))


def _stat_text(cell: ProtectedCell) -> str:
    if cell.hidden:
        return SUPPRESSED_MARK
    return "" if cell.value is None else format(round_half_up(cell.value, 2), "f")


def _percent_text(cell: ProtectedCell) -> str:
    if cell.percent_state.hidden:
        return SUPPRESSED_MARK
    return "" if cell.percent is None else str(round_half_up(cell.percent))
