"""The settings dialog: an administrator edits and saves, others only read; bad input saves
nothing; the idle lock follows the saved time; the language is this computer's setting."""

from __future__ import annotations

from PySide6.QtCore import Qt

from isu.domain.roles import Role
from isu.services import settings, users
from isu.services.sign_in import login
from isu.ui.app_settings import read_language
from isu.ui.dialogs.settings_dialog import SettingsDialog
from tests.conftest import ADMIN, ADMIN_PASSWORD

TIMEOUT = 10_000


def open_dialog(qtbot, window) -> SettingsDialog:
    assert window.settings_actions.action.shortcut().toString() == "Ctrl+,"
    window.settings_actions.action.trigger()
    dialog = window.settings_actions.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.current is not None, timeout=TIMEOUT)
    return dialog


def stored(path) -> settings.DatabaseSettings:
    ws = login(path, ADMIN, ADMIN_PASSWORD)
    try:
        return settings.load(ws)
    finally:
        ws.close()


def test_the_administrator_edits_and_saves(qtbot, window, new_db):
    ws, _ = new_db
    dialog = open_dialog(qtbot, window)
    assert dialog.save_button.isEnabled() and not dialog.read_only_note.isVisible()
    assert dialog.backup_folder.text() == str(window.ctx.paths.backup_dir)
    dialog.unit_edit.setText("Stadsdel Norr")
    dialog.municipality_edit.setText("1480")
    dialog.k_spin.setValue(7)
    dialog.idle_spin.setValue(3)
    dialog.shared_check.setChecked(True)
    dialog.exact_check.setChecked(True)
    dialog.set_bands(((10, 14), (15, 19)))
    dialog.add_band()  # the next band starts above the highest one
    dialog.retention_radio.setChecked(True)
    dialog.retention_spin.setValue(5)
    dialog.backup_check.setChecked(True)
    dialog.keep_spin.setValue(14)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    with qtbot.waitSignal(dialog.saved, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = stored(ws.path)
    assert (saved.unit, saved.municipality, saved.k) == ("Stadsdel Norr", "1480", 7)
    assert saved.age_bands == ((10, 14), (15, 19), (20, 22))
    assert saved.retention_years == 5
    assert (saved.daily_backup, saved.backups_to_keep) == (True, 14)
    assert saved.shared_access and saved.exact_counts_on_screen
    assert not saved.unit_head_reads_cases
    # The idle lock counts with the new time at once; the language waits for the next start.
    assert window.idle.interval_ms == 3 * 60_000
    assert read_language(window.ctx.paths.settings_file) == "en"
    assert window.ctx.lang == "sv"
    qtbot.waitUntil(lambda: window.settings_actions.dialog is None, timeout=TIMEOUT)


def test_invalid_input_shows_the_message_and_saves_nothing(qtbot, window, new_db):
    ws, _ = new_db
    before = stored(ws.path)
    dialog = open_dialog(qtbot, window)
    dialog.unit_edit.setText("Ändrad")
    dialog.municipality_edit.setText("12")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.message.isVisible, timeout=TIMEOUT)
    assert "fyra siffror" in dialog.message.text()
    assert dialog.isVisible() and dialog.save_button.isEnabled()

    dialog.municipality_edit.setText("0180")
    dialog.set_bands(((12, 15), (15, 17)))
    dialog.message.hide()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.message.isVisible, timeout=TIMEOUT)
    assert "överlappa" in dialog.message.text()
    assert stored(ws.path) == before
    dialog.reject()


def test_a_coordinator_sees_the_settings_read_only(qtbot, ui_ctx, new_db):
    from isu.ui.main_window import MainWindow

    ws, _ = new_db
    settings.save(ws, unit="Söder", municipality="0180", k=6)
    users.add_user(ws, "kim", "kims-lösenord-1", Role.COORDINATOR)
    window = MainWindow(ui_ctx, login(ws.path, "kim", "kims-lösenord-1"))
    qtbot.addWidget(window)
    window.show()
    try:
        dialog = open_dialog(qtbot, window)
        assert dialog.read_only_note.isVisible()
        assert (dialog.unit_edit.text(), dialog.k_spin.value()) == ("Söder", 6)
        assert not dialog.unit_edit.isEnabled() and not dialog.bands_table.isEnabled()
        assert dialog.language_combo.isEnabled()  # this computer's setting, anyone's choice
        dialog.unit_edit.setText("Försök")  # even if a field were changed, nothing is sent
        assert dialog.changes() == {}
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TIMEOUT)
        assert stored(ws.path).unit == "Söder"
    finally:
        window._closing = True
        window.close()


def test_the_dialog_survives_a_lock_by_the_same_user(qtbot, window):
    dialog = open_dialog(qtbot, window)
    unlock = window.lock()
    assert not window.settings_actions.action.isEnabled() and not dialog.isVisible()
    unlock.user_edit.setText(ADMIN)
    unlock.password_edit.setText(ADMIN_PASSWORD)
    qtbot.mouseClick(unlock.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.locked, timeout=TIMEOUT)
    assert dialog.isVisible() and dialog.workspace is window.workspace
    dialog.k_spin.setValue(9)
    with qtbot.waitSignal(dialog.saved, timeout=TIMEOUT):
        dialog.save()
    assert stored(window.db_path).k == 9
