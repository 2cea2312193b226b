"""Every mutating service says what it changed (``isu.services.changes``), on a real encrypted
database: the views refresh from exactly this, so a wrong or missing flag is a stale screen."""

from __future__ import annotations

import dataclasses
import datetime as dt

from isu.domain.answers import Answer
from isu.domain.roles import Role
from isu.services import case_bulk, case_import, cases, forms, retention, settings, summaries, users
from isu.services.case_bulk import NewCase
from isu.services.changes import (
    AUDIT,
    CASES,
    FORMS,
    NOTHING,
    SETTINGS,
    SUMMARIES_SAVED,
    USERS,
    Changes,
    Count,
    changes_of,
    for_cases,
)
from isu.summary.data import SummaryRequest
from tests.case_import.conftest import write_csv
from tests.conftest import FAST_KDF
from tests.summary_generic.support import form_text

TODAY = dt.date(2026, 6, 1)


def test_case_lifecycle_names_the_case_it_changed(admin_ws):
    created = cases.register_case(admin_ws, "C-1", today=TODAY)
    other = cases.register_case(admin_ws, "C-2", today=TODAY)
    assert created.changes == for_cases(created.case_id)
    assert other.changes.case_ids == {other.case_id}  # not C-1's
    answers = {"start_date": Answer(dt.date(2026, 2, 1))}
    saved = cases.save_case(admin_ws, created.case_id, answers, {}, today=TODAY)
    closed = cases.close_case(admin_ws, created.case_id, TODAY, "plan_genomford", today=TODAY)
    reopened = cases.reopen_case(admin_ws, created.case_id, today=TODAY)
    for result in (saved, closed, reopened):
        assert changes_of(result) == Changes(
            cases=True, case_ids=frozenset({created.case_id}), audit=True
        )
        assert result.changes.touches_case(created.case_id)
        assert not result.changes.touches_case(other.case_id)
    erased = retention.erase_case(admin_ws, other.case_id)
    assert erased.changes == for_cases(other.case_id)


def test_retention_run_names_the_deleted_cases_and_a_run_without_any_only_the_log(admin_ws):
    settings.save(admin_ws, retention_years=1)
    assert retention.apply_retention(admin_ws, TODAY).changes == AUDIT  # nothing due
    old = cases.register_case(admin_ws, "R-1", today=TODAY).case_id
    cases.close_case(admin_ws, old, dt.date(2020, 1, 1), "plan_genomford", today=TODAY)
    count = retention.apply_retention(admin_ws, TODAY)
    assert isinstance(count, Count) and count == 1 and f"{count}" == "1"
    assert count.changes == for_cases(old)


def test_imports_change_cases(admin_ws, tmp_path):
    bulk = case_bulk.import_cases(
        admin_ws, [NewCase("B-1", {}, {}), NewCase("B-2", {}, {})], today=TODAY
    )
    assert bulk == 2 and bulk.changes == CASES
    path = write_csv(tmp_path / "in.csv", ["case_number"], [["F-1"]])
    check, result = case_import.import_file(admin_ws, path, "sig", today=TODAY)
    assert check.ok and result.created == 1
    assert result.changes == CASES
    assert dataclasses.replace(result, created=0).changes == AUDIT


def test_forms_change_only_when_a_new_version_is_stored(admin_ws):
    published = forms.publish_text(admin_ws, form_text(), "kommunenkat.yaml")
    assert changes_of(published) == FORMS
    again = forms.publish_text(admin_ws, form_text(), "kommunenkat.yaml")
    assert again == published and changes_of(again) == NOTHING
    assert all(changes_of(f) == NOTHING for f in forms.list_forms(admin_ws))  # a read


def test_users_change(admin_ws):
    added = users.add_user(admin_ws, "sara", "sara-lösenord-123", Role.COORDINATOR, kdf=FAST_KDF)
    assert changes_of(added) == USERS
    assert users.change_password(admin_ws, "sara", "nytt-lösenord-456", kdf=FAST_KDF) == USERS
    assert changes_of(users.change_role(admin_ws, "sara", Role.UNIT_HEAD)) == USERS
    assert users.set_disabled(admin_ws, "sara") == USERS
    assert all(changes_of(u) == NOTHING for u in users.list_users(admin_ws))


def test_settings_change_and_the_mark_stays_out_of_the_values(admin_ws):
    saved = settings.save(admin_ws, idle_lock_minutes=7)
    assert changes_of(saved) == SETTINGS
    loaded = settings.load(admin_ws)
    assert changes_of(loaded) == NOTHING
    assert loaded == saved and "changes" not in dataclasses.asdict(saved)


def test_saved_summary_definitions_change_only_the_saved_list(admin_ws):
    saved = summaries.save_definition(admin_ws, "Vår", SummaryRequest(form_id="sig"))
    assert changes_of(saved) == SUMMARIES_SAVED
    assert all(changes_of(d) == NOTHING for d in summaries.list_definitions(admin_ws))
    assert summaries.delete_definition(admin_ws, "Vår") == SUMMARIES_SAVED


def test_changes_combine():
    one, two = for_cases(1), for_cases(2) | SETTINGS
    both = one | two
    assert both.case_ids == {1, 2} and both.settings and both.cases
    assert not NOTHING and (NOTHING | USERS) == USERS
    assert CASES.touches_case(99)  # no ids named: any case may have changed
    assert not SETTINGS.touches_case(1)
