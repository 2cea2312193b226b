"""The form as a tree: phases → sections → questions and repeat groups → group questions.

Every change goes through this model (called by the undo commands), so views get exact
insert / remove / data-changed signals. Drag and drop asks for a move through
``move_requested`` instead of moving by itself, so a drop is one undoable command.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from isu.formdefs.document import FormDocument, Node, Path
from isu.ui.editor.code_names import QuestionTypeNames

MIME_TYPE = "application/x-isu-form-node"
Index = QModelIndex | QPersistentModelIndex
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class FormTreeModel(QAbstractItemModel):
    """``changed()`` after every edit; ``move_requested(source, target)`` on a drop."""

    changed = Signal()
    move_requested = Signal(object, object)

    COLUMNS = 2

    def __init__(self, document: FormDocument, lang: str = "sv", parent=None):
        super().__init__(parent)
        self.document = document
        self.lang = lang
        self.problem_paths: set[Path] = set()
        self._parents: dict[int, Node | None] = {}
        self._reindex()

    # -- structure -----------------------------------------------------------------------------
    def set_document(self, document: FormDocument) -> None:
        self.beginResetModel()
        self.document = document
        self.problem_paths = set()
        self._reindex()
        self.endResetModel()
        self.changed.emit()

    def _reindex(self) -> None:
        parents: dict[int, Node | None] = {}
        for phase in self.document.phases:
            parents[id(phase)] = None
            stack = [phase]
            while stack:
                node = stack.pop()
                for child in node.children:
                    parents[id(child)] = node
                    stack.append(child)
        self._parents = parents

    def _children(self, parent: Index) -> list[Node]:
        if not parent.isValid():
            return self.document.phases
        return self.node(parent).children

    def node(self, index: Index) -> Node:
        return index.internalPointer()

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= self.COLUMNS or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        children = self._children(parent)
        if row >= len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        holder = self._parents.get(id(self.node(index)))
        if holder is None:
            return QModelIndex()
        grand = self._parents.get(id(holder))
        siblings = self.document.phases if grand is None else grand.children
        return self.createIndex(_position(siblings, holder), 0, holder)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(parent))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return self.COLUMNS

    def path_of(self, index: Index) -> Path:
        rows: list[int] = []
        node = self.node(index)
        while node is not None:
            holder = self._parents.get(id(node))
            siblings = self.document.phases if holder is None else holder.children
            rows.append(_position(siblings, node))
            node = holder
        return tuple(reversed(rows))

    def index_for(self, path: Path, column: int = 0) -> QModelIndex:
        index = QModelIndex()
        for row in path:
            index = self.index(row, 0, index)
        return index.siblingAtColumn(column) if column else index

    # -- data ----------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self.node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(node, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.label(self.lang) or node.code
        if role == Qt.ItemDataRole.ForegroundRole and self.path_of(index) in self.problem_paths:
            return QBrush(QColor("#b00020"))
        if role == PATH_ROLE:
            return list(self.path_of(index))
        return None

    def _display(self, node: Node, column: int) -> str:
        if column == 1:
            return self.kind_text(node)
        if node.kind == "phase":
            return node.label(self.lang)
        label = node.label(self.lang)
        text = f"{node.code} – {label}" if label and label != node.code else node.code
        return text if len(text) <= 80 else text[:77] + "…"

    def kind_text(self, node: Node) -> str:
        if node.kind == "phase":
            return self.tr("Phase")
        if node.kind == "section":
            return self.tr("Section")
        if node.kind == "group":
            return self.tr("Repeat group")
        return QuestionTypeNames().name(str(node.props.get("type", "")))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Item"), self.tr("Type"))[section] if 0 <= section < 2 else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        node = self.node(index)
        if node.kind != "phase":
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        if node.kind != "question":
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    # -- edits (undo commands call these) --------------------------------------------------------
    def insert_node(self, path: Path, node: Node) -> None:
        parent = self.index_for(path[:-1])
        self.beginInsertRows(parent, path[-1], path[-1])
        self.document.insert(path, node)
        self._reindex()
        self.endInsertRows()
        self.changed.emit()

    def remove_node(self, path: Path) -> Node:
        parent = self.index_for(path[:-1])
        self.beginRemoveRows(parent, path[-1], path[-1])
        node = self.document.remove(path)
        self._reindex()
        self.endRemoveRows()
        self.changed.emit()
        return node

    def move_node(self, source: Path, target: Path) -> None:
        node = self.remove_node(source)
        self.insert_node(target, node)

    def set_property(self, path: Path, key: str, value: Any) -> Any:
        old = self.document.set_property(path, key, value)
        self._row_changed(path)
        self.changed.emit()
        return old

    def set_header(self, key: str, value: Any) -> Any:
        old = self.document.set_header(key, value)
        self.changed.emit()
        return old

    def set_choice_list(self, list_id: str, choices: list | None) -> Any:
        old = self.document.set_choice_list(list_id, choices)
        self.changed.emit()
        return old

    def rename_choice_list(self, old: str, new: str) -> None:
        for path in self.document.rename_choice_list(old, new):
            self._row_changed(path)
        self.changed.emit()

    def _row_changed(self, path: Path) -> None:
        first = self.index_for(path)
        self.dataChanged.emit(first, first.siblingAtColumn(self.COLUMNS - 1))

    def set_problem_paths(self, paths: set[Path]) -> None:
        changed = paths ^ self.problem_paths
        self.problem_paths = paths
        for path in changed:
            try:
                self._row_changed(path)
            except (IndexError, KeyError):
                continue  # the node is gone; nothing to repaint

    # -- drag and drop ---------------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        data = QMimeData()
        first = next((i for i in indexes if i.isValid() and i.column() == 0), None)
        if first is not None:
            data.setData(MIME_TYPE, QByteArray(json.dumps(self.path_of(first)).encode()))
        return data

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return self.drop_target(data, row, parent) is not None

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        target = self.drop_target(data, row, parent)
        if target is None:
            return False
        source, destination = target
        if source != destination:
            self.move_requested.emit(source, destination)
        return True

    def drop_target(self, data: QMimeData, row: int, parent: Index) -> tuple[Path, Path] | None:
        if not data.hasFormat(MIME_TYPE):
            return None
        try:
            source = tuple(json.loads(bytes(data.data(MIME_TYPE).data()).decode()))
            node = self.document.node(source)
        except (ValueError, IndexError, TypeError):
            return None
        if not parent.isValid():
            return None
        holder = self.path_of(parent)
        if row < 0 and not self.document.can_hold(holder, node) and len(holder) > 1:
            # Dropped onto an item that cannot hold it: place it right after that item.
            holder, row = holder[:-1], holder[-1] + 1
        if not self.document.can_hold(holder, node) or holder[: len(source)] == source:
            return None
        if row < 0:
            row = len(self.document.node(holder).children)
        if holder == source[:-1] and source[-1] < row:
            row -= 1  # the source's own removal shifts the rows below it
        return source, (*holder, row)

    def target_for_shift(self, path: Path, step: int) -> Path | None:
        """Where Ctrl+Up/Down moves a node: one place up or down among its siblings, or into
        the previous/next parent of the same kind at its edge."""
        siblings = self.document.siblings(path)
        row = path[-1] + step
        if 0 <= row < len(siblings):
            return (*path[:-1], row)
        if len(path) < 3:
            return None
        parent = path[:-1]
        neighbours = self.document.siblings(parent)
        node = self.document.node(path)
        index = parent[-1] + step
        while 0 <= index < len(neighbours):
            candidate = (*parent[:-1], index)
            if self.document.can_hold(candidate, node):
                size = len(self.document.node(candidate).children)
                return (*candidate, size if step < 0 else 0)
            index += step
        return None


def _position(siblings: list[Node], node: Node) -> int:
    return next(i for i, sibling in enumerate(siblings) if sibling is node)
