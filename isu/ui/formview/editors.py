"""One editor widget per question type. Each offers ``value()``, ``set_value()`` and a
``changed`` signal; values are the plain ``isu.domain.answers.Value`` kinds."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from isu.domain.answers import Value
from isu.domain.form import QType, Question
from isu.errors import IsuError
from isu.formdefs import format_value, parse_value
from isu.ui.widgets.date_edit import OptionalDateEdit

RADIO_LIMIT = 5  # single choice with more options than this becomes a combo box
EMPTY_INT = -1  # spin boxes show this (as blank) for "no value"
MAX_INT = 999_999


class QuestionEditor(QWidget):
    """Base: subclasses build their widgets and implement value/set_value/set_read_only."""

    changed = Signal()

    def __init__(self, question: Question, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.question = question
        self.lang = lang
        self.input_problem = ""  # text that cannot be read as a value, shown as a warning

    def value(self) -> Value:
        raise NotImplementedError

    def set_value(self, value: Value) -> None:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def _layout(self, layout: QHBoxLayout | QGridLayout) -> None:
        layout.setContentsMargins(0, 0, 0, 0)
        self.setLayout(layout)

    def _hold(self, widget: QWidget, edited: SignalInstance, *, stretch: bool = True) -> None:
        """The editor is this one ``widget``, named as the question, whose ``edited`` signal
        is the editor's ``changed`` (at its own width, unless ``stretch`` is off)."""
        widget.setAccessibleName(self.question.label.get(self.lang))
        edited.connect(lambda *_args: self.changed.emit())
        layout = QHBoxLayout()
        layout.addWidget(widget)
        if stretch:
            layout.addStretch(1)
        self._layout(layout)
        self.setFocusProxy(widget)


class ButtonsEditor(QuestionEditor):
    """Radio buttons for single choice, yes/no and scales. Clicking the chosen button
    again does nothing; clearing goes through the question's menu."""

    def __init__(
        self,
        question: Question,
        lang: str,
        options: list[tuple[object, str]],
        *,
        columns: int = 0,
        parent: QWidget | None = None,
    ):
        super().__init__(question, lang, parent)
        self.group = QButtonGroup(self)
        self._values: dict[int, object] = {}
        layout = QGridLayout()
        for position, (value, text) in enumerate(options):
            button = QRadioButton(text, self)
            button.setAccessibleName(f"{question.label.get(lang)}: {text}")
            self.group.addButton(button, position)
            self._values[position] = value
            row, column = divmod(position, columns) if columns else (0, position)
            layout.addWidget(button, row, column)
        layout.setColumnStretch(layout.columnCount(), 1)
        self._layout(layout)
        self.group.buttonToggled.connect(self._toggled)

    def _toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self.changed.emit()

    def buttons(self) -> list[QAbstractButton]:
        return self.group.buttons()

    def value(self) -> Value:
        checked = self.group.checkedId()
        return self._values.get(checked) if checked >= 0 else None  # type: ignore[return-value]

    def set_value(self, value: Value) -> None:
        self.group.setExclusive(False)
        for position, button in enumerate(self.group.buttons()):
            button.setChecked(value is not None and self._values[position] == value)
        self.group.setExclusive(True)
        self.changed.emit()


class ComboEditor(QuestionEditor):
    def __init__(self, question: Question, lang: str, parent: QWidget | None = None):
        super().__init__(question, lang, parent)
        self.combo = QComboBox(self)
        self.combo.addItem("", None)
        for choice in question.choices.choices if question.choices else ():
            self.combo.addItem(choice.label.get(lang), choice.code)
        self._hold(self.combo, self.combo.currentIndexChanged)

    def value(self) -> Value:
        return self.combo.currentData()

    def set_value(self, value: Value) -> None:
        self.combo.setCurrentIndex(max(0, self.combo.findData(value)))


class ChecksEditor(QuestionEditor):
    def __init__(self, question: Question, lang: str, parent: QWidget | None = None):
        super().__init__(question, lang, parent)
        self.boxes: list[tuple[str, QCheckBox]] = []
        choices = question.choices.choices if question.choices else ()
        columns = 1 if len(choices) <= 4 else 2
        layout = QGridLayout()
        for position, choice in enumerate(choices):
            box = QCheckBox(choice.label.get(lang), self)
            box.setAccessibleName(f"{question.label.get(lang)}: {choice.label.get(lang)}")
            box.toggled.connect(lambda _c: self.changed.emit())
            self.boxes.append((choice.code, box))
            row, column = divmod(position, columns)
            layout.addWidget(box, row, column)
        layout.setColumnStretch(columns, 1)
        self._layout(layout)

    def value(self) -> Value:
        chosen = tuple(code for code, box in self.boxes if box.isChecked())
        return chosen or None

    def set_value(self, value: Value) -> None:
        chosen = set(value) if isinstance(value, tuple) else set()
        for code, box in self.boxes:
            box.blockSignals(True)
            box.setChecked(code in chosen)
            box.blockSignals(False)
        self.changed.emit()


class IntegerEditor(QuestionEditor):
    def __init__(self, question: Question, lang: str, parent: QWidget | None = None):
        super().__init__(question, lang, parent)
        self.spin = QSpinBox(self)
        self.spin.setRange(EMPTY_INT, MAX_INT)
        self.spin.setSpecialValueText(" ")  # the minimum shows as blank: no value
        self.spin.setValue(EMPTY_INT)
        self.spin.setMinimumWidth(self.spin.fontMetrics().horizontalAdvance("0000000") * 2)
        self._hold(self.spin, self.spin.valueChanged)

    def value(self) -> Value:
        return None if self.spin.value() == EMPTY_INT else self.spin.value()

    def set_value(self, value: Value) -> None:
        number = value if isinstance(value, int) and not isinstance(value, bool) else EMPTY_INT
        self.spin.setValue(max(EMPTY_INT, min(MAX_INT, number)))


