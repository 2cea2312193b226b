"""Two case views on the same case, signed in as two users on one encrypted file: the second
save is refused with a message naming who changed the case and when, the form keeps what was
typed, and nothing of the first save is overwritten (issue #17.4)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from isu.domain.roles import Role
from isu.formdefs import load_form
from isu.paths import forms_dir
from isu.services import cases, settings, users
from isu.services.sign_in import login
from isu.ui.formview.case_view import CaseView
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.ui.helpers import answer


@pytest.fixture
def two_views(qtbot, ui_ctx, new_db):
    admin_ws, _ = new_db
    users.add_user(admin_ws, "sara", "saras-lösenord", Role.COORDINATOR, display_name="Sara S")
    settings.save(admin_ws, shared_access=True)
    case_id = cases.register_case(admin_ws, "K-1").case_id
    sara = login(admin_ws.path, "sara", "saras-lösenord")
    admin = login(admin_ws.path, ADMIN, ADMIN_PASSWORD)
    spec = load_form(forms_dir() / "sig.yaml")
    views = []
    for ws in (sara, admin):
        view = CaseView(ui_ctx, ws, cases.get_case(ws, case_id), spec)
        qtbot.addWidget(view)
        view.show()
        views.append(view)
    yield case_id, views, admin
    ui_ctx.executor.wait_idle()
    sara.close()
    admin.close()


def test_the_second_of_two_views_keeps_its_input_and_names_who_saved_first(
    qtbot, ui_ctx, two_views
):
    case_id, (hers, mine), admin = two_views
    answer(qtbot, hers.rows["unit"], "Väster")
    with qtbot.waitSignal(hers.saved, timeout=10_000):
        hers.save()
    answer(qtbot, mine.rows["unit"], "Söder")
    mine.save()
    qtbot.waitUntil(
        lambda: mine._pending == 0 and bool(mine.findChildren(QMessageBox)), timeout=10_000
    )
    (box,) = mine.findChildren(QMessageBox)
    assert "Sara S" in box.text() and "inte sparats" in box.text()
    assert mine.dirty and mine.rows["unit"].answer().value == "Söder"  # the input is kept
    assert mine.save_button.isEnabled()
    stored = cases.get_case(admin, case_id)
    assert stored.answers["unit"].value == "Väster" and stored.revision == hers.revision
    box.close()
