"""The app's own use cases on a provisioned server, as each role: what the services allow
works under the server's rules, and what the rules refuse the services refuse too."""

from __future__ import annotations

import pytest

from isu.domain.model import Answer
from isu.errors import IsuError, PermissionDenied
from isu.services import audit, cases, forms, settings
from isu.services.workspace import login
from tests.server.security_helpers import PASSWORD, provision


@pytest.fixture
def unit(pg_cluster, pg_database, monkeypatch):
    unit = provision(pg_cluster, pg_database, monkeypatch)
    admin = login(unit.url, unit.names["admin"], PASSWORD)
    try:
        forms.publish_default_form(admin)
    finally:
        admin.close()
    return unit


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
