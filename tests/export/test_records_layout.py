"""The records layout in both directions (isu.export.records): what ``column_value`` writes
for an answer, ``answer_cells`` reads back as the same answer, for every exact column of the
shipped form; banded columns come back as their band's middle."""

from __future__ import annotations

import datetime as dt

import pytest

from isu.domain.form import QType, Question
from isu.export.contents import format_cell
from isu.export.records import Column, answer_cells, column_value, layout
from isu.formdefs.loader import load_form
from isu.paths import forms_dir
from isu.summary.data import CaseFacts

SPEC = load_form(forms_dir() / "sig.yaml")
BUILT = layout(SPEC)
START = dt.date(2024, 3, 1)
DAY = dt.timedelta(days=1)
CASE = CaseFacts("1", "closed", START - 20 * DAY, START, START + 100 * DAY)
EXACT = {"value", "quasi", "option", "missing"}


def _answer(question: Question):
    """An answer of the question's type that the layout keeps exactly."""
    codes = [c.code for c in question.choices.choices] if question.choices else []
    if question.type is QType.MULTIPLE:
        return tuple(codes[:2])
    if question.type is QType.SINGLE:
        return codes[-1]
    if question.type is QType.YESNO:
        return True
    if question.type is QType.SCALE:
        return 4
    return "12-17" if question.role == "age_band" else "x1"


def _by_question(columns: tuple[Column, ...]) -> dict[str, list[Column]]:
    result: dict[str, list[Column]] = {}
    for column in columns:
        result.setdefault(column.question, []).append(column)
    return result


def _round_trip(columns: list[Column], cell) -> dict:
    row = {c.name: format_cell(column_value(c, cell, CASE, START)) for c in columns}
    return answer_cells(row, columns, SPEC, CASE, START)


EXACT_QUESTIONS = [
    code
    for code, columns in _by_question(BUILT.case_columns).items()
    if all(c.derive in EXACT and not c.bands for c in columns)
    and SPEC.question(code).type not in (QType.COMPUTED, QType.DATE)
]


def test_the_form_has_exact_columns_of_every_kind():
    derived = {c.derive for c in BUILT.case_columns if c.question in EXACT_QUESTIONS}
    types = {SPEC.question(code).type for code in EXACT_QUESTIONS}
    assert derived == EXACT
    assert {QType.SINGLE, QType.MULTIPLE, QType.YESNO, QType.SCALE} <= types


@pytest.mark.parametrize("code", EXACT_QUESTIONS)
def test_a_written_answer_reads_back_the_same(code):
    columns = _by_question(BUILT.case_columns)[code]
    answer = _answer(SPEC.question(code))
    assert _round_trip(columns, (answer, None)) == {code: (answer, None)}


@pytest.mark.parametrize("code", EXACT_QUESTIONS)
def test_a_missing_reason_reads_back_as_the_reason(code):
    columns = _by_question(BUILT.case_columns)[code]
    reason = SPEC.missing_codes[0].code
    assert _round_trip(columns, (None, reason)) == {code: (None, reason)}


def test_an_unanswered_question_reads_back_as_nothing():
    columns = _by_question(BUILT.case_columns)[EXACT_QUESTIONS[0]]
    assert _round_trip(columns, None) == {}


def test_a_date_comes_back_as_the_middle_of_its_band():
    dated = [c for c in BUILT.case_columns if c.derive == "days"]
    assert dated
    column = dated[0]
    written = column_value(column, (START + dt.timedelta(days=45), None), CASE, START)
    assert written == "31-90"  # the exact day never leaves
    back = answer_cells({column.name: written}, [column], SPEC, CASE, START)
    assert back[column.question][0] == START + dt.timedelta(days=60)
