"""The unlock window offers "Lokal databasfil" or a saved server profile, and signs in to the
server database from the profile (a real server: tests/pg_cluster.py)."""

from __future__ import annotations

import pytest

from isu.services import profiles
from tests.conftest import ADMIN, ADMIN_PASSWORD


def test_without_profiles_there_is_no_choice(qtbot, ui_ctx):
    from isu.ui.dialogs.unlock import UnlockDialog

    dialog = UnlockDialog(ui_ctx, ui_ctx.paths.default_db)
    qtbot.addWidget(dialog)
    assert dialog.database_choice is None


@pytest.mark.server
def test_the_unlock_window_opens_a_saved_server_profile(qtbot, ui_ctx, pg_cluster, server_db):
    from isu.db.target import parse_db
    from isu.ui.dialogs.unlock import UnlockDialog

    target = parse_db(pg_cluster.url(server_db))
    profiles.save_profile(ui_ctx.paths.settings_file, "Enheten", target)
    dialog = UnlockDialog(ui_ctx, ui_ctx.paths.default_db)
    qtbot.addWidget(dialog)
    choice = dialog.database_choice
    assert choice is not None
    assert [choice.itemText(i) for i in range(choice.count())] == [
        "Lokal databasfil",
        "Server: Enheten",
    ]
    choice.setCurrentIndex(1)
    dialog.user_edit.setText(ADMIN)
    dialog.password_edit.setText(ADMIN_PASSWORD)
    with qtbot.waitSignal(dialog.unlocked, timeout=20_000) as signal:
        dialog.try_unlock()
    ws = signal.args[0]
    try:
        assert ws.is_server and ws.path == target and ws.user.username == ADMIN
    finally:
        ws.close()


@pytest.mark.server
def test_the_main_window_on_a_server_locks_and_unlocks_to_the_same_server(
    qtbot, ui_ctx, pg_cluster, server_db
):
    from isu.services.sign_in import login
    from isu.ui.main_window import MainWindow

    url = pg_cluster.url(server_db)
    win = MainWindow(ui_ctx, login(url, ADMIN, ADMIN_PASSWORD))
    qtbot.addWidget(win)
    win.show()
    dialog = win.lock()
    assert dialog is not None and dialog.database_choice is None  # the lock keeps the server
    dialog.password_edit.setText(ADMIN_PASSWORD)
    with qtbot.waitSignal(dialog.unlocked, timeout=20_000):
        dialog.try_unlock()
    assert win.workspace is not None and win.workspace.is_server
    assert win.workspace.path.url == url and not win.locked
    ui_ctx.executor.wait_idle()  # the window's own loads finish before its workspace closes
    win.workspace.close()
