"""The Administration menu on a real encrypted database."""

import zipfile

from isu.domain.roles import Role
from isu.services import users
from isu.services.sign_in import login
from isu.ui.main_window import MainWindow
from tests.ui.conftest import close_stray_windows, visible_message_boxes


def test_admin_can_back_up_from_the_menu(qtbot, window, tmp_path):
    admin = window.admin_actions
    assert admin.backup_action.isEnabled() and admin.export_action.isEnabled()
    out = tmp_path / "säkerhetskopia.isubackup"
    admin.run_backup(out)
    qtbot.waitUntil(lambda: bool(visible_message_boxes()), timeout=20_000)
    assert "säkerhetskopia.isubackup" in visible_message_boxes()[0].text()
    with zipfile.ZipFile(out) as archive:
        assert {"manifest.json"} <= set(archive.namelist())
    close_stray_windows()


def test_export_dialog_opens_from_the_menu(qtbot, window):
    window.admin_actions.export_action.trigger()
    dialog = window.admin_actions.export_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.close()


def test_a_coordinator_sees_the_menu_disabled(qtbot, ui_ctx, new_db):
    ws, _ = new_db
    users.add_user(ws, "sara", "saras-lösenord", Role.COORDINATOR)
    win = MainWindow(ui_ctx, login(ws.path, "sara", "saras-lösenord"))
    qtbot.addWidget(win)
    admin = win.admin_actions
    for action in (
        admin.export_action,
        admin.backup_action,
        admin.restore_action,
        admin.retention_action,
        admin.editor_action,
    ):
        assert not action.isEnabled()
    win._closing = True
    win.close()


def test_locking_disables_the_menu(qtbot, window):
    window.lock()
    assert not window.admin_actions.backup_action.isEnabled()
    close_stray_windows()
