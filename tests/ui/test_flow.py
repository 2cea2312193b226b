"""The coordinator's whole flow through the real windows on a real encrypted database:
unlock → new case → Före (skip logic, a constraint warning) → two interventions → close →
reopen → lock and unlock, then the saved answers are read back through the services."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from isu.domain.answers import Answer
from isu.domain.model import CaseStatus
from isu.services import cases
from isu.services.sign_in import login
from isu.ui.shell import AppShell
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.ui.helpers import answer

TIMEOUT = 10_000


def unlock(qtbot, dialog, password: str) -> None:
    qtbot.waitUntil(dialog.unlock_button.isEnabled, timeout=TIMEOUT)
    dialog.user_edit.setText(ADMIN)
    dialog.password_edit.clear()
    dialog.password_edit.insert(password)  # keyClicks cannot type "ö"
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)


def sign_in(qtbot, ui_ctx, db_path):
    shell = AppShell(ui_ctx)
    shell.start(db_path)
    dialog = shell.unlock_dialog
    qtbot.addWidget(dialog)
    unlock(qtbot, dialog, ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: shell.window is not None, timeout=TIMEOUT)
    qtbot.addWidget(shell.window)
    return shell.window


def test_wrong_password_shows_an_error_and_no_data(qtbot, ui_ctx, new_db):
    ws, _ = new_db
    cases.register_case(ws, "2026-0042")
    shell = AppShell(ui_ctx)
    shell.start(ws.path)
    dialog = shell.unlock_dialog
    qtbot.addWidget(dialog)
    unlock(qtbot, dialog, "not-the-password")
    qtbot.waitUntil(
        lambda: dialog.message.isVisible() and "Fel användarnamn" in dialog.message.text(),
        timeout=TIMEOUT,
    )
    assert shell.window is None and dialog.workspace is None
    # Trying again at once is refused with a countdown rather than tried.
    unlock(qtbot, dialog, "still-wrong")
    qtbot.waitUntil(
        lambda: not dialog.unlock_button.isEnabled() and "Vänta" in dialog.message.text(),
        timeout=TIMEOUT,
    )
    assert shell.window is None
    dialog.close()


def create_case(qtbot, window) -> int:
    dialog = window.new_case()
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=TIMEOUT)
    assert dialog.number_edit.text() == f"{dt.date.today().year}-0001"
    assert dialog.form_combo.currentData() == "sig"
    dialog.number_edit.setText("SIG-7")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.case_view is not None, timeout=TIMEOUT)
    return window.case_view.detail.id


def fill_admin_and_before(qtbot, view, today: dt.date) -> None:
    rows = view.rows
    view.show_phase("admin")
    answer(qtbot, rows["municipality"], "0180")
    answer(qtbot, rows["referral_date"], today - dt.timedelta(days=30))
    assert rows["referred_by_other"].isHidden()
    answer(qtbot, rows["referred_by"], "annan")  # skip logic: "other, namely" appears
    assert not rows["referred_by_other"].isHidden()
    answer(qtbot, rows["referred_by_other"], "Fritidsgården")
    assert rows["start_date"].isHidden()
    answer(qtbot, rows["consent_youth"], True)
    assert not rows["start_date"].isHidden()
    answer(qtbot, rows["consent_youth_date"], today - dt.timedelta(days=25))
    answer(qtbot, rows["start_date"], today - dt.timedelta(days=20))
    view.show_phase("before")
    answer(qtbot, rows["gender"], "flicka_kvinna")
    answer(qtbot, rows["birth_year"], 1970)  # breaks the constraint: a warning, not a block
    assert "rimligt" in rows["birth_year"].warning_text()
    assert "Födelseår" in view.pages["before"].summary.text()
    rows["birth_year"].editor.spin.clear()
    answer(qtbot, rows["birth_year"], today.year - 16)
    assert rows["birth_year"].warning_text() == ""
    assert rows["age_at_start"].editor.display.text() in ("15", "16")
    assert not rows["consent_guardians"].isHidden()
    answer(qtbot, rows["sig_reason"], ("brottslighet", "risk_rekrytering"))
    rows["living_situation"].set_missing("uppgift_saknas")


def add_intervention(qtbot, view, kind: str, status: str) -> None:
    editor = view.groups["interventions"]
    dialog = editor.add_item()
    answer(qtbot, dialog.rows["intervention_type"], kind)
    answer(qtbot, dialog.rows["intervention_focus"], "skola")
    answer(qtbot, dialog.rows["intervention_actor"], "skola")
    assert dialog.rows["intervention_start"].isHidden() is False
    answer(qtbot, dialog.rows["intervention_status"], status)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.dialog is None, timeout=TIMEOUT)


def save(qtbot, window) -> None:
    window.save_action.trigger()
    qtbot.waitUntil(lambda: not window.case_view.dirty, timeout=TIMEOUT)


def test_the_whole_flow(qtbot, ui_ctx, new_db):
    ws, _ = new_db
    today = dt.date.today()
    window = sign_in(qtbot, ui_ctx, ws.path)
    case_id = create_case(qtbot, window)
    view = window.case_view
    assert not view.dirty

    fill_admin_and_before(qtbot, view, today)
    assert view.dirty and window.isWindowModified()
    assert "•" in view.tabs.tabText(view.tabs.indexOf(view.pages["before"]))

    view.show_phase("during")
    answer(qtbot, view.rows["action_plan"], True)
    add_intervention(qtbot, view, "mentor", "paborjad")
    add_intervention(qtbot, view, "skolinsats", "planerad")
    assert view.groups["interventions"].model.rowCount() == 2
    save(qtbot, window)
    assert not window.isWindowModified()
    model = window.case_list.model
    qtbot.waitUntil(
        lambda: model.rowCount() == 1 and model.index(0, 0).data() == "SIG-7", timeout=TIMEOUT
    )

    dialog = view.ask_close_case()
    dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findData("plan_genomford"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.detail.status is CaseStatus.CLOSED, timeout=TIMEOUT)
    assert view.tabs.currentWidget() is view.pages["after"]
    assert view.banner.isVisible()
    answer(qtbot, view.rows["school_status_after"], "skola_narvaro")
    save(qtbot, window)

    window.reopen_action.trigger()
    qtbot.waitUntil(lambda: view.detail.status is CaseStatus.ONGOING, timeout=TIMEOUT)

    assert view.rows["school_status_after"].isHidden()  # no closure date: After is hidden
    view.show_phase("during")
    answer(qtbot, view.rows["sig_meetings"], 12)  # unsaved when the lock comes
    unlock_dialog = window.lock()
    assert window.locked and window.stack.currentWidget() is window.locked_page
    assert window.case_list.model.rowCount() == 0
    unlock(qtbot, unlock_dialog, ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: not window.locked, timeout=TIMEOUT)
    assert window.case_view is view and view.dirty
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=TIMEOUT)  # the list is back
    assert view.rows["sig_meetings"].answer() == Answer(12)
    save(qtbot, window)

    reader = login(ws.path, ADMIN, ADMIN_PASSWORD)
    try:
        stored = cases.get_case(reader, case_id)
    finally:
        reader.close()
    assert stored.case_number == "SIG-7"
    assert stored.status is CaseStatus.ONGOING
    assert stored.answers["referred_by"] == Answer("annan")
    assert stored.answers["referred_by_other"] == Answer("Fritidsgården")
    assert stored.answers["birth_year"] == Answer(today.year - 16)
    assert stored.answers["sig_reason"] == Answer(("brottslighet", "risk_rekrytering"))
    assert stored.answers["living_situation"] == Answer(None, "uppgift_saknas")
    assert stored.answers["school_status_after"] == Answer("skola_narvaro")  # kept, hidden
    assert stored.answers["sig_meetings"] == Answer(12)
    assert "closure_date" not in stored.answers  # cleared by reopening
    kinds = [item["intervention_type"].value for item in stored.repeats["interventions"]]
    assert kinds == ["mentor", "skolinsats"]
    assert "intervention_start" not in stored.repeats["interventions"][1]
