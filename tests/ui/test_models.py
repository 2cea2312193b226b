"""Every item model passes pytest-qt's model tester; the case list pages through SQL."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from isu.domain.answers import Answer
from isu.domain.model import CaseQuery, CaseStatus
from isu.services import cases, forms
from isu.ui.models.case_table import CASE_ID_ROLE, PAGE_SIZE, SORT_ROLE, CaseTableModel
from isu.ui.models.repeat_table import RepeatTableModel

TIMEOUT = 10_000


def test_case_table_model_pages_sorts_and_filters(qtbot, qtmodeltester, ui_ctx, new_db):
    ws, _ = new_db
    count = PAGE_SIZE + 30
    for number in range(1, count + 1):
        cases.register_case(ws, f"T-{number:04d}")
    closed = cases.case_id_by_number(ws, "T-0007")
    cases.save_case(ws, closed, {"start_date": Answer(dt.date(2025, 1, 1))}, {})
    cases.close_case(ws, closed, dt.date(2025, 2, 1), "flyttat")

    model = CaseTableModel(ui_ctx.executor, "sv")
    assert model.rowCount() == 0  # nothing before a workspace is given
    model.set_workspace(ws)
    qtbot.waitUntil(lambda: model.rowCount() == PAGE_SIZE, timeout=TIMEOUT)
    assert model.total == count
    qtmodeltester.check(model)  # the tester may itself ask for the next page
    if model.canFetchMore():
        model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == count, timeout=TIMEOUT)
    assert not model.canFetchMore()
    qtmodeltester.check(model)

    model.sort(CaseTableModel.CASE_NUMBER, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: model.index(0, 0).data() == "T-0001", timeout=TIMEOUT)
    model.sort(CaseTableModel.CASE_NUMBER, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: model.index(0, 0).data() == f"T-{count:04d}", timeout=TIMEOUT)

    model.set_query(CaseQuery(status=CaseStatus.CLOSED))
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=TIMEOUT)
    row = model.row_at(0)
    assert row is not None and row.case_number == "T-0007"
    assert model.index(0, CaseTableModel.STATUS).data() == "Avslutat"
    assert model.index(0, CaseTableModel.STATUS).data(SORT_ROLE) == "closed"
    assert model.index(0, CaseTableModel.CLOSURE).data() == "2025-02-01"
    assert model.index(0, 0).data(CASE_ID_ROLE) == closed
    assert "Före" in model.index(0, CaseTableModel.PHASES).data()
    qtmodeltester.check(model)

    model.set_query(CaseQuery(search="T-01"))
    qtbot.waitUntil(lambda: model.total == 100, timeout=TIMEOUT)
    model.set_workspace(None)
    assert model.rowCount() == 0 and model.total == 0


def test_repeat_table_model(qtmodeltester, new_db):
    ws, _ = new_db
    spec = forms.get_form(ws, "sig")
    group = spec.group("interventions")
    model = RepeatTableModel(spec, group, "sv")
    qtmodeltester.check(model)
    model.set_items(
        [
            {
                "intervention_type": Answer("mentor"),
                "intervention_status": Answer("paborjad"),
                "intervention_start": Answer(dt.date(2026, 1, 5)),
            },
            {"intervention_type": Answer(None, "uppgift_saknas")},
        ]
    )
    model.add_item({"intervention_focus": Answer("skola")})
    model.set_warnings({1: ["Typ av insats: saknas"]})
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.index(0, 0).data() == "Mentor eller kontaktperson"
    assert model.index(1, 0).data() == "(Uppgift saknas)"
    assert model.index(1, model.warnings_column).data() == "1"
    model.remove_item(0)
    assert model.rowCount() == 2
    qtmodeltester.check(model)
