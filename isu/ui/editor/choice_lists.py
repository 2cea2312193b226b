"""Choice lists are edited once here and reused by any number of questions."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from isu.formdefs.document import FormDocument, is_code, label_text, unique_code
from isu.ui.dialog_parts import push_button, wrapped_label
from isu.ui.editor.properties import label_value


class ChoiceListPanel(QWidget):
    """Sends every change as a request; the window makes undo commands of them.

    ``list_changed(list_id, choices | None)``: create, replace or delete a list;
    ``list_renamed(old, new)``."""

    list_changed = Signal(str, object)
    list_renamed = Signal(str, str)

    def __init__(self, lang: str = "sv", parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.document: FormDocument | None = None
        self._loading = False
        self.lists = QListWidget()
        self.lists.setAccessibleName(self.tr("Choice lists"))
        self.lists.currentItemChanged.connect(lambda *_: self._show_current())
        self.usage = wrapped_label()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Code"), self.tr("Label (Swedish)"), self.tr("Label (English)")]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(lambda *_: self._commit())
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Lists")))
        left.addWidget(self.lists, 1)
        left.addLayout(
            self._buttons(
                (
                    (self.tr("&New list…"), self.new_list),
                    (self.tr("Rena&me…"), self.rename_list),
                    (self.tr("Delete list"), self.delete_list),
                )
            )
        )
        right = QVBoxLayout()
        right.addWidget(self.usage)
        right.addWidget(self.table, 1)
        right.addLayout(
            self._buttons(
                (
                    (self.tr("Add choice"), self.add_choice),
                    (self.tr("Remove choice"), self.remove_choice),
                    (self.tr("Up"), lambda: self.shift_choice(-1)),
                    (self.tr("Down"), lambda: self.shift_choice(1)),
                )
            )
        )
        layout.addLayout(left, 1)
        layout.addLayout(right, 3)

    @staticmethod
    def _buttons(specs: tuple) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, slot in specs:
            button = push_button(text, slot)
            row.addWidget(button)
        return row

    # -- showing ---------------------------------------------------------------------------------
    def load(self, document: FormDocument) -> None:
        self.document = document
        current = self.current_id()
        self._loading = True
        try:
            self.lists.clear()
            for list_id in document.choice_lists:
                item = QListWidgetItem(list_id)
                item.setData(Qt.ItemDataRole.UserRole, list_id)
                self.lists.addItem(item)
            ids = list(document.choice_lists)
            if ids:
                self.lists.setCurrentRow(ids.index(current) if current in ids else 0)
        finally:
            self._loading = False
        self._show_current()

    def current_id(self) -> str | None:
        item = self.lists.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select(self, list_id: str) -> None:
        for row in range(self.lists.count()):
            if self.lists.item(row).data(Qt.ItemDataRole.UserRole) == list_id:
                self.lists.setCurrentRow(row)

    def _show_current(self) -> None:
        if self._loading or self.document is None:
            return
        list_id = self.current_id()
        choices = self.document.choice_lists.get(list_id or "") or []
        users = self.document.choice_list_users(list_id) if list_id else []
        self.usage.setText(
            self.tr("Used by: %1").replace("%1", ", ".join(users))
            if users
            else self.tr("Not used by any question yet.")
        )
        self._loading = True
        try:
            self.table.setRowCount(len(choices))
            for row, choice in enumerate(choices):
                label = choice.get("label") if isinstance(choice, dict) else None
                english = label.get("en", "") if isinstance(label, dict) else ""
                cells = (
                    str(choice.get("code", "")) if isinstance(choice, dict) else "",
                    label_text(label, "sv"),
                    english,
                )
                for column, text in enumerate(cells):
                    self.table.setItem(row, column, QTableWidgetItem(text))
        finally:
            self._loading = False

    # -- editing ---------------------------------------------------------------------------------
    def table_choices(self) -> list[dict[str, Any]]:
        choices = []
        for row in range(self.table.rowCount()):
            code, sv, en = (self._cell(row, column) for column in range(3))
            choices.append({"code": code, "label": label_value(sv, en) or code})
        return choices

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _commit(self, choices: list[dict[str, Any]] | None = None) -> None:
        list_id = self.current_id()
        if self._loading or list_id is None or self.document is None:
            return
        choices = self.table_choices() if choices is None else choices
        if choices != self.document.choice_lists.get(list_id):
            self.list_changed.emit(list_id, choices)

    def new_list(self, list_id: str | None = None) -> None:
        if self.document is None:
            return
        if list_id is None:
            list_id, ok = QInputDialog.getText(
                self, self.tr("New choice list"), self.tr("Code of the list:")
            )
            if not ok:
                return
        list_id = list_id.strip()
        if not is_code(list_id) or list_id in self.document.choice_lists:
            list_id = unique_code(list_id or "list", set(self.document.choice_lists))
        self.list_changed.emit(list_id, [{"code": "a", "label": "A"}])
        self.select(list_id)

    def rename_list(self, new: str | None = None) -> None:
        old = self.current_id()
        if old is None or self.document is None:
            return
        if new is None:
            new, ok = QInputDialog.getText(
                self, self.tr("Rename choice list"), self.tr("New code:"), text=old
            )
            if not ok:
                return
        new = new.strip()
        if is_code(new) and new != old and new not in self.document.choice_lists:
            self.list_renamed.emit(old, new)
            self.select(new)

    def delete_list(self) -> None:
        list_id = self.current_id()
        if list_id is not None:
            self.list_changed.emit(list_id, None)

    def add_choice(self) -> None:
        choices = self.table_choices()
        taken = {c["code"] for c in choices}
        number = len(choices) + 1
        while str(number) in taken:
            number += 1
        self._commit([*choices, {"code": str(number), "label": str(number)}])

    def remove_choice(self) -> None:
        row = self.table.currentRow()
        choices = self.table_choices()
        if 0 <= row < len(choices):
            del choices[row]
            self._commit(choices)

    def shift_choice(self, step: int) -> None:
        row = self.table.currentRow()
        choices = self.table_choices()
        if 0 <= row < len(choices) and 0 <= row + step < len(choices):
            choices[row], choices[row + step] = choices[row + step], choices[row]
            self._commit(choices)
            self.table.setCurrentCell(row + step, 0)
