"""evaluate_case: skip logic, constraints, required warnings, computed values, repeats."""

from __future__ import annotations

import datetime as dt

import pytest

from isu.domain.answers import Answer
from isu.formdefs import evaluate_case, load_form
from tests.formdefs.support import FORMS, SIG

TODAY = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def calc():
    return load_form(FORMS / "calc.yaml")


@pytest.fixture(scope="module")
def sig():
    return load_form(SIG)


def answers(**values) -> dict[str, Answer]:
    return {
        code: value if isinstance(value, Answer) else Answer(value)
        for code, value in values.items()
    }


def issue_codes(evaluation, kind: str) -> set[str]:
    return {issue.code for issue in evaluation.issues if issue.kind == kind}


def test_age_at_start_and_age_bands(calc):
    result = evaluate_case(
        calc, answers(birth_year=2008, start_date=dt.date(2024, 3, 1)), {}, TODAY
    )
    assert result.computed["age"] == 2024 - 2008
    assert result.computed["band"] == "13-17"
    assert result.computed["default_band"] == "15-17"


@pytest.mark.parametrize(("birth_year", "band"), [(2000, "18-25"), (1995, None), (2012, None)])
def test_age_outside_every_band_has_no_band(calc, birth_year, band):
    given = answers(birth_year=birth_year, start_date=dt.date(2024, 1, 1))
    assert evaluate_case(calc, given, {}, TODAY).computed["band"] == band


def test_days_between_and_missing_input(calc):
    given = answers(referral_date=dt.date(2024, 1, 1), start_date=dt.date(2024, 3, 1))
    assert evaluate_case(calc, given, {}, TODAY).computed["wait_days"] == 60
    only_referral = answers(referral_date=dt.date(2024, 1, 1))
    assert evaluate_case(calc, only_referral, {}, TODAY).computed["wait_days"] is None


def test_sum_and_mean_respect_min_answered(calc):
    base = {"birth_year": Answer(2000)}
    two = evaluate_case(calc, base | answers(s1=4, s3=2.5), {}, TODAY)
    assert two.computed["total"] == 6.5
    assert two.computed["average"] is None  # mean needs all three by default
    all_three = evaluate_case(calc, base | answers(s1=4, s2=2, s3=3.0), {}, TODAY)
    assert all_three.computed["average"] == pytest.approx(3.0)
    one = evaluate_case(calc, base | answers(s1=4), {}, TODAY)
    assert one.computed["total"] is None


def test_section_skip_logic_hides_its_questions_and_their_values(calc):
    result = evaluate_case(calc, answers(s1=4, s2=5, s3=1.0), {}, TODAY)
    assert not result.relevant["s1"] and not result.relevant["total"]
    assert result.computed["total"] is None


def test_skip_logic_on_age_treats_unknown_age_as_under_18(calc):
    unknown = evaluate_case(calc, {}, {}, TODAY)
    assert unknown.relevant["guardian_consent"]
    adult = evaluate_case(calc, answers(birth_year=1990, start_date=dt.date(2024, 1, 1)), {}, TODAY)
    assert not adult.relevant["guardian_consent"]
    assert "guardian_consent" not in issue_codes(adult, "required")


def test_other_text_relevant_only_when_other_chosen(calc):
    chosen = evaluate_case(calc, answers(topics=("talk", "other")), {}, TODAY)
    assert chosen.relevant["topics_other"]
    assert "topics_other" in issue_codes(chosen, "required")
    not_chosen = evaluate_case(calc, answers(topics=("talk",)), {}, TODAY)
    assert not not_chosen.relevant["topics_other"]
    assert "topics_other" not in issue_codes(not_chosen, "required")


def test_required_warns_only_without_value_or_missing_reason(calc):
    result = evaluate_case(
        calc, {"birth_year": Answer(None, "uppgift_saknas"), "referral_date": Answer()}, {}, TODAY
    )
    required = issue_codes(result, "required")
    assert "referral_date" in required and "birth_year" not in required
    assert "topics" in required


def test_constraint_failure_uses_the_form_message(calc):
    given = answers(referral_date=dt.date(2024, 5, 1), start_date=dt.date(2024, 4, 1))
    result = evaluate_case(calc, given, {}, TODAY)
    [issue] = [i for i in result.issues if i.kind == "constraint"]
    assert issue.code == "start_date"
    assert issue.message.get("sv") == "Start före aktualisering."
    assert issue.message.get("en") == "Start before referral."


