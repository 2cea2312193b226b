"""Bulk import (``case_bulk.import_cases``, used by ``isu demo``): it writes exactly what saving
each case on its own writes, and it streams, holding one batch of a generator at a time."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import text

from isu.services import case_bulk, case_store, cases, demo, forms
from isu.services.case_bulk import NewCase
from isu.services.workspace import init_database
from tests.conftest import FAST_KDF

TODAY = dt.date(2026, 6, 1)


def new_ws(path):
    ws, _recovery = init_database(path, "admin", "admin-lösenord-1", kdf=FAST_KDF)
    forms.publish_default_form(ws)
    return ws


def synthetic(spec, count, seed=3):
    rng = random.Random(seed)
    for number in range(1, count + 1):
        answers, repeats, closed = demo.synthetic_case(spec, rng, TODAY, str(number))
        yield NewCase(f"T-{number:04d}", answers, repeats, closed)


def table(ws, sql):
    with ws.db.reading() as session:
        return [tuple(row) for row in session.execute(text(sql))]


CASES_SQL = (
    "SELECT id, case_number, form_id, form_version, coordinator_id, status, unit, municipality,"
    " referral_date, start_date, closure_date, closure_reason, gender, birth_year, age_band,"
    " phases_complete, warnings, revision FROM cases ORDER BY id"
)
ANSWERS_SQL = (
    "SELECT case_id, code, instance, repeat, value_text, value_num, missing, form_version"
    " FROM answers ORDER BY case_id, code, instance"
)


def test_bulk_import_writes_what_saving_case_by_case_writes(tmp_path):
    bulk, single = new_ws(tmp_path / "bulk.db"), new_ws(tmp_path / "single.db")
    try:
        spec = forms.get_form(bulk, "sig")
        assert case_bulk.import_cases(bulk, synthetic(spec, 25), batch_size=7, today=TODAY) == 25
        with single.db.unit_of_work() as session:  # the way import_cases used to save
            for item in synthetic(spec, 25):
                record = case_store.new_case_record(
                    session, spec, item.case_number, single.user.id, closed=item.closed
                )
                answers = case_store.with_case_number(spec, item.answers, item.case_number)
                case_store.store_answers(session, spec, record, answers, item.repeats, TODAY)
        expected_cases = table(single, CASES_SQL)
        assert len(expected_cases) == 25 and {c[5] for c in expected_cases} >= {"closed"}
        assert table(bulk, CASES_SQL) == expected_cases
        expected_answers = table(single, ANSWERS_SQL)
        assert len(expected_answers) > 25 * 30
        assert table(bulk, ANSWERS_SQL) == expected_answers
    finally:
        bulk.close()
        single.close()


def test_bulk_import_holds_one_batch_of_a_generator(tmp_path):
    ws = new_ws(tmp_path / "stream.db")
    try:
        spec = forms.get_form(ws, "sig")
        pulled = [0]
        ahead = []

        def counted():
            for item in synthetic(spec, 23):
                pulled[0] += 1
                yield item

        def progress(done, total):
            ahead.append(pulled[0] - done)
            assert total == 23

        case_bulk.import_cases(
            ws, counted(), batch_size=5, today=TODAY, progress=progress, total=23
        )
        assert len(ahead) == 5 and max(ahead) <= 1  # at most the next case is read ahead
        assert cases.count_cases(ws) == 23
    finally:
        ws.close()


def test_a_refused_case_number_stops_the_import_with_a_clear_error(tmp_path):
    ws = new_ws(tmp_path / "refused.db")
    try:
        spec = forms.get_form(ws, "sig")
        item = next(synthetic(spec, 1))
        bad = NewCase("1985010112345", item.answers, item.repeats)  # like a personnummer
        with pytest.raises(cases.UserError) as refused:
            case_bulk.import_cases(ws, [item, bad], today=TODAY)
        assert "personnummer" in refused.value.message("sv")
        assert cases.count_cases(ws) == 0  # the whole batch is rolled back
    finally:
        ws.close()
