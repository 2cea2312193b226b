"""The app's own use cases on a provisioned server, as each role: what the services allow
works under the server's rules, and what the rules refuse the services refuse too."""

from __future__ import annotations

import pytest

from isu.domain.model import Answer
from isu.errors import IsuError, PermissionDenied
from isu.services import audit, cases, settings
from isu.services.sign_in import login
from tests.server.security_helpers import PASSWORD, provision


@pytest.fixture
def unit(pg_cluster, pg_database, monkeypatch):
    return provision(pg_cluster, pg_database, monkeypatch)  # with the SIG form published


def _ws(unit, label):
    return login(unit.url, unit.names[label], PASSWORD)


def test_each_role_works_through_the_services_within_the_servers_rules(unit):
    anna = _ws(unit, "anna")
    try:
        case_id = cases.register_case(anna, "A-1").case_id
        detail = cases.get_case(anna, case_id)
        cases.save_case(
            anna, case_id, {"gender": Answer("girl")}, {}, expected_revision=detail.revision
        )
        assert cases.list_cases(anna).total == 1
    finally:
        anna.close()
    bo = _ws(unit, "bo")
    try:
        assert cases.list_cases(bo).total == 0
        with pytest.raises(IsuError):  # the one answer for missing and refused cases
            cases.get_case(bo, case_id)
        with pytest.raises(PermissionDenied):
            settings.save(bo, shared_access=True)
    finally:
        bo.close()
    chef = _ws(unit, "chef")
    try:
        assert cases.list_cases(chef).total == 1
        with pytest.raises(IsuError):  # details only if the unit allows it, never a change
            cases.get_case(chef, case_id)
    finally:
        chef.close()
    admin = _ws(unit, "admin")
    try:
        settings.save(admin, shared_access=True)
        with admin.db.reading() as session:
            assert audit.first_broken_entry(session) is None
            refused = [e.action for e in audit.entries(session) if e.action.endswith("_refused")]
        assert refused  # bo's refusals were written by bo, in the same chain
    finally:
        admin.close()
    bo = _ws(unit, "bo")
    try:
        assert cases.get_case(bo, case_id).case_number == "A-1"
    finally:
        bo.close()


def test_a_save_racing_another_workstations_save_gets_the_conflict_not_an_overwrite(unit):
    """The other workstation holds the case row in an open save; ours must wait for it and then
    see its new revision, instead of both passing the revision check."""
    import threading

    from isu.services.case_store import CaseConflict

    anna = _ws(unit, "anna")
    try:
        case_id = cases.register_case(anna, "A-race").case_id
        detail = cases.get_case(anna, case_id)
        other = unit.owner()
        other.autocommit = False
        other.execute("SELECT id FROM cases WHERE id = %s FOR UPDATE", (case_id,))
        outcome: list[object] = []

        def save() -> None:
            try:
                outcome.append(
                    cases.save_case(
                        anna,
                        case_id,
                        {"unit": Answer("mine")},
                        {},
                        expected_revision=detail.revision,
                    )
                )
            except Exception as exc:  # the outcome is what the test checks
                outcome.append(exc)

        worker = threading.Thread(target=save)
        worker.start()
        worker.join(1.5)
        assert worker.is_alive(), "the save did not wait for the other workstation's save"
        other.execute("UPDATE cases SET revision = revision + 1 WHERE id = %s", (case_id,))
        other.commit()
        other.close()
        worker.join(30)
        assert len(outcome) == 1 and isinstance(outcome[0], CaseConflict)
    finally:
        anna.close()
