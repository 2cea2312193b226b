"""Undo commands: every edit in the form editor is one of these, pushed on a QUndoStack."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand

from isu.formdefs.document import Node, Path
from isu.ui.editor.tree_model import FormTreeModel


class Selector(QObject):
    """Tells the window which node to select after an edit, an undo or a redo."""

    select = Signal(object)  # a path


class InsertCommand(QUndoCommand):
    def __init__(self, model: FormTreeModel, selector: Selector, path: Path, node: Node, text: str):
        super().__init__(text)
        self.model, self.selector, self.path, self.node = model, selector, path, node

    def redo(self) -> None:
        self.model.insert_node(self.path, self.node)
        self.selector.select.emit(self.path)

    def undo(self) -> None:
        self.model.remove_node(self.path)
        self.selector.select.emit(self.path[:-1])


class RemoveCommand(QUndoCommand):
    def __init__(self, model: FormTreeModel, selector: Selector, path: Path, text: str):
        super().__init__(text)
        self.model, self.selector, self.path = model, selector, path
        self.node: Node | None = None

    def redo(self) -> None:
        self.node = self.model.remove_node(self.path)
        siblings = self.model.document.siblings(self.path)
        if siblings:
            self.selector.select.emit((*self.path[:-1], min(self.path[-1], len(siblings) - 1)))
        else:
            self.selector.select.emit(self.path[:-1])

    def undo(self) -> None:
        assert self.node is not None
        self.model.insert_node(self.path, self.node)
        self.selector.select.emit(self.path)


class MoveCommand(QUndoCommand):
    def __init__(
        self, model: FormTreeModel, selector: Selector, source: Path, target: Path, text: str
    ):
        super().__init__(text)
        self.model, self.selector, self.source, self.target = model, selector, source, target

    def redo(self) -> None:
        self.model.move_node(self.source, self.target)
        self.selector.select.emit(self.target)

    def undo(self) -> None:
        self.model.move_node(self.target, self.source)
        self.selector.select.emit(self.source)


class PropertyCommand(QUndoCommand):
    def __init__(
        self, model: FormTreeModel, selector: Selector, path: Path, key: str, value: Any, text: str
    ):
        super().__init__(text)
        self.model, self.selector, self.path, self.key = model, selector, path, key
        self.value = copy.deepcopy(value)
        self.old: Any = None

    def redo(self) -> None:
        self.old = self.model.set_property(self.path, self.key, copy.deepcopy(self.value))
        self.selector.select.emit(self.path)

    def undo(self) -> None:
        self.model.set_property(self.path, self.key, self.old)
        self.selector.select.emit(self.path)


class HeaderCommand(QUndoCommand):
    def __init__(self, model: FormTreeModel, key: str, value: Any, text: str):
        super().__init__(text)
        self.model, self.key, self.value = model, key, copy.deepcopy(value)
        self.old: Any = None

    def redo(self) -> None:
        self.old = self.model.set_header(self.key, copy.deepcopy(self.value))

    def undo(self) -> None:
        self.model.set_header(self.key, self.old)


class ChoiceListCommand(QUndoCommand):
    """Create, replace or (with ``None``) delete a choice list."""

    def __init__(self, model: FormTreeModel, list_id: str, choices: list | None, text: str):
        super().__init__(text)
        self.model, self.list_id, self.choices = model, list_id, copy.deepcopy(choices)
        self.old: Any = None
        self.position = -1

    def redo(self) -> None:
        lists = self.model.document.choice_lists
        self.position = list(lists).index(self.list_id) if self.list_id in lists else -1
        self.old = self.model.set_choice_list(self.list_id, copy.deepcopy(self.choices))

    def undo(self) -> None:
        self.model.set_choice_list(self.list_id, self.old)
        if self.old is not None and self.position >= 0:
            # Put a deleted list back where it was, so the YAML does not reorder.
            lists = self.model.document.choice_lists
            items = [(k, v) for k, v in lists.items() if k != self.list_id]
            items.insert(self.position, (self.list_id, lists[self.list_id]))
            self.model.document.choice_lists = dict(items)


class RenameListCommand(QUndoCommand):
    def __init__(self, model: FormTreeModel, old: str, new: str, text: str):
        super().__init__(text)
        self.model, self.old, self.new = model, old, new

    def redo(self) -> None:
        self.model.rename_choice_list(self.old, self.new)

    def undo(self) -> None:
        self.model.rename_choice_list(self.new, self.old)