class TextLineEditor(QuestionEditor):
    """Plain text, and decimals typed as text (a decimal comma is fine)."""

    def __init__(self, question: Question, lang: str, parent: QWidget | None = None):
        super().__init__(question, lang, parent)
        self.edit = QLineEdit(self)
        self._hold(self.edit, self.edit.textChanged, stretch=False)

    def value(self) -> Value:
        self.input_problem = ""
        if self.question.type is QType.TEXT:
            return self.edit.text() if self.edit.text().strip() else None
        try:
            return parse_value(self.question, self.edit.text())
        except IsuError as exc:
            self.input_problem = exc.message(self.lang)
            return None

    def set_value(self, value: Value) -> None:
        self.edit.setText(format_value(self.question, value, self.lang))

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class LongTextEditor(QuestionEditor):
    def __init__(self, question: Question, lang: str, parent: QWidget | None = None):
        super().__init__(question, lang, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 5)
        self._hold(self.edit, self.edit.textChanged, stretch=False)

    def value(self) -> Value:
        text = self.edit.toPlainText()
        return text if text.strip() else None

    def set_value(self, value: Value) -> None:
        self.edit.setPlainText(value if isinstance(value, str) else "")


class DateEditor(QuestionEditor):
    def __init__(self, question: Question, lang: str, parent: QWidget | None = None):
        super().__init__(question, lang, parent)
        self.date_edit = OptionalDateEdit(self)
        self._hold(self.date_edit, self.date_edit.edited)

    def value(self) -> Value:
        self.input_problem = (
            "" if self.date_edit.is_valid() else self.tr("Not a date. Write it as YYYY-MM-DD.")
        )
        return self.date_edit.date()

    def set_value(self, value: Value) -> None:
        self.date_edit.setDate(value if isinstance(value, dt.date) else None)

    def set_read_only(self, read_only: bool) -> None:
        self.date_edit.setReadOnly(read_only)


class ComputedEditor(QuestionEditor):
    def __init__(self, question: Question, lang: str, parent: QWidget | None = None):
        super().__init__(question, lang, parent)
        self.display = QLineEdit(self)
        self.display.setObjectName("computedValue")  # no field look: isu.qss
        self.display.setReadOnly(True)
        self.display.setFrame(False)
        self.display.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.display.setAccessibleName(question.label.get(lang))
        self.display.setAccessibleDescription(self.tr("Calculated from other answers"))
        self.display.setToolTip(self.tr("Calculated from other answers"))
        self.note = QLabel(self.tr("(calculated)"), self)
        self.note.setObjectName("missingText")  # the same quiet italic as "missing: …"
        self._value: Value = None
        layout = QHBoxLayout()
        layout.addWidget(self.display)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self._layout(layout)

    def value(self) -> Value:
        return self._value

    def set_read_only(self, read_only: bool) -> None:
        pass  # always read-only, but not greyed out: the value must stay legible

    def set_value(self, value: Value) -> None:
        self._value = value
        text = format_value(
            self.question, round(value, 2) if isinstance(value, float) else value, self.lang
        )
        self.display.setText(text)


class ScaleEditor(ButtonsEditor):
    """A row of radio buttons with the end anchors on either side, e.g.
    "Not at all true (1) (2) (3) (4) (5) Completely true"."""

    def __init__(self, question: Question, lang: str, parent: QWidget | None = None):
        low, high = question.scale_min or 1, question.scale_max or 5
        options = [(value, str(value)) for value in range(low, high + 1)]
        super().__init__(question, lang, options, parent=parent)
        anchors = {a.value: a.label.get(lang) for a in question.anchors}
        layout = self.layout()
        assert isinstance(layout, QGridLayout)
        for item in [layout.itemAt(i) for i in range(layout.count())]:
            layout.removeItem(item)
        layout.setColumnStretch(len(options), 0)
        if low in anchors:
            layout.addWidget(self._anchor(anchors[low]), 0, 0)
        for position, button in enumerate(self.group.buttons()):
            layout.addWidget(button, 0, position + 1)
            if options[position][0] in anchors:
                button.setToolTip(anchors[options[position][0]])
        if high in anchors:
            layout.addWidget(self._anchor(anchors[high]), 0, len(options) + 1)
        layout.setColumnStretch(len(options) + 2, 1)

    def _anchor(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("anchorText")
        return label


def make_editor(
    question: Question, lang: str, yes_no: tuple[str, str], parent: QWidget | None = None
) -> QuestionEditor:
    """The editor for a question; ``yes_no`` are the translated button texts. Pass the
    ``parent`` it will sit in: its parts then never move to a new parent afterwards."""
    qtype = question.type
    if qtype is QType.SINGLE:
        choices = question.choices.choices if question.choices else ()
        if len(choices) > RADIO_LIMIT:
            return ComboEditor(question, lang, parent)
        options = [(c.code, c.label.get(lang)) for c in choices]
        columns = 1 if len(choices) > 3 else 0
        return ButtonsEditor(question, lang, options, columns=columns, parent=parent)
    if qtype is QType.YESNO:
        options = [(True, yes_no[0]), (False, yes_no[1])]
        return ButtonsEditor(question, lang, options, parent=parent)
    kinds = {
        QType.SCALE: ScaleEditor,
        QType.MULTIPLE: ChecksEditor,
        QType.INTEGER: IntegerEditor,
        QType.DATE: DateEditor,
        QType.LONGTEXT: LongTextEditor,
        QType.COMPUTED: ComputedEditor,
    }
    return kinds.get(qtype, TextLineEditor)(question, lang, parent)
