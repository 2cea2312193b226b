"""A one-line editor for skip logic and constraints: checked as you type, with completion of
question codes and function names."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QVBoxLayout, QWidget

from isu.domain.expr import FUNCTIONS, KEYWORDS, ExpressionError

_WORD_BEFORE_CURSOR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
Checker = Callable[[str], ExpressionError | None]


class ExpressionLine(QLineEdit):
    """Completes the word at the cursor (not the whole text) from ``set_words``."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.words = QStringListModel(self)
        self.completer_ = QCompleter(self.words, self)
        self.completer_.setWidget(self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer_.activated.connect(self.insert_completion)
        self.textEdited.connect(self._complete)

    def set_words(self, codes: list[str]) -> None:
        self.words.setStringList(
            sorted(codes) + sorted(f"{f}(" for f in FUNCTIONS) + sorted(KEYWORDS)
        )

    def current_word(self) -> str:
        match = _WORD_BEFORE_CURSOR.search(self.text()[: self.cursorPosition()])
        return match.group(0) if match else ""

    def _complete(self, _text: str) -> None:
        word = self.current_word()
        if not word:
            self.completer_.popup().hide()
            return
        self.completer_.setCompletionPrefix(word)
        if self.completer_.completionCount() == 0 or (
            self.completer_.completionCount() == 1 and self.completer_.currentCompletion() == word
        ):
            self.completer_.popup().hide()
            return
        self.completer_.complete()

    def insert_completion(self, completion: str) -> None:
        word = self.current_word()
        cursor = self.cursorPosition()
        text = self.text()
        start = cursor - len(word)
        self.setText(text[:start] + completion + text[cursor:])
        self.setCursorPosition(start + len(completion))
        self.editingFinished.emit()

    def keyPressEvent(self, event) -> None:
        popup = self.completer_.popup()
        if popup.isVisible() and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Escape,
            Qt.Key.Key_Tab,
        ):
            event.ignore()  # the completer's popup handles these
            return
        super().keyPressEvent(event)


class ExpressionEdit(QWidget):
    """``committed(text)`` when editing finishes (Enter or leaving the field)."""

    committed = Signal(str)

    def __init__(self, lang: str = "sv", parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.checker: Checker | None = None
        self.line = ExpressionLine()
        self.line.setPlaceholderText(self.tr("e.g. answered(closure_date)"))
        self.status = QLabel()
        self.status.setObjectName("expressionStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line)
        layout.addWidget(self.status)
        self.status.hide()
        self.line.textChanged.connect(self.check)
        self.line.editingFinished.connect(lambda: self.committed.emit(self.text()))

    def text(self) -> str:
        return self.line.text().strip()

    def set_text(self, text: str) -> None:
        self.line.blockSignals(True)
        self.line.setText(text)
        self.line.blockSignals(False)
        self.check()

    def set_context(self, codes: list[str], checker: Checker) -> None:
        self.line.set_words(codes)
        self.checker = checker
        self.check()

    def error(self) -> ExpressionError | None:
        text = self.text()
        if not text or self.checker is None:
            return None
        return self.checker(text)

    def check(self) -> None:
        error = self.error()
        if error is None:
            self.status.hide()
            self.line.setStyleSheet("")
            self.line.setToolTip("")
            return
        message = error.message(self.lang)
        self.status.setText(message)
        self.status.setStyleSheet("color: #b00020;")
        self.status.show()
        self.line.setStyleSheet("QLineEdit { border: 1px solid #b00020; }")
        self.line.setToolTip(message)
        if error.position is not None:
            self.line.setAccessibleDescription(message)
