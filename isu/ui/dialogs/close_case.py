"""Closing a case: closure date and reason are both required."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from isu.domain.form import FormSpec
from isu.ui.dialog_parts import ok_cancel, wrapped_label
from isu.ui.widgets.date_edit import OptionalDateEdit


class CloseCaseDialog(QDialog):
    def __init__(self, spec: FormSpec, lang: str, case_number: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Close case %1").replace("%1", case_number))
        reason_question = spec.by_role("closure_reason")
        intro = wrapped_label(
            self.tr(
                "Give the closure date and the reason. After closing, fill in"
                " the After phase and offer the client-experience"
                " questionnaire."
            )
        )
        self.date_edit = OptionalDateEdit()
        self.date_edit.setDate(dt.date.today())
        self.date_edit.setAccessibleName(self.tr("Closure date"))
        self.reason_combo = QComboBox()
        self.reason_combo.setAccessibleName(self.tr("Reason for closure"))
        self.reason_combo.addItem(self.tr("(choose)"), None)
        for choice in (
            reason_question.choices.choices if reason_question and reason_question.choices else ()
        ):
            self.reason_combo.addItem(choice.label.get(lang), choice.code)
        self.message = QLabel()
        self.message.setObjectName("errorText")
        self.message.hide()
        form = QFormLayout()
        form.addRow(self.tr("Closure &date:"), self.date_edit)
        form.addRow(self.tr("&Reason:"), self.reason_combo)
        buttons, self.ok_button = ok_cancel(self, self.tr("&Close case"), self._check_and_accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def closure_date(self) -> dt.date | None:
        return self.date_edit.date()

    def reason(self) -> str | None:
        return self.reason_combo.currentData()

    def _check_and_accept(self) -> None:
        if self.closure_date() is None or not self.date_edit.is_valid():
            self._say(self.tr("Enter the closure date as YYYY-MM-DD."))
        elif self.reason() is None:
            self._say(self.tr("Choose the reason for closure."))
        else:
            self.accept()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
