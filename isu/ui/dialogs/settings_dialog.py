"""Settings: the database's own (administrators edit, others read) and this computer's language.

Database settings are saved through ``settings.save`` in the worker, which checks the role
and validates everything before writing anything; its message is shown in the dialog. Only
the settings that changed are sent, so the audit log names what was really changed.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from isu.domain.roles import Permission
from isu.domain.settings_spec import SETTINGS
from isu.errors import IsuError
from isu.services import settings
from isu.services.settings import DatabaseSettings
from isu.services.workspace import Workspace
from isu.ui.app_settings import save_language
from isu.ui.context import UiContext
from isu.ui.dialog_parts import ok_cancel, push_button, wrapped_label

if TYPE_CHECKING:
    from isu.ui.window_api import WindowApi

LANGUAGE_NAMES = (("sv", "Svenska"), ("en", "English"))
NEW_BAND_SPAN = 2


class SettingsDialog(QDialog):
    """``saved(DatabaseSettings)`` after the database settings were written; the dialog
    then closes. ``loaded`` once the current settings are shown."""

    saved = Signal(object)
    loaded = Signal()

    def __init__(self, ctx: UiContext, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.workspace = workspace
        self.current: DatabaseSettings | None = None
        self.editable = workspace.can(Permission.MAINTAIN)
        self.setWindowTitle(self.tr("Settings"))
        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(False)  # every tab title in view: the dialog widens
        self.database_tabs = [self._general_tab(), self._age_tab(), self._retention_tab()]
        for tab, title in zip(
            self.database_tabs,
            (self.tr("&General"), self.tr("&Age bands"), self.tr("&Retention and backup")),
            strict=True,
        ):
            self.tabs.addTab(tab, title)
        self.tabs.addTab(self._computer_tab(), self.tr("This &computer"))
        self.read_only_note = QLabel(
            self.tr("Only an administrator can change the database settings. They are shown here.")
        )
        self.read_only_note.setObjectName("warningText")
        self.read_only_note.setWordWrap(True)
        self.read_only_note.setVisible(not self.editable)
        self.message = QLabel()
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)
        self.message.hide()
        save = QDialogButtonBox.StandardButton.Save
        self.buttons, self.save_button = ok_cancel(self, self.tr("&Save"), self.save, save)
        self.save_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        for tab in self.database_tabs:
            tab.setEnabled(False)  # until loaded, and for good when read-only
        self.ctx.executor.submit(lambda: settings.load(workspace), self.show_settings)

    # -- tabs ----------------------------------------------------------------------------------
    def _general_tab(self) -> QWidget:
        self.unit_edit = QLineEdit()
        self.municipality_edit = QLineEdit()
        self.municipality_edit.setPlaceholderText("0180")
        self.municipality_edit.setMaxLength(4)
        self.k_spin = _declared_spin("k")
        self.idle_spin = _declared_spin("idle_lock_minutes")
        self.idle_spin.setSuffix(self.tr(" min"))
        self.exact_check = QCheckBox(self.tr("Show &exact small counts on screen"))
        self.shared_check = QCheckBox(self.tr("Coordinators may open each other's &cases"))
        self.unit_head_check = QCheckBox(self.tr("Unit heads may read case &details"))
        form = QFormLayout()
        for label, field, name in (
            (self.tr("&Unit:"), self.unit_edit, self.tr("Unit")),
            (
                self.tr("&Municipality code (4 digits):"),
                self.municipality_edit,
                self.tr("Municipality code"),
            ),
            (
                self.tr("Smallest group shown (&k):"),
                self.k_spin,
                self.tr("Smallest group shown"),
            ),
            (self.tr("&Lock after inactivity:"), self.idle_spin, self.tr("Lock after inactivity")),
        ):
            form.addRow(label, field)
            field.setAccessibleName(name)
        hint = wrapped_label(
            self.tr(
                "Groups smaller than k are hidden in summaries and exports so that no person can"
                " be recognised. On screen, exact small counts are shown only if ticked below."
            )
        )
        return _tab(form, hint, self.exact_check, self.shared_check, self.unit_head_check)

    def _age_tab(self) -> QWidget:
        intro = wrapped_label(
            self.tr("Summaries group ages into these bands. Bands must not overlap.")
        )
        self.bands_table = QTableWidget(0, 2)
        self.bands_table.setHorizontalHeaderLabels([self.tr("From age"), self.tr("To age")])
        self.bands_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.bands_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.bands_table.setAccessibleName(self.tr("Age bands"))
        add = push_button(self.tr("A&dd band"), self.add_band)
        remove = push_button(self.tr("Re&move band"), self.remove_band)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        return _tab(intro, self.bands_table, row, stretch=False)

    def _retention_tab(self) -> QWidget:
        self.keep_radio = QRadioButton(self.tr("&Keep closed cases until deleted by hand"))
        self.retention_radio = QRadioButton(self.tr("&Delete closed cases this many years"))
        self.retention_spin = _declared_spin("retention_years")
        self.retention_spin.setSuffix(self.tr(" years after closure"))
        self.retention_spin.setAccessibleName(self.tr("Years after closure"))
        self.retention_radio.toggled.connect(self.retention_spin.setEnabled)
        retention_row = QHBoxLayout()
        retention_row.addWidget(self.retention_radio)
        retention_row.addWidget(self.retention_spin)
        retention_row.addStretch(1)
        self.backup_check = QCheckBox(self.tr("Make a &backup every day (at the first unlock)"))
        self.keep_spin = _declared_spin("backups_to_keep")
        self.keep_spin.setAccessibleName(self.tr("Backups to keep"))
        self.backup_check.toggled.connect(self.keep_spin.setEnabled)
        self.backup_folder = wrapped_label(str(self.ctx.paths.backup_dir))
        self.backup_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.tr("Backups to &keep:"), self.keep_spin)
        form.addRow(self.tr("Backup folder on this computer:"), self.backup_folder)
        return _tab(
            _heading(self.tr("Retention")),
            self.keep_radio,
            retention_row,
            _heading(self.tr("Backup")),
            self.backup_check,
            form,
        )

    def _computer_tab(self) -> QWidget:
        self.language_combo = QComboBox()
        for code, name in LANGUAGE_NAMES:
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(self.language_combo.findData(self.ctx.lang))
        self.language_combo.setAccessibleName(self.tr("Language"))
        form = QFormLayout()
        form.addRow(self.tr("&Language:"), self.language_combo)
        note = wrapped_label(
            self.tr(
                "The language is a setting of this computer, not of the database. It takes"
                " effect the next time the program starts."
            )
        )
        return _tab(form, note)

    # -- age bands -----------------------------------------------------------------------------
    def set_bands(self, bands: tuple[tuple[int, int], ...]) -> None:
        self.bands_table.setRowCount(0)
        for low, high in bands:
            self._append_band(low, high)

    def _append_band(self, low: int, high: int) -> None:
        row = self.bands_table.rowCount()
        self.bands_table.insertRow(row)
        for column, value in enumerate((low, high)):
            item = QTableWidgetItem()
            item.setData(Qt.ItemDataRole.EditRole, value)  # an int: edited with a spin box
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.bands_table.setItem(row, column, item)

    def bands(self) -> tuple[tuple[int, int], ...]:
        table = self.bands_table
        return tuple(
            (_cell(table, row, 0), _cell(table, row, 1)) for row in range(table.rowCount())
        )

    def add_band(self) -> None:
        bands = self.bands()
        start = max((high for _low, high in bands), default=11) + 1
        self._append_band(start, start + NEW_BAND_SPAN)

    def remove_band(self) -> None:
        row = self.bands_table.currentRow()
        if row >= 0:
            self.bands_table.removeRow(row)

    # -- loading and saving --------------------------------------------------------------------
    def show_settings(self, current: DatabaseSettings) -> None:
        self.current = current
        self.unit_edit.setText(current.unit)
        self.municipality_edit.setText(current.municipality)
        self.k_spin.setValue(current.k)
        self.idle_spin.setValue(current.idle_lock_minutes)
        self.exact_check.setChecked(current.exact_counts_on_screen)
        self.shared_check.setChecked(current.shared_access)
        self.unit_head_check.setChecked(current.unit_head_reads_cases)
        self.set_bands(current.age_bands)
        has_rule = current.retention_years is not None
        self.retention_radio.setChecked(has_rule)
        self.keep_radio.setChecked(not has_rule)
        self.retention_spin.setValue(current.retention_years or 10)
        self.retention_spin.setEnabled(has_rule)
        self.backup_check.setChecked(current.daily_backup)
        self.keep_spin.setValue(current.backups_to_keep)
        self.keep_spin.setEnabled(current.daily_backup)
        for tab in self.database_tabs:
            tab.setEnabled(self.editable)
        self.save_button.setEnabled(True)
        self.loaded.emit()

    def edited(self) -> DatabaseSettings:
        """The settings as shown in the dialog (not yet validated)."""
        keep_years = self.retention_spin.value() if self.retention_radio.isChecked() else None
        return DatabaseSettings(
            unit=self.unit_edit.text().strip(),
            municipality=self.municipality_edit.text().strip(),
            k=self.k_spin.value(),
            idle_lock_minutes=self.idle_spin.value(),
            age_bands=self.bands(),
            shared_access=self.shared_check.isChecked(),
            unit_head_reads_cases=self.unit_head_check.isChecked(),
            exact_counts_on_screen=self.exact_check.isChecked(),
            retention_years=keep_years,
            daily_backup=self.backup_check.isChecked(),
            backups_to_keep=self.keep_spin.value(),
        )

    def changes(self) -> dict[str, object]:
        if self.current is None or not self.editable:
            return {}
        before, after = asdict(self.current), asdict(self.edited())
        return {key: value for key, value in after.items() if before[key] != value}

    def save(self) -> None:
        changes = self.changes()
        if not changes:
            self._finish(None)
            return
        workspace = self.workspace
        self.save_button.setEnabled(False)
        self.message.hide()
        self.ctx.executor.submit(
            lambda: settings.save(workspace, **changes), self._finish, self._failed
        )

    def _finish(self, updated: DatabaseSettings | None) -> None:
        language = self.language_combo.currentData()
        if language != self.ctx.lang:
            save_language(self.ctx.paths.settings_file, language)
        if updated is not None:
            self.current = updated
            self.saved.emit(updated)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, IsuError):
            self.message.setText(exc.message(self.ctx.lang))
            self.message.show()
        else:
            self.ctx.errors.show(exc, self)

    def set_workspace(self, workspace: Workspace) -> None:
        """After a lock, the same user's new session."""
        self.workspace = workspace


