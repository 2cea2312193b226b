"""First run: create a database (first administrator, unit, municipality) or open a file.

After creation the recovery key is shown once; the user must tick that it is stored before
continuing, because nothing can show it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from isu.errors import IsuError, UserError
from isu.services import forms, settings
from isu.services.workspace import Workspace, init_database
from isu.ui.context import UiContext


@dataclass(frozen=True)
class NewDatabase:
    path: Path
    admin: str
    display_name: str
    password: str
    unit: str
    municipality: str


def create_database(request: NewDatabase) -> tuple[Workspace, str]:
    """Runs on the worker: the database, its settings and the default form, or nothing."""
    if request.municipality and not (
        len(request.municipality) == 4 and request.municipality.isdigit()
    ):
        raise UserError(
            "Kommunkoden ska vara fyra siffror (SCB), t.ex. 0180.",
            "The municipality code must be four digits (SCB), e.g. 0180.",
        )
    ws, recovery = init_database(
        request.path, request.admin, request.password, display_name=request.display_name
    )
    try:
        changes = {"unit": request.unit, "municipality": request.municipality}
        settings.save(ws, **{k: v for k, v in changes.items() if v})
        forms.publish_default_form(ws)
    except BaseException:
        ws.close()
        raise
    return ws, recovery


class FirstRunDialog(QDialog):
    """``created(workspace)`` after a new database (signed in as its administrator) or
    ``open_existing(path)`` when the user picks a file."""

    created = Signal(object)
    open_existing = Signal(object)

    def __init__(self, ctx: UiContext, default_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.workspace: Workspace | None = None
        self.setWindowTitle(self.tr("ISU – Welcome"))
        self.pages = QStackedWidget()
        self.pages.addWidget(self._create_page(default_path))
        self.pages.addWidget(self._recovery_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)

    # -- page 1: create or open ---------------------------------------------------------------
    def _create_page(self, default_path: Path) -> QWidget:
        page = QWidget()
        intro = QLabel(
            self.tr(
                "No database was found. Create a new encrypted database for your unit, or open an"
                " existing database file."
            )
        )
        intro.setWordWrap(True)
        self.path_edit = QLineEdit(str(default_path))
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self._browse_new)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.admin_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.repeat_edit = QLineEdit()
        for edit in (self.password_edit, self.repeat_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.unit_edit = QLineEdit()
        self.municipality_edit = QLineEdit()
        self.municipality_edit.setInputMask("9999;_")
        self.municipality_edit.setPlaceholderText("0180")
        form = QFormLayout()
        rows = [
            (self.tr("Database &file:"), path_row, self.tr("Database file")),
            (
                self.tr("&Administrator user name:"),
                self.admin_edit,
                self.tr("Administrator user name"),
            ),
            (self.tr("&Display name:"), self.name_edit, self.tr("Display name")),
            (
                self.tr("&Password (at least 8 characters):"),
                self.password_edit,
                self.tr("Password"),
            ),
            (self.tr("&Repeat password:"), self.repeat_edit, self.tr("Repeat password")),
            (self.tr("&Unit:"), self.unit_edit, self.tr("Unit")),
            (
                self.tr("&Municipality code (4 digits):"),
                self.municipality_edit,
                self.tr("Municipality code"),
            ),
        ]
        for label, field, name in rows:
            form.addRow(label, field)
            if isinstance(field, QWidget):
                field.setAccessibleName(name)
        self.path_edit.setAccessibleName(self.tr("Database file"))
        self.message = QLabel()
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.message.hide()
        self.create_button = QPushButton(self.tr("&Create database"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create)
        open_button = QPushButton(self.tr("&Open existing database…"))
        open_button.clicked.connect(self._browse_existing)
        quit_button = QPushButton(self.tr("&Quit"))
        quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(open_button)
        buttons.addStretch(1)
        buttons.addWidget(quit_button)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.admin_edit.setFocus()
        return page

    def _browse_new(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("New database"), self.path_edit.text(), self.tr("ISU database (*.db)")
        )
        if path:
            self.path_edit.setText(path)

    def _browse_existing(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open database"),
            str(self.ctx.paths.data_dir),
            self.tr("ISU database (*.db);;All files (*)"),
        )
        if path:
            self.open_existing.emit(Path(path))
            self.accept()

    def request(self) -> NewDatabase:
        return NewDatabase(
            Path(self.path_edit.text().strip()),
            self.admin_edit.text().strip(),
            self.name_edit.text().strip(),
            self.password_edit.text(),
            self.unit_edit.text().strip(),
            self.municipality_edit.text().strip(),
        )

    def create(self) -> None:
        request = self.request()
        if not self.path_edit.text().strip():
            self._say(self.tr("Choose where to save the database."))
            return
        if self.password_edit.text() != self.repeat_edit.text():
            self._say(self.tr("The passwords do not match."))
            return
        self.create_button.setEnabled(False)
        self._say(self.tr("Creating the database…"))
        self.ctx.executor.submit(
            lambda: create_database(request), self._on_created, self._on_failed
        )

    def _on_failed(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        if isinstance(exc, IsuError):
            self._say(exc.message(self.ctx.lang))
        else:
            self.message.hide()
            self.ctx.errors.show(exc, self)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    # -- page 2: the recovery key -------------------------------------------------------------
    def _recovery_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            self.tr(
                "The database was created. This is the RECOVERY KEY. It is shown only now. With it"
                " an administrator can set a new password if all passwords are forgotten; without"
                " it, a lost password means lost data. Print it or write it down and keep it"
                " locked away, apart from the computer."
            )
        )
        intro.setWordWrap(True)
        self.recovery_key = ""
        self.recovery_edit = QLabel()  # two lines, so the whole key is always in view
        self.recovery_edit.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.recovery_edit.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.recovery_edit.setFont(font)
        self.recovery_edit.setAccessibleName(self.tr("Recovery key"))
        copy_button = QPushButton(self.tr("&Copy"))
        copy_button.clicked.connect(self._copy_key)
        key_row = QHBoxLayout()
        key_row.addWidget(self.recovery_edit, 1)
        key_row.addWidget(copy_button)
        self.stored_check = QCheckBox(self.tr("I have &stored the recovery key safely"))
        self.continue_button = QPushButton(self.tr("C&ontinue"))
        self.continue_button.setEnabled(False)
        self.stored_check.toggled.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self._continue)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(key_row)
        layout.addWidget(self.stored_check)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.continue_button)
        layout.addLayout(row)
        return page

    def _on_created(self, result: tuple[Workspace, str]) -> None:
        self.workspace, recovery = result
        self.password_edit.clear()
        self.repeat_edit.clear()
        self.recovery_key = recovery
        groups = recovery.split("-")
        half = (len(groups) + 1) // 2
        self.recovery_edit.setText("-".join(groups[:half]) + "-\n" + "-".join(groups[half:]))
        self.pages.setCurrentIndex(1)
        self.stored_check.setFocus()

    def _copy_key(self) -> None:
        QGuiApplication.clipboard().setText(self.recovery_key)

    def _continue(self) -> None:
        if not self.stored_check.isChecked() or self.workspace is None:
            return
        self.recovery_edit.clear()
        self.recovery_key = ""
        self.created.emit(self.workspace)
        self.accept()

    def reject(self) -> None:
        # Once created, leaving must not skip the recovery key: only "Continue" goes on.
        if self.pages.currentIndex() == 1:
            return
        super().reject()


__all__ = ["FirstRunDialog", "NewDatabase", "create_database"]
