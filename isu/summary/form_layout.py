"""How a summary follows its form rather than SIG: what each phase requires, which sections
the form has and what they are called, what the form counts (its unit noun), what its period
means, and the texts for answers a phase leaves uncounted (the notes themselves are put on the
tables by ``isu.summary.tables.uncounted``).

SIG keeps exactly its old report: it has case dates and does not name its phases, so its
sections keep their fixed titles (``SECTION_TITLES``). A form without case dates (a
questionnaire to municipalities, a parent group) gets no volume table, no "ongoing cases"
table, sections named by its own phases, and texts that speak of its unit noun.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from isu.domain.form import DEFAULT_PHASE_REQUIRES, PHASE_TITLES, FormSpec
from isu.domain.text import Text
from isu.summary.data import PeriodKind, SummaryRequest, registration_basis

PERIOD_LABELS = {
    PeriodKind.REFERRED: Text("Aktualiserade under perioden", "Referred in the period"),
    PeriodKind.STARTED: Text("Påbörjade under perioden", "Started in the period"),
    PeriodKind.CLOSED: Text("Avslutade under perioden", "Closed in the period"),
    PeriodKind.ACTIVE: Text("Aktiva under perioden", "Active in the period"),
}

DATE_ROLES = ("referral_date", "start_date", "closure_date")
SECTION_PHASE = {
    "volume": "admin",
    "profile": "before",
    "process": "during",
    "results": "after",
    "experience": "experience",
}
# Phase names for a form without case dates that does not name its phases itself.
GENERIC_PHASE_TITLES = {
    "admin": Text("Grunduppgifter", "Basic details"),
    "before": Text("Svar", "Answers"),
    "during": Text("Under", "During"),
    "after": Text("Efter", "After"),
    "experience": Text("Upplevelse", "Experience"),
}


def is_dated(spec: FormSpec) -> bool:
    """Whether the form asks any case date (referral, start, closure), as SIG does."""
    return any(spec.by_role(role) is not None for role in DATE_ROLES)


def is_sig_like(spec: FormSpec) -> bool:
    """Dated, with SIG's phase requirements and no phase names of its own."""
    return is_dated(spec) and all(
        phase.requires is None or phase.requires == DEFAULT_PHASE_REQUIRES.get(phase.name)
        for phase in spec.phases
    )


def phase_title(spec: FormSpec, phase: str) -> Text:
    """The phase as the form names it; else SIG's name (dated forms) or a plain one."""
    found = spec.phase(phase)
    if found is not None and found.named:
        return Text(found.title.sv, found.title.en)
    if is_dated(spec):
        sv, en = PHASE_TITLES.get(phase, (phase, phase))
        return Text(sv, en)
    return GENERIC_PHASE_TITLES.get(phase, Text.same(phase))


def section_title(spec: FormSpec, key: str, default: Text) -> Text:
    """A section's title: named by the form's phase when the form names it or has no dates."""
    phase = SECTION_PHASE.get(key)
    if phase is None:
        return default
    found = spec.phase(phase)
    if (found is not None and found.named) or not is_dated(spec):
        return phase_title(spec, phase)
    return default


def noun(spec: FormSpec, plural: bool = True) -> Text:
    word = spec.noun.plural if plural else spec.noun.singular
    return Text(word.sv, word.en)


def period_label(spec: FormSpec, request: SummaryRequest) -> Text:
    """What the period means: SIG's labels, or the registration date when the form has
    none of the dates this kind of period uses."""
    if not registration_basis(spec, request.period):
        return PERIOD_LABELS[request.period]
    return Text(
        "Registreringsdatum: registrerade under perioden (formuläret har inga datum för perioden)",
        "Registration date: registered in the period (the form has no dates for the period)",
    )


def period_days(spec: FormSpec, request: SummaryRequest, cases) -> Iterator[dt.date]:
    """The days the cases' places in time are read from, for the period's first day."""
    if registration_basis(spec, request.period):
        return (c.registered for c in cases if c.registered is not None)
    return (d for c in cases for d in (c.referral_date, c.start_date) if d is not None)


def requirement_text(spec: FormSpec, phase: str) -> Text | None:
    """Why a phase's answers may be left out: 'counted only for started cases'."""
    needs = spec.phase_requires(phase)
    plural = noun(spec)
    if "closure_date" in needs:
        return Text(f"avslutade {plural.sv}", f"closed {plural.en}")
    if "start_date" in needs:
        return Text(f"{plural.sv} med startdatum", f"{plural.en} with a start date")
    return None


def response_note(spec: FormSpec) -> Text:
    if is_sig_like(spec) and spec.unit_noun is None:
        return Text("Andel av avslutade ärenden.", "Share of closed cases.")
    who = requirement_text(spec, "experience")
    if who is None:
        plural = noun(spec)
        return Text(f"Andel av alla {plural.sv}.", f"Share of all {plural.en}.")
    return Text(f"Andel av {who.sv}.", f"Share of {who.en}.")


def quality_note(spec: FormSpec, default: Text) -> Text:
    if is_sig_like(spec) and spec.unit_noun is None:
        return default
    plural = noun(spec)
    sv = [
        f"Räknat på de {plural.sv} där frågan ställdes: frågor som bara ställs i vissa fall "
        "räknas inte där de inte ställdes."
    ]
    en = [
        f"Counted on the {plural.en} the question was asked in: questions asked only in some "
        "cases do not count where they were not asked."
    ]
    for phase in spec.phases:
        who = requirement_text(spec, phase.name)
        if who is not None and spec.phase_questions(phase.name):
            title = phase_title(spec, phase.name)
            sv.append(f"Frågor i fasen {title.sv} räknas på {who.sv}.")
            en.append(f"Questions in the phase {title.en} are counted on {who.en}.")
    return Text(" ".join(sv), " ".join(en))
