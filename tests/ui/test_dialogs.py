"""First run, new-case errors, idle lock and a different user, the crash dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from isu.domain.roles import Role
from isu.errors import UserError
from isu.services import cases, users
from isu.services.sign_in import login
from isu.ui.errors import CrashDialog
from isu.ui.shell import AppShell
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.ui.conftest import visible_message_boxes

TIMEOUT = 10_000


def test_first_run_creates_a_database_and_shows_the_recovery_key_once(qtbot, ui_ctx):
    shell = AppShell(ui_ctx)
    shell.start()  # no database at the default path: first run
    dialog = shell.first_run_dialog
    qtbot.addWidget(dialog)
    assert dialog.path_edit.text() == str(ui_ctx.paths.default_db)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    dialog.admin_edit.setText("anna")
    dialog.name_edit.setText("Anna Admin")
    dialog.password_edit.setText("ett-långt-lösenord")
    dialog.repeat_edit.setText("ett-annat-lösenord")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert "inte lika" in dialog.message.text()
    dialog.repeat_edit.setText("ett-långt-lösenord")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    dialog.unit_edit.setText("Norr")
    dialog.municipality_edit.setText("0180")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.recovery_page, timeout=TIMEOUT)
    key = dialog.recovery_key
    assert dialog.recovery_edit.text().replace("\n", "") == key
    dialog._copy_key()
    assert QGuiApplication.clipboard().text() == key
    assert not dialog.continue_button.isEnabled()
    dialog.reject()  # leaving is not possible before the key is confirmed stored
    assert dialog.isVisible()
    dialog.stored_check.setChecked(True)
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.window is not None, timeout=TIMEOUT)
    window = shell.window
    qtbot.addWidget(window)
    assert window.workspace.user.username == "anna"
    assert dialog.recovery_edit.text() == ""
    window._closing = True
    window.close()
    # The key shown is the real one: it sets a new password.
    users.reset_password_with_recovery(ui_ctx.paths.default_db, key, "anna", "nytt-lösenord-2")
    reopened = login(ui_ctx.paths.default_db, "anna", "nytt-lösenord-2")
    try:
        from isu.services import forms, settings

        assert settings.load(reopened).municipality == "0180"
        assert [f.form_id for f in forms.list_forms(reopened)] == ["sig"]
    finally:
        reopened.close()


def test_new_case_number_must_be_unique(qtbot, window, new_db):
    ws, _ = new_db
    cases.register_case(ws, "DUBBEL-1")
    dialog = window.new_case()
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=TIMEOUT)
    dialog.number_edit.setText("DUBBEL-1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=TIMEOUT)
    assert "finns redan" in dialog.message.text()
    assert window.case_view is None
    dialog.reject()


def test_the_shared_ok_cancel_row_speaks_swedish_and_cancels(qtbot, window):
    # One helper (isu.ui.dialog_parts.ok_cancel) builds every OK/Cancel row; its Cancel text
    # has one translation, and Cancel rejects without registering anything.
    from PySide6.QtWidgets import QDialogButtonBox

    dialog = window.new_case()
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=TIMEOUT)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert (dialog.ok_button.text(), cancel.text()) == ("&Registrera", "Avbryt")
    with qtbot.waitSignal(dialog.rejected, timeout=TIMEOUT):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert window.case_view is None


def test_idle_lock_then_another_user_must_discard_the_edits(qtbot, window, new_db):
    ws, _ = new_db
    users.add_user(ws, "kim", "kims-lösenord-1", Role.COORDINATOR)
    case_id = cases.register_case(ws, "IDLE-1").case_id
    window.open_case(case_id)
    qtbot.waitUntil(lambda: window.case_view is not None, timeout=TIMEOUT)
    window.case_view.rows["unit"].editor.edit.insert("Söder")
    assert window.case_view.dirty
    window.idle.set_minutes(0.001)  # 60 ms without input
    window.idle.restart()
    qtbot.waitUntil(lambda: window.locked, timeout=TIMEOUT)
    assert window.windowTitle() == "ISU – Låst"
    assert not window.case_view.isVisible()
    dialog = window.unlock_dialog
    dialog.user_edit.setText("kim")
    dialog.password_edit.setText("kims-lösenord-1")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.unsaved_prompt is not None, timeout=TIMEOUT)
    assert window.locked  # nothing shown until the previous user's edits are dealt with
    discard = window.unsaved_prompt.button(QMessageBox.StandardButton.Discard)
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.locked, timeout=TIMEOUT)
    assert window.case_view is None
    assert window.workspace.user.username == "kim"
    with_admin = login(ws.path, ADMIN, ADMIN_PASSWORD)
    try:
        assert "unit" not in cases.get_case(with_admin, case_id).answers
    finally:
        with_admin.close()


def test_errors_become_messages_or_crash_reports(qtbot, ui_ctx):
    box = ui_ctx.errors.show(UserError("Fel på svenska.", "Error in English."))
    assert box in visible_message_boxes()
    assert box.text() == "Fel på svenska."
    box.close()
    try:
        raise RuntimeError("a bug")
    except RuntimeError as exc:
        crash = ui_ctx.errors.show(exc)
    assert isinstance(crash, CrashDialog)
    qtbot.addWidget(crash)
    assert "RuntimeError: a bug" in crash.report.toPlainText()
    crash.copy_report()
    assert list(ui_ctx.paths.log_dir.glob("crash-*.txt"))
    crash.close()


def test_leaving_a_case_with_unsaved_edits_asks_first(qtbot, window, new_db):
    ws, _ = new_db
    case_id = cases.register_case(ws, "ASK-1").case_id
    window.open_case(case_id)
    qtbot.waitUntil(lambda: window.case_view is not None, timeout=TIMEOUT)
    window.case_view.rows["unit"].editor.edit.insert("Väster")
    assert window.windowTitle().startswith("ISU – ärende ASK-1") and window.isWindowModified()

    window.close_view_action.trigger()
    prompt = window.unsaved_prompt
    assert prompt is not None and "ASK-1" in prompt.text()
    cancel = next(b for b in prompt.buttons() if b.text() == "Avbryt")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert window.case_view is not None and window.case_view.dirty

    window.close_view_action.trigger()
    save = next(b for b in window.unsaved_prompt.buttons() if b.text() == "&Spara")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.case_view is None, timeout=TIMEOUT)
    assert window.stack.currentWidget() is window.case_list
    reader = login(ws.path, ADMIN, ADMIN_PASSWORD)
    try:
        assert cases.get_case(reader, case_id).answers["unit"].value == "Väster"
    finally:
        reader.close()
