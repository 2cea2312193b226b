"""The batch import through the services layer, on real encrypted databases: the SIG form
and a generic questionnaire, CSV with either separator and XLSX; every problem before any
write; all cases or none."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from isu.domain.answers import Answer
from isu.domain.model import CaseStatus
from isu.errors import PermissionDenied, UserError
from isu.services import audit, case_import, cases
from tests.case_import.conftest import (
    ENKAT_HEADER,
    ENKAT_ROWS,
    SIG_HEADER,
    SIG_ROWS,
    TODAY,
    write_csv,
    write_xlsx,
)


def _entries(ws):
    with ws.db.reading() as session:
        return audit.entries(session)


def _detail(ws, number):
    return cases.get_case(ws, cases.case_id_by_number(ws, number, "show"))


def _found(check) -> set[tuple[int, str]]:
    return {(p.row, p.column) for p in check.errors}


def test_sig_csv_with_semicolons_becomes_the_coordinators_own_cases(coordinator, tmp_path):
    path = write_csv(tmp_path / "sig.csv", SIG_HEADER, SIG_ROWS)
    check = case_import.check_import(coordinator, path, "sig", today=TODAY)
    assert check.ok, [(p.row, p.column, p.message.en) for p in check.problems]
    assert (check.rows, check.generated_numbers) == (3, 1)
    result = case_import.write_import(coordinator, check, today=TODAY)
    assert (result.created, result.closed) == (3, 1)
    first = _detail(coordinator, "S-1")
    assert first.coordinator_id == coordinator.user.id
    assert first.answers["actors"].value == ("polis", "skola")  # "polis|skola"
    assert first.answers["drug_use"] == Answer(None, "vill_ej_svara")
    assert first.answers["consent_youth"].value is True
    assert first.answers["age_at_start"].value == 16  # computed, as register_case does
    second = _detail(coordinator, "S-2")
    assert second.status is CaseStatus.CLOSED
    assert second.answers["closure_reason"].value == "plan_genomford"
    suggested = _detail(coordinator, "2026-0001")  # the row without a number
    assert suggested.answers["gender"].value == "flicka_kvinna"  # from its label
    assert suggested.answers["case_number"].value == "2026-0001"


def test_the_sig_form_from_xlsx(coordinator, tmp_path):
    rows = [[dt.date.fromisoformat(v) if v[:2] == "20" and "-" in v else v for v in row]
            for row in SIG_ROWS]  # fmt: skip
    path = write_xlsx(tmp_path / "sig.xlsx", SIG_HEADER, rows)
    check, result = case_import.import_file(coordinator, path, "sig", today=TODAY)
    assert check.ok and (result.created, result.closed) == (3, 1)
    assert _detail(coordinator, "S-2").answers["closure_date"].value == dt.date(2026, 5, 1)


def test_the_import_is_one_audit_entry_with_count_and_file_hash_and_no_case_number(
    coordinator, tmp_path
):
    path = write_csv(tmp_path / "sig.csv", SIG_HEADER, SIG_ROWS)
    before = len(_entries(coordinator))
    case_import.import_file(coordinator, path, "sig", today=TODAY)
    new = _entries(coordinator)[before:]
    assert [e.action for e in new] == ["cases_imported"]
    detail = json.loads(new[0].detail)
    assert detail["count"] == 3 and detail["form"] == "sig"
    assert detail["file_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert not any(n in new[0].detail + new[0].target for n in ("S-1", "S-2", "2026-0001"))


def test_a_generic_form_from_csv_with_commas_and_a_bom(ws, tmp_path):
    path = write_csv(tmp_path / "enkat.csv", ENKAT_HEADER, ENKAT_ROWS, delimiter=",", bom=True)
    check, result = case_import.import_file(ws, path, "enkat", today=TODAY)
    assert check.ok and result.created == 3
    first = _detail(ws, "K-1")
    assert first.form_id == "enkat"
    assert first.answers["stod"].value == ("samtal", "annat")
    assert first.answers["andel"].value == 12.5
    assert first.answers["summa"].value == 16  # computed: antal 12 + nojd 4
    second = _detail(ws, "K-2")
    assert second.answers["antal"] == Answer(None, "uppgift_saknas")
    assert second.answers["andel"].value == 3.5  # a decimal comma, quoted in the CSV
    assert second.answers["har_grupp"].value is False


def test_a_generic_form_from_xlsx_with_real_cell_types(ws, tmp_path):
    rows = [
        ["K-1", "Umeå", dt.datetime(2026, 3, 1), True, 12, "grupp", None, 3, 0.25],
        ["K-2", "Kiruna", dt.date(2026, 3, 2), 0, 7.0, "samtal|grupp", None, None, None],
    ]
    path = write_xlsx(tmp_path / "enkat.xlsx", ENKAT_HEADER, rows)
    check, result = case_import.import_file(ws, path, "enkat", today=TODAY)
    assert check.ok, [(p.row, p.column, p.message.en) for p in check.problems]
    assert result.created == 2
    first = _detail(ws, "K-1")
    assert first.answers["besvarad"].value == dt.date(2026, 3, 1)
    assert first.answers["har_grupp"].value is True
    assert first.answers["andel"].value == 0.25
    assert _detail(ws, "K-2").answers["antal"].value == 7  # 7.0 in the sheet


def test_a_dry_run_writes_nothing(ws, tmp_path):
    path = write_csv(tmp_path / "enkat.csv", ENKAT_HEADER, ENKAT_ROWS)
    before = len(_entries(ws))
    check, result = case_import.import_file(ws, path, "enkat", dry_run=True, today=TODAY)
    assert check.ok and len(check.cases) == 3 and result is None
    assert cases.count_cases(ws) == 0
    assert len(_entries(ws)) == before


def test_every_problem_is_reported_with_row_and_column_before_anything_is_written(ws, tmp_path):
    cases.register_case(ws, "K-9", form_id="enkat", today=TODAY)
    header = [*ENKAT_HEADER, "antal__missing", "färg", "summa", "traff_datum", "kommun"]
    good = ["Uppsala", "2026-03-01", "1", "12", "samtal", "", "4", "1"]
    rows = [
        ["K-1", *good, "", "", "", "", ""],  # row 2: fine
        ["K-1", *good, "", "", "", "", ""],  # row 3: the same number again
        ["K-9", *good, "", "", "", "", ""],  # row 4: a number the database has
        ["198704121234", *good, "", "", "", "", ""],  # row 5: a personnummer
        ["K-6", "Ort", "2026-13-01", "kanske", "tolv", "xyz", "", "9", "", "", "", "", "", ""],
        ["K-7", "Ort", "2027-01-01", "1", "900", "", "", "", "x", "", "", "", "", ""],
        ["K-8", "Ort", "", "1", "", "", "", "", "", "ej_aktuellt", "", "", "", "", "extra"],
        ["K-10", "Ort", "", "1", "5", "", "", "", "", "uppgift_saknas", "", "", "", ""],
    ]
    path = write_csv(tmp_path / "fel.csv", header, rows)
    check = case_import.check_import(ws, path, "enkat", today=TODAY)
    found = _found(check)
    expected = {
        (1, "färg"),  # unknown column
        (1, "summa"),  # computed
        (1, "traff_datum"),  # in a repeat group
        (1, "kommun"),  # the second kommun column
        (3, "case_number"),  # duplicate in the file
        (4, "case_number"),  # duplicate against the database
        (5, "case_number"),  # looks like a personnummer
        (6, "besvarad"),  # bad date
        (6, "har_grupp"),  # wrong type (yes/no)
        (6, "antal"),  # wrong type (integer)
        (6, "stod"),  # unknown choice code
        (6, "nojd"),  # scale out of range
        (7, "besvarad"),  # the form's rule: not in the future
        (7, "antal"),  # the form's rule: at most 500
        (7, "andel"),  # not a number
        (8, "antal__missing"),  # a missing reason the question does not allow
        (8, ""),  # more cells than the header
        (9, "antal__missing"),  # both a value and a missing reason
    }
    assert found == expected, found ^ expected
    assert all(p.message.sv and p.message.en and p.message.sv != p.message.en for p in check.errors)
    assert "Okänd kolumn" in next(p.message.sv for p in check.errors if p.column == "färg")
    with pytest.raises(UserError, match="errors"):
        case_import.write_import(ws, check, today=TODAY)
    assert cases.count_cases(ws) == 1  # only K-9
    # Learning which numbers exist is what a probing user gets from a check: it is logged,
    # as a count, never the numbers themselves.
    probe = [e for e in _entries(ws) if e.action == "case_import_refused"]
    assert len(probe) == 1 and json.loads(probe[0].detail)["count"] == 1
    assert "K-9" not in probe[0].detail + probe[0].target


def test_sig_closure_rules_and_skip_logic(ws, tmp_path):
    rows = [
        # closure before start: an error, as close_case refuses it
        ["S-1", "2026-01-10", "2026-02-01", "pojke_man", "2010", "", "", "1", "", "", "2026-01-15",
         "flyttat"],
        # a start date although consent is no: skip logic warns, the answer is kept
        ["S-2", "2026-01-10", "2026-02-01", "pojke_man", "2010", "", "", "0", "", "", "", ""],
        # a closure date without a reason: stays ongoing, with a warning
        ["S-3", "2026-01-10", "2026-02-01", "pojke_man", "2010", "", "", "1", "", "", "2026-03-01",
         ""],
    ]  # fmt: skip
    path = write_csv(tmp_path / "sig.csv", SIG_HEADER, rows)
    check = case_import.check_import(ws, path, "sig", today=TODAY)
    assert _found(check) == {(2, "closure_date")}
    assert {(p.row, p.column) for p in check.warnings} >= {(3, "start_date"), (4, "closure_date")}
    path = write_csv(tmp_path / "sig2.csv", SIG_HEADER, rows[1:])
    check, result = case_import.import_file(ws, path, "sig", today=TODAY)
    assert result.created == 2 and result.closed == 0
    assert _detail(ws, "S-2").answers["start_date"].value == dt.date(2026, 2, 1)
    assert _detail(ws, "S-3").status is CaseStatus.ONGOING


def test_a_unit_head_may_not_import_and_the_refusal_is_audited(ws, unit_head, tmp_path):
    path = write_csv(tmp_path / "enkat.csv", ENKAT_HEADER, ENKAT_ROWS)
    with pytest.raises(PermissionDenied):
        case_import.check_import(unit_head, path, "enkat", today=TODAY)
    checked = case_import.check_import(ws, path, "enkat", today=TODAY)  # by the admin
    with pytest.raises(PermissionDenied):  # the write decides again, not only the check
        case_import.write_import(unit_head, checked, today=TODAY)
    assert cases.count_cases(ws) == 0
    refused = [e for e in _entries(ws) if e.action == "case_import_refused"]
    assert len(refused) == 2 and all(e.actor == "chef" for e in refused)


def test_a_failure_at_row_n_leaves_no_case(ws, tmp_path):
    rows = [[f"K-{i}", "Ort", "", "1", str(i), "", "", "", ""] for i in range(1, 6)]
    path = write_csv(tmp_path / "enkat.csv", ENKAT_HEADER, rows)
    check = case_import.check_import(ws, path, "enkat", today=TODAY)
    assert check.ok
    cases.register_case(ws, "K-4", form_id="enkat", today=TODAY)  # taken after the check
    with pytest.raises(UserError, match="Row 5") as caught:
        case_import.write_import(ws, check, today=TODAY, batch_size=2)  # K-1, K-2 flushed
    assert "Rad 5" in caught.value.sv
    assert [r.case_number for r in cases.list_cases(ws).rows] == ["K-4"]
    assert _entries(ws)[-1].action == "case_import_failed"


def test_cancelling_leaves_no_case(ws, tmp_path):
    rows = [[f"K-{i}", "Ort", "", "1", str(i), "", "", "", ""] for i in range(1, 6)]
    path = write_csv(tmp_path / "enkat.csv", ENKAT_HEADER, rows)
    check = case_import.check_import(ws, path, "enkat", today=TODAY)
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return done < 4  # cancel at the second report

    with pytest.raises(case_import.ImportCancelled):
        case_import.write_import(ws, check, today=TODAY, progress=progress, batch_size=2)
    assert seen == [(2, 5), (4, 5)]
    assert cases.count_cases(ws) == 0


def test_suggested_numbers_follow_the_highest_in_the_database_and_the_file(ws, tmp_path):
    cases.register_case(ws, "2026-0003", form_id="enkat", today=TODAY)
    rows = [[n, "Ort", "", "1", "", "", "", "", ""] for n in ("", "2026-0007", "")]
    path = write_csv(tmp_path / "enkat.csv", ENKAT_HEADER, rows)
    check = case_import.check_import(ws, path, "enkat", today=TODAY)
    assert [c.case_number for c in check.cases] == ["2026-0008", "2026-0007", "2026-0009"]
    assert [c.generated_number for c in check.cases] == [True, False, True]


def test_without_a_case_number_column_every_number_is_suggested(ws, tmp_path):
    path = write_csv(tmp_path / "enkat.csv", ENKAT_HEADER[1:], [r[1:] for r in ENKAT_ROWS])
    check, result = case_import.import_file(ws, path, "enkat", today=TODAY)
    assert result.created == 3 and check.generated_numbers == 3
    numbers = sorted(r.case_number for r in cases.list_cases(ws).rows)
    assert numbers == ["2026-0001", "2026-0002", "2026-0003"]


KILL_DURING_IMPORT = """
import os, signal
from isu.services import case_import
from isu.services.sign_in import login

