"""Every refused and failed action is audited (who, what, which case: never free text), and a
case one may not open looks exactly like a case that does not exist."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from isu.domain.roles import Role
from isu.errors import PermissionDenied, UserError
from isu.services import audit, backup, case_access, case_store, cases, exports, retention, users
from isu.services.sign_in import login
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.reliability.support import cli

# Two coordinators are added in every test here (see tests/backends.py).
pytestmark = pytest.mark.server_users

SARA, JOHAN = ("sara", "saras-lösenord"), ("johan", "johans-lösenord")


@pytest.fixture
def two_coordinators(db_location, admin_ws):
    for name, password in (SARA, JOHAN):
        users.add_user(admin_ws, name, password, Role.COORDINATOR)
    sara = login(db_location, *SARA)
    own = cases.register_case(sara, "S-1")
    sara.close()
    return db_location, own.case_id


def _log(db_path) -> list:
    ws = login(db_path, ADMIN, ADMIN_PASSWORD)
    try:
        with ws.db.reading() as session:
            return audit.entries(session)
    finally:
        ws.close()


def _refusals(db_path, actor: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in _log(db_path):
        if e.actor == actor and e.action.endswith("_refused"):
            out.setdefault(e.action, []).append(e.target)
    return out


def test_a_coordinator_is_refused_and_audited_for_every_attempt_in_the_services(
    two_coordinators, tmp_path
):
    db_path, case_id = two_coordinators
    johan = login(db_path, *JOHAN)
    try:
        for attempt in (
            lambda: cases.get_case(johan, case_id),
            lambda: cases.save_case(johan, case_id, {}, {}),
            lambda: cases.close_case(johan, case_id, dt.date.today(), "plan_genomford"),
            lambda: cases.reopen_case(johan, case_id),
        ):
            with pytest.raises(case_access.CaseUnavailable):
                attempt()
        for attempt in (
            lambda: exports.write_export(
                johan,
                exports.ExportRequest("aggregate", dt.date(2020, 1, 1), dt.date.today()),
                tmp_path / "x.isux",
            ),
            lambda: users.add_user(johan, "mallory", "mallorys-lösenord", Role.ADMIN),
            lambda: backup.backup(johan, tmp_path / "b.isubackup"),
            lambda: retention.erase_case(johan, case_id),
        ):
            with pytest.raises(PermissionDenied):
                attempt()
    finally:
        johan.close()
    refused = _refusals(db_path, "johan")
    target = f"case:{case_id}"
    for action in ("case_read", "case_save", "case_close", "case_reopen"):
        assert refused[f"{action}_refused"] == [target], refused
    for action in ("export", "add_user", "backup", "erase_case"):
        assert f"{action}_refused" in refused, refused
    assert not (tmp_path / "x.isux").exists() and not (tmp_path / "b.isubackup").exists()


def test_not_found_and_no_access_give_the_same_answer_in_the_cli(
    two_coordinators, capsys, monkeypatch
):
    db_path, case_id = two_coordinators
    monkeypatch.setenv("ISU_PASSWORD", JOHAN[1])
    base = ["--db", str(db_path), "--user", JOHAN[0]]
    commands = {
        "show": ["case", "show", *base],
        "set": ["case", "set", *base, "{n}", "birth_year=2010"],
        "close": ["case", "close", *base, "{n}", "--date", "2026-01-01", "--reason", "annat"],
        "reopen": ["case", "reopen", *base],
        "erase": ["erase", *base, "{n}", "--yes"],
    }
    for what, argv in commands.items():
        answers = []
        for number in ("S-1", "NO-SUCH-9"):
            args = [a.replace("{n}", number) for a in argv]
            if "{n}" not in argv:
                args.append(number)
            code = cli(args)
            err = capsys.readouterr().err
            answers.append((code, err.replace(number, "N")))
        assert answers[0] == answers[1], (what, answers)
        assert answers[0][0] == 2 and "finns inte, eller så har du inte behörighet" in answers[0][1]
    refused = _refusals(db_path, "johan")
    # On a server, row-level security hides the other's case from johan's session entirely,
    # so it is logged as a number that names no case (a keyed hash), like the missing one.
    on_server = str(db_path).startswith("postgresql:")
    for what in commands:
        targets = refused[f"case_{what}_refused"]
        assert targets[0].startswith("casenr:") if on_server else targets[0] == f"case:{case_id}"
        assert targets[1].startswith("casenr:") and len(targets[1]) == len("casenr:") + 16
    # No case number typed by anyone reaches the log as text.
    text = json.dumps([[e.actor, e.action, e.target, e.detail] for e in _log(db_path)])
    assert "NO-SUCH-9" not in text


def test_the_same_number_probed_twice_gives_the_same_reference(two_coordinators, monkeypatch):
    db_path, _case_id = two_coordinators
    johan = login(db_path, *JOHAN)
    try:
        for number in ("X-1", "X-1", "X-2"):
            with pytest.raises(case_access.CaseUnavailable):
                cases.case_id_by_number(johan, number, "show")
    finally:
        johan.close()
    first, second, third = _refusals(db_path, "johan")["case_show_refused"]
    assert first == second != third


def test_failed_actions_are_audited_too(two_coordinators):
    db_path, case_id = two_coordinators
    sara = login(db_path, *SARA)
    try:
        with pytest.raises(case_store.CaseConflict):
            cases.save_case(sara, case_id, {}, {}, expected_revision=99)
        with pytest.raises(UserError, match=r"avslutsorsak|closure reason"):
            cases.close_case(sara, case_id, dt.date.today(), "no-such-reason")
    finally:
        sara.close()
    failed = [(e.action, e.target, e.detail) for e in _log(db_path) if e.action.endswith("_failed")]
    assert ("case_save_failed", f"case:{case_id}", '{"error": "CaseConflict"}') in failed
    assert ("case_close_failed", f"case:{case_id}", '{"error": "UserError"}') in failed
