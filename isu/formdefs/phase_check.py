"""Warnings (not errors) about a form's phases: a phase whose questions can never count in
a summary, because it requires a start or a closure the form has no way to record.

A case is started when it has a start date (role ``start_date``) or is closed; it can be
closed only when the form asks a closure date and reason (roles ``closure_date`` and
``closure_reason``). A form can still be published with such a phase (its answers are
kept), but ``isu form check`` and ``isu form publish`` say so, and the summary notes it.
"""

from __future__ import annotations

from isu.domain.form import FormSpec, Phase
from isu.formdefs.problems import Problem


def can_close(form: FormSpec) -> bool:
    return form.by_role("closure_date") is not None and form.by_role("closure_reason") is not None


def can_start(form: FormSpec) -> bool:
    return form.by_role("start_date") is not None or can_close(form)


def unmet_requirement(form: FormSpec, phase: Phase) -> str | None:
    """``closure_date`` or ``start_date`` when the phase has questions and requires that,
    but no case of this form can ever have it; else None."""
    if not form.phase_questions(phase.name):
        return None
    needs = phase.requirements
    if "closure_date" in needs and not can_close(form):
        return "closure_date"
    if "start_date" in needs and not can_start(form):
        return "start_date"
    return None


_NEEDS = {
    "closure_date": (
        ("ett avslut", "frågor med rollerna closure_date och closure_reason"),
        ("a closure", "questions with the roles closure_date and closure_reason"),
    ),
    "start_date": (
        ("ett startdatum", "en fråga med rollen start_date"),
        ("a start date", "a question with the role start_date"),
    ),
}


def phase_warnings(form: FormSpec) -> list[Problem]:
    """One warning per phase with questions that no case can ever count in."""
    warnings = []
    for phase in form.phases:
        unmet = unmet_requirement(form, phase)
        if unmet is None:
            continue
        (sv_need, sv_how), (en_need, en_how) = _NEEDS[unmet]
        line = min(q.line for q in form.phase_questions(phase.name)) or 1
        warnings.append(
            Problem(
                max(1, line),
                f"Frågorna i fasen {phase.name} räknas aldrig i sammanställningen: fasen kräver "
                f"{sv_need}, men formuläret har inte {sv_how}. Lägg till det, eller skriv "
                f"'requires: []' under fasen {phase.name}.",
                f"The questions in the phase {phase.name} never count in a summary: the phase "
                f"requires {en_need}, but the form has no {en_how}. Add it, or write "
                f"'requires: []' under the phase {phase.name}.",
            )
        )
    return warnings
