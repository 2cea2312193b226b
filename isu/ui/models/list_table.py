"""A flat Qt table over a Python list of rows: the part every list model here shares."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex

Index = QModelIndex | QPersistentModelIndex


class ListTableModel(QAbstractTableModel):
    """Rows are ``self._rows`` (no children); subclasses say how many columns there are."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []

    def column_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.column_count()
