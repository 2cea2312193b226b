"""The summary page refuses the second of two outputs that differ by one case, with the
service's message, and shows no figures from it (release control, issue #15.2)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from isu.services import releases, summaries
from isu.summary.data import PeriodKind, SummaryRequest
from isu.ui.summary.filters import find_data
from tests.ui.summary.conftest import TIMEOUT


def one_case_apart(ws) -> tuple[dt.date, dt.date]:
    """Two period ends, one day apart, whose started-cases differ by exactly one case."""
    data = summaries.load_summary_data(ws)
    starts = sorted(c.start_date for c in data.cases if c.start_date)
    for day in starts[10:]:
        if starts.count(day) == 1:
            return day - dt.timedelta(days=1), day
    raise AssertionError("no lone start day in the demo")


def test_the_second_of_a_differencing_pair_is_refused_on_screen(qtbot, page, admin):
    first, second = one_case_apart(admin)
    page.filters.period_combo.setCurrentIndex(find_data(page.filters.period_combo, "started"))
    page.filters.to_edit.setDate(first)
    with qtbot.waitSignal(page.built, timeout=TIMEOUT):
        qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    shown = page.report
    assert shown is not None and shown.request.date_to == first
    assert len(releases.history(admin)) >= 1

    page.filters.to_edit.setDate(second)
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_building, timeout=TIMEOUT)

    def refusal() -> QMessageBox | None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        return next((b for b in boxes if b.isVisible() and "lämnas inte ut" in b.text()), None)

    qtbot.waitUntil(lambda: refusal() is not None, timeout=TIMEOUT)
    assert "k = 5" in refusal().text()
    assert page.report is None or page.report.request.date_to != second
    refusal().close()
    request = SummaryRequest(period=PeriodKind.STARTED, date_to=second)
    try:
        summaries.protected(admin, request)
    except releases.ReleaseRefused:
        pass
    else:  # pragma: no cover - the service must refuse it too
        raise AssertionError("the service released the second output")
