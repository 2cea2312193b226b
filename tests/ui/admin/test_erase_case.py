"""Case → Erase case: administrators only, shows what goes, needs the typed case number, and
really removes the case from the encrypted database."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt

from isu.domain.answers import Answer
from isu.domain.roles import Role
from isu.errors import NotFound
from isu.services import audit, cases, users
from isu.services.retention import preview_erasure
from isu.services.sign_in import login
from isu.ui.dialogs.erase_case import EraseCaseDialog
from isu.ui.main_window import MainWindow
from tests.ui.conftest import close_stray_windows, visible_message_boxes

TIMEOUT = 15_000


@pytest.fixture
def open_case(qtbot, window, new_db):
    ws, _ = new_db
    case_id = cases.register_case(
        ws,
        "RADERA-7",
        answers={"referral_date": Answer(dt.date(2026, 1, 5)), "birth_year": Answer(2010)},
    ).case_id
    window.open_case(case_id)
    qtbot.waitUntil(lambda: window.case_view is not None, timeout=TIMEOUT)
    yield case_id
    close_stray_windows()


def _erase_dialog(qtbot, window) -> EraseCaseDialog:
    window.admin_actions.follow_case()
    assert window.admin_actions.erase_action.isEnabled()
    window.admin_actions.erase_action.trigger()
    qtbot.waitUntil(
        lambda: getattr(window.admin_actions, "erase_dialog", None) is not None, timeout=TIMEOUT
    )
    dialog = window.admin_actions.erase_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT)
    return dialog


def test_the_dialog_shows_what_goes_and_needs_the_exact_case_number(
    qtbot, window, new_db, open_case
):
    ws, _ = new_db
    dialog = _erase_dialog(qtbot, window)
    stored = preview_erasure(ws, open_case).answers
    assert stored >= 2
    assert dialog.number_label.text() == "RADERA-7"
    assert dialog.answers_label.text() == str(stored)
    assert "granskningsloggen" in dialog.audit_label.text().lower()
    assert not dialog.erase_button.isEnabled()
    dialog.confirm_edit.setText("RADERA-1")
    assert not dialog.erase_button.isEnabled()
    dialog.confirm_edit.setText("RADERA-7")
    assert dialog.erase_button.isEnabled()

    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(visible_message_boxes()), timeout=TIMEOUT)
    assert "RADERA-7" in visible_message_boxes()[0].text()
    assert window.case_view is None
    with pytest.raises(NotFound):
        cases.case_id_by_number(ws, "RADERA-7")
    with ws.db.reading() as session:
        erased = [e for e in audit.entries(session) if e.action == "case_erased"]
    assert len(erased) == 1
    assert "RADERA-7" not in erased[0].target + erased[0].detail
    assert json.loads(erased[0].detail) == {}


def test_cancel_keeps_the_case(qtbot, window, new_db, open_case):
    ws, _ = new_db
    dialog = _erase_dialog(qtbot, window)
    dialog.confirm_edit.setText("RADERA-7")
    dialog.reject()
    assert window.ctx.executor.pending == 0
    assert cases.case_id_by_number(ws, "RADERA-7") == open_case
    assert window.case_view is not None


def test_without_an_open_case_there_is_nothing_to_erase(qtbot, window):
    window.admin_actions.follow_case()
    assert not window.admin_actions.erase_action.isEnabled()


def test_a_coordinator_cannot_erase(qtbot, ui_ctx, new_db):
    ws, _ = new_db
    users.add_user(ws, "sara", "saras-lösenord-1", Role.COORDINATOR)
    sara = login(ws.path, "sara", "saras-lösenord-1")
    case_id = cases.register_case(sara, "SARA-1").case_id
    win = MainWindow(ui_ctx, sara)
    qtbot.addWidget(win)
    win.open_case(case_id)
    qtbot.waitUntil(lambda: win.case_view is not None, timeout=TIMEOUT)
    win.admin_actions.follow_case()
    assert not win.admin_actions.erase_action.isEnabled()
    win.admin_actions.erase_case()  # even when called directly, nothing is asked or erased
    assert win.ctx.executor.pending == 0
    assert cases.case_id_by_number(ws, "SARA-1") == case_id
    win._closing = True
    win.close()


def test_the_entry_is_in_the_case_menu_with_a_mnemonic_of_its_own(window):
    (case_menu,) = [
        a.menu()
        for a in window.menuBar().actions()
        if a.menu() is not None and window.close_case_action in a.menu().actions()
    ]
    texts = [a.text() for a in case_menu.actions() if not a.isSeparator()]
    assert texts[-1] == "&Radera ärendet…"
    keys = [t[t.index("&") + 1].lower() for t in texts if "&" in t]
    assert len(keys) == len(set(keys))