ws = login(sys.argv[1], sys.argv[2], sys.argv[3])
check = case_import.check_import(ws, sys.argv[4], "enkat")
assert check.ok, check.problems

def progress(done, total):
    if done >= 4:  # four cases flushed into the open transaction: die without a word
        os.kill(os.getpid(), signal.SIGKILL)
    return True

case_import.write_import(ws, check, progress=progress, batch_size=2)
"""


def test_a_process_killed_in_the_middle_of_an_import_leaves_no_case(ws, tmp_path):
    from tests.conftest import ADMIN, ADMIN_PASSWORD
    from tests.reliability.support import run_python

    rows = [[f"K-{i}", "Ort", "", "1", str(i), "", "", "", ""] for i in range(1, 7)]
    path = write_csv(tmp_path / "enkat.csv", ENKAT_HEADER, rows)
    done = run_python(KILL_DURING_IMPORT, str(ws.path), ADMIN, ADMIN_PASSWORD, str(path))
    assert done.returncode == -9, done.stderr
    assert cases.count_cases(ws) == 0
    with ws.db.reading() as session:
        assert audit.first_broken_entry(session) is None
        assert not any(e.action == "cases_imported" for e in audit.entries(session))


def _stored(ws, number):
    from sqlalchemy import select

    from isu.db.models import AnswerRecord, CaseRecord

    with ws.db.reading() as session:
        case = session.execute(
            select(CaseRecord).where(CaseRecord.case_number == number)
        ).scalar_one()
        skip = {"id", "case_number", "created_at", "updated_at"}
        names = [c.name for c in CaseRecord.__table__.columns if c.name not in skip]
        row = {name: getattr(case, name) for name in names}
        answers = session.execute(
            select(AnswerRecord.code, AnswerRecord.instance, AnswerRecord.value_text,
                   AnswerRecord.value_num, AnswerRecord.missing)
            .where(AnswerRecord.case_id == case.id, AnswerRecord.code != "case_number")
            .order_by(AnswerRecord.code)
        ).all()  # fmt: skip
    return row, answers


def test_an_imported_case_is_stored_exactly_as_register_case_stores_it(ws, tmp_path):
    from isu.services import settings

    settings.save(ws, municipality="0180", unit="Söder")  # defaults the file leaves empty
    path = write_csv(tmp_path / "sig.csv", SIG_HEADER, SIG_ROWS[:2])
    case_import.import_file(ws, path, "sig", today=TODAY)
    check = case_import.check_import(ws, path, "sig", today=TODAY)  # the same answers, parsed
    for planned, number in zip(check.cases, ("S-1", "S-2"), strict=True):
        result = cases.register_case(ws, f"R{number}", answers=planned.answers, today=TODAY)
        if planned.closed:
            detail = cases.get_case(ws, result.case_id)
            cases.close_case(
                ws, result.case_id, detail.answers["closure_date"].value,
                detail.answers["closure_reason"].value, today=TODAY,
            )  # fmt: skip
        imported, registered = _stored(ws, number), _stored(ws, f"R{number}")
        imported[0].pop("revision"), registered[0].pop("revision")  # close_case saves again
        assert imported == registered
        assert imported[0]["municipality"] == "0180" and imported[0]["unit"] == "Söder"
