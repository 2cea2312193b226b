"""First run: a short guided set-up of a new database, or open an existing file.

The steps are: the database file, the first administrator, the municipality and unit, the
form (and optional demo cases). Everything is checked before anything is written; then the
database is created in the worker and the recovery key is shown once. The user must tick
that it is stored before continuing, because nothing can show it again.
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
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from isu.errors import UserError
from isu.services import forms, settings
from isu.services.workspace import Workspace, init_database
from isu.ui.context import UiContext
from isu.ui.dialog_parts import (
    ask_database_file,
    push_button,
    show_failure,
    stretch_row,
    wrapped_label,
)

DEMO_CASES = 50
MIN_PASSWORD = 8


@dataclass(frozen=True)
class NewDatabase:
    path: Path
    admin: str
    display_name: str
    password: str
    unit: str
    municipality: str
    demo_cases: int = 0


def valid_municipality(code: str) -> bool:
    """An SCB municipality code: four digits."""
    return len(code) == 4 and code.isdigit()


def create_database(request: NewDatabase) -> tuple[Workspace, str]:
    """Runs on the worker: the database, its settings, the default form and any demo cases."""
    if request.municipality and not valid_municipality(request.municipality):
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
        if request.demo_cases:
            _add_demo_cases(ws, request)
    except BaseException:
        ws.close()
        raise
    return ws, recovery


def _add_demo_cases(ws: Workspace, request: NewDatabase) -> None:
    from isu.services.demo import DemoOptions, populate

    defaults = DemoOptions()
    populate(
        ws,
        DemoOptions(
            cases=request.demo_cases,
            unit=request.unit or defaults.unit,
            municipality=request.municipality or defaults.municipality,
        ),
    )


class FirstRunDialog(QDialog):
    """``created(workspace)`` after a new database (signed in as its administrator) or
    ``open_existing(path)`` when the user picks a file. ``wants_form_editor`` tells the
    shell to open the form editor once the main window shows."""

    created = Signal(object)
    open_existing = Signal(object)

    def __init__(self, ctx: UiContext, default_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.workspace: Workspace | None = None
        self.setWindowTitle(self.tr("ISU – Welcome"))
        self.step_titles = [
            self.tr("Database file"),
            self.tr("First administrator"),
            self.tr("Municipality and unit"),
            self.tr("Form and demo data"),
        ]
        self.pages = QStackedWidget()
        self.file_page = self._file_page(default_path)
        self.admin_page = self._admin_page()
        self.place_page = self._place_page()
        self.form_page = self._form_page()
        self.recovery_page = self._recovery_page()
        self.input_pages = [self.file_page, self.admin_page, self.place_page, self.form_page]
        for page in (*self.input_pages, self.recovery_page):
            self.pages.addWidget(page)
        self.step_label = QLabel()
        self.step_label.setObjectName("phaseTitle")
        self.message = QLabel()
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        layout.addLayout(self._buttons())
        # A width for the wrapped texts, set on one label: a minimum on the dialog itself
        # would override the layout's and let longer texts (other languages) clip.
        self.step_label.setMinimumWidth(self.fontMetrics().averageCharWidth() * 76)
        self.show_step(0)

    # -- navigation ----------------------------------------------------------------------------
    def _buttons(self) -> QHBoxLayout:
        self.open_button = push_button(self.tr("&Open existing database…"), self._browse_existing)
        self.quit_button = push_button(self.tr("&Quit"), self.reject)
        self.back_button = push_button(self.tr("< &Back"), lambda: self.show_step(self.step - 1))
        self.next_button = push_button(self.tr("&Next >"), self.next_step)
        self.create_button = push_button(self.tr("&Create database"), self.create)
        self.continue_button = QPushButton(self.tr("C&ontinue"))
        self.continue_button.setEnabled(False)
        self.stored_check.toggled.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self._continue)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        for button in (
            self.quit_button,
            self.back_button,
            self.next_button,
            self.create_button,
            self.continue_button,
        ):
            row.addWidget(button)
        return row

    @property
    def step(self) -> int:
        return self.pages.currentIndex()

    def show_step(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.message.hide()
        creating = index < len(self.input_pages)
        last = index == len(self.input_pages) - 1
        if creating:
            self.step_label.setText(
                self.tr("Step %1 of %2: %3")
                .replace("%1", str(index + 1))
                .replace("%2", str(len(self.input_pages)))
                .replace("%3", self.step_titles[index])
            )
        else:
            self.step_label.setText(self.tr("The recovery key"))
        self.open_button.setVisible(index == 0)
        self.quit_button.setVisible(creating)
        self.back_button.setVisible(creating and index > 0)
        self.next_button.setVisible(creating and not last)
        self.create_button.setVisible(last)
        self.continue_button.setVisible(not creating)
        default = self.create_button if last else self.next_button
        if not creating:
            default = self.continue_button
        default.setDefault(True)
        focus = {0: self.path_edit, 1: self.admin_edit, 2: self.municipality_edit}
        target = focus.get(index, self.stored_check if not creating else self.sig_radio)
        target.setFocus()

    def next_step(self) -> None:
        problem = self.problem(self.step)
        if problem:
            self._say(problem)
            return
        self.show_step(self.step + 1)

    def problem(self, index: int) -> str:
        """What is wrong on the step, in the UI language; empty when it may be left."""
        if index == 0 and not self.path_edit.text().strip():
            return self.tr("Choose where to save the database.")
        if index == 0 and Path(self.path_edit.text().strip()).exists():
            return self.tr("That file already exists. Choose another name, or open it instead.")
        if index == 1 and not self.admin_edit.text().strip():
            return self.tr("Enter a user name for the administrator.")
        if index == 1 and len(self.password_edit.text()) < MIN_PASSWORD:
            return self.tr("The password must have at least 8 characters.")
        if index == 1 and self.password_edit.text() != self.repeat_edit.text():
            return self.tr("The passwords do not match.")
        if index == 2 and not valid_municipality(self.municipality_edit.text().strip()):
            return self.tr("The municipality code must be four digits (SCB), e.g. 0180.")
        if index == 2 and not self.unit_edit.text().strip():
            return self.tr("Enter the name of the unit.")
        return ""

    # -- step 1: the file ----------------------------------------------------------------------
    def _file_page(self, default_path: Path) -> QWidget:
        page = QWidget()
        intro = wrapped_label(
            self.tr(
                "No database was found. A few short steps create a new encrypted database for"
                " your unit. If the unit already has a database, open that file instead."
            )
        )
        self.path_edit = QLineEdit(str(default_path))
        self.path_edit.setAccessibleName(self.tr("Database file"))
        browse = push_button(self.tr("&Browse…"), self._browse_new)
        path_row = stretch_row(self.path_edit, browse)
        path_label = QLabel(self.tr("Database &file:"))
        path_label.setBuddy(self.path_edit)  # a row holding a layout gets no buddy by itself
        form = QFormLayout()
        form.addRow(path_label, path_row)
        hint = wrapped_label(
            self.tr(
                "Keep the database on a drive that is backed up. Everything in it is encrypted"
                " with the users' passwords."
            )
        )
        return _page(page, intro, form, hint)

    def _browse_new(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("New database"), self.path_edit.text(), self.tr("ISU database (*.db)")
        )
        if path:
            self.path_edit.setText(path)

    def _browse_existing(self) -> None:
        path = ask_database_file(self, self.ctx.paths.data_dir)
        if path:
            self.open_existing.emit(path)
            self.accept()

    # -- step 2: the first administrator -------------------------------------------------------
    def _admin_page(self) -> QWidget:
        intro = wrapped_label(
            self.tr(
                "The first user is the administrator: adds the other users, adapts the form and"
                " makes backups. Choose a password you can remember; nobody can look it up."
            )
        )
        self.admin_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.repeat_edit = QLineEdit()
        for edit in (self.password_edit, self.repeat_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = _form(
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
        )
        return _page(QWidget(), intro, form)

    # -- step 3: municipality and unit ---------------------------------------------------------
    def _place_page(self) -> QWidget:
        intro = wrapped_label(
            self.tr(
                "The municipality code and the unit name are written into every case and into"
                " the exports to Socialstyrelsen. The code is the municipality's four-digit SCB"
                " code, e.g. 0180 for Stockholm or 1480 for Göteborg."
            )
        )
        self.municipality_edit = QLineEdit()
        self.municipality_edit.setInputMask("9999;_")
        self.municipality_edit.setPlaceholderText("0180")
        self.unit_edit = QLineEdit()
        form = _form(
            (
                self.tr("&Municipality code (4 digits):"),
                self.municipality_edit,
                self.tr("Municipality code"),
            ),
            (self.tr("&Unit:"), self.unit_edit, self.tr("Unit")),
        )
        return _page(QWidget(), intro, form)

    # -- step 4: the form and demo data --------------------------------------------------------
    def _form_page(self) -> QWidget:
        intro = wrapped_label(
            self.tr(
                "New cases are followed up with the standard SIG form. A unit that asks more or"
                " other questions can adapt its own version in the form editor at any time."
            )
        )
        self.sig_radio = QRadioButton(self.tr("Use the standard &SIG form"))
        self.sig_radio.setChecked(True)
        self.editor_check = QCheckBox(self.tr("Open the form &editor afterwards to adapt it"))
        self.demo_check = QCheckBox(
            self.tr("Add %1 made-up &demo cases to try the program").replace("%1", str(DEMO_CASES))
        )
        demo_hint = wrapped_label(
            self.tr(
                "Demo cases are made up. Add them only to a database for practice, never to the"
                " unit's real database."
            )
        )
        demo_hint.setObjectName("warningText")
        return _page(
            QWidget(), intro, self.sig_radio, self.editor_check, self.demo_check, demo_hint
        )

    @property
    def wants_form_editor(self) -> bool:
        return self.editor_check.isChecked()

    # -- creating ------------------------------------------------------------------------------
    def request(self) -> NewDatabase:
        return NewDatabase(
            Path(self.path_edit.text().strip()),
            self.admin_edit.text().strip(),
            self.name_edit.text().strip(),
            self.password_edit.text(),
            self.unit_edit.text().strip(),
            self.municipality_edit.text().strip(),
            DEMO_CASES if self.demo_check.isChecked() else 0,
        )

    def create(self) -> None:
        """Check every step (showing the first with a problem), then create in the worker."""
        for index in range(len(self.input_pages)):
            problem = self.problem(index)
            if problem:
                self.show_step(index)
                self._say(problem)
                return
        request = self.request()
        self.create_button.setEnabled(False)
        self.back_button.setEnabled(False)
        self._say(self.tr("Creating the database…"))
        self.ctx.executor.submit(
            lambda: create_database(request), self._on_created, self._on_failed
        )

    def _on_failed(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        self.back_button.setEnabled(True)
        show_failure(self.ctx, self, exc, self._say, self.message)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    # -- the recovery key ----------------------------------------------------------------------
    def _recovery_page(self) -> QWidget:
        intro = wrapped_label(
            self.tr(
                "The database was created. This is the RECOVERY KEY. It is shown only now. With it"
                " an administrator can set a new password if all passwords are forgotten; without"
                " it, a lost password means lost data. Print it or write it down and keep it"
                " locked away, apart from the computer."
            )
        )
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
        copy_button = push_button(self.tr("&Copy"), self._copy_key)
        key_row = QHBoxLayout()
        key_row.addWidget(self.recovery_edit, 1)
        key_row.addWidget(copy_button)
        self.stored_check = QCheckBox(self.tr("I have &stored the recovery key safely"))
        return _page(QWidget(), intro, key_row, self.stored_check)

    def _on_created(self, result: tuple[Workspace, str]) -> None:
        self.workspace, recovery = result
        self.password_edit.clear()
        self.repeat_edit.clear()
        self.recovery_key = recovery
        groups = recovery.split("-")
        half = (len(groups) + 1) // 2
        self.recovery_edit.setText("-".join(groups[:half]) + "-\n" + "-".join(groups[half:]))
        self.show_step(self.pages.indexOf(self.recovery_page))

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
        if self.pages.currentWidget() is self.recovery_page:
            return
        super().reject()


def _form(*rows: tuple[str, QWidget, str]) -> QFormLayout:
    form = QFormLayout()
    for label, field, name in rows:
        form.addRow(label, field)
        field.setAccessibleName(name)
    return form


def _page(page: QWidget, *parts: QWidget | QHBoxLayout | QFormLayout) -> QWidget:
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QWidget):
            layout.addWidget(part)
        else:
            layout.addLayout(part)
    layout.addStretch(1)
    return page


__all__ = ["DEMO_CASES", "FirstRunDialog", "NewDatabase", "create_database", "valid_municipality"]
