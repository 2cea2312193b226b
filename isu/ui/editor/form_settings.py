"""The form editor's "Form" tab: the form's id, version, title and description."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLineEdit, QSpinBox, QWidget

from isu.formdefs.document import FormDocument, label_text
from isu.ui.editor.properties import label_value


class FormSettingsPanel(QWidget):
    """The form's id, version, title and description."""

    def __init__(
        self,
        header: Callable[[], dict[str, Any]],
        set_header: Callable[[str, Any], None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.header, self.set_header = header, set_header  # the open document's, via the window
        self.loading = False
        self.form_id = QLineEdit()
        self.version = QSpinBox()
        self.version.setRange(1, 100_000)
        self.title_sv, self.title_en = QLineEdit(), QLineEdit()
        self.description_sv, self.description_en = QLineEdit(), QLineEdit()
        layout = QFormLayout(self)
        layout.addRow(self.tr("Form id"), self.form_id)
        layout.addRow(self.tr("Version"), self.version)
        layout.addRow(self.tr("Title (Swedish)"), self.title_sv)
        layout.addRow(self.tr("Title (English)"), self.title_en)
        layout.addRow(self.tr("Description (Swedish)"), self.description_sv)
        layout.addRow(self.tr("Description (English)"), self.description_en)
        self.form_id.editingFinished.connect(lambda: self.commit("id", self.form_id.text().strip()))
        self.version.editingFinished.connect(lambda: self.commit("version", self.version.value()))
        for sv, en, key in (
            (self.title_sv, self.title_en, "title"),
            (self.description_sv, self.description_en, "description"),
        ):
            for edit in (sv, en):
                edit.editingFinished.connect(
                    lambda s=sv, e=en, k=key: self.commit(k, label_value(s.text(), e.text()))
                )

    def load(self, document: FormDocument) -> None:
        self.loading = True
        header = document.header
        self.form_id.setText(str(header.get("id", "")))
        version = header.get("version")
        self.version.setValue(version if isinstance(version, int) else 1)
        for key, sv, en in (
            ("title", self.title_sv, self.title_en),
            ("description", self.description_sv, self.description_en),
        ):
            value = header.get(key)
            sv.setText(label_text(value, "sv"))
            en.setText(value.get("en", "") if isinstance(value, dict) else "")
        self.loading = False

    def commit(self, key: str, value: Any) -> None:
        if not self.loading and self.header().get(key) != value:
            self.set_header(key, value)
