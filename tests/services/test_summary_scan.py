"""The sequential answer scan (``isu.services.summary_scan``) against a row-by-row oracle, on a
real encrypted database with the rows that could fool a string-based scan: a separator and
control characters inside free text, missing reasons, codes no form version knows, answers
saved under another version, an edited case whose rows come later in storage, and cases
straddling the boundary between two ranges."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from isu.domain.answers import Answer
from isu.services import cases, demo, forms, summaries, summary_answers, summary_scan
from isu.services.workspace import init_database
from isu.summary.data import CaseCells, SummaryRequest
from tests.conftest import FAST_KDF

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    path = tmp_path_factory.mktemp("scan") / "scan.db"
    ws, _recovery = init_database(path, "admin", "admin-lösenord-1", kdf=FAST_KDF)
    forms.publish_default_form(ws)
    demo.populate(ws, demo.DemoOptions(cases=40, today=TODAY))
    text_code = "referred_by_other"  # free text
    v = forms.get_form(ws, "sig").version
    # An edited case: its rows are written again, after every other case's.
    detail = cases.get_case(ws, 3)
    cases.save_case(ws, 3, {**detail.answers, text_code: Answer("ändrad\x1fmed avskiljare")},
                    detail.repeats, today=TODAY)  # fmt: skip
    odd = [
        (5, text_code, 0, "\x01börjar med kontrolltecken", None, None, v),
        (6, text_code, 0, "\x02 17", None, None, v),
        (7, text_code, 0, "", None, None, v),
        (8, "okand_kod", 0, None, 4.5, None, v),
        (8, "okand_text", 0, "fri text", None, None, v),
        (9, "okand_kod", 2, "i en grupp", None, None, v),
        (10, "birth_year", 0, None, None, "uppgift_saknas", v),
        (11, "okand_kod", 0, "sparad under en annan version", None, None, v + 5),
        (12, "okand_kod", 0, "värde och skäl", None, "ej_aktuellt", v),
        (13, "intervention_status", 1, None, None, "uppgift_saknas", v),  # inside an item
    ]
    with ws.db.unit_of_work() as session:
        for case_id, code, instance, value_text, value_num, missing, version in odd:
            session.execute(
                text("DELETE FROM answers WHERE case_id = :c AND code = :k AND instance = :i"),
                {"c": case_id, "k": code, "i": instance},
            )
            session.execute(
                text(
                    "INSERT INTO answers (case_id, code, instance, repeat, value_text, value_num,"
                    " missing, form_version) VALUES (:c, :k, :i, NULL, :t, :n, :m, :v)"
                ),
                {"c": case_id, "k": code, "i": instance, "t": value_text, "n": value_num,
                 "m": missing, "v": version},
            )  # fmt: skip
    yield ws
    ws.close()


def oracle(ws, index_of, decoders, current):
    """The loader as it was: every row fetched and decoded one by one, in storage order."""
    group_of = {q.code: q.group for q in current.questions() if q.group}
    answers: dict[str, dict[int, tuple]] = {}
    item_rows: dict[tuple, dict] = {}
    with ws.db.reading() as session:
        rows = session.execute(
            text(
                "SELECT case_id, code, instance, coalesce(value_text, value_num), missing,"
                " form_version FROM answers ORDER BY id"
            )
        ).all()
    for case_id, code, instance, raw, missing, version in rows:
        if case_id not in index_of:
            continue
        known = decoders.get(version, {})
        target, decode = known.get(code, (code, None))
        value = raw if decode is None or raw is None else decode(raw)
        if instance == 0:
            answers.setdefault(target, {})[index_of[case_id]] = (value, missing)
        elif code in known and target in group_of:  # an unknown code has no group
            item = item_rows.setdefault((group_of[target], index_of[case_id], instance), {})
            item[target] = (value, missing)
    items: dict[str, list] = {}
    for (group, index, _instance), item in sorted(item_rows.items(), key=lambda e: e[0]):
        items.setdefault(group, []).append((index, item))
    return answers, items


def scanned_and_expected(ws, request):
    with ws.db.reading() as session:
        versions = forms.all_versions(session, "sig")
        current = versions[-1]
        decoders, _retired = summary_answers.decoders_for(current, versions)
        conditions = [summaries.CaseRecord.form_id == "sig", *summaries.case_conditions(request)]
        _cases, index_of = summary_answers.load_cases(session, conditions)
        scanned = summary_scan.load_answers(session, index_of, decoders, current)
    return scanned, oracle(ws, index_of, decoders, current)


@pytest.mark.parametrize("rows_per_range", [summary_scan.RANGE, 97, 5])
@pytest.mark.parametrize("request_", [SummaryRequest(), SummaryRequest(status="closed")])
def test_the_scan_reads_exactly_what_row_by_row_reading_does(
    ws, monkeypatch, rows_per_range, request_
):
    monkeypatch.setattr(summary_scan, "RANGE", rows_per_range)
    (answers, items), (expected_answers, expected_items) = scanned_and_expected(ws, request_)
    assert answers.keys() == expected_answers.keys()
    for code, cells in answers.items():
        assert isinstance(cells, CaseCells)
        assert dict(cells.items()) == expected_answers[code], code
        assert list(cells) == sorted(expected_answers[code]), code  # ascending case order
    assert items == expected_items


def test_the_odd_rows_are_really_there(ws):
    """The oracle sees the rows the fixture planted, so the comparison above is not empty."""
    (answers, items), _expected = scanned_and_expected(ws, SummaryRequest())
    assert 4.5 in {value for value, _ in answers["okand_kod"].values()}
    texts = {value for cells in answers.values() for value, _ in cells.values()}
    assert "ändrad\x1fmed avskiljare" in texts and "\x02 17" in texts and "" in texts
    assert ("värde och skäl", "ej_aktuellt") in answers["okand_kod"].values()
    assert any(missing == "uppgift_saknas" for _, missing in answers["birth_year"].values())
    statuses = [item.get("intervention_status") for rows in items.values() for _, item in rows]
    assert (None, "uppgift_saknas") in statuses


def test_case_cells_read_like_the_dict_they_replace():
    cells = CaseCells([2, 5, 9], [("a", None), (None, "uppgift_saknas"), ("a", None)])
    as_dict = {2: ("a", None), 5: (None, "uppgift_saknas"), 9: ("a", None)}
    assert cells == as_dict and dict(cells) == as_dict
    assert cells[5] == (None, "uppgift_saknas") and cells.get(3) is None
    assert 9 in cells and 4 not in cells and "x" not in cells
    assert list(cells.items()) == list(as_dict.items()) == list(cells.items())
    assert len(cells.values()) == 3 and list(cells.keys()) == [2, 5, 9]
    with pytest.raises(KeyError):
        cells[10]
