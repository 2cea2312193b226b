"""Who could know what: which exported columns are quasi-identifiers and which are sensitive.

The rule is decided per privacy class and question type (docs/export-format.md, "Who could
know what"); it is a pure function of the question, so the exporter and the national merge
agree on it for every package of a form.

Quasi-identifiers (an outsider such as a school, the police or a neighbour could know the
fact, or link it to another source):

* the roles gender, age band, municipality and closure reason, and every question marked
  ``privacy: quasi_identifier`` (in the SIG form also the living situation);
* every date (it leaves as a band of days from the start date) and every whole-number
  count, such as the number of SIG meetings (it leaves as a band of counts);
* the case-administration questions (phase ``admin``) answered by a single choice or
  yes/no: who referred the young person, consents, closure reason. The partner agencies
  took part in them.

Sensitive (must not be learnt from a record, so each k-group must show at least l values):
questions marked ``privacy: sensitive`` and the need ratings (questions with ``need_area``).
A sensitive question is never a quasi-identifier as well.
"""

from __future__ import annotations

from isu.domain.form import ComputedKind, PrivacyClass, QType, Question

QUASI_ROLES = frozenset({"gender", "age_band", "municipality", "closure_reason"})
DATE_ROLES = frozenset({"referral_date", "start_date", "closure_date"})
ADMIN_QUASI_TYPES = frozenset({QType.SINGLE, QType.YESNO})
# Whole-number counts leave as these bands: 0, 1–2, 3–5, 6–10, 11–20, >20.
COUNT_BANDS: tuple[int, ...] = (0, 2, 5, 10, 20)

# Detail worth keeping, for the generalisation search (heavier = coarsened later); the
# rest weigh 1. On the 2,000-case demo these keep gender, age band and status whole.
WEIGHTS = {"gender": 8.0, "age_band": 4.0, "period": 12.0, "status": 6.0, "municipality": 3.0}


def is_sensitive(question: Question) -> bool:
    return question.privacy is PrivacyClass.SENSITIVE or question.need_area is not None


def is_quasi(question: Question) -> bool:
    """True if the question's exported value is a quasi-identifier (outside repeat groups)."""
    if question.group is not None or is_sensitive(question):
        return False
    if question.role in QUASI_ROLES or question.privacy is PrivacyClass.QUASI_IDENTIFIER:
        return True
    if question.type is QType.DATE or question.role in DATE_ROLES:
        return True
    if is_count(question):
        return True
    return question.phase == "admin" and question.type in ADMIN_QUASI_TYPES


def is_count(question: Question) -> bool:
    """A whole-number answer that leaves as a band (birth year and age never leave)."""
    if question.type is QType.INTEGER:
        return question.role != "birth_year"
    return False


def is_age(question: Question) -> bool:
    return question.computed is not None and question.computed.kind is ComputedKind.AGE_AT
