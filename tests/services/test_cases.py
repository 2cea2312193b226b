"""Cases through the services layer on a real encrypted database with the real SIG form."""

import datetime as dt

import pytest

from isu.domain.answers import Answer
from isu.domain.model import CaseQuery, CaseStatus
from isu.domain.roles import Role
from isu.errors import PermissionDenied, UserError
from isu.services import case_access, case_store, cases, settings, users
from isu.services.sign_in import login
from tests.backends import file_only

TODAY = dt.date(2026, 6, 1)
CANARIES = ("Kanarie-Fågel-7Q2X", "19870412-1234", "Svante Svensson-Zettergren")


def _before_answers(**extra):
    answers = {
        "referral_date": Answer(dt.date(2026, 1, 10)),
        "consent_youth": Answer(True),
        "start_date": Answer(dt.date(2026, 2, 1)),
        "gender": Answer("flicka_kvinna"),
        "birth_year": Answer(2010),
        "risk_level": Answer("hog"),
        "need_school": Answer("stort"),
    }
    answers.update(extra)
    return answers


def test_register_save_read_back(admin_ws):
    number = cases.suggest_case_number(admin_ws, TODAY)
    assert number == "2026-0001"
    result = cases.register_case(admin_ws, number, answers=_before_answers(), today=TODAY)
    detail = cases.get_case(admin_ws, result.case_id)
    assert detail.case_number == "2026-0001"
    assert detail.answers["gender"].value == "flicka_kvinna"
    assert detail.answers["age_at_start"].value == 16  # computed: 2026 - 2010
    assert detail.answers["age_band"].value == "15-17"
    assert detail.status is CaseStatus.ONGOING
    assert cases.suggest_case_number(admin_ws, TODAY) == "2026-0002"


def test_repeat_groups_and_missing_reasons_round_trip(admin_ws):
    result = cases.register_case(admin_ws, "A-1", today=TODAY)
    interventions = [
        {"intervention_type": Answer("mentor"), "intervention_status": Answer("paborjad")},
        {"intervention_type": Answer("skolinsats"), "intervention_status": Answer("genomford")},
    ]
    answers = _before_answers(drug_use=Answer(None, "vill_ej_svara"))
    cases.save_case(
        admin_ws,
        result.case_id,
        answers,
        {"interventions": interventions},
        expected_revision=result.revision,
        today=TODAY,
    )
    detail = cases.get_case(admin_ws, result.case_id)
    assert [i["intervention_type"].value for i in detail.repeats["interventions"]] == [
        "mentor",
        "skolinsats",
    ]
    assert detail.answers["drug_use"] == Answer(None, "vill_ej_svara")


def test_stale_revision_is_a_conflict_not_a_silent_overwrite(admin_ws):
    result = cases.register_case(admin_ws, "A-2", today=TODAY)
    cases.save_case(admin_ws, result.case_id, _before_answers(), {}, today=TODAY)
    with pytest.raises(case_store.CaseConflict):
        cases.save_case(admin_ws, result.case_id, {}, {}, expected_revision=result.revision)


def test_warnings_never_block_a_save(admin_ws):
    result = cases.register_case(admin_ws, "A-3", answers={"birth_year": Answer(1850)}, today=TODAY)
    assert result.warnings > 0
    assert "before" not in result.phases_complete
    assert cases.get_case(admin_ws, result.case_id).answers["birth_year"].value == 1850


def test_close_and_reopen(admin_ws):
    result = cases.register_case(admin_ws, "A-4", answers=_before_answers(), today=TODAY)
    with pytest.raises(UserError):
        cases.close_case(admin_ws, result.case_id, dt.date(2026, 1, 1), "plan_genomford")
    with pytest.raises(UserError):
        cases.close_case(admin_ws, result.case_id, dt.date(2026, 5, 1), "no-such-reason")
    cases.close_case(admin_ws, result.case_id, dt.date(2026, 5, 1), "plan_genomford", today=TODAY)
    detail = cases.get_case(admin_ws, result.case_id)
    assert detail.status is CaseStatus.CLOSED
    assert detail.answers["closure_reason"].value == "plan_genomford"
    cases.reopen_case(admin_ws, result.case_id, today=TODAY)
    detail = cases.get_case(admin_ws, result.case_id)
    assert detail.status is CaseStatus.ONGOING
    assert "closure_date" not in detail.answers
    assert detail.answers["gender"].value == "flicka_kvinna"


def test_personnummer_is_refused_as_case_number(admin_ws):
    with pytest.raises(UserError, match="personal identity number"):
        cases.register_case(admin_ws, "198704121234")


