"""The summary page under attack: k below the database's floor from every role, saved
definitions with an old low k, and tiny selections, with real widgets on a real database.
The other entry points are attacked in ``tests/security/test_k_floor_attacks.py``."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt

from isu.db.models import SavedSummaryRecord
from isu.domain.roles import Role
from isu.services import settings, summaries, users
from isu.services.sign_in import login
from isu.summary.data import PeriodKind, SummaryRequest
from isu.ui.summary.page import SummaryPage
from tests.ui.conftest import visible_message_boxes
from tests.ui.summary.conftest import DEMO_TODAY, FAST_KDF, TIMEOUT, open_page

HEAD, HEAD_PASSWORD = "enhetschef", "enhetschefens-lösenord"


@pytest.fixture
def unit_head(demo_db, admin):
    if HEAD not in {u.username for u in users.list_users(admin)}:
        users.add_user(admin, HEAD, HEAD_PASSWORD, Role.UNIT_HEAD, kdf=FAST_KDF)
    ws = login(demo_db, HEAD, HEAD_PASSWORD)
    yield ws
    ws.close()


@pytest.fixture
def signed_in(request, admin, unit_head, coordinator):
    return {"admin": admin, "unit_head": unit_head, "coordinator": coordinator}[request.param]


def page_for(qtbot, ui_ctx, ws) -> SummaryPage:
    page = SummaryPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    open_page(qtbot, page, ws)
    return page


def build(qtbot, page) -> None:
    with qtbot.waitSignal(page.built, timeout=TIMEOUT):
        qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("signed_in", ["admin", "unit_head", "coordinator"], indirect=True)
def test_the_k_field_cannot_go_below_the_floor(qtbot, ui_ctx, signed_in):
    page = page_for(qtbot, ui_ctx, signed_in)
    spin = page.filters.k_spin
    assert spin.minimum() == settings.load(signed_in).k == 5
    for attempt in (1, 2, 4):
        spin.setValue(attempt)
        assert spin.value() == 5
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "2")  # typed: the spin box does not accept it
    spin.interpretText()
    assert spin.value() >= 5
    spin.setValue(5)
    assert page.filters.request().k is None  # at the floor: the database's k
    build(qtbot, page)
    assert page.report.report.meta.k == 5
    spin.setValue(8)  # raising is allowed
    build(qtbot, page)
    assert page.report.report.meta.k == 8
    assert all(t.k == 8 for t in page.report.report.tables()) or page.report.exact
    page.set_workspace(None)


def test_a_saved_definition_with_an_old_low_k_is_shown_and_built_at_the_floor(qtbot, ui_ctx, admin):
    text = json.dumps(SummaryRequest(k=2).to_json_dict(), sort_keys=True)
    with admin.db.unit_of_work() as session:
        session.add(SavedSummaryRecord(name="gammal", owner_id=admin.user.id, definition=text))
    try:
        page = page_for(qtbot, ui_ctx, admin)
        page.load_definition("gammal")
        qtbot.waitUntil(lambda: page.ctx.executor.pending == 0, timeout=TIMEOUT)
        assert page.filters.k_spin.value() == 5
        build(qtbot, page)
        assert page.report.report.meta.k == 5
        page.set_workspace(None)
    finally:
        summaries.delete_definition(admin, "gammal")


def test_a_lower_floor_set_by_the_administrator_is_the_new_minimum(qtbot, ui_ctx, admin):
    settings.save(admin, k=7)
    try:
        page = page_for(qtbot, ui_ctx, admin)
        assert page.filters.k_spin.minimum() == 7
        page.filters.k_spin.setValue(5)
        assert page.filters.k_spin.value() == 7
        build(qtbot, page)
        assert page.report.report.meta.k == 7
        page.set_workspace(None)
    finally:
        settings.save(admin, k=5)


def test_a_tiny_selection_is_refused_on_screen(qtbot, ui_ctx, admin, coordinator):
    day = dt.date(2025, 1, 1)
    while True:  # a day on which 1..4 cases started
        tiny = SummaryRequest(period=PeriodKind.STARTED, date_from=day, date_to=day)
        if 0 < summaries.build(admin, tiny, today=DEMO_TODAY).meta.n_cases < 5:
            break
        day += dt.timedelta(days=1)
    settings.save(admin, shared_access=True)
    try:
        page = page_for(qtbot, ui_ctx, coordinator)
        page.filters.set_request(tiny)
        qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(visible_message_boxes()), timeout=TIMEOUT)
        texts = [box.text() for box in visible_message_boxes()]
        assert any("färre än k = 5" in text for text in texts)
        assert page.report is None
        for box in visible_message_boxes():
            box.close()
        page.set_workspace(None)
    finally:
        settings.save(admin, shared_access=False)
