"""The main window's one broadcast: an operation's changes go out once as ``changed(Changes)``
and the views refresh from it (the case list after a save in the case view, the summary page
after a settings change), on a real encrypted database."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from isu.services import cases
from isu.services.changes import Changes
from isu.ui.models.case_table import CaseTableModel
from tests.ui.helpers import answer

TIMEOUT = 10_000
START = dt.date(2026, 2, 1)


def _start_shown(window) -> str:
    return str(window.case_list.model.index(0, CaseTableModel.START).data() or "")


def test_saving_in_the_case_view_refreshes_the_case_list_through_the_broadcast(
    qtbot, window, new_db
):
    ws, _ = new_db
    case_id = cases.register_case(ws, "B-1").case_id
    window.case_list.refresh()
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 1, timeout=TIMEOUT)
    assert _start_shown(window) == ""
    heard: list[Changes] = []
    window.changed.connect(heard.append)
    window.open_case(case_id)
    qtbot.waitUntil(lambda: window.case_view is not None, timeout=TIMEOUT)
    view = window.case_view
    view.show_phase("before")
    answer(qtbot, view.rows["start_date"], START)
    assert view.dirty
    with qtbot.waitSignal(window.changed, timeout=TIMEOUT) as signal:
        window.save_case()
    assert signal.args[0].case_ids == {case_id} and signal.args[0].cases
    qtbot.waitUntil(lambda: _start_shown(window) == START.isoformat(), timeout=TIMEOUT)
    assert len(heard) == 1  # once per operation
    # Without the broadcast the list stays as it was: the save alone does not refresh it.
    window.changed.disconnect(window.case_list.follow_changes)
    answer(qtbot, view.rows["start_date"], START + dt.timedelta(days=1))
    with qtbot.waitSignal(view.saved, timeout=TIMEOUT):
        window.save_case()
    window.ctx.executor.wait_idle()
    qtbot.wait(50)
    assert _start_shown(window) == START.isoformat()


def test_a_settings_change_reaches_the_summary_page(qtbot, window):
    page = window.summary_page
    qtbot.waitUntil(lambda: page.options.forms != (), timeout=TIMEOUT)
    assert page.options.k == 5
    window.settings_actions.action.trigger()
    dialog = window.settings_actions.dialog
    qtbot.waitUntil(lambda: dialog.current is not None, timeout=TIMEOUT)
    dialog.k_spin.setValue(8)
    with qtbot.waitSignal(window.changed, timeout=TIMEOUT) as signal:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert signal.args[0].settings and not signal.args[0].cases
    qtbot.waitUntil(lambda: page.options.k == 8, timeout=TIMEOUT)
    assert page.filters.k_spin.minimum() == 8  # the page's floor follows the new k


def test_publishing_in_the_form_editor_reaches_the_summary_page(qtbot, window):
    from tests.ui.editor.test_editor_flow import _build_form

    page = window.summary_page
    qtbot.waitUntil(lambda: page.options.forms != (), timeout=TIMEOUT)
    assert "youth" not in {form.value for form in page.options.forms}
    window.admin_actions.form_editor()
    editor = window.admin_actions.editor_window
    editor.confirm_unsaved = False
    _build_form(editor)
    dialog = editor.publish()
    with qtbot.waitSignal(window.changed, timeout=TIMEOUT) as signal:
        dialog.publish_now()
    assert signal.args[0].forms and not signal.args[0].cases
    qtbot.waitUntil(lambda: "youth" in {form.value for form in page.options.forms}, timeout=TIMEOUT)
    editor.close()