def test_case_list_filters_sorts_and_pages_in_sql(admin_ws):
    for i, start in enumerate(["2026-01-05", "2025-03-01", "2024-07-15"]):
        answers = _before_answers(
            start_date=Answer(dt.date.fromisoformat(start)),
            referral_date=Answer(dt.date.fromisoformat(start)),
        )
        cases.register_case(admin_ws, f"L-{i}", answers=answers, today=TODAY)
    page = cases.list_cases(admin_ws, CaseQuery(sort="start_date", descending=False))
    assert [r.case_number for r in page.rows] == ["L-2", "L-1", "L-0"]
    page = cases.list_cases(admin_ws, CaseQuery(search="L-1"))
    assert [r.case_number for r in page.rows] == ["L-1"]
    page = cases.list_cases(admin_ws, CaseQuery(period_from=dt.date(2026, 1, 1)))
    assert page.total == 3  # none closed, so all are active in 2026
    page = cases.list_cases(admin_ws, CaseQuery(period_to=dt.date(2025, 1, 1)))
    assert [r.case_number for r in page.rows] == ["L-2"]
    page = cases.list_cases(
        admin_ws, CaseQuery(limit=2, offset=2, sort="case_number", descending=False)
    )
    assert [r.case_number for r in page.rows] == ["L-2"] and page.total == 3


@pytest.mark.server_users
def test_roles_are_enforced_in_the_services(db_location, admin_ws):
    users.add_user(admin_ws, "sara", "saras-lösenord", Role.COORDINATOR)
    users.add_user(admin_ws, "johan", "johans-lösenord", Role.COORDINATOR)
    users.add_user(admin_ws, "eva", "evas-lösenord", Role.UNIT_HEAD)
    sara, johan, eva = (login(db_location, n, f"{n}s-lösenord") for n in ("sara", "johan", "eva"))
    try:
        own = cases.register_case(sara, "S-1", answers=_before_answers(), today=TODAY)
        with pytest.raises(case_access.CaseUnavailable):
            cases.get_case(johan, own.case_id)
        with pytest.raises(case_access.CaseUnavailable):
            cases.save_case(johan, own.case_id, {}, {})
        assert cases.list_cases(johan).total == 0
        assert cases.list_cases(eva).total == 1  # the unit head sees the unit's list ...
        with pytest.raises(case_access.CaseUnavailable):
            cases.get_case(eva, own.case_id)  # ... but not the details, unless allowed
        with pytest.raises(PermissionDenied):
            cases.register_case(eva, "E-1")
        settings.save(admin_ws, unit_head_reads_cases=True, shared_access=True)
        assert cases.get_case(eva, own.case_id).case_number == "S-1"
        with pytest.raises(case_access.CaseUnavailable):
            cases.save_case(eva, own.case_id, {}, {})
        assert cases.get_case(johan, own.case_id).case_number == "S-1"
    finally:
        for ws in (sara, johan, eva):
            ws.close()


