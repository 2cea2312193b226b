"""New case: a suggested (editable, unique) case number and the form to use."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from isu.errors import IsuError
from isu.services import cases, forms
from isu.services.case_store import SaveResult
from isu.services.forms import PublishedForm
from isu.services.workspace import Workspace
from isu.ui.context import UiContext
from isu.ui.dialog_parts import ok_cancel

DEFAULT_FORM_ID = "sig"


def latest_versions(published: list[PublishedForm]) -> list[PublishedForm]:
    newest: dict[str, PublishedForm] = {}
    for form in published:
        if form.form_id not in newest or form.version > newest[form.form_id].version:
            newest[form.form_id] = form
    return sorted(newest.values(), key=lambda f: (f.form_id != DEFAULT_FORM_ID, f.form_id))


class NewCaseDialog(QDialog):
    """Registers the case itself; emits ``created(SaveResult)`` and accepts on success."""

    created = Signal(object)  # the SaveResult of the new case

    def __init__(self, ctx: UiContext, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.workspace = workspace
        self.setWindowTitle(self.tr("New case"))
        self.number_edit = QLineEdit()
        self.number_edit.setAccessibleName(self.tr("Case number"))
        self.number_edit.setToolTip(
            self.tr("The unit's own running number. Never a personal identity number or a name.")
        )
        self.form_combo = QComboBox()
        self.form_combo.setAccessibleName(self.tr("Form"))
        self.message = QLabel()
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.message.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Case number:"), self.number_edit)
        form.addRow(self.tr("&Form:"), self.form_combo)
        self.buttons, self.ok_button = ok_cancel(self, self.tr("&Register"), self.register)
        self.ok_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 55)
        ctx.executor.submit(self._load, self._loaded, self._failed)

    def _load(self) -> tuple[str, list[PublishedForm]]:
        return cases.suggest_case_number(self.workspace), forms.list_forms(self.workspace)

    def _loaded(self, result: tuple[str, list[PublishedForm]]) -> None:
        suggestion, published = result
        if not self.number_edit.text():
            self.number_edit.setText(suggestion)
        self.number_edit.selectAll()
        self.number_edit.setFocus()
        for form in latest_versions(published):
            title = form.title_sv if self.ctx.lang == "sv" else form.title_en
            self.form_combo.addItem(f"{title} ({form.form_id} v{form.version})", form.form_id)
        if self.form_combo.count() == 0:
            self._say(self.tr("No form is published yet. An administrator must publish one."))
            return
        self.ok_button.setEnabled(True)

    def register(self) -> None:
        if not self.ok_button.isEnabled():
            return
        number, form_id = self.number_edit.text().strip(), self.form_combo.currentData()
        self.ok_button.setEnabled(False)
        workspace = self.workspace
        self.ctx.executor.submit(
            lambda: cases.register_case(workspace, number, form_id=form_id),
            self._registered,
            self._failed,
        )

    def _registered(self, result: SaveResult) -> None:
        self.created.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(self.form_combo.count() > 0)
        if isinstance(exc, IsuError):
            self._say(exc.message(self.ctx.lang))
            self.number_edit.setFocus()
        else:
            self.ctx.errors.show(exc, self)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
