"""Repeat groups (interventions, meetings): an editable table with add / edit / remove,
and a dialog that renders the group's questions for one item."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from isu.domain.answers import Answer
from isu.domain.form import FormSpec, RepeatGroup
from isu.formdefs import Evaluation
from isu.ui.formview.question_row import QuestionRow
from isu.ui.models.repeat_table import Item, RepeatTableModel

# Evaluates the whole case with ``item`` standing at ``index`` of the group ``group_code``.
EvaluateItem = Callable[[str, Item, int], Evaluation]


@dataclass(frozen=True)
class GroupForm:
    """What a repeat group's table and its item dialog are rendered from."""

    spec: FormSpec
    group: RepeatGroup
    lang: str
    evaluate: EvaluateItem


class RepeatItemDialog(QDialog):
    """Edits one item; ``item()`` holds the answers when accepted."""

    def __init__(
        self, form: GroupForm, item: Item, index: int, *, title: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.group = form.group
        self.index = index
        self._evaluate = form.evaluate
        self.rows: dict[str, QuestionRow] = {}
        body = QWidget()
        column = QVBoxLayout(body)
        for question in form.group.questions:
            row = QuestionRow(form.spec, question, form.lang)
            row.set_answer(item.get(question.code, Answer()))
            row.changed.connect(self.refresh)
            self.rows[question.code] = row
            column.addWidget(row)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        chars = self.fontMetrics().averageCharWidth()
        self.resize(chars * 100, self.fontMetrics().lineSpacing() * 30)
        self.refresh()

    def item(self) -> Item:
        """Only answered questions that are relevant for this item are kept."""
        evaluation = self._evaluate(self.group.code, self._raw_item(), self.index)
        return {
            code: answer
            for code, answer in self._raw_item().items()
            if evaluation.is_relevant(code, self.index)
        }

    def _raw_item(self) -> Item:
        answers = {code: row.answer() for code, row in self.rows.items()}
        return {code: answer for code, answer in answers.items() if answer.is_answered}

    def refresh(self) -> None:
        evaluation = self._evaluate(self.group.code, self._raw_item(), self.index)
        notes: dict[str, str] = {}
        for issue in evaluation.issues:
            if issue.repeat == self.group.code and issue.index == self.index:
                notes[issue.code] = (
                    issue.message.get(self.rows[issue.code].lang) if issue.code in self.rows else ""
                )
        for code, row in self.rows.items():
            row.set_relevant(evaluation.is_relevant(code, self.index))
            problem = row.editor.input_problem
            row.show_warning(problem or notes.get(code, ""))
            if row.question.computed is not None:
                row.editor.set_value(evaluation.value(code, self.index))


class RepeatGroupEditor(QWidget):
    """The table for one group. ``changed`` fires when items are added, edited or removed."""

    changed = Signal()

    def __init__(self, form: GroupForm, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = form
        group, lang = self.group, self.lang = form.group, form.lang
        self.dialog: RepeatItemDialog | None = None
        self.model = RepeatTableModel(form.spec, group, lang, self)
        self.table = QTableView()  # parented by the layout, after the buttons (Tab order)
        self.table.setModel(self.model)
        self.table.setAccessibleName(group.label.get(lang))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.viewport().installEventFilter(self)
        self.table.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        self.table.doubleClicked.connect(lambda index: self.edit_item(index.row()))
        self.add_button = QPushButton(self.tr("&Add…"), self)
        self.add_button.setAccessibleName(self.tr("Add: %1").replace("%1", group.label.get(lang)))
        self.edit_button = QPushButton(self.tr("&Edit…"), self)
        self.remove_button = QPushButton(self.tr("Remo&ve"), self)
        self.add_button.clicked.connect(self.add_item)
        self.edit_button.clicked.connect(lambda: self.edit_item(self.current_row()))
        self.remove_button.clicked.connect(lambda: self.remove_item(self.current_row()))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        self.title = QLabel(group.label.get(lang))
        self.title.setObjectName("groupTitle")
        # the buttons beside the title, above the table: in view whenever the table is
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.table)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self._wanted: list[int] | None = None  # column widths for the contents, measured
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.dataChanged):
            signal.connect(lambda *_: self.fit_columns(remeasure=True))
        self.model.rowsInserted.connect(lambda *_: self._update_buttons())
        self.model.rowsRemoved.connect(lambda *_: self._update_buttons())
        self.model.rowsRemoved.connect(lambda *_: setattr(self, "_wanted", None))
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self, *, remeasure: bool = False) -> None:
        """Columns as wide as their contents when the table has room; otherwise narrowed in
        proportion (the widest give most) so every column shows, elided, with the whole
        text as a tooltip, rather than the last ones hidden past the edge. The contents are
        measured again only when they change, not on every resize."""
        header = self.table.horizontalHeader()
        count = header.count()
        if not count:
            return
        if remeasure or self._wanted is None or len(self._wanted) != count:
            self._wanted = [
                max(self.table.sizeHintForColumn(c), header.sectionSizeHint(c))
                for c in range(count)
            ]
        wanted = list(self._wanted)
        room = self.table.viewport().width()
        if sum(wanted) > room > 0:
            floor = header.minimumSectionSize() * 3
            excess = sum(wanted) - room
            slack = sum(max(w - floor, 0) for w in wanted) or 1
            wanted = [w - excess * max(w - floor, 0) / slack for w in wanted]
        for column, width in enumerate(wanted):
            header.resizeSection(column, int(width))

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def _update_buttons(self) -> None:
        selected = self.table.selectionModel().hasSelection()
        self.edit_button.setEnabled(selected)
        self.remove_button.setEnabled(selected)

    def items(self) -> list[Item]:
        return self.model.items()

    def set_items(self, items: list[Item]) -> None:
        self.model.set_items(items)

    def add_item(self) -> RepeatItemDialog:
        index = self.model.rowCount()
        return self._open_dialog({}, index, self.tr("Add: %1"), self._added)

    def edit_item(self, row: int) -> RepeatItemDialog | None:
        if not 0 <= row < self.model.rowCount():
            return None
        return self._open_dialog(
            self.model.items()[row], row, self.tr("Edit: %1"), lambda item: self._edited(row, item)
        )

    def _open_dialog(
        self, item: Item, index: int, title: str, on_accept: Callable[[Item], None]
    ) -> RepeatItemDialog:
        label = self.group.label.get(self.lang)
        dialog = RepeatItemDialog(
            self.form, item, index, title=title.replace("%1", label), parent=self
        )
        dialog.accepted.connect(lambda: on_accept(dialog.item()))
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, dialog: RepeatItemDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _added(self, item: Item) -> None:
        row = self.model.add_item(item)
        self.table.selectRow(row)
        self.changed.emit()

    def _edited(self, row: int, item: Item) -> None:
        self.model.replace_item(row, item)
        self.changed.emit()

    def remove_item(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.model.remove_item(row)
            self.changed.emit()

    def show_warnings(self, warnings: dict[int, list[str]]) -> None:
        self.model.set_warnings(warnings)
