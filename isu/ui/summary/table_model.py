"""One item model for every summary table: it shows the protected grid, the same rows and
cells the PDF prints (``isu.reports.grid.table_grid``), header rows included.

The grid's header rows are model rows rather than Qt header sections because a summary
table may have two or three header rows with spans (e.g. "Kön" over "Pojke/man" and
"Flicka/kvinna", then "Antal" and "%" under each), which a QHeaderView cannot show.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from isu.reports.grid import GridCell, Role, TableGrid, table_grid
from isu.summary.disclosure import ProtectedTable

Index = QModelIndex | QPersistentModelIndex

# Custom roles: the raw number for sorting or tests, and the grid role ("count", ...).
VALUE_ROLE = Qt.ItemDataRole.UserRole + 1
CELL_ROLE_ROLE = Qt.ItemDataRole.UserRole + 2

_NUMERIC = (Role.COUNT, Role.PERCENT, Role.STATISTIC, Role.SUPPRESSED)
HEADER_BACKGROUND = QColor("#e8eef5")
SUPPRESSED_COLOUR = QColor("#6b4e00")  # dark amber: visibly "not a number", readable


class SummaryTableModel(QAbstractTableModel):
    """Read-only model of one protected table, formatted for ``lang``."""

    def __init__(self, parent: QObject | None = None, lang: str = "sv"):
        super().__init__(parent)
        self.lang = lang
        self._table: ProtectedTable | None = None
        self._grid = TableGrid((), (), ())
        self._rows: tuple[tuple[GridCell, ...], ...] = ()
        self._bold = QFont()
        self._bold.setBold(True)

    # -- content -------------------------------------------------------------------------------
    def set_table(self, table: ProtectedTable | None) -> None:
        self.beginResetModel()
        self._table = table
        self._grid = table_grid(table, self.lang) if table is not None else TableGrid((), (), ())
        self._rows = self._grid.rows()
        self.endResetModel()

    @property
    def table(self) -> ProtectedTable | None:
        return self._table

    @property
    def header_rows(self) -> int:
        return len(self._grid.header)

    def is_emphasised(self, row: int) -> bool:
        """Header and total rows are printed bold."""
        return row < len(self._grid.header) or row >= len(self._grid.header) + len(self._grid.body)

    def spans(self) -> list[tuple[int, int, int]]:
        """(row, column, number of columns) for headers spanning several columns."""
        return [
            (r, c, cell.span)
            for r, row in enumerate(self._rows)
            for c, cell in enumerate(row)
            if cell.span > 1
        ]

    def cell(self, row: int, column: int) -> GridCell:
        return self._rows[row][column]

    def text(self, row: int, column: int) -> str:
        return self._rows[row][column].text(self.lang)

    # -- QAbstractTableModel -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or not self._rows:
            return 0
        return len(self._rows[0])

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not self.checkIndex(index):
            return None
        cell = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(cell, role)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(cell)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(cell, index.column())
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if self.is_emphasised(index.row()) else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(HEADER_BACKGROUND) if index.row() < self.header_rows else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(SUPPRESSED_COLOUR) if cell.role is Role.SUPPRESSED else None
        if role == VALUE_ROLE:
            return cell.number()
        if role == CELL_ROLE_ROLE:
            return cell.role.value
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        # The grid carries its own header rows; the views hide Qt's headers.
        if role == Qt.ItemDataRole.DisplayRole and section >= 0:
            return str(section + 1)
        return None

    # -- helpers -------------------------------------------------------------------------------
    def _display(self, cell: GridCell, role: int) -> str:
        text = cell.text(self.lang)
        if role == Qt.ItemDataRole.AccessibleTextRole and cell.role is Role.SUPPRESSED:
            return self.tr("hidden")
        return text

    def _tooltip(self, cell: GridCell) -> str | None:
        if cell.role is not Role.SUPPRESSED:
            return None
        k = self._table.k if self._table is not None else 5
        return self.tr(
            "Not shown to protect individuals: fewer than %1 cases, or hidden so that other"
            " hidden figures cannot be worked out from the totals."
        ).replace("%1", str(k))

    def _alignment(self, cell: GridCell, column: int) -> int:
        if cell.role is Role.HEADER and cell.span > 1:
            return int(Qt.AlignmentFlag.AlignCenter)
        if cell.role in _NUMERIC or (cell.role is Role.HEADER and column > 0):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
