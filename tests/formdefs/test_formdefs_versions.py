"""Form versions: code mapping, diffs and data-losing upgrades."""

from __future__ import annotations

import pytest

from isu.formdefs import check_form_text, check_upgrade, diff_forms, load_form, load_form_text
from tests.formdefs.support import FORMS, SIG


@pytest.fixture(scope="module")
def v1():
    return load_form(FORMS / "v1.yaml")


@pytest.fixture(scope="module")
def v2():
    return load_form(FORMS / "v2.yaml")


def test_every_v1_code_maps_to_v2_or_is_removed_but_kept(v1, v2):
    diff = diff_forms(v1, v2)
    for question in v1.questions():
        current = v2.current_code(question.code)
        assert (current is not None) != (question.code in diff.removed), question.code
    assert v2.current_code("school") == "in_school"
    assert diff.removed == ("old_note",)


def test_diff_lists_each_kind_of_change(v1, v2):
    diff = diff_forms(v1, v2)
    assert diff.added == ("leisure",)
    assert diff.renamed == (("school", "in_school"),)
    assert [(c.code, c.added, c.removed) for c in diff.choices_changed] == [
        ("housing", ("foster",), ())
    ]
    assert [(c.code, c.old, c.new) for c in diff.type_changed] == [("count", "integer", "decimal")]
    assert not diff.is_empty and diff_forms(v1, v1).is_empty


def test_safe_upgrade_has_no_issues(v1, v2):
    assert check_upgrade(v1, v2) == []


def edited(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    return text


def test_data_losing_changes_are_reported(v1):
    v2_text = (FORMS / "v2.yaml").read_text(encoding="utf-8")
    lossy = load_form_text(
        edited(
            v2_text,
            ("{code: count, type: decimal", "{code: count, type: date"),
            ("    - {code: own, label: {sv: Eget, en: Own}}\n", ""),
            (
                "renamed_from: [school], label: {sv: Går i skola, en: In school}",
                "label: {sv: Skola, en: School}",
            ),
        )
    )
    issues = check_upgrade(v1, lossy)
    assert all(issue.message_sv and issue.message_en != issue.message_sv for issue in issues)
    kinds = {(issue.kind, issue.code) for issue in issues}
    assert kinds == {
        ("type", "count"),
        ("choice_removed", "housing"),
        ("unmarked_rename", "in_school"),
    }


def test_version_must_rise_and_id_must_match(v1):
    same = load_form_text((FORMS / "v1.yaml").read_text(encoding="utf-8"))
    assert [i.kind for i in check_upgrade(v1, same)] == ["version"]
    sig = load_form(SIG)
    assert "form_id" in [i.kind for i in check_upgrade(v1, sig)]


def test_renamed_from_chains_across_versions(v2):
    v3_text = edited(
        (FORMS / "v2.yaml").read_text(encoding="utf-8"),
        ("version: 2", "version: 3"),
        (
            "{code: in_school, type: yesno, renamed_from: [school]",
            "{code: attends_school, type: yesno, renamed_from: [in_school, school]",
        ),
    )
    v3 = load_form_text(v3_text)
    assert v3.current_code("school") == "attends_school"
    assert v3.current_code("in_school") == "attends_school"
    assert check_upgrade(v2, v3) == []


def test_renamed_from_cannot_name_a_current_code():
    text = edited(
        (FORMS / "v2.yaml").read_text(encoding="utf-8"),
        ("renamed_from: [school]", "renamed_from: [count]"),
    )
    [problem] = check_form_text(text)
    assert "still a code" in problem.message_en
    assert "renamed_from: [count]" in text.splitlines()[problem.line - 1]
