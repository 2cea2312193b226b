"""The case list as a Qt table model. Sorting, filtering and paging happen in SQL (in
``cases.list_cases``); the model only asks for the next page when the view scrolls to it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal

from isu.domain.model import CasePage, CaseQuery, CaseRow
from isu.services import cases
from isu.services.case_store import local_time
from isu.services.workspace import Workspace
from isu.ui.models.list_table import Index, ListTableModel
from isu.ui.workers import DbExecutor

PAGE_SIZE = 200
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SHOWN_PHASES = ("before", "during", "after")


class CaseTableModel(ListTableModel):
    CASE_NUMBER, STATUS, START, CLOSURE, COORDINATOR, PHASES, WARNINGS, UPDATED = range(8)
    COLUMN_COUNT = 8
    # The service's sort keys, one per column.
    SORT_KEYS = (
        "case_number",
        "status",
        "start_date",
        "closure_date",
        "coordinator",
        "phases_complete",
        "warnings",
        "updated_at",
    )

    total_changed = Signal(int)
    loaded = Signal()

    def __init__(self, executor: DbExecutor, lang: str = "sv", parent=None):
        super().__init__(parent)
        self._executor = executor
        self._lang = lang
        self._workspace: Workspace | None = None
        self._query = CaseQuery(limit=PAGE_SIZE)
        self._rows: list[CaseRow] = []
        self._total = 0
        self._generation = 0
        self._fetching = False

    # -- data source ---------------------------------------------------------------------------
    @property
    def query(self) -> CaseQuery:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    def set_workspace(self, workspace: Workspace | None, query: CaseQuery | None = None) -> None:
        """None empties the list (locked or signed out): no case data stays in the model."""
        self._workspace = workspace
        if query is not None:
            self._query = replace(query, offset=0, limit=PAGE_SIZE)
        if workspace is None:
            self._generation += 1
            self._fetching = False
            self._replace(CasePage((), 0))
        else:
            self.reload()

    def set_query(self, query: CaseQuery) -> None:
        self._query = replace(query, offset=0, limit=PAGE_SIZE)
        self.reload()

    def reload(self) -> None:
        if self._workspace is None:
            return
        self._generation += 1
        generation, workspace, query = self._generation, self._workspace, self._query
        self._fetching = True
        self._executor.submit(
            lambda: cases.list_cases(workspace, query),
            lambda page: self._on_first_page(generation, page),
        )

    def _on_first_page(self, generation: int, page: CasePage) -> None:
        if generation != self._generation:
            return  # a newer query is on its way
        self._fetching = False
        self._replace(page)
        self.loaded.emit()

    def _replace(self, page: CasePage) -> None:
        self.beginResetModel()
        self._rows = list(page.rows)
        self._total = page.total
        self.endResetModel()
        self.total_changed.emit(self._total)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return (
            not parent.isValid()
            and not self._fetching
            and self._workspace is not None
            and len(self._rows) < self._total
        )

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation, workspace = self._generation, self._workspace
        query = replace(self._query, offset=len(self._rows))
        self._executor.submit(
            lambda: cases.list_cases(workspace, query),
            lambda page: self._on_next_page(generation, page),
        )

    def _on_next_page(self, generation: int, page: CasePage) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        known = {row.id for row in self._rows}
        fresh = [row for row in page.rows if row.id not in known]
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._rows.extend(fresh)
            self.endInsertRows()
        if page.total != self._total:
            self._total = page.total
            self.total_changed.emit(self._total)
        self.loaded.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < self.COLUMN_COUNT:
            return
        self._query = replace(
            self._query,
            sort=self.SORT_KEYS[column],
            offset=0,
            descending=order == Qt.SortOrder.DescendingOrder,
        )
        self.reload()

    def row_at(self, row: int) -> CaseRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # -- Qt model ------------------------------------------------------------------------------
    def column_count(self) -> int:
        return self.COLUMN_COUNT

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers()[section]
        return None

    def _headers(self) -> tuple[str, ...]:
        return (
            self.tr("Case number"),
            self.tr("Status"),
            self.tr("Start"),
            self.tr("Closed"),
            self.tr("Coordinator"),
            self.tr("Phases complete"),
            self.tr("Warnings"),
            self.tr("Last change"),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._raw(row, column)
        if role == CASE_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and column == self.WARNINGS and row.warnings:
            return self.tr("Questions with warnings: %1").replace("%1", str(row.warnings))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.WARNINGS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: CaseRow, column: int) -> str:
        if column == self.STATUS:
            return row.status.label(self._lang)
        if column == self.PHASES:
            return self.phases_text(row.phases_complete)
        if column == self.WARNINGS:
            return str(row.warnings) if row.warnings else ""
        if column == self.UPDATED:
            return local_time(row.updated_at)
        value = self._raw(row, column)
        return "" if value is None else str(value)

    def _raw(self, row: CaseRow, column: int) -> Any:
        return (
            row.case_number,
            row.status.value,
            row.start_date or "",
            row.closure_date or "",
            row.coordinator,
            " ".join(row.phases_complete),
            row.warnings,
            row.updated_at,
        )[column]

    def phases_text(self, complete: tuple[str, ...]) -> str:
        names = {
            "before": self.tr("Before"),
            "during": self.tr("During"),
            "after": self.tr("After"),
        }
        return " ".join(f"{names[p]} {'✓' if p in complete else '–'}" for p in SHOWN_PHASES)