@file_only
def test_no_plaintext_answers_in_the_database_files(db_path, admin_ws, tmp_path):
    """Canary strings written as answers must not appear in the file, its WAL or SHM, or in
    any other file the program left in the folder, in any common encoding."""
    answers = _before_answers(
        referred_by=Answer("annan"),
        referred_by_other=Answer(CANARIES[0]),
        sig_reason=Answer(("annan",)),
        sig_reason_other=Answer(CANARIES[1]),
        exp_comment=Answer(CANARIES[2]),
    )
    # Keep a reader open so SQLite cannot fold the WAL back and delete it before we look.
    holder = admin_ws.db.engine.connect()
    holder.exec_driver_sql("SELECT count(*) FROM cases").all()
    result = cases.register_case(admin_ws, "K-1", answers=answers, today=TODAY)
    assert cases.get_case(admin_ws, result.case_id).answers["exp_comment"].value == CANARIES[2]
    contents = {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    holder.close()
    assert any(name.endswith("-wal") for name in contents)  # the WAL is checked too
    for name, data in contents.items():
        for canary in CANARIES:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be", "latin-1"):
                assert canary.encode(encoding, "ignore") not in data, (name, canary)


@pytest.mark.server_users
def test_coordinators_summarise_only_their_own_cases(db_location, admin_ws):
    from isu.services import summaries

    users.add_user(admin_ws, "sara", "saras-lösenord", Role.COORDINATOR)
    users.add_user(admin_ws, "johan", "johans-lösenord", Role.COORDINATOR)
    sara = login(db_location, "sara", "saras-lösenord")
    johan = login(db_location, "johan", "johans-lösenord")
    try:
        cases.register_case(sara, "S-1", answers=_before_answers(), today=TODAY)
        cases.register_case(sara, "S-2", answers=_before_answers(), today=TODAY)
        cases.register_case(johan, "J-1", answers=_before_answers(), today=TODAY)
        assert len(summaries.load_summary_data(sara).cases) == 2
        assert len(summaries.load_summary_data(johan).cases) == 1
        assert len(summaries.load_summary_data(admin_ws).cases) == 3
        settings.save(admin_ws, shared_access=True)
        assert len(summaries.load_summary_data(johan).cases) == 3
    finally:
        sara.close()
        johan.close()


# -- the optimistic version check (issue #17.4), two real workspaces on one file ------------
@pytest.fixture
def two_sessions(db_path, admin_ws):
    """Sara (coordinator, sharing on) and the administrator, each signed in on their own
    (on the file; the server's own race test is in tests/server/test_security_services.py)."""
    users.add_user(admin_ws, "sara", "saras-lösenord", Role.COORDINATOR, display_name="Sara S")
    settings.save(admin_ws, shared_access=True)
    admin_ws.close()
    sara = login(db_path, "sara", "saras-lösenord")
    admin = login(db_path, "admin", "admin-lösenord-1")
    yield sara, admin
    sara.close()
    admin.close()


def _entries(ws, action):
    from isu.services import audit

    with ws.db.reading() as session:
        return [e for e in audit.entries(session) if e.action == action]


@file_only
def test_a_second_save_is_refused_naming_who_changed_the_case_and_when(two_sessions):
    sara, admin = two_sessions
    case_id = cases.register_case(sara, "V-1", answers=_before_answers(), today=TODAY).case_id
    hers, mine = cases.get_case(sara, case_id), cases.get_case(admin, case_id)
    assert hers.revision == mine.revision == 1
    theirs = {**hers.answers, "risk_level": Answer("lag")}
    saved = cases.save_case(sara, case_id, theirs, {}, expected_revision=hers.revision)
    assert saved.revision == 2
    stale = {**mine.answers, "risk_level": Answer("mattlig"), "need_school": Answer("litet")}
    with pytest.raises(case_store.CaseConflict) as conflict:
        cases.save_case(admin, case_id, stale, {}, expected_revision=mine.revision)
    message = conflict.value.message("sv")
    assert "Sara S" in message and conflict.value.changed_by == "Sara S"
    stamp = cases.get_case(admin, case_id).updated_at
    assert dt.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M") in message
    assert "inte sparats" in message and "finns kvar" in message
    now = cases.get_case(admin, case_id)  # Sara's save stands, nothing of the stale one
    assert now.revision == 2
    assert now.answers["risk_level"].value == "lag" and now.answers["need_school"].value == "stort"
    (failed,) = _entries(admin, "case_save_failed")
    assert "CaseConflict" in failed.detail and failed.actor == "admin"
    # Closing and reopening check the version the same way.
    with pytest.raises(case_store.CaseConflict):
        cases.close_case(admin, case_id, TODAY, "plan_genomford", expected_revision=1)
    assert cases.get_case(sara, case_id).status is CaseStatus.ONGOING
    closed = cases.close_case(admin, case_id, TODAY, "plan_genomford", expected_revision=2)
    with pytest.raises(case_store.CaseConflict, match="admin"):
        cases.reopen_case(sara, case_id, expected_revision=2)
    assert cases.reopen_case(sara, case_id, expected_revision=closed.revision).revision == 4


@file_only
def test_two_saves_racing_from_the_same_revision_store_exactly_one(two_sessions):
    import threading

    sara, admin = two_sessions
    case_id = cases.register_case(sara, "V-2", answers=_before_answers(), today=TODAY).case_id
    outcomes: dict[str, object] = {}
    start = threading.Barrier(2)

    def save(name, ws, risk):
        start.wait()
        try:
            answers = _before_answers(risk_level=Answer(risk))
            outcomes[name] = cases.save_case(ws, case_id, answers, {}, expected_revision=1)
        except case_store.CaseConflict as exc:
            outcomes[name] = exc

    threads = [
        threading.Thread(target=save, args=("sara", sara, "lag")),
        threading.Thread(target=save, args=("admin", admin, "mattlig")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    won = [n for n, o in outcomes.items() if isinstance(o, case_store.SaveResult)]
    lost = [n for n, o in outcomes.items() if isinstance(o, case_store.CaseConflict)]
    assert len(won) == 1 and len(lost) == 1
    detail = cases.get_case(admin, case_id)
    assert detail.revision == 2
    assert detail.answers["risk_level"].value == {"sara": "lag", "admin": "mattlig"}[won[0]]
    assert outcomes[lost[0]].changed_by == {"sara": "Sara S", "admin": "admin"}[won[0]]


@file_only
def test_the_command_line_refuses_a_stale_save_with_exit_code_2(
    two_sessions, db_path, capsys, monkeypatch
):
    from isu.cli import main

    sara, admin = two_sessions
    case_id = cases.register_case(sara, "V-3", answers=_before_answers(), today=TODAY).case_id
    monkeypatch.setenv("ISU_PASSWORD", "admin-lösenord-1")
    base = ["--db", str(db_path), "--user", "admin"]
    assert main(["case", "show", *base, "V-3"]) == 0
    assert "Version 1" in capsys.readouterr().out
    detail = cases.get_case(sara, case_id)
    cases.save_case(sara, case_id, {**detail.answers, "risk_level": Answer("lag")}, {})
    assert main(["case", "set", *base, "V-3", "risk_level=mattlig", "--revision", "1"]) == 2
    err = capsys.readouterr().err
    assert "Sara S" in err and "inte sparats" in err and "Traceback" not in err
    assert cases.get_case(admin, case_id).answers["risk_level"].value == "lag"
    assert main(["case", "set", *base, "V-3", "risk_level=mattlig", "--revision", "2"]) == 0
    assert cases.get_case(admin, case_id).answers["risk_level"].value == "mattlig"
