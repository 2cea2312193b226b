"""The case list page: search, filters and the table of the user's cases."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from isu.domain.model import CaseQuery, CaseStatus, User
from isu.services import users
from isu.services.changes import Changes
from isu.services.workspace import Workspace
from isu.ui.context import UiContext
from isu.ui.models.case_table import CASE_ID_ROLE, CaseTableModel
from isu.ui.widgets.date_edit import OptionalDateEdit

SEARCH_DELAY_MS = 250


class CaseTable(QTableView):
    """Enter opens the current case, like a double click."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class CaseListView(QWidget):
    """Follows the main window's ``changed`` broadcast (``follow_changes``): any change of
    cases reloads the page, a change of users the coordinator filter."""

    open_case = Signal(int)
    new_case = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.workspace: Workspace | None = None
        self.model = CaseTableModel(ctx.executor, ctx.lang, self)
        self._build()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.model.total_changed.connect(self._show_total)

    def _build(self) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search case number (Ctrl+F)"))
        self.search_edit.setAccessibleName(self.tr("Search case number"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(self.tr("Status"))
        self.status_combo.addItem(self.tr("All statuses"), None)
        for status in CaseStatus:
            # The value, not the enum: QComboBox hands item data back as a plain str.
            self.status_combo.addItem(status.label(self.ctx.lang), status.value)
        self.from_edit = OptionalDateEdit()
        self.from_edit.setAccessibleName(self.tr("Period from"))
        self.to_edit = OptionalDateEdit()
        self.to_edit.setAccessibleName(self.tr("Period to"))
        self.coordinator_combo = QComboBox()
        self.coordinator_combo.setAccessibleName(self.tr("Coordinator"))
        self.coordinator_combo.addItem(self.tr("All coordinators"), None)
        for combo in (self.status_combo, self.coordinator_combo):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(lambda _d: self.apply_filters())
        self.new_button = QPushButton(self.tr("&New case…"))
        self.new_button.clicked.connect(self.new_case.emit)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self._label(self.tr("S&tatus:"), self.status_combo))
        filters.addWidget(self.status_combo)
        filters.addWidget(self._label(self.tr("Period &from:"), self.from_edit.edit))
        filters.addWidget(self.from_edit)
        filters.addWidget(self._label(self.tr("t&o:"), self.to_edit.edit))
        filters.addWidget(self.to_edit)
        filters.addWidget(self._label(self.tr("Coo&rdinator:"), self.coordinator_combo))
        filters.addWidget(self.coordinator_combo, 1)
        filters.addWidget(self.new_button)
        self.table = CaseTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Cases"))
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(
            CaseTableModel.UPDATED, Qt.SortOrder.DescendingOrder
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._size_columns()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() * 3 // 2)
        self.table.doubleClicked.connect(self._activate)
        self.table.activated_row.connect(self._open_row)
        self.total_label = QLabel()
        self.total_label.setAccessibleName(self.tr("Number of cases"))
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total_label)
        self.setTabOrder(self.search_edit, self.status_combo)

    def _size_columns(self) -> None:
        """Wide enough for the header and a typical value, in the user's font."""
        metrics = self.table.fontMetrics()
        samples = (
            "2026-00000",
            "Pågående",
            "0000-00-00",
            "0000-00-00",
            "Förnamn Efternamn",
            self.model.phases_text(("before", "during", "after")),
            "000",
        )
        padding = metrics.averageCharWidth() * 4
        for column, sample in enumerate(samples):
            header = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(header))
            self.table.setColumnWidth(column, width + padding)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def set_workspace(self, workspace: Workspace | None) -> None:
        self.workspace = workspace
        if workspace is None:
            self.model.set_workspace(None)
            self.total_label.clear()
            return
        self.model.set_workspace(workspace, self.current_query())
        self._load_coordinators()

    def _load_coordinators(self) -> None:
        workspace = self.workspace
        if workspace is not None:
            self.ctx.executor.submit(lambda: users.coordinators(workspace), self._fill_coordinators)

    def follow_changes(self, changes: Changes) -> None:
        if self.workspace is None:
            return
        if changes.cases:
            self.refresh()
        if changes.users:
            self._load_coordinators()

    def _fill_coordinators(self, people: list[User]) -> None:
        chosen = self.coordinator_combo.currentData()
        self.coordinator_combo.blockSignals(True)
        while self.coordinator_combo.count() > 1:
            self.coordinator_combo.removeItem(1)
        for person in people:
            self.coordinator_combo.addItem(person.name, person.id)
        index = self.coordinator_combo.findData(chosen)
        self.coordinator_combo.setCurrentIndex(max(0, index))
        self.coordinator_combo.blockSignals(False)

    def current_query(self) -> CaseQuery:
        base = self.model.query
        return CaseQuery(
            search=self.search_edit.text().strip(),
            status=self._chosen_status(),
            coordinator_id=self.coordinator_combo.currentData(),
            period_from=self.from_edit.date(),
            period_to=self.to_edit.date(),
            sort=base.sort,
            descending=base.descending,
        )

    def _chosen_status(self) -> CaseStatus | None:
        value = self.status_combo.currentData()
        return CaseStatus(value) if value else None

    def apply_filters(self) -> None:
        self._search_timer.stop()
        if self.workspace is not None:
            self.model.set_query(self.current_query())

    def refresh(self) -> None:
        self.model.reload()

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _show_total(self, total: int) -> None:
        self.total_label.setText(self.tr("%1 cases").replace("%1", str(total)))

    def _activate(self, index: QModelIndex) -> None:
        self._open_row(index.row())

    def _open_row(self, row: int) -> None:
        case_id = self.model.index(row, 0).data(CASE_ID_ROLE)
        if case_id is not None:
            self.open_case.emit(int(case_id))
