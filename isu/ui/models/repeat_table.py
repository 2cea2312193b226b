"""A repeat group's items (e.g. one row per intervention) as a Qt table model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from isu.domain.answers import Answer
from isu.domain.form import FormSpec, QType, RepeatGroup
from isu.formdefs import format_value
from isu.ui.models.case_table import SORT_ROLE
from isu.ui.models.list_table import Index, ListTableModel

Item = dict[str, Answer]


class RepeatTableModel(ListTableModel):
    """Columns are the group's questions plus a warnings column; rows are items."""

    def __init__(self, spec: FormSpec, group: RepeatGroup, lang: str, parent=None):
        super().__init__(parent)
        self.spec = spec
        self.group = group
        self.lang = lang
        self.columns = [q for q in group.questions if q.type is not QType.COMPUTED]
        self._rows: list[Item] = []
        self._warnings: dict[int, list[str]] = {}

    @property
    def warnings_column(self) -> int:
        return len(self.columns)

    def items(self) -> list[Item]:
        return [dict(item) for item in self._rows]

    def set_items(self, items: list[Mapping[str, Answer]]) -> None:
        self.beginResetModel()
        self._rows = [dict(item) for item in items]
        self._warnings = {}
        self.endResetModel()

    def add_item(self, item: Mapping[str, Answer]) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(dict(item))
        self.endInsertRows()
        return row

    def replace_item(self, row: int, item: Mapping[str, Answer]) -> None:
        if 0 <= row < len(self._rows):
            self._rows[row] = dict(item)
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.warnings_column))

    def remove_item(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self._warnings = {}
            self.endRemoveRows()

    def warnings(self) -> dict[int, list[str]]:
        return dict(self._warnings)

    def set_warnings(self, warnings: dict[int, list[str]]) -> None:
        if warnings == self._warnings:
            return
        self._warnings = warnings
        if self._rows:
            column = self.warnings_column
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    # -- Qt model ------------------------------------------------------------------------------
    def column_count(self) -> int:
        return len(self.columns) + 1

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            role = Qt.ItemDataRole.DisplayRole  # the whole header, when its column is narrow
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if 0 <= section < len(self._rows) else None
        if 0 <= section < len(self.columns):
            return self.columns[section].label.get(self.lang)
        if section == self.warnings_column:
            return self.tr("Warnings")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = index.row(), index.column()
        if column == self.warnings_column:
            notes = self._warnings.get(row, [])
            if role == Qt.ItemDataRole.DisplayRole:
                return str(len(notes)) if notes else ""
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(notes) if notes else None
            if role == SORT_ROLE:
                return len(notes)
            return None
        question = self.columns[column]
        answer = self._rows[row].get(question.code, Answer())
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text, when its column is narrow
            role = Qt.ItemDataRole.DisplayRole
        if role == Qt.ItemDataRole.DisplayRole:
            if answer.value is None and answer.missing:
                label = self.spec.missing_label(answer.missing)
                return f"({label.get(self.lang) if label else answer.missing})"
            return format_value(question, answer.value, self.lang)
        if role == SORT_ROLE:
            value = answer.value
            if isinstance(value, tuple):
                return "; ".join(value)
            return value.isoformat() if hasattr(value, "isoformat") else value
        return None
