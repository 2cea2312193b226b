"""The summary page with two published forms: the form chooser loads the chosen form's
choices, and the generic form's summary shows its top-box table on screen."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

from isu.services import forms
from isu.services.sign_in import login
from isu.services.workspace import init_database
from isu.ui.summary.filters import find_data
from tests.conftest import ADMIN, ADMIN_PASSWORD, FAST_KDF
from tests.summary_generic.support import FORM_ID, N, expected_top_box, register_all

TIMEOUT = 15_000


@pytest.fixture(scope="module")
def two_forms_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("generic_ui") / "isu.db"
    ws, _ = init_database(path, ADMIN, ADMIN_PASSWORD, kdf=FAST_KDF)
    try:
        forms.publish_default_form(ws)
        register_all(ws)
    finally:
        ws.close()
    return path


@pytest.fixture
def page(qtbot, ui_ctx, two_forms_db):
    from isu.ui.summary.page import SummaryPage

    ws = login(two_forms_db, ADMIN, ADMIN_PASSWORD)
    widget = SummaryPage(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.set_workspace(ws)
    qtbot.waitUntil(lambda: widget.filters.form_combo.count() == 2, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: widget.ctx.executor.pending == 0, timeout=TIMEOUT)
    yield widget
    widget.set_workspace(None)
    ui_ctx.executor.wait_idle()
    ws.close()


def choose_form(qtbot, page, form_id: str) -> None:
    combo = page.filters.form_combo
    index = find_data(combo, form_id)
    assert index >= 0
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # as a user's choice does
    qtbot.waitUntil(lambda: page.ctx.executor.pending == 0, timeout=TIMEOUT)


def test_the_chooser_offers_both_forms_and_starts_with_the_one_in_use(page):
    combo = page.filters.form_combo
    assert combo.isEnabled()
    assert [combo.itemData(i) for i in range(combo.count())] == ["kommunenkat", "sig"]
    assert page.filters.form_id() == FORM_ID  # every case uses it
    assert page.filters.gender_combo.count() == 1  # the questionnaire asks no gender


def test_choosing_sig_loads_its_choices_and_back(qtbot, page):
    choose_form(qtbot, page, "sig")
    qtbot.waitUntil(lambda: page.filters.gender_combo.count() > 1, timeout=TIMEOUT)
    assert page.filters.request().form_id == "sig"
    choose_form(qtbot, page, FORM_ID)
    qtbot.waitUntil(lambda: page.filters.gender_combo.count() == 1, timeout=TIMEOUT)
    assert page.filters.request().form_id == FORM_ID


def test_the_generic_summary_on_screen(qtbot, page, tmp_path):
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.built, timeout=TIMEOUT):
        pass
    report = page.report.report
    assert report.meta.form_id == FORM_ID and report.meta.n_cases == N
    page.results.select_table("topbox.sat_police")
    model = page.results.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]  # fmt: skip
    police = next(row for row in rows if row[0] == "Samverkan med polisen")
    top, answered = expected_top_box("sat_police")
    assert police[1] == str(top) and police[5] == str(answered)
    about = page.results.about_label.text()
    assert "Antal kommuner (N): 26" in about and "jämförelsegrupp" not in about
    shot = os.environ.get("ISU_SCREENSHOT_DIR")
    if shot:  # a look at the page: ISU_SCREENSHOT_DIR=/tmp pytest …
        page.grab().save(os.path.join(shot, "summary_generic_page.png"))
