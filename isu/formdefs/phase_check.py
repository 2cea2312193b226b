"""Warnings (not errors) about a form's phases: a phase whose questions can never count in
a summary, because it requires a start or a closure the form has no way to record.

A case is started when it has a start date (role ``start_date``) or is closed; it can be
closed only when the form asks a closure date and reason (roles ``closure_date`` and
``closure_reason``). A form can still be published with such a phase (its answers are
kept), but ``isu form check`` and ``isu form publish`` say so, and the summary notes it.
"""

from __future__ import annotations

from isu.domain.form import FormSpec
from isu.formdefs.problems import Problem


def can_close(form: FormSpec) -> bool:
    return form.by_role("closure_date") is not None and form.by_role("closure_reason") is not None


def can_start(form: FormSpec) -> bool:
    return form.by_role("start_date") is not None or can_close(form)


def phase_warnings(form: FormSpec) -> list[Problem]:
    """One warning per phase with questions that no case can ever count in."""
    warnings = []
    for phase in form.phases:
        questions = form.phase_questions(phase.name)
        if not questions:
            continue
        needs = phase.requirements
        if "closure_date" in needs and not can_close(form):
            sv_need, en_need = "ett avslut", "a closure"
            sv_how = "frågor med rollerna closure_date och closure_reason"
            en_how = "questions with the roles closure_date and closure_reason"
        elif "start_date" in needs and not can_start(form):
            sv_need, en_need = "ett startdatum", "a start date"
            sv_how = "en fråga med rollen start_date"
            en_how = "a question with the role start_date"
        else:
            continue
        line = min(q.line for q in questions) or 1
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
