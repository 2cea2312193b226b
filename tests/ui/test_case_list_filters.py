"""Every filter widget of the case list, driven as a coordinator would: through the widgets."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from isu.domain.answers import Answer
from isu.domain.roles import Role
from isu.services import cases, users
from tests.conftest import FAST_KDF

TIMEOUT = 10_000


def _register(ws, number: str, start: dt.date, coordinator_id: int | None = None) -> int:
    answers = {
        "referral_date": Answer(start - dt.timedelta(days=10)),
        "start_date": Answer(start),
    }
    result = cases.register_case(ws, number, answers=answers, coordinator_id=coordinator_id)
    return result.case_id


def _rows(window) -> list[str]:
    model = window.case_list.model
    return sorted(model.index(r, 0).data() for r in range(model.rowCount()))


def _wait_rows(qtbot, window, expected: list[str]) -> None:
    qtbot.waitUntil(lambda: _rows(window) == sorted(expected), timeout=TIMEOUT)


def test_every_filter_widget_narrows_the_list(qtbot, ui_ctx, new_db):
    from isu.services.sign_in import login
    from isu.ui.main_window import MainWindow
    from tests.conftest import ADMIN, ADMIN_PASSWORD

    ws, _ = new_db
    other = users.add_user(ws, "kim", "kim-lösenord-123", Role.COORDINATOR, kdf=FAST_KDF)
    _register(ws, "A-1", dt.date(2025, 1, 10))
    closed = _register(ws, "A-2", dt.date(2025, 3, 10))
    _register(ws, "B-3", dt.date(2025, 6, 10), coordinator_id=other.id)
    cases.close_case(ws, closed, dt.date(2025, 4, 1), "plan_genomford")

    window = MainWindow(ui_ctx, login(ws.path, ADMIN, ADMIN_PASSWORD))
    qtbot.addWidget(window)
    window.show()
    view = window.case_list
    _wait_rows(qtbot, window, ["A-1", "A-2", "B-3"])

    # Status: the drop-down once crashed (the item data came back as a plain str).
    view.status_combo.setCurrentIndex(view.status_combo.findText("Avslutat"))
    _wait_rows(qtbot, window, ["A-2"])
    view.status_combo.setCurrentIndex(view.status_combo.findText("Pågående"))
    _wait_rows(qtbot, window, ["A-1", "B-3"])
    view.status_combo.setCurrentIndex(0)
    _wait_rows(qtbot, window, ["A-1", "A-2", "B-3"])

    qtbot.keyClicks(view.search_edit, "B-")
    _wait_rows(qtbot, window, ["B-3"])
    view.search_edit.clear()
    _wait_rows(qtbot, window, ["A-1", "A-2", "B-3"])

    qtbot.keyClicks(view.from_edit.edit, "2025-05-01")
    _wait_rows(qtbot, window, ["A-1", "B-3"])  # A-2 closed before the period
    qtbot.keyClicks(view.to_edit.edit, "2025-02-01")
    _wait_rows(qtbot, window, ["A-1"])
    view.from_edit.clear()
    view.to_edit.clear()
    _wait_rows(qtbot, window, ["A-1", "A-2", "B-3"])

    qtbot.waitUntil(lambda: view.coordinator_combo.findData(other.id) > 0, timeout=TIMEOUT)
    view.coordinator_combo.setCurrentIndex(view.coordinator_combo.findData(other.id))
    _wait_rows(qtbot, window, ["B-3"])
    qtbot.keyClick(view.coordinator_combo, Qt.Key.Key_Home)
    _wait_rows(qtbot, window, ["A-1", "A-2", "B-3"])
    window._closing = True
    window.close()
