"""One question on screen: its label, editor, missing-reason menu and inline warning."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from isu.domain.answers import Answer, Value
from isu.domain.form import FormSpec, QType, Question
from isu.ui.formview.editors import QuestionEditor, make_editor


class QuestionRow(QWidget):
    """``changed`` fires on every edit of the value or of the missing reason."""

    changed = Signal()

    def __init__(
        self,
        spec: FormSpec,
        question: Question,
        lang: str,
        *,
        read_only: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.spec = spec
        self.question = question
        self.lang = lang
        self.missing: str | None = None
        self._quiet = False
        self.label = QLabel(self._label_text(), self)
        self.label.setWordWrap(True)
        self.label.setObjectName("questionLabel")
        self.editor: QuestionEditor = make_editor(
            question, lang, (self.tr("Yes"), self.tr("No")), self
        )
        self.label.setBuddy(self.editor.focusProxy() or self.editor)
        self.editor.changed.connect(self._edited)
        self.missing_button = self._missing_button()
        # "missing: …" and the warning are made when first shown: most rows never show them.
        self._missing_note: QLabel | None = None
        self._warning: QLabel | None = None
        if question.help is not None:
            for widget in (self.label, self.editor):
                widget.setToolTip(question.help.get(lang))
        self.editor.setAccessibleDescription(question.help.get(lang) if question.help else "")
        self._layout_parts()
        self.set_read_only(read_only or question.type is QType.COMPUTED)

    def _label_text(self) -> str:
        text = self.question.label.get(self.lang)
        return f"{text} *" if self.question.required else text

    def _missing_button(self) -> QToolButton | None:
        if self.question.type is QType.COMPUTED:
            return None
        button = QToolButton(self)
        button.setObjectName("missingButton")
        # words and an arrow, unlike the calendar button's "…" beside a date
        button.setText(self.tr("Missing"))
        button.setArrowType(Qt.ArrowType.DownArrow)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setToolTip(self.tr("Missing answer or clear"))
        button.setAccessibleName(
            self.tr("Missing answer for: %1").replace("%1", self.question.label.get(self.lang))
        )
        menu = QMenu(button)
        menu.aboutToShow.connect(self._fill_missing_menu)  # filled when first opened
        button.setMenu(menu)
        return button

    def _fill_missing_menu(self) -> None:
        """The reasons and "Clear answer": a case tab has dozens of these menus, most of them
        never opened, so their actions are made the first time one opens."""
        menu = self.missing_button.menu() if self.missing_button is not None else None
        if menu is None or menu.actions():
            return
        for code in self.question.missing:
            label = self.spec.missing_label(code)
            action = QAction(label.get(self.lang) if label else code, menu)
            action.setData(code)
            action.triggered.connect(lambda _c=False, code=code: self.set_missing(code))
            menu.addAction(action)
        if self.question.missing:
            menu.addSeparator()
        clear = QAction(self.tr("Clear answer"), menu)
        clear.triggered.connect(self.clear)
        menu.addAction(clear)

    def _layout_parts(self) -> None:
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.editor, 1)  # then "missing: …" when shown (_note)
        if self.missing_button is not None:
            top.addWidget(self.missing_button, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(top)  # then the warning when shown (_warning_label)
        self._top, self._column = top, column
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(self.label, 2, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(column, 3)

    def set_read_only(self, read_only: bool) -> None:
        self.editor.set_read_only(read_only)
        if self.missing_button is not None:
            self.missing_button.setEnabled(not read_only)

    # -- the answer ----------------------------------------------------------------------------
    def answer(self) -> Answer:
        value = self.editor.value()
        if value is not None:
            return Answer(value)
        return Answer(None, self.missing)

    def set_answer(self, answer: Answer) -> None:
        self._set_quietly(answer.value)
        self._set_missing_state(answer.missing if answer.value is None else None)

    def set_missing(self, code: str | None) -> None:
        """No value, and the missing reason ``code`` (``None``: no answer at all)."""
        self._set_quietly(None)
        self._set_missing_state(code)
        self.changed.emit()

    def clear(self) -> None:
        self.set_missing(None)

    def _set_quietly(self, value: Value) -> None:
        """Puts ``value`` in the editor without counting it as an edit."""
        self._quiet = True
        try:
            self.editor.set_value(value)
        finally:
            self._quiet = False

    def _set_missing_state(self, code: str | None) -> None:
        self.missing = code
        label = self.spec.missing_label(code) if code else None
        if code is None and self._missing_note is None:
            return
        note = self._note()
        note.setText(label.get(self.lang) if label else (code or ""))
        note.setVisible(code is not None)

    def _note(self) -> QLabel:
        if self._missing_note is None:
            self._missing_note = QLabel(self)
            self._missing_note.setObjectName("missingText")
            self._top.insertWidget(1, self._missing_note)  # after the editor
        return self._missing_note

    def _warning_label(self) -> QLabel:
        if self._warning is None:
            self._warning = QLabel(self)
            self._warning.setObjectName("warningText")
            self._warning.setWordWrap(True)
            self._warning.setAccessibleName(self.tr("Warning"))
            self._column.addWidget(self._warning)  # below the editor
        return self._warning

    def _edited(self) -> None:
        if self._quiet:
            return
        if self.missing is not None and self.editor.value() is not None:
            self._set_missing_state(None)  # typing a value replaces the missing reason
        self.changed.emit()

    # -- feedback ------------------------------------------------------------------------------
    def show_warning(self, text: str) -> None:
        if not text and self._warning is None:
            return
        warning = self._warning_label()
        warning.setText(text)
        warning.setVisible(bool(text))

    def warning_text(self) -> str:
        warning = self._warning
        return warning.text() if warning is not None and not warning.isHidden() else ""

    def set_relevant(self, relevant: bool) -> None:
        self.setVisible(relevant)
