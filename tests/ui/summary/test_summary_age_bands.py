"""The summary page offers and shows the database's age-band setting (real encrypted demo
database, real widgets offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from isu.services import settings, summaries
from isu.summary.data import SplitBy
from isu.ui.summary.filters import find_data
from isu.ui.summary.loading import load_options
from tests.ui.summary.conftest import TIMEOUT, open_page

SETTING = [[12, 15], [16, 20], [21, 29]]
SETTING_LABELS = ["12–15 år", "16–20 år", "21–29 år"]
FORM_LABELS = ["12–14 år", "15–17 år", "18–20 år", "21–25 år", "26–29 år"]


@pytest.fixture
def banded(admin):
    """The administrator's workspace with the setting's bands; the form's bands after."""
    settings.save(admin, age_bands=SETTING)
    yield admin
    settings.save(admin, age_bands=settings.DatabaseSettings().age_bands)


def test_the_filter_choices_follow_the_setting(admin):
    assert [o.label for o in load_options(admin, "sv").age_bands] == FORM_LABELS
    settings.save(admin, age_bands=SETTING)
    try:
        options = load_options(admin, "en").age_bands
        assert [o.value for o in options] == ["12-15", "16-20", "21-29"]
        assert [o.label for o in options] == ["12–15 years", "16–20 years", "21–29 years"]
    finally:
        settings.save(admin, age_bands=settings.DatabaseSettings().age_bands)


def test_the_page_filters_and_splits_by_a_setting_band(qtbot, ui_ctx, banded):
    from isu.ui.summary.page import SummaryPage

    page = SummaryPage(ui_ctx)
    qtbot.addWidget(page)
    open_page(qtbot, page, banded)
    combo = page.filters.age_combo
    assert [combo.itemText(i) for i in range(1, combo.count())] == SETTING_LABELS
    combo.setCurrentIndex(find_data(combo, ("16-20",)))
    page.filters.split_combo.setCurrentIndex(find_data(page.filters.split_combo, SplitBy.AGE_BAND))
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.built, timeout=TIMEOUT):
        pass
    screen = page.report
    assert screen.request.age_bands == ("16-20",)
    expected = summaries.protected(banded, screen.request)
    assert 0 < screen.report.meta.n_cases == expected.meta.n_cases
    shown = {t.key: t for t in screen.report.tables()}
    profile = shown["profile.gender_age"]
    assert [label.get("sv") for label in profile.col_labels] == ["16–20 år"]
    page.set_workspace(None)
    ui_ctx.executor.wait_idle()
