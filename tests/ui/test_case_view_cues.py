"""What the case view tells the coordinator at a glance: the closed-case banner says what is
left and goes once the After phase and the questionnaire are done; the missing-answer
button does not look like the calendar button; calculated fields do not look editable."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from PySide6.QtCore import Qt

from isu.domain.model import CaseDetail, CaseStatus
from isu.formdefs import load_form
from isu.formdefs.evaluate import evaluate_case
from isu.paths import forms_dir
from isu.services.demo import synthetic_case
from isu.ui.formview.case_view import CaseView
from isu.ui.formview.editors import ComputedEditor, DateEditor

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def spec():
    return load_form(forms_dir() / "sig.yaml")


@pytest.fixture(scope="module")
def finished(spec):
    """A closed synthetic case whose After phase has no warnings and whose young person
    answered the questionnaire."""
    for seed in range(500):
        answers, repeats, closed = synthetic_case(spec, random.Random(seed), TODAY, "1")
        if not closed or "exp_safe" not in answers:
            continue
        issues = evaluate_case(spec, answers, repeats, TODAY).issues
        if not any(spec.question(i.code).phase == "after" for i in issues):
            return answers, repeats
    raise AssertionError("no finished synthetic case")


def view_of(qtbot, ui_ctx, ws, spec, answers, repeats) -> CaseView:
    detail = CaseDetail(
        1, "SIG-1", CaseStatus.CLOSED, "sig", 1, ws.user.id, "Admin", dict(answers),
        dict(repeats), 1, "",
    )  # fmt: skip
    view = CaseView(ui_ctx, ws, detail, spec)
    qtbot.addWidget(view)
    view.show()
    return view


def test_the_banner_goes_once_the_after_phase_and_the_questionnaire_are_done(
    qtbot, ui_ctx, new_db, spec, finished
):
    ws, _ = new_db
    answers, repeats = finished
    assert not view_of(qtbot, ui_ctx, ws, spec, answers, repeats).banner.isVisible()

    no_survey = {c: a for c, a in answers.items() if spec.question(c).phase != "experience"}
    view = view_of(qtbot, ui_ctx, ws, spec, no_survey, repeats)
    assert view.banner.isVisible() and view.experience_button.isVisible()
    assert "enkäten" in view.banner_text.text() and "Efter" not in view.banner_text.text()

    after = [c for c in answers if spec.question(c).phase == "after"]
    nothing_after = {c: a for c, a in answers.items() if c not in after}
    view = view_of(qtbot, ui_ctx, ws, spec, nothing_after, repeats)
    assert view.banner.isVisible() and not view.experience_button.isVisible()
    assert "Efter-delen" in view.banner_text.text() and "enkäten" not in view.banner_text.text()


def test_missing_answer_and_calendar_buttons_look_and_read_differently(
    qtbot, ui_ctx, new_db, spec, finished
):
    ws, _ = new_db
    view = view_of(qtbot, ui_ctx, ws, spec, *finished)
    row = view.rows["referral_date"]
    assert isinstance(row.editor, DateEditor)
    calendar, missing = row.editor.date_edit.button, row.missing_button
    assert missing.text() == "Saknas" and calendar.text() == "…"
    assert missing.arrowType() is Qt.ArrowType.DownArrow
    assert missing.toolTip() != calendar.toolTip()
    assert missing.accessibleName() != calendar.accessibleName()
    assert "Saknat svar" in missing.accessibleName()


def test_calculated_fields_look_read_only(qtbot, ui_ctx, new_db, spec, finished):
    ws, _ = new_db
    view = view_of(qtbot, ui_ctx, ws, spec, *finished)
    editor = view.rows["age_at_start"].editor
    assert isinstance(editor, ComputedEditor)
    display = editor.display
    assert display.isReadOnly() and not display.hasFrame()
    assert display.focusPolicy() is Qt.FocusPolicy.NoFocus
    assert not editor.note.isHidden() and editor.note.text() == "(beräknas)"
    assert view.rows["age_at_start"].missing_button is None