def test_constraint_waits_until_what_it_compares_with_is_known(calc):
    result = evaluate_case(calc, answers(start_date=dt.date(2024, 4, 1)), {}, TODAY)
    assert "start_date" not in issue_codes(result, "constraint")


def test_invalid_values_and_missing_reasons_are_constraint_issues(calc):
    given = {
        "birth_year": Answer("nineteen"),
        "topics": Answer(("talk", "dance")),
        "referral_date": Answer(None, "no_such_reason"),
    }
    result = evaluate_case(calc, given, {}, TODAY)
    assert issue_codes(result, "constraint") == {"birth_year", "topics", "referral_date"}
    assert result.computed["age"] is None  # an invalid value reads as null


def test_scale_range_is_checked(calc):
    result = evaluate_case(calc, answers(birth_year=2000, s1=9, s3=11.0), {}, TODAY)
    assert issue_codes(result, "constraint") == {"s1", "s3"}


def test_repeat_groups_are_evaluated_per_item(calc):
    meetings = [
        answers(meeting_date=dt.date(2024, 5, 2), meeting_kind="other"),
        answers(meeting_date=dt.date(2024, 1, 2), meeting_kind="talk"),
    ]
    result = evaluate_case(
        calc,
        answers(has_plan=True, start_date=dt.date(2024, 3, 1)),
        {"meetings": meetings},
        TODAY,
    )
    assert result.is_relevant("meeting_note", 0) and not result.is_relevant("meeting_note", 1)
    by_item = {(i.code, i.index, i.repeat, i.kind) for i in result.issues if i.repeat}
    assert by_item == {
        ("meeting_note", 0, "meetings", "required"),
        ("meeting_date", 1, "meetings", "constraint"),
    }


def test_a_group_that_is_not_relevant_gives_no_issues(calc):
    result = evaluate_case(calc, answers(has_plan=False), {"meetings": [{}]}, TODAY)
    assert not result.relevant["meetings"] and not result.is_relevant("meeting_date", 0)
    assert not [i for i in result.issues if i.repeat]


def test_sig_guardian_consent_only_under_18(sig):
    base = answers(consent_youth=True, start_date=dt.date(2024, 3, 1))
    minor = evaluate_case(sig, base | answers(birth_year=2008), {}, TODAY)
    adult = evaluate_case(sig, base | answers(birth_year=2004), {}, TODAY)
    assert minor.relevant["consent_guardians"] and not adult.relevant["consent_guardians"]
    assert minor.computed["age_band"] == "15-17" and adult.computed["age_band"] == "18-20"


def test_sig_action_plan_date_needs_a_plan(sig):
    without = evaluate_case(sig, answers(action_plan=False), {}, TODAY)
    with_plan = evaluate_case(sig, answers(action_plan=True), {}, TODAY)
    assert not without.relevant["action_plan_date"] and with_plan.relevant["action_plan_date"]
    assert "action_plan_date" in issue_codes(with_plan, "required")


def test_sig_municipality_code_must_be_four_digits(sig):
    for code, ok in (("0180", True), ("180", False), ("01a0", False), ("01800", False)):
        result = evaluate_case(sig, answers(municipality=code), {}, TODAY)
        assert ("municipality" not in issue_codes(result, "constraint")) is ok, code


def test_sig_closure_date_not_before_start(sig):
    given = answers(start_date=dt.date(2024, 3, 1), closure_date=dt.date(2024, 2, 1))
    with_consent = given | answers(consent_youth=True)
    assert "closure_date" in issue_codes(evaluate_case(sig, with_consent, {}, TODAY), "constraint")
    # Without consent there is no start (it is not relevant), so nothing to compare with.
    assert "closure_date" not in issue_codes(evaluate_case(sig, given, {}, TODAY), "constraint")


def test_sig_experience_mean_needs_four_answers(sig):
    # The questionnaire belongs to closure, so it is only relevant once a closure date is set.
    three = answers(exp_safe=5, exp_respect=4, exp_reach=3, closure_date=dt.date(2024, 5, 1))
    assert evaluate_case(sig, three, {}, TODAY).computed["exp_mean"] is None
    four = three | answers(exp_improved=4)
    assert evaluate_case(sig, four, {}, TODAY).computed["exp_mean"] == pytest.approx(4.0)