def _declared_spin(name: str) -> QSpinBox:
    """A spin box whose range is the setting's declared bounds (``settings_spec``)."""
    declared = SETTINGS[name]
    spin = QSpinBox()
    spin.setRange(declared.low, declared.high)  # type: ignore[arg-type]
    return spin


def _cell(table: QTableWidget, row: int, column: int) -> int:
    item = table.item(row, column)
    value = item.data(Qt.ItemDataRole.EditRole) if item is not None else 0
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("groupTitle")
    return label


def _tab(*parts: QWidget | QHBoxLayout | QFormLayout, stretch: bool = True) -> QWidget:
    tab = QWidget()
    layout = QVBoxLayout(tab)
    for part in parts:
        if isinstance(part, QWidget):
            layout.addWidget(part)
        else:
            layout.addLayout(part)
    if stretch:
        layout.addStretch(1)
    return tab


class SettingsActions(QObject):
    """File → Settings… (Ctrl+,) on the main window. The dialog follows the lock: the same
    user finds it again after unlocking; for another user it is dropped."""

    def __init__(self, window: WindowApi, menu: QMenu, before: QAction | None = None):
        super().__init__(window)
        self.window = window
        self.dialog: SettingsDialog | None = None
        self.action = QAction(self.tr("S&ettings…"), window)
        self.action.setShortcut(QKeySequence("Ctrl+,"))
        self.action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.action.triggered.connect(lambda _checked=False: self.open())
        menu.insertAction(before, self.action)
        window.locked_changed.connect(self.follow_lock)

    def open(self) -> SettingsDialog | None:
        window = self.window
        if window.locked or window.workspace is None:
            return None
        if self.dialog is not None:
            self.dialog.raise_()
            return self.dialog
        dialog = SettingsDialog(window.ctx, window.workspace, window)
        dialog.saved.connect(window.apply_settings)  # e.g. the idle lock's new time, at once
        dialog.saved.connect(window.report)  # settings.save's result: its changes go out
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget(self, dialog: SettingsDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def follow_lock(self, locked: bool) -> None:
        self.action.setEnabled(not locked)
        dialog = self.dialog
        if locked or dialog is None:
            return
        workspace = self.window.workspace
        if workspace is not None and workspace.user.id == dialog.workspace.user.id:
            dialog.set_workspace(workspace)
            dialog.show()
        else:  # another user signed in: the previous user's dialog is not shown again
            self.dialog = None
            dialog.deleteLater()


def add_settings_action(
    window: WindowApi, menu: QMenu, before: QAction | None = None
) -> SettingsActions:
    return SettingsActions(window, menu, before)


__all__ = ["SettingsActions", "SettingsDialog", "add_settings_action"]
