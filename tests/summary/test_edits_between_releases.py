"""Editing answers between two outputs over the same cases (issue #15): the two outputs'
difference shows how those few cases changed. Release control keeps each released case's
revision (its save counter) and refuses an output over cases saved since an earlier
release when the changed cases, with any added or removed, are 1..k−1 (rule E). A real
encrypted demo database; the attack is shown on the exact tables first."""

from __future__ import annotations

import dataclasses
import json
import struct
import zlib

import pytest
from sqlalchemy import delete, select

from isu.db.models import AuditRecord, CaseRecord, ReleaseRecord
from isu.domain.answers import Answer
from isu.services import cases, releases, summaries
from isu.summary import populations
from isu.summary.data import SummaryRequest
from isu.summary.populations import Populations, edited_cases, find_conflict
from tests.export_service.support import TODAY, demo_db

K = 5
REQUEST = SummaryRequest()


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    workspace = demo_db(tmp_path_factory.mktemp("edits") / "demo.db", cases=120)
    yield workspace
    workspace.close()


def _forget_releases(ws) -> None:
    with ws.db.unit_of_work() as session:
        session.execute(delete(ReleaseRecord))


def _case_ids(ws) -> list[int]:
    """Closed cases: in every population an output counts (all, started, closed)."""
    with ws.db.reading() as session:
        query = select(CaseRecord.id).where(CaseRecord.status == "closed")
        return list(session.execute(query.order_by(CaseRecord.id)).scalars())


def _edit(ws, case_id: int, code: str = "risk_level") -> None:
    """Change one single-choice answer of the case to another of its choices."""
    case = cases.get_case(ws, case_id)
    answers = dict(case.answers)
    current = answers.get(code, Answer()).value
    answers[code] = Answer("hog" if current != "hog" else "lag")
    cases.save_case(ws, case_id, answers, case.repeats, today=TODAY)


def _counts(report) -> dict:
    return {t.key: t.values for t in report.tables() if t.key == "q.risk_level"}


def test_one_edit_shows_in_the_difference_of_two_exact_summaries(ws):
    """The attack: the same selection before and after one case is edited differs in
    exactly the cells of that case's old and new answer."""
    before = _counts(summaries.build(ws, REQUEST, today=TODAY))
    answered = [  # counted: an instrument was used (the question's skip logic)
        i
        for i in _case_ids(ws)
        if cases.get_case(ws, i).answers.get("risk_instrument", Answer()).value
        not in (None, "inget")
    ]
    _edit(ws, answered[0])
    after = _counts(summaries.build(ws, REQUEST, today=TODAY))
    moved = [
        (a[0], b[0])
        for a, b in zip(before["q.risk_level"], after["q.risk_level"], strict=True)
        if a != b
    ]
    assert len(moved) in (1, 2) and {b - a for a, b in moved} <= {-1, 1}


def test_the_same_summary_after_a_few_edits_is_refused_and_after_k_it_is_not(ws):
    _forget_releases(ws)
    summaries.protected(ws, REQUEST, today=TODAY)
    ids = _case_ids(ws)
    _edit(ws, ids[1])
    with pytest.raises(releases.ReleaseRefused) as refused:
        summaries.protected(ws, REQUEST, today=TODAY)
    assert "ett ärende" in refused.value.sv and "one case" in refused.value.en
    with ws.db.reading() as session:
        last = session.execute(
            select(AuditRecord).order_by(AuditRecord.id.desc()).limit(1)
        ).scalar_one()
    assert last.action == "release_refused" and json.loads(last.detail)["rule"] == "E"
    for case_id in ids[2 : 1 + K]:  # k cases edited in all: as different as k new cases
        _edit(ws, case_id)
    summaries.protected(ws, REQUEST, today=TODAY)
    assert len(releases.history(ws)) == 2


def test_an_unedited_repeat_is_no_new_release(ws):
    _forget_releases(ws)
    summaries.protected(ws, REQUEST, today=TODAY)
    summaries.protected(ws, REQUEST, today=TODAY)
    assert len(releases.history(ws)) == 1


def test_an_edit_isolated_by_combining_three_outputs_is_refused():
    """Rule A sees an edited case as a new one: "all" now minus "all" before minus the
    cases added since would leave only the edit."""
    old = Populations(("all",), (0b1111111111,)).with_revisions(dict.fromkeys(range(10), 1))
    added = Populations(("all",), (0b11111 << 10,)).with_revisions(dict.fromkeys(range(10, 15), 1))
    revisions = dict.fromkeys(range(15), 1) | {3: 2}  # case 3 saved since
    new = Populations(("all",), ((1 << 15) - 1,)).with_revisions(revisions)
    conflict = find_conflict(new, [(1, old), (2, added)], K)
    assert conflict is not None and conflict.rule in ("A", "B")
    unedited = Populations(("all",), ((1 << 15) - 1,)).with_revisions(dict.fromkeys(range(15), 1))
    assert find_conflict(unedited, [(1, old), (2, added)], K) is None
    assert Populations.decode(new.encode()) == new
    assert dataclasses.replace(new, revisions=b"").digest() != new.digest()


def test_releases_recorded_before_revisions_still_decode():
    legacy = Populations(("all",), (0b111111,))
    header = json.dumps({"labels": ["all"], "sizes": [1]}).encode()
    blob = populations.MAGIC + zlib.compress(struct.pack("<I", len(header)) + header + b"\x3f")
    assert Populations.decode(blob) == legacy
    assert edited_cases(legacy, [(1, legacy)]) == {}  # no revisions: nothing to compare
