"""Administration → Users on a real encrypted database: every change goes through the same
services as ``isu user``, so it is checked by signing in (or failing to) afterwards."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from isu.domain.model import User
from isu.domain.roles import Role
from isu.errors import UserError
from isu.security import keyslots
from isu.services import audit, users
from isu.services.sign_in import login
from isu.ui.dialogs.users_dialog import UsersDialog, UserTableModel
from isu.ui.main_window import MainWindow
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.ui.conftest import close_stray_windows

TIMEOUT = 15_000
SARA_PASSWORD = "saras-lösenord-1"


def _actions(ws) -> list[tuple[str, dict]]:
    """The audit log, read through a fresh log-in: disabling a user and a recovery reset
    rotate the data key, so a workspace opened before them no longer opens the file."""
    reader = login(ws.path, ADMIN, ADMIN_PASSWORD)
    try:
        with reader.db.reading() as session:
            return [(e.action, json.loads(e.detail)) for e in audit.entries(session)]
    finally:
        reader.close()


@pytest.fixture
def dialog(qtbot, window, new_db):
    ws, _ = new_db
    users.add_user(ws, "sara", SARA_PASSWORD, Role.COORDINATOR, display_name="Sara Lind")
    assert window.admin_actions.users_action.isEnabled()
    window.admin_actions.users_action.trigger()
    dlg = window.admin_actions.users_dialog
    assert isinstance(dlg, UsersDialog)
    qtbot.waitUntil(lambda: dlg.model.rowCount() == 2, timeout=TIMEOUT)
    yield dlg
    close_stray_windows()


def _click_ok(qtbot, sub) -> None:
    qtbot.mouseClick(sub.ok_button, Qt.MouseButton.LeftButton)


def _wait_changed(qtbot, dlg, action) -> str:
    with qtbot.waitSignal(dlg.changed, timeout=TIMEOUT) as blocker:
        action()
    return blocker.args[0]


def test_the_model_passes_the_model_tester(qtmodeltester, ui_ctx):
    model = UserTableModel("sv")
    model.set_users(
        [
            User(1, "admin", "Admin", Role.ADMIN),
            User(2, "sara", "Sara Lind", Role.COORDINATOR, disabled=True),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(1, UserTableModel.ROLE).data() == "Samordnare"
    assert model.index(1, UserTableModel.STATUS).data() == "Avstängd"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Användarnamn"


def test_the_list_shows_every_user_sorted_and_you_cannot_disable_yourself(qtbot, dialog):
    rows = [dialog.proxy.index(r, 0).data() for r in range(dialog.proxy.rowCount())]
    assert rows == ["admin", "sara"]
    dialog.select_user(ADMIN)
    assert not dialog.disable_button.isEnabled() and not dialog.role_button.isEnabled()
    assert dialog.reset_button.isEnabled()
    dialog.select_user("sara")
    assert dialog.disable_button.isEnabled() and not dialog.enable_button.isEnabled()


def test_add_a_user_who_then_signs_in(qtbot, dialog, new_db):
    ws, _ = new_db
    sub = dialog.add_user()
    sub.username_edit.setText("johan")
    sub.display_name_edit.setText("Johan Ek")
    sub.role_combo.setCurrentIndex(sub.role_combo.findData(Role.UNIT_HEAD.value))
    first, second = sub._passwords
    first.setText("johans-lösenord-1")
    second.setText("johans-lösenord-1")
    message = _wait_changed(qtbot, dialog, lambda: _click_ok(qtbot, sub))
    assert message == "Användaren lades till."
    assert dialog.selected_user().username == "johan"
    johan = login(ws.path, "johan", "johans-lösenord-1")
    assert johan.user.role == Role.UNIT_HEAD and johan.user.display_name == "Johan Ek"
    johan.close()
    assert ("user_added", {"role": "unit_head"}) in _actions(ws)


def test_mismatched_passwords_are_caught_before_anything_is_sent(qtbot, dialog, new_db):
    ws, _ = new_db
    sub = dialog.add_user()
    sub.username_edit.setText("johan")
    sub._passwords[0].setText("johans-lösenord-1")
    sub._passwords[1].setText("johans-lösenord-2")
    _click_ok(qtbot, sub)
    assert sub.isVisible() and sub.message.text() == "Lösenorden är inte lika."
    assert [u.username for u in users.list_users(ws)] == ["admin", "sara"]
    sub.close()


def test_the_services_rules_are_shown_in_the_dialog_which_stays_open(qtbot, dialog, new_db):
    ws, _ = new_db
    sub = dialog.add_user()
    sub.username_edit.setText("sara")  # taken
    sub._passwords[0].setText("ett-annat-lösenord-1")
    sub._passwords[1].setText("ett-annat-lösenord-1")
    _click_ok(qtbot, sub)
    qtbot.waitUntil(lambda: sub.message.isVisible(), timeout=TIMEOUT)
    assert "upptaget" in sub.message.text()
    assert sub.isVisible() and sub.ok_button.isEnabled()
    # The weak-password rule is the service's, the same as on the command line.
    sub.username_edit.setText("nisse")
    sub._passwords[0].setText("kort")
    sub._passwords[1].setText("kort")
    _click_ok(qtbot, sub)
    qtbot.waitUntil(lambda: sub.ok_button.isEnabled(), timeout=TIMEOUT)
    with pytest.raises(UserError) as weak:
        users.add_user(ws, "nisse", "kort", Role.COORDINATOR)
    assert sub.message.text() == weak.value.message("sv")
    assert "nisse" not in [u.username for u in users.list_users(ws)]
    sub.close()


def test_change_role(qtbot, dialog, new_db):
    ws, _ = new_db
    dialog.select_user("sara")
    sub = dialog.change_role()
    sub.role_combo.setCurrentIndex(sub.role_combo.findData(Role.UNIT_HEAD.value))
    assert _wait_changed(qtbot, dialog, lambda: _click_ok(qtbot, sub)) == "Rollen ändrades."
    assert dialog.selected_user().role == Role.UNIT_HEAD
    sara = login(ws.path, "sara", SARA_PASSWORD)
    assert sara.user.role == Role.UNIT_HEAD
    sara.close()
    assert ("role_changed", {"from": "coordinator", "to": "unit_head"}) in _actions(ws)


def test_own_role_and_other_roles_are_guarded_by_the_service(new_db):
    ws, _ = new_db
    with pytest.raises(UserError, match=r"own role"):
        users.change_role(ws, ADMIN, Role.COORDINATOR)
    users.add_user(ws, "sara", SARA_PASSWORD, Role.COORDINATOR)
    sara = login(ws.path, "sara", SARA_PASSWORD)
    with pytest.raises(UserError):  # a coordinator may not promote anyone, herself included
        users.change_role(sara, "admin", Role.COORDINATOR)
    sara.close()


def test_disable_then_enable_with_a_new_password(qtbot, dialog, new_db):
    ws, _ = new_db
    dialog.select_user("sara")
    box = dialog.disable_user()
    assert "sara" in box.text()
    yes = box.button(box.StandardButton.Yes)
    message = _wait_changed(qtbot, dialog, lambda: qtbot.mouseClick(yes, Qt.MouseButton.LeftButton))
    assert message == "Kontot stängdes av."
    with pytest.raises(UserError):
        login(ws.path, "sara", SARA_PASSWORD)
    assert dialog.selected_user().disabled and dialog.enable_button.isEnabled()

    sub = dialog.enable_user()
    sub._passwords[0].setText("saras-nya-lösenord")
    sub._passwords[1].setText("saras-nya-lösenord")
    _wait_changed(qtbot, dialog, lambda: _click_ok(qtbot, sub))
    assert not dialog.selected_user().disabled
    slots = keyslots.read_slot_file(keyslots.slot_path_for(ws.path))
    assert keyslots.unlock_user(slots, "sara", SARA_PASSWORD) is None  # the old one stays out
    login(ws.path, "sara", "saras-nya-lösenord").close()
    actions = [a for a, _ in _actions(ws)]
    assert actions.index("user_disabled") < actions.index("user_enabled")


def test_cancelling_the_disable_question_changes_nothing(qtbot, dialog, new_db):
    ws, _ = new_db
    dialog.select_user("sara")
    box = dialog.disable_user()
    qtbot.mouseClick(box.button(box.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert dialog.ctx.executor.pending == 0
    login(ws.path, "sara", SARA_PASSWORD).close()


def test_reset_a_password_with_the_recovery_key(qtbot, dialog, new_db):
    ws, recovery = new_db
    dialog.select_user("sara")
    sub = dialog.reset_password()
    sub.recovery_edit.setText("AAAA-BBBB-CCCC-DDDD")
    sub._passwords[0].setText("återställt-lösenord")
    sub._passwords[1].setText("återställt-lösenord")
    _click_ok(qtbot, sub)
    qtbot.waitUntil(lambda: sub.message.isVisible(), timeout=TIMEOUT)
    assert sub.isVisible()
    login(ws.path, "sara", SARA_PASSWORD).close()  # a wrong key changed nothing

    sub.recovery_edit.setText(recovery)
    message = _wait_changed(qtbot, dialog, lambda: _click_ok(qtbot, sub))
    assert message == "Lösenordet återställdes."
    login(ws.path, "sara", "återställt-lösenord").close()
    assert "password_reset_with_recovery" in [a for a, _ in _actions(ws)]


def test_a_coordinator_has_no_users_window(qtbot, ui_ctx, new_db):
    ws, _ = new_db
    users.add_user(ws, "sara", SARA_PASSWORD, Role.COORDINATOR)
    win = MainWindow(ui_ctx, login(ws.path, "sara", SARA_PASSWORD))
    qtbot.addWidget(win)
    assert not win.admin_actions.users_action.isEnabled()
    assert win.admin_actions.users() is None
    win._closing = True
    win.close()


def test_locking_closes_the_users_window(qtbot, window, dialog):
    window.lock()
    assert window.admin_actions.users_dialog is None or not dialog.isVisible()
    assert not window.admin_actions.users_action.isEnabled()


def test_the_menu_entry_has_a_mnemonic_of_its_own(window):
    menu = window.admin_actions.users_action.associatedObjects()[-1]
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert "&Användare…" in texts
    keys = [t[t.index("&") + 1].lower() for t in texts if "&" in t]
    assert keys.count("a") == 1


def mnemonics(widget) -> list[str]:
    """The Alt+letter keys of a window's buttons and of labels that lead to a field."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    texts = [b.text() for b in widget.findChildren(QAbstractButton) if b.isVisibleTo(widget)]
    texts += [lab.text() for lab in widget.findChildren(QLabel) if lab.buddy() is not None]
    return [t[t.index("&") + 1].lower() for t in texts if "&" in t.replace("&&", "")]


def test_every_window_has_mnemonics_of_its_own(qtbot, dialog):
    keys = mnemonics(dialog)
    assert len(keys) == 6 and len(set(keys)) == 6
    dialog.select_user("sara")
    for sub in (dialog.add_user(), dialog.change_role(), dialog.reset_password()):
        keys = mnemonics(sub)
        assert keys and len(keys) == len(set(keys)), (sub.windowTitle(), keys)
        sub.close()
