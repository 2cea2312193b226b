"""Case → Erase case: what will be removed, and a typed case number before anything is.

Erasure deletes the case and every answer for good (``isu.services.retention.erase_case``,
the same function as ``isu erase``); the audit log keeps only that an erasure happened. The
erase button stays disabled until the case number is typed exactly, as in the command line.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from isu.services.retention import ErasurePreview
from isu.ui.dialog_parts import ok_cancel, wrapped_label


class EraseCaseDialog(QDialog):
    def __init__(self, preview: ErasurePreview, parent: QWidget | None = None):
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(self.tr("Erase case %1").replace("%1", preview.case_number))
        intro = wrapped_label(
            self.tr("Erasure removes the case from the database for good. It cannot be undone.")
        )
        facts = QFormLayout()
        self.number_label = QLabel(preview.case_number)
        bold = self.number_label.font()
        bold.setBold(True)
        self.number_label.setFont(bold)
        self.answers_label = QLabel(str(preview.answers))
        facts.addRow(self.tr("Case number:"), self.number_label)
        facts.addRow(self.tr("Answers removed:"), self.answers_label)
        self.audit_label = wrapped_label(
            self.tr(
                "The audit log notes that a case was erased, by whom and when, but not the"
                " case number or any answer. Earlier entries about the case name only its"
                " internal id and stay. Older backups still hold the case until they are"
                " rotated out."
            )
        )
        self.audit_label.setObjectName("hintText")
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setAccessibleName(self.tr("Case number to confirm"))
        self.confirm_edit.setPlaceholderText(preview.case_number)
        self.confirm_edit.textChanged.connect(self._follow_typing)
        confirm = QFormLayout()
        confirm.addRow(self.tr("&Type the case number to confirm:"), self.confirm_edit)
        buttons, self.erase_button = ok_cancel(self, self.tr("&Erase case"), self._accept_if_typed)
        self.erase_button.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(facts)
        layout.addWidget(self.audit_label)
        layout.addLayout(confirm)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

    def confirmed(self) -> bool:
        return self.confirm_edit.text().strip() == self.preview.case_number.strip()

    def _follow_typing(self, _text: str) -> None:
        self.erase_button.setEnabled(self.confirmed())
        self.erase_button.setDefault(self.confirmed())

    def _accept_if_typed(self) -> None:
        if self.confirmed():
            self.accept()
